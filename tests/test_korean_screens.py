"""The screens in Korean, as a Korean operator meets them: Korean words shown, English keys stored.

The catalogue is compiled from the committed ``cxnotes/locale/ko/LC_MESSAGES/cxnotes.po`` into a
temporary folder (the ``.mo`` is built by the install, never committed), so the test reads the
translations as they are in the source. English is restored after each test: the other tests
run in the same process and expect it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pilot_helpers import Notes, call_screen, plain, prompts, reopened, rows, settle, type_text
from textual.widgets import DataTable, OptionList, Static

from cxnotes import i18n
from cxnotes.app import CxNotesApp, StartCall
from cxnotes.domain.models import Call, PainPoint
from cxnotes.screens.calls import CallsScreen
from cxnotes.screens.dialogs import EndCallDialog, PainPointPicker
from cxnotes.screens.log import LogScreen

SOURCE = Path(i18n.__file__).parent / "locale" / "ko" / "LC_MESSAGES" / "cxnotes.po"


@pytest.fixture
def korean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Speak Korean for one test, from the source catalogue compiled now; English afterwards."""
    pofile = pytest.importorskip("babel.messages.pofile")
    mofile = pytest.importorskip("babel.messages.mofile")
    folder = tmp_path / "locale" / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with SOURCE.open("rb") as source, (folder / "cxnotes.mo").open("wb") as compiled:
        mofile.write_mo(compiled, pofile.read_po(source))
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    i18n.set_language("ko")
    try:
        yield
    finally:
        i18n.set_language("en")


@pytest.mark.usefixtures("korean")
async def test_a_call_in_korean_shows_korean_labels_and_stores_the_english_keys(data_dir: Path) -> None:
    """Step, channel and outcome are picked by their Korean names; the store keeps "cancel", "retained"."""
    notes = Notes()
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(80, 24), message_hook=notes) as pilot:
        await settle(pilot)
        call = call_screen(app)
        assert call.title == "상담 · 김민지 · 전화"
        await type_text(pilot, "환불이 늦어요")
        await pilot.press("ctrl+g")
        picker = app.screen
        assert isinstance(picker, PainPointPicker)
        assert "8 해지·환불" in plain(picker.query_one("#steps", Static).content)
        await pilot.press("8", "5", "enter")
        await settle(pilot)
        assert prompts(call.query_one("#points", OptionList)) == ["1. 해지·환불 ●●●●●\n   환불이 늦어요"]
        await pilot.press("f10", "ctrl+right")
        dialog = app.screen
        assert isinstance(dialog, EndCallDialog)
        assert plain(dialog.query_one("#outcomes", Static).content).split() == [
            "해결됨", "유지됨", "환불", "요청", "이탈함", "기타"
        ]  # fmt: skip
        await pilot.press("enter")
        await settle(pilot)
        assert ("", "상담을 저장했습니다.") in notes.shown
        assert isinstance(app.screen, CallsScreen)
        [row] = rows(app.screen.query_one(DataTable))
        assert (row[1], row[2], row[6]) == ("김민지", "유지됨", "전화")
    with reopened(data_dir) as store:
        [stored] = store.all(Call)
        [point] = store.pain_points_of(stored.id)
        assert (stored.channel, stored.outcome, point.step) == ("phone", "retained", "cancel")


@pytest.mark.usefixtures("korean")
async def test_a_complaint_logged_in_korean_takes_korean_channel_and_step_names(data_dir: Path) -> None:
    """채팅 typed and 결제 completed to 결제·갱신 are stored as "chat" and "billing"; hints in Korean."""
    app = CxNotesApp(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogScreen)
        await type_text(pilot, "요금이 두 번 나갔어요")
        for name, text in (("channel", "채팅"), ("step", "결제")):
            form.box(name).focus()
            await pilot.pause()
            await type_text(pilot, text)
        await pilot.press("tab")  # completes the step's Korean name
        await pilot.pause()
        assert plain(form.query_one("#channel-hint", Static).content) == "채팅"
        assert form.box("step").value == "결제·갱신"
        assert plain(form.query_one("#step-hint", Static).content) == "결제·갱신"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.box("text").value == ""
    with reopened(data_dir) as store:
        [point] = store.all(PainPoint)
        assert (point.quote, point.channel, point.step) == ("요금이 두 번 나갔어요", "chat", "billing")
