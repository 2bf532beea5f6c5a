"""The store on disk: what it creates, what it refuses, and what survives a restart."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from cxnotes.domain.models import Customer, Line, PainPoint, Step
from cxnotes.storage import paths
from cxnotes.storage.errors import StoreCorrupt, StoreError
from cxnotes.storage.sqlite import DB_NAME, SqliteStorage
from cxnotes.storage.store import Store

KOREAN = "결제가 두 번 됐어요 😡 환불해 주세요"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def store_files(folder: Path) -> list[Path]:
    """Every file the store keeps in its folder (the database, its WAL and index, the lock)."""
    return sorted(p for p in folder.iterdir() if p.is_file())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "store"


def fill(folder: Path) -> tuple[Customer, PainPoint]:
    """A store with a customer and a pain point, closed again."""
    store = Store.open(folder)
    customer = Customer(name="김민지", segment="1년 회원")
    point = PainPoint(quote=KOREAN, step="billing", severity=5, customer_id=customer.id)
    store.put(customer, point)
    store.close()
    return customer, point


# -- stable ids and wide text -----------------------------------------------------------


def test_records_keep_their_ids_and_korean_text_across_restarts(folder: Path) -> None:
    """Ids are our uuids, not TinyDB's reusable doc_ids; Korean and emoji come back byte for byte."""
    customer, point = fill(folder)
    store = Store.open(folder)
    later = PainPoint(quote="두 번째", step="use", customer_id=customer.id)
    store.put(later)
    store.delete(point)
    store.close()
    store = Store.open(folder, readonly=True)
    try:
        assert store.get(Customer, customer.id) == customer
        assert store.get(PainPoint, point.id) is None
        assert store.get(PainPoint, later.id) == later
        assert store.count(PainPoint) == 1
        assert later.id != point.id
    finally:
        store.close()


def test_korean_is_stored_as_utf8_not_escapes_in_the_log_and_the_database(folder: Path) -> None:
    """Someone opening the files can read the notes; folding the WAL in keeps them so."""
    store = Store.open(folder)
    try:
        point = PainPoint(quote=KOREAN, step="billing")
        store.put(point)
        wal = folder / f"{DB_NAME}-wal"
        assert KOREAN.encode("utf-8") in wal.read_bytes()  # written, not yet folded in
        store.compact()
        assert wal.stat().st_size == 0
    finally:
        store.close()
    assert KOREAN.encode("utf-8") in (folder / DB_NAME).read_bytes()
    store = Store.open(folder, readonly=True)
    try:
        assert store.get(PainPoint, point.id) == point
    finally:
        store.close()


def test_default_steps_are_seeded_once_and_keep_their_ids(folder: Path) -> None:
    store = Store.open(folder)
    first = {s.slug: s.id for s in store.steps()}
    store.close()
    store = Store.open(folder)
    try:
        assert {s.slug: s.id for s in store.steps()} == first
        assert store.count(Step) == len(first) == 8
    finally:
        store.close()


def test_a_step_deleted_by_the_user_is_not_seeded_again(folder: Path) -> None:
    """Seeding happens once in a store's life, not whenever a default step is missing."""
    store = Store.open(folder)
    cancel = next(s for s in store.steps() if s.slug == "cancel")
    store.delete(cancel)
    store.close()
    store = Store.open(folder)
    try:
        assert "cancel" not in store.step_slugs()
        assert store.count(Step) == 7
    finally:
        store.close()


# -- permissions -----------------------------------------------------------------------


def test_folder_is_0700_and_every_file_0600_whatever_the_umask(folder: Path) -> None:
    old = os.umask(0o000)  # the store must not rely on the user's umask
    try:
        store = Store.open(folder)
        store.put(Line(text="more"))
        files = store_files(folder)  # while open: the WAL and its index exist
        assert {p.name for p in files} == {DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", paths.LOCK_NAME}
        assert all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}
        store.compact()
        store.close()
    finally:
        os.umask(old)
    assert mode(folder) == 0o700
    assert all(mode(p) == 0o600 for p in store_files(folder))


def test_nested_missing_parents_are_created(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "store"
    fill(folder)
    assert mode(folder) == 0o700


# -- refusing broken files ---------------------------------------------------------------


def refused(folder: Path, *words: str) -> str:
    """Both kinds of open refuse naming the database; every file stays byte-identical."""
    db = folder / DB_NAME
    before = {p.name: p.read_bytes() for p in store_files(folder) if p.name != paths.LOCK_NAME}
    message = ""
    for readonly in (False, True):
        with pytest.raises(StoreCorrupt) as refusal:
            Store.open(folder, readonly=readonly)
        message = str(refusal.value)
        assert str(db) in message
        assert "\n" not in message
        for word in words:
            assert word in message
    after = {p.name: p.read_bytes() for p in store_files(folder) if p.name != paths.LOCK_NAME}
    assert after == before
    return message


@pytest.mark.parametrize(
    "content",
    [
        b"{ this was edited by hand",
        b"\xff\xfe\x00garbage" * 100,
        b"SQLite format 3\x00" + b"\x00" * 84,  # a header and nothing behind it
        os.urandom(8192),
    ],
    ids=["text", "binary", "bare-header", "random"],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_as_it_was(folder: Path, content: bytes) -> None:
    folder.mkdir(mode=0o700)
    (folder / DB_NAME).write_bytes(content)
    refused(folder, "left untouched")


def test_a_database_of_another_app_is_refused_and_left_as_it_was(folder: Path) -> None:
    """A SQLite file that is not ours gets no tables of ours added: it is refused, byte for byte."""
    folder.mkdir(mode=0o700)
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes(body) VALUES ('someone else''s data')")
    conn.commit()
    conn.close()
    refused(folder, "not a cxnotes store")


def test_a_database_with_a_foreign_marker_is_refused(folder: Path) -> None:
    fill(folder)
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("UPDATE meta SET value = 'other' WHERE key = 'app'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    refused(folder, "no cxnotes marker")


def test_a_database_of_a_newer_schema_is_refused(folder: Path) -> None:
    fill(folder)
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("UPDATE meta SET value = 99 WHERE key = 'schema'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    refused(folder, "newer cxnotes", "schema 99", "Upgrade")


def test_a_readonly_open_of_a_missing_store_creates_nothing(folder: Path) -> None:
    with pytest.raises(StoreError, match="no cxnotes store"):
        Store.open(folder, readonly=True)
    assert not folder.exists()


def test_a_reader_writes_nothing_even_to_a_store_never_seeded(folder: Path) -> None:
    """A creator killed before seeding leaves an empty database: ``cxnotes fixes`` must not write to it."""
    folder.mkdir(mode=0o700)
    SqliteStorage(folder).close()  # created, never seeded
    before = (folder / DB_NAME).read_bytes()
    reader = Store.open(folder, readonly=True)
    try:
        assert reader.count(Step) == 0
    finally:
        reader.close()
    assert (folder / DB_NAME).read_bytes() == before
    writer = Store.open(folder)  # the next writer seeds it
    try:
        assert writer.count(Step) == 8
    finally:
        writer.close()
