"""TinyDB's API on a cxnotes store: deletions, truncations and dropped tables stay gone (issue 14, 8).

Each change is made through TinyDB, the TinyDB closed, and the folder read again by
another process, which sees only what is on disk.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tinydb import TinyDB, where
from tinydb.table import Document

from cxnotes.storage.sqlite import SqliteStorage
from tests.pilot_helpers import PATIENCE

READER = """
import json, sys
from tinydb import TinyDB
from cxnotes.storage.sqlite import SqliteStorage

db = TinyDB(storage=SqliteStorage, folder=sys.argv[1])
print(json.dumps({name: sorted(map(dict, db.table(name).all()), key=str) for name in sorted(db.tables())}))
db.close()
"""


def on_disk(folder: Path) -> dict[str, list[dict[str, object]]]:
    """Every table and its documents, as a new process reads them through TinyDB."""
    read = subprocess.run(
        [sys.executable, "-c", READER, str(folder)],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        check=True,
    )
    return json.loads(read.stdout)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder whose TinyDB holds two tables, then is closed."""
    db = TinyDB(storage=SqliteStorage, folder=tmp_path)
    db.insert_multiple({"int": 1, "char": c} for c in "abc")
    db.table("other").insert({"name": "김민지"})
    db.close()
    return tmp_path


def test_removed_documents_stay_removed(folder: Path) -> None:
    with TinyDB(storage=SqliteStorage, folder=folder) as db:
        assert db.remove(where("char") == "b") == [2]
    assert on_disk(folder)["_default"] == [{"char": "a", "int": 1}, {"char": "c", "int": 1}]


def test_a_truncated_table_stays_empty_and_listed(folder: Path) -> None:
    with TinyDB(storage=SqliteStorage, folder=folder) as db:
        db.truncate()
    assert on_disk(folder) == {"_default": [], "other": [{"name": "김민지"}]}


def test_a_dropped_table_stays_dropped(folder: Path) -> None:
    with TinyDB(storage=SqliteStorage, folder=folder) as db:
        db.drop_table("other")
    assert set(on_disk(folder)) == {"_default"}
    with TinyDB(storage=SqliteStorage, folder=folder) as db:
        db.drop_tables()
    assert on_disk(folder) == {}


def test_a_failed_insert_leaves_nothing_behind(folder: Path) -> None:
    """A duplicate id or a document JSON cannot hold: refused, and neither the disk nor TinyDB keeps it."""
    with TinyDB(storage=SqliteStorage, folder=folder) as db:
        with pytest.raises(ValueError):
            db.insert(Document({"char": "dup"}, doc_id=1))
        with pytest.raises(TypeError):
            db.insert({"char": object()})
        assert len(db) == 3
        db.insert({"char": "d"})
    assert sorted(str(doc["char"]) for doc in on_disk(folder)["_default"]) == ["a", "b", "c", "d"]


def test_ids_continue_after_reopening(folder: Path) -> None:
    with TinyDB(storage=SqliteStorage, folder=folder) as db:
        db.remove(doc_ids=[3])
    with TinyDB(storage=SqliteStorage, folder=folder) as db:
        assert db.insert({"char": "e"}) == 3  # TinyDB's own rule: the next id after the highest
        assert sorted(doc.doc_id for doc in db.all()) == [1, 2, 3]
