"""Bytes damaged inside the database file: reported by name (CLI stderr, the app), never a traceback.

The damage is done the way a disk does it: the write-ahead log is folded into
``cxnotes.db``, the store closed, and one byte of the file changed in place.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cxnotes.__main__ import main, make_app
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint
from cxnotes.storage.errors import StoreError
from cxnotes.storage.sqlite import DB_NAME
from cxnotes.storage.store import Store
from tests.pilot_helpers import PATIENCE, Notes, settle, wait_until

MARK = "QQQQ-damaged-here"
"""Text found once in the database file: the byte flipped is inside the document holding it."""


class Filled:
    """A closed store whose WAL is folded into cxnotes.db; one record holds :data:`MARK`."""

    def __init__(self, folder: Path, damaged: str) -> None:
        self.folder = folder
        self.db = folder / DB_NAME
        store = Store.open(folder)
        self.customer = Customer(name="김민지")
        self.fix = Fix(title="환불 지연")
        self.call = Call(customer_id=self.customer.id)
        quote = MARK if damaged == "pain point" else "환불이 느려요"
        self.point = PainPoint(quote=quote, severity=4, customer_id=self.customer.id, fix_id=self.fix.id)
        self.kept = PainPoint(quote="결제가 두 번 됐어요", severity=5, fix_id=self.fix.id)
        self.line = Line(call_id=self.call.id, index=0, text=MARK if damaged == "line" else "안녕하세요")
        self.other_line = Line(call_id=self.call.id, index=1, text="고객: 네")
        store.put(self.customer, self.fix, self.call, self.point, self.kept, self.line, self.other_line)
        store.compact()
        store.close()
        self.damaged_id = self.point.id if damaged == "pain point" else self.line.id
        self.table = "pain_points" if damaged == "pain point" else "lines"

    def flip(self, how: str) -> bytes:
        """Change one byte inside the damaged document's JSON; return the file's new bytes."""
        raw = bytearray(self.db.read_bytes())
        assert raw.count(MARK.encode()) == 1, "the mark must be in the database file once"
        at = raw.find(MARK.encode())
        if how == "letter":  # still valid JSON, different text: only the checksum can tell
            raw[at] = ord("R")
        else:  # the closing quote of the text: no longer JSON
            raw[at + len(MARK)] = ord("x")
        self.db.write_bytes(bytes(raw))
        return bytes(raw)


@pytest.fixture(params=["pain point", "line"])
def damaged(request: pytest.FixtureRequest, tmp_path: Path) -> Filled:
    return Filled(tmp_path / "store", request.param)


@pytest.fixture(params=["letter", "quote"])
def how(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def named(report: str, filled: Filled) -> bool:
    """A report says which file, which table and which record."""
    return str(filled.db) in report and filled.table in report and filled.damaged_id in report


def test_a_flipped_byte_in_a_document_is_reported_by_name_and_the_rest_reads(
    damaged: Filled, how: str
) -> None:
    damaged.flip(how)
    store = Store.open(damaged.folder, readonly=True)
    try:
        points = {p.id for p in store.all(PainPoint)}
        lines = [line.id for line in store.lines_of(damaged.call.id)]
        assert damaged.kept.id in points and damaged.other_line.id in lines  # the rest is read
        assert damaged.damaged_id not in points | set(lines)  # the damaged one is left out, not read as data
        (report,) = set(store.damage)
        assert named(report, damaged) and "\n" not in report
        assert report in store.take_notices()  # what the app and the CLI show
    finally:
        store.close()


@pytest.mark.parametrize("command", [["export", "--format", "json", "--all"], ["export", "--format", "md"]])
def test_the_cli_says_what_is_damaged_on_stderr(tmp_path: Path, how: str, command: list[str]) -> None:
    """A real process: exit status 0 with the report on stderr (the rest was shown), no traceback.

    A backup reads every document; the summary reads the quotes it shows. (``cxnotes fixes``
    reads no pain point's document, only the projection SQLite keeps of its fields: the
    damage is reported by whatever next reads that document.)
    """
    damaged = Filled(tmp_path / "store", "pain point")
    raw = damaged.flip(how)
    result = subprocess.run(
        [sys.executable, "-m", "cxnotes", "--data-dir", str(damaged.folder), *command],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("cxnotes: ") and named(line, damaged)
    assert damaged.db.read_bytes() == raw  # reading changed nothing


async def test_the_app_shows_the_damage_it_found(damaged: Filled, how: str) -> None:
    damaged.flip(how)
    notes = Notes()
    app = make_app(damaged.folder)
    async with app.run_test(size=(120, 40), message_hook=notes) as pilot:
        await settle(pilot)
        # the unfinished call comes back at launch, so its lines are read too
        await wait_until(
            pilot, lambda: any(named(text, damaged) for _, text in notes.shown), "the damage report on screen"
        )


def test_a_file_that_is_not_a_database_is_refused_by_the_cli_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / DB_NAME
    content = b"these are my notes, not a database\n" * 200
    db.write_bytes(content)
    for command in (["fixes"], ["log", "x", "--step", "use"]):
        assert main(["--data-dir", str(folder), *command]) == 1
        out, err = capsys.readouterr()
        assert out == "" and err.startswith("cxnotes: ") and err.count("\n") == 1
        assert str(db) in err and "left untouched" in err
    assert db.read_bytes() == content


def test_random_byte_flips_anywhere_in_the_file_never_give_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Damage in SQLite's own structures (pages, indexes) is refused or reported, in one line each."""
    filled = Filled(tmp_path / "store", "pain point")
    pristine = filled.db.read_bytes()
    rng = random.Random(14)
    used = [i for i, byte in enumerate(pristine) if byte]  # most of a small file is empty page space
    outcomes = {"read clean": 0, "reported": 0, "refused": 0}
    for _ in range(60):
        raw = bytearray(pristine)
        at = rng.choice(used)
        raw[at] ^= 1 << rng.randrange(8)
        filled.db.write_bytes(bytes(raw))
        for name in ("cxnotes.db-wal", "cxnotes.db-shm"):
            (filled.folder / name).unlink(missing_ok=True)
        status = main(["--data-dir", str(filled.folder), "fixes"])
        _, err = capsys.readouterr()
        assert status in (0, 1), f"byte {at}: exit {status}"
        assert all(line.startswith("cxnotes: ") for line in err.splitlines()), err
        outcomes["refused" if status else "reported" if err else "read clean"] += 1
        assert filled.db.read_bytes() == bytes(raw), f"byte {at}: the damaged file was changed"
    assert outcomes["reported"] + outcomes["refused"] > 0, outcomes


