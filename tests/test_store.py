"""The store on disk: what it creates, what it refuses, and what survives a restart."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from cxnotes.models import Call, Customer, Line, PainPoint, Step
from cxnotes.storage import paths
from cxnotes.storage.errors import StoreCorrupt, StoreError
from cxnotes.storage.store import Store

KOREAN = "결제가 두 번 됐어요 😡 환불해 주세요"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def store_files(folder: Path) -> list[Path]:
    """Every file the store keeps in its folder (the lock, the snapshot, the journals)."""
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
        assert later.id != point.id
    finally:
        store.close()


def test_korean_is_stored_as_utf8_not_escapes_in_journal_and_snapshot(folder: Path) -> None:
    """Someone opening the files in an editor can read the notes; compaction keeps them too."""
    _, point = fill(folder)
    journal = b"".join(p.read_bytes() for p in folder.glob("journal-*.jsonl"))
    assert KOREAN.encode("utf-8") in journal
    store = Store.open(folder)
    store.compact()
    store.close()
    assert KOREAN.encode("utf-8") in paths.snapshot_path(folder).read_bytes()
    assert not list(folder.glob("journal-000000*"))
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


# -- permissions -----------------------------------------------------------------------


def test_folder_is_0700_and_every_file_0600_also_after_compaction(folder: Path) -> None:
    os.umask(0o000)  # the store must not rely on the user's umask
    try:
        fill(folder)
    finally:
        os.umask(0o022)
    assert mode(folder) == 0o700
    files = store_files(folder)
    assert {p.name for p in files} == {"cxnotes.json", "cxnotes.lock", "journal-000000.jsonl"}
    assert all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}
    store = Store.open(folder)
    store.put(Line(text="more"))
    store.compact()
    store.close()
    files = store_files(folder)
    assert {p.name for p in files} == {"cxnotes.json", "cxnotes.lock", "journal-000001.jsonl"}
    assert all(mode(p) == 0o600 for p in files), {p.name: oct(mode(p)) for p in files}


def test_an_existing_folder_keeps_its_mode_and_the_files_are_owner_only(folder: Path) -> None:
    """cxnotes never changes the mode of a folder it did not create (issue 14): its files are 0600."""
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    fill(folder)
    assert mode(folder) == 0o755
    assert all(mode(p) == 0o600 for p in store_files(folder))


def test_stale_temp_files_are_swept_at_open(folder: Path) -> None:
    """A snapshot write killed before its rename leaves a temp file; the next writer removes it."""
    fill(folder)
    stale = paths.temp_path(paths.snapshot_path(folder))
    stale.write_text('{"half a snap')
    other = folder / "notes.txt"  # not ours: the store refuses the folder and touches nothing (issue 14)
    other.write_text("mine")
    Store.open(folder, readonly=True).close()
    assert stale.exists()  # a reader changes nothing
    with pytest.raises(StoreError, match="holds files that are not cxnotes'"):
        Store.open(folder)
    assert stale.exists() and other.read_text() == "mine"
    other.unlink()
    Store.open(folder).close()
    assert not stale.exists()


# -- refusing broken files ---------------------------------------------------------------


def corrupt_snapshot(folder: Path, content: bytes) -> None:
    paths.snapshot_path(folder).write_bytes(content)


def refused(folder: Path, broken: Path, *words: str) -> None:
    """Both kinds of open refuse with StoreCorrupt naming the file; every file stays byte-identical."""
    before = {p.name: p.read_bytes() for p in store_files(folder) if p.name != paths.LOCK_NAME}
    for readonly in (False, True):
        with pytest.raises(StoreCorrupt) as refusal:
            Store.open(folder, readonly=readonly)
        message = str(refusal.value)
        assert str(broken) in message
        assert "\n" not in message
        for word in words:
            assert word in message
    after = {p.name: p.read_bytes() for p in store_files(folder) if p.name != paths.LOCK_NAME}
    assert after == before
    assert not list(folder.glob(".*"))  # no temp file or torn copy was made
    # and the refusal released the lock: a healthy store opens in its place
    broken.unlink()
    for path in folder.glob("journal-*"):
        path.unlink()
    Store.open(folder).close()


def test_a_truncated_snapshot_is_refused(folder: Path) -> None:
    fill(folder)
    store = Store.open(folder)
    store.compact()
    store.close()
    snapshot = paths.snapshot_path(folder)
    raw = snapshot.read_bytes()
    snapshot.write_bytes(raw[: len(raw) * 2 // 3])
    refused(folder, snapshot, "not a cxnotes store", "left untouched")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"{ this was edited by hand", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "TinyDB tables"),
        (b'{"_default": {"1": {"name": "a TinyDB file of another app"}}}', "no cxnotes marker"),
        (b'{"steps": {"a": "not a document"}}', "TinyDB tables"),
    ],
)
def test_a_snapshot_that_is_not_cxnotes_data_is_refused(folder: Path, content: bytes, why: str) -> None:
    fill(folder)
    corrupt_snapshot(folder, content)
    refused(folder, paths.snapshot_path(folder), why)


def test_a_hand_reindented_snapshot_still_opens(folder: Path) -> None:
    """Valid JSON in another layout is still our data: read through the plain-JSON path."""
    _, point = fill(folder)
    store = Store.open(folder)
    store.compact()
    store.close()
    snapshot = paths.snapshot_path(folder)
    snapshot.write_text(json.dumps(json.loads(snapshot.read_text()), indent=4, ensure_ascii=True))
    store = Store.open(folder, readonly=True)
    try:
        assert store.get(PainPoint, point.id) == point
    finally:
        store.close()


def test_a_snapshot_of_a_newer_schema_is_refused(folder: Path) -> None:
    fill(folder)
    snapshot = paths.snapshot_path(folder)
    data = json.loads(snapshot.read_text())
    data["_meta"]["store"]["schema"] = 99
    snapshot.write_text(json.dumps(data))
    refused(folder, snapshot, "newer cxnotes", "schema 99", "Upgrade")


def test_a_damaged_journal_line_in_the_middle_is_refused(folder: Path) -> None:
    fill(folder)
    store = Store.open(folder)
    store.put(Call())
    store.close()
    journal = paths.journal_path(folder, 0)
    lines = journal.read_bytes().split(b"\n")
    lines[1] = lines[1][: len(lines[1]) // 2]  # a hole in the middle: not a crash, damage
    journal.write_bytes(b"\n".join(lines))
    refused(folder, journal, "line 2", "left untouched")


def test_a_missing_snapshot_beside_journals_is_refused(folder: Path) -> None:
    fill(folder)
    paths.snapshot_path(folder).unlink()
    journal = paths.journal_path(folder, 0)
    before = journal.read_bytes()
    for readonly in (False, True):
        with pytest.raises(StoreCorrupt, match="is missing"):
            Store.open(folder, readonly=readonly)
    assert journal.read_bytes() == before
    assert not paths.snapshot_path(folder).exists()


@pytest.mark.parametrize("cut", [1, 7, -1])
def test_a_torn_last_journal_line_is_set_aside_and_the_rest_opens(folder: Path, cut: int) -> None:
    """An append cut short (the writer died mid-write) never returned: it goes to a .torn file."""
    customer, point = fill(folder)
    store = Store.open(folder)
    late = Call(customer_id=customer.id)
    store.put(late)
    store.close()
    journal = paths.journal_path(folder, 0)
    raw = journal.read_bytes()
    last_start = raw.rstrip(b"\n").rfind(b"\n") + 1
    kept = raw[: last_start + cut] if cut > 0 else raw[:-1]  # -1: only the newline is missing
    journal.write_bytes(kept)

    reader = Store.open(folder, readonly=True)  # a reader skips the torn line and changes nothing
    try:
        assert reader.get(Call, late.id) is None
        assert reader.get(PainPoint, point.id) == point
    finally:
        reader.close()
    assert journal.read_bytes() == kept

    store = Store.open(folder)
    try:
        assert store.get(Call, late.id) is None
        assert store.get(PainPoint, point.id) == point
        assert store.get(Customer, customer.id) == customer
        store.put(Line(text="after the crash"))
    finally:
        store.close()
    (torn,) = folder.glob("journal-000000.jsonl.torn-*")
    assert torn.read_bytes() == kept[last_start:]
    assert mode(torn) == 0o600
    assert journal.read_bytes().startswith(raw[:last_start])
    store = Store.open(folder, readonly=True)  # the next append went after the cut, not after the junk
    try:
        assert [line.text for line in store.all(Line)] == ["after the crash"]
    finally:
        store.close()
