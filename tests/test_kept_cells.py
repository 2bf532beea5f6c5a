"""KeptCellsTable draws exactly what Textual's DataTable draws, through every change a screen makes.

It keeps cells' drawings across the DataTable's updates (cxnotes/widgets/kept_cells.py); a
drawing kept past a change it depends on (the cursor moved, a cell changed, rows moved up,
the table lost focus, the theme changed) would show a stale row. So the same table is built
once each way, put through the same changes, and the lines each drew after every change compared.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import DataTable, Input

from cxnotes.widgets.kept_cells import KeptCellsTable

Lines = list[list[tuple[str, object]]]


class OneTable(App[None]):
    """A table of the given class above an input (somewhere else for the focus to go)."""

    CSS = "DataTable { height: 12; }"

    def __init__(self, table: type[DataTable]) -> None:
        super().__init__()
        self.table_class = table

    def compose(self) -> ComposeResult:
        yield self.table_class(cursor_type="row", zebra_stripes=True)
        yield Input()


def _lines(table: DataTable) -> Lines:
    """Every line the table draws now: its text and style, run by run."""
    table.refresh()
    strips = table.render_lines(Region(0, 0, table.size.width, table.size.height))
    return [[(segment.text, segment.style) for segment in strip.simplify()] for strip in strips]


def _row(n: int) -> list[Text]:
    return [
        Text(f"{n:03d}"),
        Text(f"고객 {n}", style="bold" if n % 3 else ""),
        Text(str(n * 7), justify="right"),
    ]


def _fill(table: DataTable, numbers: range) -> None:
    for n in numbers:
        table.add_row(*_row(n), key=str(n))


NARROWER, WIDER = (24, 16), (70, 16)
"""Steps' results that ask for the terminal to be resized to them (columns, lines)."""
AWAY = "away"
"""A step's result that asks for another screen to be shown and left (the styles are applied again)."""

STEPS: list[tuple[str, Callable[[DataTable], object]]] = [
    ("filled", lambda t: _fill(t, range(30))),
    ("focused", lambda t: t.focus()),
    ("rows added below", lambda t: _fill(t, range(30, 60))),
    ("cursor down", lambda t: t.move_cursor(row=3)),
    ("a cell in view changed", lambda t: t.update_cell("2", "customer", Text("바뀐 고객"))),
    ("a row above removed", lambda t: t.remove_row("0")),
    ("two more above removed (rows keep their stripes)", lambda t: (t.remove_row("1"), t.remove_row("3"))),
    ("sorted the other way", lambda t: t.sort("no", key=lambda no: -int(no.plain))),
    ("scrolled", lambda t: t.move_cursor(row=40)),
    ("a column widened", lambda t: t.update_cell("45", "no", Text("번호 045 (긴)"), update_width=True)),
    ("narrower terminal", lambda t: NARROWER),
    ("scrolled right", lambda t: t.scroll_to(x=6, animate=False)),
    ("wider terminal", lambda t: WIDER),
    ("focus left", lambda t: t.app.query_one(Input).focus()),
    ("another screen shown and left", lambda t: AWAY),
    ("theme changed", lambda t: setattr(t.app, "theme", "textual-light")),
    ("cleared and filled again", lambda t: (t.clear(), _fill(t, range(5)))),
]
"""(what changed, the change), in order."""


async def _drawn(table_class: type[DataTable]) -> list[tuple[str, Lines]]:
    app = OneTable(table_class)
    drawn = []
    async with app.run_test(size=(60, 16)) as pilot:
        table = app.query_one(DataTable)
        table.add_column("No", key="no")
        table.add_column("Customer", key="customer", width=12)
        table.add_column("Points", key="points", width=8)
        for change, act in STEPS:
            asked = act(table)
            if asked in (NARROWER, WIDER):
                await pilot.resize_terminal(*asked)
            elif asked == AWAY:
                await app.push_screen(Screen())
                await pilot.pause()
                await app.pop_screen()
            await pilot.pause()
            drawn.append((change, _lines(table)))
    return drawn


async def test_kept_cells_draw_what_the_datatable_draws_after_every_change() -> None:
    plain, kept = await _drawn(DataTable), await _drawn(KeptCellsTable)
    for (change, expected), (_change, lines) in zip(plain, kept, strict=True):
        assert lines == expected, f"after: {change}"
    pairs = zip(plain, plain[1:], strict=False)
    unseen = [change for (_c, before), (change, after) in pairs if before == after]
    assert unseen == ["focused", "rows added below", "another screen shown and left"]  # the rest show
