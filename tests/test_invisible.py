"""Bidi controls and zero-width characters never reach the screen, a table or an export (issue 14, item 7).

A right-to-left override in a fix title reverses what follows it in the terminal and in every
exported file; a zero-width space hides inside a customer's name, so "김민지" finds nobody.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Label, OptionList

from cxnotes import export
from cxnotes.__main__ import main, make_app
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise
from cxnotes.domain.text import clean
from cxnotes.screens.calls import CallsScreen
from cxnotes.storage.store import Store
from tests.pilot_helpers import call_screen, plain, prompts, rows, settle

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u2060\ufeff\u00ad\u180e"
INVISIBLE = BIDI + ZERO_WIDTH


def hidden(text: str) -> list[str]:
    """The invisible characters left in ``text`` (a lone joiner between Latin or Korean letters counts)."""
    found = [f"U+{ord(c):04X}" for c in text if c in INVISIBLE]
    pairs = zip(text, text[1:], text[2:], strict=False)
    return found + [f"ZWJ in {a}{c}" for a, b, c in pairs if b in "\u200c\u200d" and (a + c).isalpha()]


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_each_bidi_control_and_zero_width_character_is_removed(char: str) -> None:
    assert clean(f"refund{char} denied 김{char}민지") == "refund denied 김민지"


@pytest.mark.parametrize(
    "kept",
    [
        "👩\u200d👩\u200d👧 family plan",  # an emoji ZWJ sequence: one family, not three people
        "🏳\ufe0f\u200d🌈",
        "👍🏽\u200d🔥",
        "می\u200cخواهم",  # Persian: the non-joiner is spelling
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland's flag: tags kept
    ],
)
def test_joiners_that_join_are_kept(kept: str) -> None:
    assert clean(kept) == kept


def test_joiners_and_tags_that_only_hide_are_removed() -> None:
    assert clean("ad\u200dmin 김\u200c민지 \u200d😡 hid\U000e0041\U000e0042den") == "admin 김민지 😡 hidden"


def test_typed_on_the_shell_stored_clean_and_found_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    code = main(
        [
            "--data-dir", str(store), "log", "환불\u202e거부", "--step", "billing",
            "--customer", "김\u200b민지", "--fix", "Double\u2066 charge\u200f",
        ]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    opened = Store.open(store, readonly=True)
    try:
        (point,) = opened.all(PainPoint)
        assert point.quote == "환불거부"
        assert opened.customer_named("김민지") is not None
        assert opened.fix_titled("Double charge") is not None
    finally:
        opened.close()


def old_store(folder: Path) -> None:
    """A store written before this rule (records put directly, uncleaned), as older stores are."""
    store = Store.open(folder)
    at = datetime.now().astimezone()
    customer = Customer(id="c", name="김\u200b민\u202e지", segment="VIP\u2066", created_at=at)
    fixes = [
        Fix(id=f"f{i}", title=title, created_at=at) for i, title in enumerate(["Refund\u202e slow", "Plain"])
    ]
    points = [
        PainPoint(id=f"p{i}", quote=f"돈\u200b을\u202e 돌려줘 {i}", step="billing", severity=5,
                  customer_id="c", fix_id=fix.id, created_at=at)
        for i, fix in enumerate(fixes)
    ]  # fmt: skip
    store.put(customer, *fixes, *points)
    store.close()


def test_an_old_store_with_invisible_characters_shows_and_exports_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "store"
    old_store(folder)
    assert main(["--data-dir", str(folder), "fixes"]) == 0
    table = capsys.readouterr().out
    assert hidden(table) == []
    rows = [line for line in table.splitlines() if "Refund" in line or "Plain" in line]
    assert len(rows) == 2 and cell_len(rows[0]) == cell_len(rows[1]), "columns line up"
    opened = Store.open(folder, readonly=True)
    try:
        for fmt in export.FORMATS:
            text = export.render(opened, fmt, include_names=True, everything=True)
            text = text.removeprefix("\ufeff") if fmt == "csv" else text  # the csv's BOM is for Excel
            assert hidden(text) == [], fmt
            if fmt == "json":
                assert "김민지" in {c["name"] for c in json.loads(text)["customers"]}
    finally:
        opened.close()


async def test_the_app_shows_an_old_stores_call_without_invisible_characters(tmp_path: Path) -> None:
    """An ended call from a store written before this rule: list, transcript, panels and banner are clean."""
    store = Store.open(tmp_path / "store")
    who = Customer(name="김\u200b민지\u202e", segment="VIP\u2066")
    call = Call(
        customer_id=who.id, ended_at=datetime.now().astimezone(), outcome="resolved", summary="ok\u202e"
    )
    line = Line(call_id=call.id, text="환불\u202e 거부\u200b")
    point = PainPoint(
        quote="돈\u202e을", step="billing", call_id=call.id, customer_id=who.id, line_id=line.id
    )
    promise = Promise(text="전화\u2067 드리기", call_id=call.id, customer_id=who.id)
    store.put(who, call, line, point, promise)
    store.close()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)
        first = rows(app.screen.query_one(DataTable))[0]
        assert [first[1], first[5]] == ["김민지", "VIP"]  # customer, segment
        await pilot.press("enter")
        await settle(pilot)
        screen = call_screen(app)
        shown = [plain(screen.query_one("#ended", Label).content)]
        for panel in ("#transcript", "#points", "#promises"):
            shown += prompts(screen.query_one(panel, OptionList))
        assert len(shown) == 4 and hidden("\n".join(shown)) == [], shown
        assert "환불 거부" in shown[1] and "전화 드리기" in shown[3]
