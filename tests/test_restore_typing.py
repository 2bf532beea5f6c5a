"""A line half-typed when the app died comes back half-typed, in the typing box, to finish with Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from cxnotes.__main__ import make_app
from cxnotes.app import StartCall
from cxnotes.domain.models import Call, Line
from cxnotes.storage.store import Store
from tests.pilot_helpers import (
    call_screen,
    prompts,
    reopened,
    settle,
    stored,
    type_text,
    use_clock,
    wait_until,
)

HALF = "환불이 아직 안 됐고 [b]두 번[/b]"


def stored_lines(folder: Path, call_id: str) -> list[tuple[str, bool]]:
    """A call's lines on disk as another process reads them: (text, still being typed)."""
    with reopened(folder) as store:
        return [(line.text, line.typing) for line in store.lines_of(call_id)]


async def test_a_half_typed_line_comes_back_in_the_typing_box(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Half a line, autosaved, the app gone without leaving the call: reopened, the text waits in the box.

    The app is ended with ``app.exit()``: the screen's save on leaving finds nothing left to
    write, so the disk holds what autosave wrote, as after a kill -9.
    """
    use_clock(monkeypatch)  # the line's stamp is 00:00 however slowly the machine types it
    app = make_app(data_dir, StartCall("김민지"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, HALF)
        screen = call_screen(app)
        call_id = screen.session.call.id
        await wait_until(pilot, lambda: not screen.session.dirty, "the autosave to write the half line")
        assert stored_lines(data_dir, call_id) == [(HALF, True)]
        app.exit()
    stored(app).close()  # the lock a killed process leaves is free again; this one is still alive

    again = make_app(data_dir)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = call_screen(again)
        assert screen.session.call.id == call_id
        box = screen.query_one("#line", Input)
        assert screen.focused is box
        assert (box.value, box.cursor_position) == (HALF, len(HALF))
        assert prompts(screen.query_one("#transcript", OptionList)) == []
        await type_text(pilot, " 끝")
        await pilot.press("enter")
        await settle(pilot)
        assert box.value == ""
        assert prompts(screen.query_one("#transcript", OptionList)) == [f"00:00 C {HALF} 끝"]
        await pilot.press("ctrl+q")
    assert stored_lines(data_dir, call_id) == [(f"{HALF} 끝", False)]


async def test_only_the_unfinished_last_line_goes_back_to_the_box(data_dir: Path) -> None:
    """As a crash leaves it: two finished lines, a third being typed; only the third goes back to the box."""
    store = Store.open(data_dir)
    call = Call()
    done = [Line(call_id=call.id, index=i, offset=i * 5.0, text=f"line {i}") for i in range(2)]
    typing = Line(call_id=call.id, index=2, offset=12.0, speaker="operator", text="let me", typing=True)
    store.put(call, *done, typing)
    store.close()

    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = call_screen(app)
        assert screen.query_one("#line", Input).value == "let me"
        assert prompts(screen.query_one("#transcript", OptionList)) == ["00:00 C line 0", "00:05 C line 1"]
        assert str(screen.query_one("#stamp").content).startswith("00:12 O")
        await type_text(pilot, " check")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert stored_lines(data_dir, call.id) == [("line 0", False), ("line 1", False), ("let me check", False)]


async def test_a_long_half_line_comes_back_scrolled_to_its_end(data_dir: Path) -> None:
    """Longer than the box: it shows its end, where the cursor is, not its start with the cursor hidden."""
    long = "처음 " + "가나다라마바사 " * 20 + "마지막"
    store = Store.open(data_dir)
    call = Call()
    store.put(call, Line(call_id=call.id, index=0, offset=3.0, text=long, typing=True))
    store.close()

    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = call_screen(app).query_one("#line", Input)
        assert (box.value, box.cursor_position) == (long, len(long))
        assert box.scroll_x > 0
        assert "마지막" in box.render_line(0).text and "처음" not in box.render_line(0).text


async def test_a_line_begun_past_the_first_hour_shows_its_whole_stamp(data_dir: Path) -> None:
    """1:02:03 is two cells wider than 02:03: the stamp grows to hold it and the speaker tag."""
    store = Store.open(data_dir)
    call = Call()
    store.put(call, Line(call_id=call.id, index=0, offset=3723.0, text="still here", typing=True))
    store.close()

    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        stamp = call_screen(app).query_one("#stamp")
        assert stamp.region.width >= len(" 1:02:03 C ")
        assert "1:02:03 C" in "".join(stamp.render_line(y).text for y in range(stamp.region.height))
