"""Files handed to ``cxnotes import`` that used to hang, exhaust memory or mislead (issue 14, items 4 and 6).

Each runs the real command in a subprocess with a timeout, so a hang fails the test instead
of stalling the suite, and ``/dev/zero`` runs under a memory limit so a regression cannot
take the machine down with it.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from cxnotes.export import import_file
from cxnotes.export.errors import ExportError
from cxnotes.export.import_file import load_json
from tests.test_export_store import make_store

HANG = 60
"""Seconds after which a command is taken as hung (each takes well under one)."""


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def limit_memory() -> None:
    """In the child: 1 GB of address space, so reading /dev/zero without bound fails fast."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def cxnotes_import(store: Path, path: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cxnotes", "--data-dir", str(store), "import", path]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=HANG, preexec_fn=limit_memory, check=False
    )


@pytest.fixture
def store(tmp_path: Path) -> Path:
    make_store(tmp_path / "store").close()
    return tmp_path / "store"


def test_a_fifo_a_device_a_folder_and_deep_nesting_end_in_one_line(store: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    before = files(store)
    expected = {
        str(fifo): f"cxnotes: {fifo} is not a regular file (a device, pipe or socket); "
        "save the export to a file and import that.\n",
        "/dev/zero": "cxnotes: /dev/zero is not a regular file (a device, pipe or socket); "
        "save the export to a file and import that.\n",
        str(tmp_path): f"cxnotes: {tmp_path} is a folder; give the json file made by "
        "'cxnotes export --format json'.\n",
        str(deep): f"cxnotes: {deep} is nested far deeper than a cxnotes export; it was not imported.\n",
    }
    for path, message in expected.items():
        done = cxnotes_import(store, path)
        assert (done.returncode, done.stderr, done.stdout) == (2, message, ""), path
    assert files(store) == before


def test_a_file_over_the_stated_size_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit is 256 MB; a sparse file of 257 MB shows it is checked, without writing 257 MB."""
    big = tmp_path / "big.json"
    with big.open("wb") as out:
        out.truncate(import_file.MAX_IMPORT_BYTES + 1)
    with pytest.raises(ExportError, match=r"is larger than 256 MB, the most cxnotes imports at once; export"):
        load_json(big)


@pytest.mark.parametrize(
    ("encoding", "named", "iconv"),
    [
        ("utf-16", "UTF-16", "UTF-16"),
        ("utf-16-le", "UTF-16", "UTF-16LE"),
        ("utf-32", "UTF-32", "UTF-32"),
        ("latin-1", "Latin-1 (ISO-8859-1 or Windows-1252)", "WINDOWS-1252"),
        ("cp949", "EUC-KR (Korean)", "EUC-KR"),
    ],
)
def test_a_file_in_another_encoding_is_named_with_the_way_to_convert_it(
    tmp_path: Path, encoding: str, named: str, iconv: str
) -> None:
    name = "Zoë Müller" if encoding == "latin-1" else "김민지"
    data = {"app": "cxnotes", "kind": "export", "schema": 1, "customers": [{"id": "c", "name": name}]}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding=encoding)
    with pytest.raises(ExportError) as refused:
        load_json(path)
    assert str(refused.value) == (
        f"{path} is {named} text, but cxnotes exports are UTF-8. Convert it and import the copy: "
        f"iconv -f {iconv} -t UTF-8 {path} > converted.json"
    )
