"""Pictures of the live call, its dialogs and the screens around it, at 80x24 and at 120x40.

The store is the one :func:`test_snapshots.seed` writes (fixed dates, a frozen call clock),
plus an agreed answer on its fix, so every picture is the same on every run. Regenerate
after an intended change with ``pytest tests/test_snapshots_call.py --snapshot-update``
and look at the SVGs before committing them. Each docstring says what the picture must show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import use_clock
from test_snapshots import seed, steady
from textual.pilot import Pilot

from cxnotes.__main__ import make_app
from cxnotes.domain.models import Call
from cxnotes.storage.store import Store

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

ANSWER = "3영업일 안에 두 번째 결제를 환불해 드린다고 안내 (refund in 3 working days)"


@pytest.fixture
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seeded store with an unfinished call, its fix given an agreed answer; the call clock frozen."""
    use_clock(monkeypatch)
    seed(tmp_path, unfinished=True)
    store = Store.open(tmp_path)
    fix = store.fix_titled("Double charge on renewal")
    assert fix is not None
    fix.answer = ANSWER
    store.put(fix)
    store.close()
    return tmp_path


def keys_then_steady(*keys: str) -> Any:
    """A ``run_before`` that waits for the app, presses ``keys`` and waits for a still picture."""

    async def run(pilot: Pilot[None]) -> None:
        await steady(pilot)
        await pilot.press(*keys)
        await steady(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_live_call_with_the_agreed_answer(store_dir: Path, size: tuple[int, int], snap_compare: Any) -> None:
    """The restored call: the title bar; five transcript lines with stamps, speaker tags, ⚑ marks
    beside (not under) the scrollbar gutter; the side panel's point 1 names its fix "→ Double charge on
    renewal" and shows "✔ 3영업일 안에…" under it; promises; the empty typing line; the footer."""
    assert snap_compare(make_app(store_dir), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_picker_shows_the_answer_once_the_fix_title_completes(
    store_dir: Path, size: tuple[int, int], snap_compare: Any
) -> None:
    """Ctrl+G 7 4, Tab Tab, "dou", Tab: "Billing / renewal" and ●●●● highlighted, the fix title
    completed to "Double charge on renewal", and "✔ Agreed answer: 3영업일 안에…" below it, wrapped."""
    run = keys_then_steady("ctrl+g", "7", "4", "tab", "tab", "d", "o", "u", "tab")
    assert snap_compare(make_app(store_dir), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_promise_due_date_preview(store_dir: Path, size: tuple[int, int], snap_compare: Any) -> None:
    """Ctrl+R, "환불", Tab, "다음 주 금요일": the due box holds the phrase and "→ 금 12월 4일"
    (Monday 23 November's next-week Friday) shows under it in green."""
    keys = ["ctrl+r", *"환불", "tab", *"다음 주 금요일"]
    assert snap_compare(make_app(store_dir), terminal_size=size, run_before=keys_then_steady(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_promise_date_error_wraps(store_dir: Path, size: tuple[int, int], snap_compare: Any) -> None:
    """A due date that is not one ("언젠가"), Enter: the whole message, every accepted form up to
    "12월 1일.", wraps inside the dialog in red; nothing is cut."""
    keys = ["ctrl+r", *"환불", "tab", *"언젠가", "enter"]
    assert snap_compare(make_app(store_dir), terminal_size=size, run_before=keys_then_steady(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_end_call_dialog(store_dir: Path, size: tuple[int, int], snap_compare: Any) -> None:
    """F10, Ctrl+→: the outcomes in a row with "retained" highlighted, an empty summary box and the
    help line "Enter save and end · Ctrl+←/→ outcome · Esc back to the call"."""
    run = keys_then_steady("f10", "ctrl+right")
    assert snap_compare(make_app(store_dir), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_customer_dialog_starts_from_the_customer(
    store_dir: Path, size: tuple[int, int], snap_compare: Any
) -> None:
    """F4: "Who is on the call?" with 김민지 (selected: typing replaces it) and "1-year member" filled
    in, the value box, the channel row with "phone" highlighted; then "200만" typed in the value box."""
    run = keys_then_steady("f4", "tab", "tab", *"200만")
    assert snap_compare(make_app(store_dir), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_f1_keys_over_the_call(store_dir: Path, size: tuple[int, int], snap_compare: Any) -> None:
    """F1: "Keys · Call · 김민지…" over the call; Enter, Tab / Shift+Tab, ↑, Delete and Esc with what
    they do in each part of the call, then Ctrl+G / F2 … F10, then "Everywhere" (Ctrl+Q, F1, F5-F8,
    Ctrl+P); at 80x24 it fits the screen and scrolls."""
    assert snap_compare(make_app(store_dir), terminal_size=size, run_before=keys_then_steady("f1"))


@pytest.mark.parametrize("size", SIZES)
def test_ended_call_shows_the_whole_summary(
    store_dir: Path, size: tuple[int, int], snap_compare: Any
) -> None:
    """The finished 김민지 call opened from the calls list: the transcript (empty) and points, and
    where the typing line was, "Ended, read-only · … · refund requested" with the whole three-line
    summary under it, none of it cut."""
    store = Store.open(store_dir)
    ended = next(c for c in store.all(Call) if c.outcome == "refund requested")
    ended.summary = (
        "고객이 두 번 결제된 요금의 환불을 요청함. 이번이 세 번째 전화.\n"
        "Second charge to be refunded within 3 working days; renewal cancelled on request.\n"
        "다음 주 금요일까지 확인 메일 발송 약속."
    )
    store.put(ended)
    store.close()

    async def open_ended(pilot: Pilot[None]) -> None:
        await steady(pilot)
        await pilot.press("escape")
        await steady(pilot)
        await pilot.press("down", "enter")
        await steady(pilot)

    assert snap_compare(make_app(store_dir), terminal_size=size, run_before=open_ended)


@pytest.mark.parametrize("size", SIZES)
def test_calls_list_at_both_sizes(store_dir: Path, size: tuple[int, int], snap_compare: Any) -> None:
    """The calls list after Esc from the call: the unfinished call on top, then the finished ones
    newest first; the status right after the customer, whole ("refund requested") at both sizes,
    then Pts, segment and channel (cut at 80x24); the footer keys."""
    assert snap_compare(make_app(store_dir), terminal_size=size, run_before=keys_then_steady("escape"))


@pytest.mark.parametrize("size", SIZES)
def test_value_chain_screen(store_dir: Path, size: tuple[int, int], snap_compare: Any) -> None:
    """F8: the value-chain steps in order with their descriptions, the first highlighted; the keys
    to rename, add, move and retire in the footer."""
    assert snap_compare(make_app(store_dir), terminal_size=size, run_before=keys_then_steady("f8"))


@pytest.mark.parametrize("size", SIZES)
def test_complaint_form(store_dir: Path, size: tuple[int, int], snap_compare: Any) -> None:
    """F5: the complaint form, one labelled row per field (complaint, customer, segment, channel,
    step, severity 3, fix, when) with their placeholders; Ctrl+S save and Esc back in the footer."""
    assert snap_compare(make_app(store_dir), terminal_size=size, run_before=keys_then_steady("f5"))
