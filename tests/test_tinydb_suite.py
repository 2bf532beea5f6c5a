"""TinyDB's own test suite passes against cxnotes' SqliteStorage (issue 10, 5; issue 14, 8).

The tests come from the tinydb sdist matching the installed tinydb, fetched from PyPI
with pip the first time and kept in ``.cache/tinydb-VERSION/`` (gitignored; tinydb's
code is never committed). ``tests/tinydb_conftest.py`` replaces the suite's
conftest so that every database it makes is a SqliteStorage store, and lists the
tests left out with the reason for each.

Why a test here that runs pytest in a subprocess, rather than a second pytest call
in the Makefile: ``pytest`` alone (an editor, CI, ``make test``) then runs it too,
its result is in the same report, and the suite runs with its own rootdir and
conftest, apart from cxnotes' fixtures. Without the network and without the cache
it fails, saying so: a check that cannot run must not pass in silence.
"""

from __future__ import annotations

import fcntl
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from tests.pilot_helpers import PATIENCE

REPO = Path(__file__).resolve().parent.parent
VERSION = importlib.metadata.version("tinydb")
CACHE = REPO / ".cache" / f"tinydb-{VERSION}"
OUR_CONFTEST = Path(__file__).with_name("tinydb_conftest.py")


def tinydb_tests() -> Path:
    """TinyDB's ``tests/`` folder for the installed version, downloaded once, with our conftest."""
    CACHE.mkdir(parents=True, exist_ok=True)
    suite = CACHE / "tests"
    with (CACHE / ".lock").open("w") as lock:  # parallel runs download once
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (suite / "test_tinydb.py").exists():
            _download(suite)
    conftest = suite / f".conftest-{os.getpid()}"
    shutil.copyfile(OUR_CONFTEST, conftest)
    os.replace(conftest, suite / "conftest.py")
    (CACHE / "pytest.ini").write_text("[pytest]\n")  # the suite's own rootdir, not cxnotes' settings
    return suite


def _download(suite: Path) -> None:
    with tempfile.TemporaryDirectory(dir=CACHE) as work:
        fetched = subprocess.run(
            [
                sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                f"tinydb=={VERSION}", "-d", work,
            ],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        sdists = list(Path(work).glob("tinydb-*.tar.gz"))
        assert fetched.returncode == 0 and sdists, (
            f"Could not download the tinydb {VERSION} sdist from PyPI, whose tests run against "
            f"SqliteStorage: {fetched.stderr.strip()[-500:]}. Connect to the network once "
            f"(it is kept in {CACHE}), or extract its tests/ folder there by hand."
        )
        prefix = f"tinydb-{VERSION}/tests/"
        with tarfile.open(sdists[0]) as sdist:
            members = [m for m in sdist.getmembers() if m.name.startswith(prefix) and m.isfile()]
            for member in members:
                member.name = member.name[len(prefix) :]
            sdist.extractall(Path(work) / "tests", members=members, filter="data")
        os.replace(Path(work) / "tests", suite)


def test_tinydb_s_own_suite_passes_against_sqlite_storage(tmp_path: Path) -> None:
    suite = tinydb_tests()
    result = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-rfEs", "-p", "no:cacheprovider",
            f"--basetemp={tmp_path / 'basetemp'}", str(suite),
        ],
        cwd=CACHE, capture_output=True, text=True, timeout=10 * PATIENCE, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", summary)}
    excluded = sum(
        1 for line in OUR_CONFTEST.read_text().splitlines() if re.match(r'\s+"test_\w+\.py::', line)
    )
    assert counts.get("deselected") == excluded, summary
    assert counts.get("passed", 0) >= 100, summary
    skips = re.findall(r"^SKIPPED \[\d+\] [^:]+:\d+: (.*)$", result.stdout, re.MULTILINE)
    assert set(skips) <= {"PyYAML not installed"}, skips  # test_yaml: a YAML storage of its own
    print(f"tinydb {VERSION}: {summary}")
