"""A call held in a real browser: ``cxnotes serve``, headless Chromium, the store on disk.

The operator never clicks: keys go to the app as soon as the page has loaded.
Korean arrives three ways (typed characters, inserted text, and an input-method
composition through Chrome's IME events), each once and whole. The summary is
exported as a browser download. Closing the tab mid-call keeps the call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from web_support import (
    Server,
    app_processes,
    browser,  # noqa: F401 (a fixture)
    cxnotes_serve,
    screenshot,
    stored,
    wait_for,
)

from benchmarks.browser import VIEWPORT, Tab
from cxnotes.domain.models import Call, Fix, Line, PainPoint

ENGLISH = "The refund took three weeks"
TYPED_KOREAN = "고객센터 연결이 너무 오래 걸려요"
COMPOSED = "환불 안내가 늦어요"
"""Typed through the input method: 환 and 불 composed jamo by jamo, the rest committed text."""
FIX = "환불 기준 안내"
FOCUSED_FIX_BOX = "ix title (optional"
"""The fix box's placeholder drawn after its first letter, which the cursor covers: it has focus."""


@pytest.fixture
def server(data_dir: Path, tmp_path: Path) -> Iterator[Server]:
    yield from cxnotes_serve(data_dir, tmp_path / "serve.log")


@pytest.fixture
def new_tab(browser: object) -> Iterator[Callable[[], Tab]]:  # noqa: F811 (the fixture above)
    """Tabs in browsers of their own (separate contexts: no shared cookies), as on two desks."""
    contexts: list[Any] = []

    def make() -> Tab:
        contexts.append(browser.new_context(viewport=VIEWPORT, accept_downloads=True))  # type: ignore[attr-defined]
        return Tab(contexts[-1].new_page())

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def tab(new_tab: Callable[[], Tab]) -> Tab:
    return new_tab()


def start_call(tab: Tab, customer: str) -> None:
    """From the calls list: n, the customer's name, Enter; wait for the call screen's footer.

    Each key waits for what it opens: a key typed while a dialog opens goes to the screen
    below it (issue 13 changes that, for the terminal too).
    """
    tab.press_then_wait("n", "Customer name or id")
    tab.page.keyboard.insert_text(customer)
    tab.press_then_wait("Enter", "End call")


def say(tab: Tab, text: str, *, typed: bool = False) -> None:
    """One transcript line: typed key by key, or inserted as an input method commits it; then Enter."""
    mark = tab.drawn()
    if typed:
        tab.page.keyboard.type(text)
    else:
        tab.page.keyboard.insert_text(text)
    tab.wait_text(text.split()[-1], mark)
    tab.page.keyboard.press("Enter")


def compose(tab: Tab, stages: list[str]) -> None:
    """One syllable through Chrome's input method: each stage of the composition, then the commit."""
    cdp = tab.page.context.new_cdp_session(tab.page)
    for stage in stages:
        cdp.send("Input.imeSetComposition", {"text": stage, "selectionStart": 1, "selectionEnd": 1})
    cdp.send("Input.insertText", {"text": stages[-1]})
    cdp.detach()


def test_a_call_in_korean_marked_ended_and_exported_as_a_download(server: Server, tab: Tab) -> None:
    tab.open(server.url)
    tab.wait_text("New call")  # the calls list is up
    start_call(tab, "김민지")
    drawn = tab.page.evaluate("window.cx.text")
    assert "f9" in drawn and "^o" in drawn, "the footers show the keys a browser passes through"
    assert "f5" not in drawn and "^t" not in drawn, "not those it keeps (F5 reloads, Ctrl+T opens a tab)"
    say(tab, ENGLISH, typed=True)
    mark = tab.drawn()
    tab.page.keyboard.insert_text(TYPED_KOREAN)
    tab.wait_text("걸려요", mark)
    tab.page.keyboard.press("Control+o")  # the speaker key in a browser (Ctrl+T opens a tab there)
    tab.page.keyboard.press("Enter")
    compose(tab, ["ㅎ", "화", "환"])
    compose(tab, ["ㅂ", "부", "불"])
    say(tab, " 안내가 늦어요")
    tab.wait_text("늦어요")

    tab.press_then_wait("F2", "Mark pain point")
    tab.settle()  # drawn whole: what the first Tab redraws can only be the quote box taking focus
    tab.page.keyboard.press("2")  # the second step of the value chain
    tab.page.keyboard.press("4")  # severity 4
    tab.press_then_wait("Tab", "늦어요")  # the quote box, redrawn as it takes focus
    tab.press_then_wait("Tab", FOCUSED_FIX_BOX)
    tab.page.keyboard.insert_text(FIX)
    tab.wait_text("기준")
    tab.page.keyboard.press("Enter")
    store = stored(server.data_dir)
    point = wait_for("the pain point", lambda: (store.refresh(), store.all(PainPoint))[1])[0]
    screenshot(tab, "call-screen")

    call = store.get(Call, point.call_id)
    assert call is not None
    lines = wait_for("three lines", lambda: _lines(store, call.id, 3))
    assert [line.text for line in lines] == [ENGLISH, TYPED_KOREAN, COMPOSED], "each once, whole, in order"
    assert lines[0].speaker == "customer" and lines[1].speaker == "operator"
    assert point.quote in ("", COMPOSED) and point.severity == 4
    assert point.step == store.steps()[1].slug
    fix = store.get(Fix, point.fix_id)
    assert fix is not None and fix.title == FIX

    tab.press_then_wait("F10", "Short summary of the call")
    tab.page.keyboard.insert_text("환불 지연 안내")
    tab.press_then_wait("Enter", "Call saved")
    wait_for("the call to end", lambda: (store.refresh(), _finished(store, call.id))[1])

    mark = tab.drawn()
    tab.press_then_wait("F6", FIX, timeout=30)
    tab.wait_text("늦어요", mark)  # the evidence, read in a worker after the ranking
    screenshot(tab, "fix-list")
    tab.press_then_wait("Escape", "New call")
    tab.press_then_wait("F7", "Download as")
    download = tab.download(lambda: tab.page.keyboard.press("Control+s"))
    summary = Path(download.path()).read_text(encoding="utf-8")
    assert download.suggested_filename.startswith("cxnotes-summary-")
    assert download.suggested_filename.endswith(".html")
    assert FIX in summary and "<html" in summary.lower()
    assert "김민지" not in summary, "no customer names in an export unless asked"
    tab.press_then_wait("Escape", "New call")
    tab.press_then_wait("F9", "Log a complaint")  # F5 in a terminal; a browser reloads the page on F5


