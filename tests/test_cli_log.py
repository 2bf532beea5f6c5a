"""``cxnotes log`` run in-process against a real store on disk."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cxnotes.__main__ import main
from cxnotes.domain.models import Customer, Fix, PainPoint
from cxnotes.storage.sqlite import DB_NAME
from cxnotes.storage.store import Store

STEPS = "discover, evaluate, purchase, onboarding, use, support, billing, cancel"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "store"


def log(folder: Path, *args: str) -> int:
    return main(["--data-dir", str(folder), "log", *args])


def read(folder: Path) -> Store:
    return Store.open(folder, readonly=True)


def logged(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> PainPoint:
    """Run ``log``, check it succeeded quietly, and return the stored pain point."""
    assert log(folder, *args) == 0
    out, err = capsys.readouterr()
    assert err == ""
    store = read(folder)
    try:
        point = store.get(PainPoint, out.strip())
    finally:
        store.close()
    assert point is not None
    return point


def refused(folder: Path, capsys: pytest.CaptureFixture[str], *args: str, status: int = 2) -> str:
    """Run ``log`` expecting a one-line refusal that wrote nothing; return the message."""
    try:
        code = log(folder, *args)
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    assert code == status
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    if (folder / DB_NAME).exists():
        store = read(folder)
        try:
            assert store.count(PainPoint) == 0
        finally:
            store.close()
    return err


def test_logs_a_pain_point_without_a_call(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = datetime.now().astimezone()
    point = logged(folder, capsys, "Charged twice this month", "--step", "billing", "--severity", "4")
    assert point.quote == "Charged twice this month"
    assert (point.step, point.severity) == ("billing", 4)
    assert point.call_id is None and point.customer_id is None and point.fix_id is None
    assert point.channel is None
    assert before - timedelta(seconds=1) <= point.created_at <= datetime.now().astimezone()


def test_korean_and_markup_text_are_stored_literally(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "환불해 주세요 [b]x[/b] [red]지금[/red] =SUM(A1)"
    point = logged(folder, capsys, text, "--step", "cancel")
    assert point.quote == text


def test_control_characters_are_stripped(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    point = logged(folder, capsys, "\x1b]0;pwned\x07Bad\x1b[31m day\x00\r\nsecond line", "--step", "use")
    assert point.quote == "Bad day\nsecond line"


def test_step_matches_slug_or_name_in_any_case(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert logged(folder, capsys, "x", "--step", "BILLING").step == "billing"
    assert logged(folder, capsys, "x", "--step", "billing / renewal").step == "billing"


def test_creates_customer_with_segment_and_channel(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    point = logged(
        folder, capsys, "앱이 자꾸 멈춰요", "--step", "use",
        "--customer", "김민수", "--segment", "1년 회원", "--channel", "Chat",
    )  # fmt: skip
    store = read(folder)
    customer = store.get(Customer, point.customer_id)
    store.close()
    assert customer is not None
    assert (customer.name, customer.segment) == ("김민수", "1년 회원")
    assert point.channel == "chat"


def test_reuses_customer_case_insensitively_and_updates_segment(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = logged(folder, capsys, "one", "--step", "use", "--customer", "Ada Park", "--segment", "trial")
    same = logged(folder, capsys, "two", "--step", "use", "--customer", "ada park")
    moved = logged(folder, capsys, "three", "--step", "use", "--customer", "ADA PARK", "--segment", "annual")
    assert first.customer_id == same.customer_id == moved.customer_id
    store = read(folder)
    customers = store.all(Customer)
    store.close()
    assert [(c.name, c.segment) for c in customers] == [("Ada Park", "annual")]


def test_attaches_to_existing_fix_or_creates_it(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = logged(folder, capsys, "one", "--step", "billing", "--fix", "Clear refund policy")
    second = logged(folder, capsys, "two", "--step", "billing", "--fix", "clear REFUND policy")
    other = logged(folder, capsys, "three", "--step", "billing", "--fix", "환불 안내 개선")
    assert first.fix_id == second.fix_id != other.fix_id
    store = read(folder)
    titles = sorted(f.title for f in store.all(Fix))
    store.close()
    assert titles == ["Clear refund policy", "환불 안내 개선"]


def test_at_sets_when_it_happened(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    point = logged(folder, capsys, "x", "--step", "use", "--at", "yesterday 14:30")
    yesterday = (datetime.now() - timedelta(days=1)).replace(hour=14, minute=30, second=0, microsecond=0)
    assert point.created_at == yesterday.astimezone()


def test_everything_is_written_in_one_batch(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The pain point, its new customer and its new fix are one transaction: one seq, the next one."""
    logged(folder, capsys, "seed the store", "--step", "use")
    before = last_seq(folder)
    logged(folder, capsys, "x", "--step", "use", "--customer", "New One", "--fix", "New fix")
    assert last_seq(folder) == before + 1
    db = sqlite3.connect(folder / DB_NAME)
    try:
        written = db.execute("SELECT tbl FROM docs WHERE seq = ? ORDER BY tbl", (before + 1,)).fetchall()
    finally:
        db.close()
    assert [table for (table,) in written] == ["customers", "fixes", "pain_points"]


def last_seq(folder: Path) -> int:
    db = sqlite3.connect(folder / DB_NAME)
    try:
        return int(db.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0])
    finally:
        db.close()


def test_unknown_step_lists_the_valid_slugs(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(folder, capsys, "x", "--step", "checkout")
    assert err == f'cxnotes: Unknown step "checkout"; use one of: {STEPS}.\n'


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["x", "--step", "use", "--severity", "0"], "severity must be a whole number from 1 to 5"),
        (["x", "--step", "use", "--severity", "6"], "severity must be a whole number from 1 to 5"),
        (["x", "--step", "use", "--severity", "high"], "severity must be a whole number from 1 to 5"),
        (["x", "--step", "use", "--channel", "fax"], "invalid choice: 'fax'"),
        (["x", "--step", "use", "--at", "soon"], '--at: Cannot read "soon" as a time'),
        (["x", "--step", "use", "--at", "1/2/3"], "ambiguous"),
        (["x", "--step", "use", "--at", "tomorrow"], "is in the future"),
        (["", "--step", "use"], "complaint text is empty"),
        (["\x1b[31m \x00\n", "--step", "use"], "complaint text is empty"),
        (["x", "--step", "use", "--customer", "  "], "--customer is empty"),
        (["x", "--step", "use", "--fix", "\t"], "--fix is empty"),
        (["x", "--step", "use", "--fix", "환" * 201], "That title is 201 characters; keep it under 200."),
        (["x", "--step", "use", "--segment", "trial"], "--segment needs --customer"),
        (["x"], "the following arguments are required: --step"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(
    folder: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    assert says in refused(folder, capsys, *args)


def test_logs_while_another_process_has_the_store_open(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No second writer is refused: the holder sees the new pain point once it refreshes."""
    holder = Store.open(folder)
    try:
        assert holder.count(PainPoint) == 0
        point = logged(folder, capsys, "x", "--step", "use")
        assert holder.refresh() == {PainPoint.TABLE}
        assert holder.get(PainPoint, point.id) == point
    finally:
        holder.close()