def test_store_errors_are_one_sentence(tmp_path: Path) -> None:
    """The refusal the app shows on exit is one line too."""
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / DB_NAME).write_bytes(b"\0" * 4096)
    with pytest.raises(StoreError) as refusal:
        Store.open(folder)
    assert "\n" not in str(refusal.value)


def edit_schema(db: Path, old: bytes, new: bytes) -> bytes:
    raw = db.read_bytes()
    assert raw.count(old) == 1 and len(old) == len(new)
    db.write_bytes(raw.replace(old, new))
    return db.read_bytes()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"'now'))", b"'nowg))"),  # SQLite quotes the broken CREATE statement, newlines and all
        (b"TABLE conflicts(", b"TABLE conflicts)"),
    ],
    ids=["schema-quote", "schema-bracket"],
)
def test_a_damaged_schema_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: bytes, new: bytes
) -> None:
    filled = Filled(tmp_path / "store", "pain point")
    raw = edit_schema(filled.db, old, new)
    assert main(["--data-dir", str(filled.folder), "fixes"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("cxnotes: ") and err.count("\n") == 1
    assert str(filled.db) in err
    assert filled.db.read_bytes() == raw


def damage_with_sql(db: Path, statement: str, *args: str) -> None:
    """Damage no checksum covers, done through SQLite (what a flipped bit in a row or an index can give)."""
    conn = sqlite3.connect(db)
    conn.execute(statement, args)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_a_missing_batch_count_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled = Filled(tmp_path / "store", "pain point")
    damage_with_sql(filled.db, "DELETE FROM meta WHERE key = 'seq'")
    raw = filled.db.read_bytes()
    for command in (["fixes"], ["log", "x", "--step", "use"]):
        assert main(["--data-dir", str(filled.folder), *command]) == 1
        out, err = capsys.readouterr()
        assert out == "" and err.startswith("cxnotes: ") and err.count("\n") == 1 and str(filled.db) in err
    assert filled.db.read_bytes() == raw


def test_a_document_that_is_no_longer_text_is_reported(tmp_path: Path) -> None:
    filled = Filled(tmp_path / "store", "pain point")
    damage_with_sql(filled.db, "UPDATE docs SET doc = X'7B7D' WHERE id = ?", filled.point.id)  # bytes "{}"
    store = Store.open(filled.folder, readonly=True)
    try:
        assert {p.id for p in store.all(PainPoint)} == {filled.kept.id}
        (report,) = store.damage
        assert named(report, filled)
    finally:
        store.close()