def test_a_key_typed_as_the_page_loads_is_taken_without_a_click(server: Server, tab: Tab) -> None:
    """Typed before the app has connected or drawn: queued, then held until the list has focus."""
    tab.page.goto(server.url, wait_until="load")
    tab.page.keyboard.press("n")
    tab.wait_text("Customer name or id")  # the new-call dialog: n reached the calls list


def test_closing_the_tab_mid_call_keeps_the_call(server: Server, tab: Tab) -> None:
    tab.open(server.url)
    start_call(tab, "정하늘")
    say(tab, "해지하려는데 위약금이 얼마인가요")
    tab.page.keyboard.insert_text("반쯤 쓴 줄")
    tab.wait_text("줄")
    asked: list[str] = []
    tab.page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    tab.page.close(run_before_unload=True)  # Ctrl+W, by habit from the terminal: the browser asks first
    wait_for("the browser to ask", lambda: asked or tab.page.wait_for_timeout(50))  # (which lets events in)
    assert asked == ["beforeunload"] and not tab.page.is_closed(), "dismissed, the tab stays"
    tab.page.close()  # as the operator closing the tab for good

    wait_for("the tab's app to quit", lambda: not app_processes(server.pid))
    store = stored(server.data_dir)
    (call,) = store.unfinished_calls()
    lines = store.lines_of(call.id)
    assert [line.text for line in lines] == ["해지하려는데 위약금이 얼마인가요", "반쯤 쓴 줄"]
    assert not lines[0].typing and lines[1].typing, "the half-typed line comes back half-typed"


def test_two_tabs_see_each_others_changes(server: Server, new_tab: Callable[[], Tab]) -> None:
    """A lead in the calls list and the fix review, an operator in a call, each in a tab of their own."""
    lead, operator = new_tab(), new_tab()
    lead.open(server.url)
    operator.open(server.url)

    seen = lead.drawn()
    start_call(operator, "박지훈")
    lead.wait_text("박지훈", seen)  # the new call, in the lead's calls list

    lead.press_then_wait("F6", "triage queue")
    seen = lead.drawn()
    say(operator, "배송이 두 번이나 늦었어요")
    operator.press_then_wait("F2", "Mark pain point")
    operator.settle()
    operator.page.keyboard.press("3")
    operator.press_then_wait("Tab", "늦었어요")
    operator.press_then_wait("Tab", FOCUSED_FIX_BOX)
    operator.page.keyboard.insert_text("배송 지연 보상")
    operator.wait_text("보상")
    operator.page.keyboard.press("Enter")
    lead.wait_text("배송 지연 보상", seen)  # the new fix, ranked in the lead's review

    operator.press_then_wait("Escape", "New call")  # the call stays open (unfinished) in the list
    seen = operator.drawn()
    lead.press_then_wait("Escape", "New call")
    start_call(lead, "최유리")
    operator.wait_text("최유리", seen)  # and the other way round


def test_stopping_the_server_keeps_every_open_call(data_dir: Path, tmp_path: Path, tab: Tab) -> None:
    """Ctrl+C on ``cxnotes serve``: each tab's app saves and quits, and the server does not wait for tabs."""
    serving = cxnotes_serve(data_dir, tmp_path / "serve.log")
    server = next(serving)
    tab.open(server.url)
    start_call(tab, "한지민")
    say(tab, "요금이 두 번 나갔어요")
    tab.page.keyboard.insert_text("확인해 보니")
    tab.wait_text("보니")
    serving.close()  # SIGINT, as Ctrl+C; after 15 s it would be killed
    assert server.process.returncode == 0, "the server stopped by itself, every tab's app done"
    store = stored(data_dir)
    (call,) = store.unfinished_calls()
    assert [(line.text, line.typing) for line in store.lines_of(call.id)] == [
        ("요금이 두 번 나갔어요", False),
        ("확인해 보니", True),
    ]


def _lines(store: object, call_id: str, count: int) -> list[Line] | None:
    lines = store.lines_of(call_id)  # type: ignore[attr-defined]
    return lines if len(lines) >= count else None


def _finished(store: object, call_id: str) -> bool:
    call = store.get(Call, call_id)  # type: ignore[attr-defined]
    return bool(call and call.finished)
