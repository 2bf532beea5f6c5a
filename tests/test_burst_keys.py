"""Keys typed in a burst land where the operator meant them, in a real terminal.

Each burst is one write to a real pseudo-terminal (:mod:`benchmarks.pty_app`): the
app reads it at once and gets every key together, as it does from a touch typist on
a busy machine or over SSH. Pilot's ``press`` waits after every key and could never
show the fault: a key that moves the focus or opens or closes a dialog took effect
after the keys behind it had gone to the old target.

Esc is written the way terminals with the kitty keyboard protocol send it
(``ESC [ 27 u``): a bare ESC followed at once by text is read as Alt+text by any
terminal program, so a burst needs the unambiguous form.

Every test ends the app with Ctrl+Q in the same stream (it waits its turn too) and
reads what the store holds once the process has gone.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from benchmarks.pty_app import REPO, PtyApp, cxnotes_argv
from benchmarks.terminal import BOTTOM_ROW, SIZE
from cxnotes.domain.models import Call, Customer, Line, PainPoint, Promise, default_steps
from cxnotes.storage.store import Store

ENTER, TAB, ESC = "\r", "\t", "\x1b[27u"
CTRL_G, CTRL_T, CTRL_R, CTRL_Q = "\x07", "\x14", "\x12", "\x11"
UP, F4, F10, CTRL_RIGHT = "\x1b[A", "\x1bOS", "\x1b[21~", "\x1b[1;5C"

PATIENCE = 60.0
"""Seconds to wait for the app to start, or to save and quit, on a busy machine."""


@contextmanager
def live_call(data_dir: Path) -> Iterator[PtyApp]:
    """`cxnotes call 김민지` in a real terminal, once its first frame is drawn."""
    with PtyApp(cxnotes_argv("--data-dir", str(data_dir), "call", "김민지"), SIZE, cwd=REPO) as app:
        app.wait_for(BOTTOM_ROW, timeout=PATIENCE)
        yield app


def quit_and_open(app: PtyApp, data_dir: Path) -> Store:
    """Ctrl+Q behind the keys already sent; the store as the next process reads it."""
    app.write(CTRL_Q)
    deadline = time.monotonic() + PATIENCE
    while app.alive():
        assert time.monotonic() < deadline, f"still running: {bytes(app.output[-600:])!r}"
        time.sleep(0.02)
    return Store.open(data_dir, readonly=True)


def said(store: Store) -> list[tuple[str, str]]:
    """The call's lines as (speaker, text), in order."""
    return [(line.speaker, line.text) for line in sorted(store.all(Line), key=lambda line: line.index)]


def test_enter_then_ctrl_t_gives_the_next_line_the_other_speaker(data_dir: Path) -> None:
    with live_call(data_dir) as app:
        app.write(f"환불해 주세요{ENTER}{CTRL_T}확인해 보겠습니다{ENTER}{CTRL_T}네 감사합니다{ENTER}")
        store = quit_and_open(app, data_dir)
    assert said(store) == [
        ("customer", "환불해 주세요"),
        ("operator", "확인해 보겠습니다"),
        ("customer", "네 감사합니다"),
    ]


def test_tab_to_the_due_date_then_typing_it_saves_the_date(data_dir: Path) -> None:
    today = date.today()
    with live_call(data_dir) as app:
        app.write(f"{CTRL_R}무료 체험 재진행{TAB}3일 후{ENTER}다음 줄{ENTER}")
        store = quit_and_open(app, data_dir)
    [promise] = store.all(Promise)
    assert promise.text == "무료 체험 재진행"
    assert promise.due in (today + timedelta(days=3), date.today() + timedelta(days=3))
    assert said(store) == [("customer", "다음 줄")]


def test_digits_right_after_ctrl_g_pick_the_step_and_severity(data_dir: Path) -> None:
    with live_call(data_dir) as app:
        app.write(f"위약금이 너무 커요{CTRL_G}74{ENTER} 정말로{ENTER}그 다음 말{ENTER}")
        store = quit_and_open(app, data_dir)
    [point] = store.all(PainPoint)
    assert (point.step, point.severity) == (default_steps()[6].slug, 4)
    # Ctrl+G marked the line being typed, which goes on after the picker closes.
    assert said(store) == [("customer", "위약금이 너무 커요 정말로"), ("customer", "그 다음 말")]
    assert point.line_id == sorted(store.all(Line), key=lambda line: line.index)[0].id


def test_esc_then_text_goes_to_the_typing_line(data_dir: Path) -> None:
    """Esc leaves the transcript list, or cancels a dialog; the words typed next are not lost in it."""
    with live_call(data_dir) as app:
        app.write(f"첫 줄{ENTER}{UP}{ESC}둘째 줄{ENTER}")
        app.write(f"{CTRL_R}{ESC}셋째 줄{ENTER}{CTRL_G}{ESC}넷째 줄{ENTER}")
        store = quit_and_open(app, data_dir)
    assert [text for _, text in said(store)] == ["첫 줄", "둘째 줄", "셋째 줄", "넷째 줄"]
    assert store.all(Promise) == [] and store.all(PainPoint) == []


def test_tab_then_text_in_the_customer_and_end_call_dialogs(data_dir: Path) -> None:
    with live_call(data_dir) as app:
        app.write(f"여보세요{ENTER}{F4}박지훈{TAB}1년 회원{ENTER}{F10}{CTRL_RIGHT}환불 안내함{ENTER}")
        store = quit_and_open(app, data_dir)
    [call] = store.all(Call)
    customer = store.get(Customer, call.customer_id or "")
    assert customer is not None and (customer.name, customer.segment) == ("박지훈", "1년 회원")
    assert (call.outcome, call.summary) == ("retained", "환불 안내함")
    assert call.ended_at is not None
    assert said(store) == [("customer", "여보세요")]


def forty_line_call() -> list[tuple[str, str]]:
    """Forty lines of a call, the speaker changing as a conversation does (runs of one to three)."""
    speakers = ["customer", "customer", "operator", "customer", "operator", "operator", "operator"]
    return [(speakers[n % len(speakers)], f"{n + 1}번째 문장 환불 위약금 {n * 7}원") for n in range(40)]


def test_a_forty_line_call_typed_in_bursts_lands_exactly_as_typed(data_dir: Path) -> None:
    lines = forty_line_call()
    with live_call(data_dir) as app:
        speaker = "customer"
        burst = ""
        for number, (who, text) in enumerate(lines, start=1):
            if who != speaker:
                burst += CTRL_T
                speaker = who
            burst += text + ENTER
            if number == 10:
                burst += f"{UP}{CTRL_G}35{ENTER}"  # the tenth line: step 3, severity 5; back to typing
            if number == 25:
                burst += f"{CTRL_R}다시 전화 드리기{TAB}내일{ENTER}"
            if number % 5 == 0:
                app.write(burst)
                burst = ""
                time.sleep(0.01)
        store = quit_and_open(app, data_dir)
    assert said(store) == lines
    [point] = store.all(PainPoint)
    stored = sorted(store.all(Line), key=lambda line: line.index)
    assert (point.line_id, point.step, point.severity) == (stored[9].id, default_steps()[2].slug, 5)
    [promise] = store.all(Promise)
    assert promise.text == "다시 전화 드리기"
    assert promise.due in (date.today() + timedelta(days=1), date.today() + timedelta(days=2))
