"""An unfinished call survives quitting and killing, and comes back on the next start."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from pilot_helpers import PATIENCE, Notes, call_screen, prompts, reopened, rows, settle, type_text
from textual.widgets import DataTable, Input, OptionList

from benchmarks.pty_app import PtyApp, cxnotes_argv
from benchmarks.terminal import BOTTOM_ROW, SIZE
from cxnotes.__main__ import build_parser, make_app
from cxnotes.app import StartCall
from cxnotes.domain.models import Call, Customer
from cxnotes.screens.calls import CallsScreen
from cxnotes.storage.sqlite import DB_NAME


def start_call_from(argv: list[str]) -> StartCall:
    """What ``cxnotes call ...`` asks the app for, read by the real command line parser."""
    args = build_parser().parse_args(argv)
    return StartCall(customer=args.customer, segment=args.segment, channel=args.channel)


def unfinished(folder: Path) -> list[tuple[Call, list[str]]]:
    """The unfinished calls on disk with their transcript texts, read by a fresh store."""
    with reopened(folder) as store:
        return [(call, [line.text for line in store.lines_of(call.id)]) for call in store.unfinished_calls()]


async def test_cxnotes_call_starts_typing_at_once(data_dir: Path) -> None:
    """`cxnotes call NAME`: the call screen is up, the transcript has the focus, the first key is a note."""
    start = start_call_from(["call", "김민지", "--segment", "1-year member", "--channel", "chat"])
    app = make_app(data_dir, start)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = call_screen(app)
        assert screen.focused is screen.query_one("#line")
        await type_text(pilot, "환불")
        await pilot.press("enter")
        await settle(pilot)
        assert prompts(screen.query_one("#transcript", OptionList))[0].endswith(" C 환불")
        assert screen.title == "Call · 김민지 (1-year member) · chat"
        await pilot.press("ctrl+q")
    with reopened(data_dir) as store:
        assert [(c.name, c.segment) for c in store.all(Customer)] == [("김민지", "1-year member")]
        [call] = store.unfinished_calls()
        assert call.channel == "chat" and [line.text for line in store.lines_of(call.id)] == ["환불"]


async def test_quit_mid_call_keeps_it_and_the_next_start_restores_it(data_dir: Path) -> None:
    """Ctrl+Q mid-call saves the call as unfinished, half-typed line included; the next start reopens it.

    The half-typed line comes back in the typing box, not the transcript.
    """
    app = make_app(data_dir, StartCall("Ann", "trial"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "It broke again")
        await pilot.press("enter")
        await type_text(pilot, "half typed 반쯤")
        call_id = call_screen(app).session.call.id
        await pilot.press("ctrl+q")
    [(call, texts)] = unfinished(data_dir)
    assert call.id == call_id and texts == ["It broke again", "half typed 반쯤"]

    notes = Notes()
    again = make_app(data_dir)
    async with again.run_test(size=(120, 40), message_hook=notes) as pilot:
        await settle(pilot)
        screen = call_screen(again)
        assert screen.session.call.id == call_id
        assert [p.split(" ", 2)[2] for p in prompts(screen.query_one("#transcript", OptionList))] == texts[:1]
        assert screen.focused is screen.query_one("#line")
        assert screen.query_one("#line", Input).value == "half typed 반쯤"  # to go on typing
        [(title, message)] = [n for n in notes.shown if n[0] == "Call restored"]
        assert "Ann" in message

        # Esc keeps it for later: the list shows it unfinished; a third start restores it again.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(again.screen, CallsScreen)
        [row] = rows(again.screen.query_one("#calls", DataTable))
        assert row[1] == "Ann" and row[2] == "unfinished"
        await pilot.press("ctrl+q")
    assert [call.id for call, _ in unfinished(data_dir)] == [call_id]


async def test_cxnotes_call_does_not_reopen_an_unfinished_call(data_dir: Path) -> None:
    """`cxnotes call` means a new call: an unfinished one stays in the list, and the operator is told."""
    first = make_app(data_dir, StartCall("Ann"))
    async with first.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "first call")
        await pilot.press("ctrl+q")
    notes = Notes()
    second = make_app(data_dir, StartCall("Bob"))
    async with second.run_test(size=(120, 40), message_hook=notes) as pilot:
        await settle(pilot)
        screen = call_screen(second)
        assert screen.title.startswith("Call · Bob")
        assert screen.session.lines == []
        assert ("", "1 unfinished call kept in the calls list (Esc).") in notes.shown


async def test_the_last_save_on_quit_completes(data_dir: Path) -> None:
    """Keys typed just before Ctrl+Q, while autosaves run, all reach the disk before the app ends."""
    text = "빠르게 입력한 마지막 글자까지 " * 3 + "end!"
    app = make_app(data_dir, StartCall("Ann"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, text)
        await pilot.press("ctrl+q")
    [(_, texts)] = unfinished(data_dir)
    assert texts == [text]


def saved_texts(folder: Path) -> list[list[str]]:
    """The transcripts of the unfinished calls a reader finds on disk now (none before the store exists)."""
    if not (folder / DB_NAME).exists():
        return []
    return [texts for _, texts in unfinished(folder)]


def wait_saved(folder: Path, texts: list[str]) -> None:
    """Wait until the one unfinished call on disk holds ``texts``, read as another process would."""
    deadline = time.monotonic() + PATIENCE
    while (found := saved_texts(folder)) != [texts]:
        assert time.monotonic() < deadline, f"after {PATIENCE:.0f} s the disk holds {found}, not {[texts]}"
        time.sleep(0.05)


async def test_kill_9_keeps_what_autosave_wrote_and_the_call_comes_back(
    data_dir: Path, tmp_path: Path
) -> None:
    """The real `cxnotes call` in a terminal, killed with SIGKILL: autosaved typing stays, the call returns.

    Typing reaches the disk with no quit, a half-typed line too. The test waits for each
    save; how soon it comes (within a second) is held by the crash benchmark
    (``benchmarks/crash.py``), so a slow machine cannot fail the test suite.
    """
    first, second = "청구가 두 번 됐어요", "second line, still typing"
    with PtyApp(cxnotes_argv("call", "김민지"), SIZE, cwd=tmp_path) as terminal:
        terminal.wait_for(BOTTOM_ROW, timeout=PATIENCE)
        terminal.type(first)
        wait_saved(data_dir, [first])
        terminal.write("\r")
        terminal.type(second)
        wait_saved(data_dir, [first, second])
        terminal.kill(signal.SIGKILL)
        assert not terminal.alive()
    [(call, texts)] = unfinished(data_dir)
    assert texts == [first, second]

    again = make_app(data_dir)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = call_screen(again)
        assert screen.session.call.id == call.id
        assert screen.title == "Call · 김민지 · phone"
        assert [p.split(" ", 2)[2] for p in prompts(screen.query_one("#transcript", OptionList))] == [first]
        assert screen.query_one("#line", Input).value == second  # the line being typed, to go on with
