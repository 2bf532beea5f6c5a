"""TinyDB's own test suite, run against cxnotes' SqliteStorage: this file replaces the suite's conftest.py.

``tests/test_tinydb_suite.py`` downloads the tinydb sdist of the installed version,
extracts its ``tests/`` folder into ``.cache/`` and copies this file over its
``conftest.py`` (it is not collected in cxnotes' own suite: its name does not start
with ``test``). Then every database the suite makes is a SqliteStorage store:

* the ``db`` fixture is ``TinyDB(storage=SqliteStorage, folder=tmp_path)``, and after
  each test the folder is opened again by a new TinyDB, which must read exactly what
  the test left (deletions, truncations and dropped tables included: issue 14, 8);
* ``TinyDB(path)``, ``JSONStorage`` and ``MemoryStorage`` in the test modules are
  :class:`FolderStorage`, a SqliteStorage over a folder (``path + ".sqlite"``, or a
  fresh one), so reopening a path reopens the same database.

The ``storage`` fixture stays TinyDB's (a CachingMiddleware over its MemoryStorage):
its tests are of the middleware's cache, which reads the memory storage's fields.
Tests that assume TinyDB's JSON file or its own storage classes are deselected,
each named in :data:`EXCLUDED` with the reason; a name that matches no test fails
the run, so the list cannot go stale.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import MemoryStorage

from cxnotes.storage.sqlite import SqliteStorage

EXCLUDED = {
    "test_storages.py::test_json": "reads the file back with json.load",
    "test_storages.py::test_json_kwargs": "checks the JSON file's indentation and key order",
    "test_storages.py::test_json_read": "access_mode='r' of a JSON file; the folder store has no such mode",
    "test_storages.py::test_create_dirs": "JSONStorage's create_dirs option for the JSON file's parents",
    "test_storages.py::test_json_invalid_directory": "JSONStorage's IOError for a path in a missing folder",
    "test_storages.py::test_encoding": "the JSON file's text encoding (cp936/cp037)",
    "test_storages.py::test_json_invalid_mode_warning": "JSONStorage's warning for a write-only access mode",
    "test_storages.py::test_in_memory": "MemoryStorage holds any JSON value; a store holds tables of docs",
    "test_middlewares.py::test_nested": "writes a JSON value that is not tables of documents",
    "test_middlewares.py::test_caching_json_write": "checks the size of the JSON file on disk",
    "test_tables.py::test_table_repr": "the repr names TinyDB's own storage classes",
}
"""Tests not run, each with why it does not apply to a SqliteStorage store."""


_folders: Iterator[Path] | None = None


class FolderStorage(SqliteStorage):
    """SqliteStorage standing in for JSONStorage and MemoryStorage: a path becomes a folder."""

    def __init__(self, path: str | Path | None = None, *_: Any, **__: Any) -> None:
        # TinyDB passes JSONStorage's options (access_mode, encoding, indent...): a store has none.
        if path is None:
            assert _folders is not None
            folder = next(_folders)
        else:
            folder = Path(f"{path}.sqlite")
        folder.mkdir(exist_ok=True)
        super().__init__(folder)


@pytest.fixture(autouse=True)
def sqlite_everywhere(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every storage a test names, or TinyDB picks by default, is a SqliteStorage store."""
    global _folders
    _folders = (tmp_path / f"memory-{n}" for n in itertools.count())
    monkeypatch.setattr(TinyDB, "default_storage_class", FolderStorage)
    for name in ("JSONStorage", "MemoryStorage"):
        if hasattr(request.module, name):
            monkeypatch.setattr(request.module, name, FolderStorage)


def snapshot(db: TinyDB) -> dict[str, dict[int, dict[str, Any]]]:
    """Every table TinyDB lists, with its documents by doc_id."""
    return {name: {doc.doc_id: dict(doc) for doc in db.table(name).all()} for name in sorted(db.tables())}


@pytest.fixture(params=["sqlite"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TinyDB]:
    """TinyDB's fixture, on a store; afterwards a new TinyDB on the folder reads the same."""
    db_ = TinyDB(storage=SqliteStorage, folder=tmp_path)
    db_.drop_tables()
    db_.insert_multiple({"int": 1, "char": c} for c in "abc")
    yield db_
    try:
        left = snapshot(db_)
    except sqlite3.ProgrammingError:  # the test closed it
        return
    db_.close()
    again = TinyDB(storage=SqliteStorage, folder=tmp_path)
    try:
        assert snapshot(again) == left, "a new TinyDB on the folder reads something else"
    finally:
        again.close()


@pytest.fixture
def storage() -> CachingMiddleware:
    """TinyDB's own: the middleware's tests look at its memory storage's fields."""
    return CachingMiddleware(MemoryStorage)()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect :data:`EXCLUDED`; fail if one of its names matches no test."""
    names = {item.nodeid.split("/")[-1].split("[")[0]: item for item in items}
    stale = sorted(set(EXCLUDED) - names.keys())
    if stale:
        raise pytest.UsageError(f"EXCLUDED names tests that do not exist: {stale}")
    dropped = [item for item in items if item.nodeid.split("/")[-1].split("[")[0] in EXCLUDED]
    config.hook.pytest_deselected(items=dropped)
    items[:] = [item for item in items if item not in dropped]
