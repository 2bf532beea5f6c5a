"""One-shot commands load only what they use: every module imported is milliseconds of every run.

``cxnotes log`` is held to the time of a script inserting one row into SQLite
(``benchmarks/processes.py``); these tests hold what it, ``where`` and ``--version``
import, so a heavy import creeping back is caught here by name, not later as a slower figure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from cxnotes.storage import paths

RUN = """
import sys
from cxnotes.__main__ import main
status = main(sys.argv[1:])
sys.stdout.flush()
sys.stderr.write("\\nloaded: " + " ".join(sorted(sys.modules)) + "\\n")
sys.exit(status)
"""

NEVER = {
    "platformdirs": "7 ms: the XDG rule is followed in cxnotes.storage.paths",
    "importlib.metadata": "40 ms: the version is cxnotes.__version__",
    "shutil": "2 ms with bz2 and lzma: argparse's formatter asked it the terminal's width",
    "locale": "gettext's search for a catalogue; English needs none",
    "tomllib": "no config file here",
    "rich": "tables and cell widths, for commands that print them",
    "msgspec": "the bulk decoder, for reading whole tables",
    "dateutil": "only for --at",
    "textual": "the app",
    "cxnotes.storage.ledger": "the team sync's own connection: the open store answers",
    "typing": "3 ms: annotations only (`TYPE_CHECKING = False` in the modules log imports)",
    "dataclasses": "10 ms with inspect: log writes documents (cxnotes.domain.shapes)",
    "inspect": "dataclasses' import",
    "threading": "1 ms: the store's locks are _thread's",
    "cxnotes.domain.models": "the dataclasses: log files documents by the rules of cxnotes.domain.filing",
    "cxnotes.services.complaints": "the form's records; log calls cxnotes.services.filing",
    "cxnotes.services.customers": "the customer screen's and import's service",
    "cxnotes.team.background": "the app's sync thread; log's push is cxnotes.team.push",
    "cxnotes.storage.legacy": "v0.1's files: only a store that has them",
}
"""Modules no one-shot command below loads, and why each is left out."""


def loaded(*argv: str, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """Run ``cxnotes ARGV`` in a fresh interpreter; its output and the modules it had loaded at the end."""
    done = subprocess.run(
        [sys.executable, "-c", RUN, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    err, _, modules = done.stderr.rpartition("\nloaded: ")
    return done.stdout + err, set(modules.split())


def unwanted(modules: set[str], *more: str) -> list[str]:
    """Those of ``modules`` that :data:`NEVER` (and ``more``) names, or that are inside them."""
    names = [*NEVER, *more]
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_log_loads_the_store_and_nothing_it_does_not_use(tmp_path: Path) -> None:
    folder = str(tmp_path / "store")
    words = ["--data-dir", folder, "log", "결제가 두 번 됐어요", "--step", "billing", "--customer", "김민지"]
    loaded(*words)  # the first creates the store
    out, modules = loaded(*words)
    assert len(out.strip()) == 32  # the new pain point's id
    assert {"cxnotes.cli.log", "sqlite3"} <= modules
    others = [f"cxnotes.cli.{name}" for name in ("export", "fixes", "importer", "serve", "demo")]
    made_once = "cxnotes.storage.best"  # the best points' table, made once in a store's life
    assert unwanted(modules, "cxnotes.storage.folder", made_once, *others) == []


@pytest.mark.parametrize("argv", [["where"], ["--version"]])
def test_where_and_version_do_not_open_the_store_or_load_the_domain(argv: list[str], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in (paths.ENV_VAR, "XDG_DATA_HOME")}
    out, modules = loaded(*argv, env={**env, "HOME": str(tmp_path)})
    said = {
        "where": str(tmp_path / ".local" / "share" / "cxnotes"),
        "--version": "cxnotes " + metadata.version("cxnotes"),
    }
    assert out.strip() == said[argv[0]]
    assert unwanted(modules, "sqlite3", "dataclasses", "cxnotes.domain.models", "cxnotes.storage.store") == []
