"""A v0.1 store (JSON snapshot and journals) opens as the SQLite store, keeping every record.

The v0.1 files are written by hand in their documented layout (``tests/v01_store.py``),
so these tests hold the migration to the format v0.1 users have on disk.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from cxnotes.__main__ import main
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Step
from cxnotes.storage import legacy
from cxnotes.storage.errors import StoreCorrupt
from cxnotes.storage.sqlite import DB_NAME
from cxnotes.storage.store import Store
from tests.v01_store import batch_line, deletes, puts, snapshot_bytes, tables_of, write_v01


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "store"


class Old:
    """A v0.1 store: records in the snapshot, and a journal that adds, changes and deletes."""

    def __init__(self, folder: Path) -> None:
        self.customer = Customer(name="김민지", segment="1년 회원")
        self.fix = Fix(title="환불 안내 개선")
        self.gone = PainPoint(quote="삭제될 불만", step="use")
        self.steps = [Step(slug="billing", name="Billing", order=0), Step(slug="use", name="Use", order=1)]
        self.call = Call(customer_id=self.customer.id)
        self.point = PainPoint(
            quote="결제가 두 번 됐어요 😡", step="billing", severity=2, call_id=self.call.id
        )
        self.line = Line(call_id=self.call.id, index=0, text="고객: 환불해 주세요")
        self.snapshot, self.journal = write_v01(
            folder,
            [self.customer, self.fix, self.gone, *self.steps],
            [
                puts(self.call, self.point, self.line),
                deletes(self.gone),
                puts(replace(self.point, severity=5, fix_id=self.fix.id)),
            ],
        )
        self.point = replace(self.point, severity=5, fix_id=self.fix.id)
        self.files = {p.name: p.read_bytes() for p in (self.snapshot, self.journal)}

    def check(self, store: Store) -> None:
        """Every record as the last batch left it; the deleted one gone; no default steps added."""
        assert store.get(Customer, self.customer.id) == self.customer
        assert store.get(Fix, self.fix.id) == self.fix
        assert store.get(Call, self.call.id) == self.call
        assert store.get(PainPoint, self.point.id) == self.point
        assert store.lines_of(self.call.id) == [self.line]
        assert store.get(PainPoint, self.gone.id) is None
        assert store.count(PainPoint) == 1
        assert sorted(s.id for s in store.all(Step)) == sorted(s.id for s in self.steps)


def test_a_v01_store_opens_with_every_record_and_its_files_are_moved_aside(folder: Path) -> None:
    old = Old(folder)
    store = Store.open(folder)
    try:
        old.check(store)
        assert store.damage == []
    finally:
        store.close()
    moved = folder / legacy.MOVED_TO
    assert {p.name: p.read_bytes() for p in moved.iterdir()} == old.files  # kept byte for byte
    assert not (folder / "cxnotes.json").exists() and not list(folder.glob("journal-*"))
    store = Store.open(folder, readonly=True)  # the next open reads the database only
    try:
        old.check(store)
    finally:
        store.close()


def test_a_journal_older_than_the_snapshot_is_not_replayed(folder: Path) -> None:
    """v0.1 compaction left journal G-1 behind a snapshot G for a moment: its batches are in G already."""
    point = PainPoint(quote="v2", severity=4)
    folder.mkdir()
    (folder / "cxnotes.json").write_bytes(snapshot_bytes(tables_of(point), generation=1))
    (folder / "journal-000000.jsonl").write_bytes(batch_line(puts(replace(point, quote="v1"))))
    (folder / "journal-000001.jsonl").write_bytes(b"")
    store = Store.open(folder)
    try:
        assert store.get(PainPoint, point.id) == point
    finally:
        store.close()
    assert sorted(p.name for p in (folder / legacy.MOVED_TO).iterdir()) == [
        "cxnotes.json",
        "journal-000000.jsonl",
        "journal-000001.jsonl",
    ]


@pytest.mark.parametrize("cut", [1, 7, -1], ids=["one-byte", "mid-line", "no-newline"])
def test_a_torn_last_journal_line_is_left_out_and_reported(
    folder: Path, cut: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """A v0.1 append cut short never returned: left out, and said, in the store and on stderr."""
    old = Old(folder)
    late = Fix(title="잘린 마지막 변경")
    raw = old.journal.read_bytes() + batch_line(puts(late))
    last_start = raw.rstrip(b"\n").rfind(b"\n") + 1
    old.journal.write_bytes(raw[: last_start + cut] if cut > 0 else raw[:-1])
    assert main(["--data-dir", str(folder), "fixes"]) == 0  # the CLI migrates and says what it left out
    err = capsys.readouterr().err
    assert err.startswith("cxnotes: ") and "Traceback" not in err
    assert str(old.journal) in err and "cut off" in err and legacy.MOVED_TO in err
    store = Store.open(folder, readonly=True)
    try:
        old.check(store)
        assert store.get(Fix, late.id) is None
    finally:
        store.close()
    assert (folder / legacy.MOVED_TO / old.journal.name).exists()


def test_a_torn_last_line_shows_in_store_damage(folder: Path) -> None:
    old = Old(folder)
    old.journal.write_bytes(old.journal.read_bytes() + b'{"ops":[["fixes","x",{"id":"x","ti')
    store = Store.open(folder)
    try:
        (report,) = store.damage
        assert str(old.journal) in report and "cut off" in report
        old.check(store)
        assert store.take_notices() == [report]  # the app shows it once
    finally:
        store.close()


def v01_files(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith(("cxnotes.json", "journal-"))
    }


def refused(folder: Path, broken: Path, *words: str) -> None:
    """Both kinds of open refuse naming ``broken``; the v0.1 files stay where and as they were."""
    before = v01_files(folder)
    for readonly in (False, True):
        with pytest.raises(StoreCorrupt) as refusal:
            Store.open(folder, readonly=readonly)
        message = str(refusal.value)
        assert str(broken) in message and "\n" not in message
        for word in words:
            assert word in message
    assert v01_files(folder) == before
    assert not (folder / legacy.MOVED_TO).exists()


def test_a_damaged_line_in_the_middle_of_a_journal_is_refused(folder: Path) -> None:
    old = Old(folder)
    lines = old.journal.read_bytes().split(b"\n")
    lines[1] = lines[1][: len(lines[1]) // 2]  # a hole in the middle: not a crash, damage
    old.journal.write_bytes(b"\n".join(lines))
    refused(folder, old.journal, "line 2", "left untouched")


def test_a_missing_snapshot_beside_journals_is_refused(folder: Path) -> None:
    old = Old(folder)
    old.snapshot.unlink()
    refused(folder, old.snapshot, "is missing")


def test_a_truncated_snapshot_is_refused(folder: Path) -> None:
    old = Old(folder)
    raw = old.snapshot.read_bytes()
    old.snapshot.write_bytes(raw[: len(raw) * 2 // 3])
    refused(folder, old.snapshot, "not a cxnotes store", "left untouched")


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
    old = Old(folder)
    old.snapshot.write_bytes(content)
    refused(folder, old.snapshot, why)


def test_a_snapshot_of_a_newer_schema_is_refused(folder: Path) -> None:
    old = Old(folder)
    data = json.loads(old.snapshot.read_text())
    data["_meta"]["store"]["schema"] = 99
    old.snapshot.write_text(json.dumps(data))
    refused(folder, old.snapshot, "newer cxnotes", "schema 99", "Upgrade")


def test_a_hand_reindented_snapshot_still_opens(folder: Path) -> None:
    """Valid JSON in another layout is still v0.1 data: read through the plain-JSON path."""
    old = Old(folder)
    old.snapshot.write_text(json.dumps(json.loads(old.snapshot.read_text()), indent=4, ensure_ascii=True))
    store = Store.open(folder)
    try:
        old.check(store)
    finally:
        store.close()


KILLED_WHILE_MOVING = """
import os, signal, sys
from pathlib import Path
from cxnotes.storage import legacy
from cxnotes.storage.store import Store

moves, real_replace = [], os.replace

def replace(source, target):
    moves.append(source)
    if len(moves) == int(sys.argv[2]):
        os.kill(os.getpid(), signal.SIGKILL)  # the machine stops here: a real kill, mid-migration
    real_replace(source, target)

legacy.os.replace = replace
Store.open(Path(sys.argv[1]))
"""


@pytest.mark.parametrize("at_move", [1, 2], ids=["before-any-move", "snapshot-moved-journal-not"])
def test_a_migration_killed_while_moving_the_old_files_finishes_at_the_next_open(
    folder: Path, at_move: int
) -> None:
    """The documents are in the database before the files move; a kill between the moves loses nothing."""
    old = Old(folder)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_MOVING, str(folder), str(at_move)], check=False
    )
    assert killed.returncode == -signal.SIGKILL
    assert (folder / DB_NAME).exists()
    store = Store.open(folder)
    try:
        old.check(store)
        assert store.damage == []
    finally:
        store.close()
    assert {p.name: p.read_bytes() for p in (folder / legacy.MOVED_TO).iterdir()} == old.files
    assert not v01_files(folder)
