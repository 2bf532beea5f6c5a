"""The plain-text table of ``cxnotes fixes`` draws the lines Rich's table drew, Korean included.

``cxnotes fixes`` printed a Rich ``box.SIMPLE_HEAD`` table; it now prints
:mod:`cxnotes.cli.text_table`'s lines without importing Rich's console. Rich here is the reference:
random tables of English and Korean cells, and random titles and captions wrapped at random widths,
must come out the same, space for space, whenever the table fits its width.
"""

from __future__ import annotations

import io
import random

import pytest
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cxnotes.cli import text_table
from cxnotes.cli.text_table import Column

WORDS = (
    "결제가",
    "두",
    "번",
    "됐어요",
    "refund",
    "One-click",
    "cancellation",
    "—",
    "웹",
    "(all",
    "in",
    "json).",
)


def rich_lines(
    columns: list[Column], rows: list[list[str]], title: str, caption: str, width: int
) -> list[str]:
    """What the Rich table ``cxnotes fixes`` printed shows for these cells at ``width`` columns."""
    grid = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        caption=caption or None,
        caption_justify="left",
    )
    for column in columns:
        grid.add_column(column.heading, justify="right" if column.right else "left", no_wrap=True)
    for row in rows:
        grid.add_row(*(Text(cell) for cell in row))
    out = io.StringIO()
    Console(file=out, width=width, markup=False, highlight=False, emoji=False, color_system=None).print(grid)
    return out.getvalue().splitlines()


def sentence(draw: random.Random, words: int) -> str:
    return " ".join(draw.choice(WORDS) for _ in range(words)) + draw.choice(["", " ", "  "])


@pytest.mark.parametrize("seed", range(40))
def test_a_table_that_fits_is_drawn_as_rich_drew_it(seed: int) -> None:
    draw = random.Random(seed)
    columns = [Column("#", right=True)] + [
        Column(draw.choice(["fix", "고객", "points", "점수"]), right=draw.random() < 0.5)
        for _ in range(draw.randint(1, 5))
    ]
    rows = [
        [str(rank)]
        + [
            draw.choice([sentence(draw, draw.randint(1, 4)).strip(), str(draw.randint(0, 99999)), ""])
            for _ in columns[1:]
        ]
        for rank in range(1, draw.randint(1, 9))
    ]
    title, caption = (
        sentence(draw, draw.randint(1, 9)),
        draw.choice(["", sentence(draw, draw.randint(1, 20))]),
    )
    needed = text_table.width(columns, rows)
    for width in (needed, needed + draw.randint(1, 40)):
        assert text_table.lines(columns, rows, title, caption) == rich_lines(
            columns, rows, title, caption, width
        )


@pytest.mark.parametrize("seed", range(40))
def test_text_wraps_as_rich_wraps_it(seed: int) -> None:
    """Words longer than a line are cut by cells (a Korean syllable is not split), as Rich cuts them;
    each line is padded to the width (Rich's console leaves that to the table)."""
    draw = random.Random(seed)
    text = sentence(draw, draw.randint(1, 12)).replace(
        "—", draw.choice(["—", "가나다라마바사아자차카타", "x" * 30])
    )
    room = draw.randint(2, 40)
    out = io.StringIO()
    Console(file=out, width=room, markup=False, highlight=False, emoji=False, color_system=None).print(
        Text(text, justify="left")
    )
    lines = text_table.wrap(text, room)
    assert all(cell_len(line) == room for line in lines)
    assert [line.rstrip() for line in lines] == [line.rstrip() for line in out.getvalue().splitlines()]


def test_a_terminal_gets_the_title_headings_and_caption_styled_and_the_same_cells() -> None:
    columns, rows = [Column("fix"), Column("점수", right=True)], [["환불 안내", "12.50"]]
    plain = text_table.lines(columns, rows, "Fixes", "left out: steps")
    styled = text_table.lines(columns, rows, "Fixes", "left out: steps", styled=True)
    assert styled[0] == f"\x1b[3m{plain[0]}\x1b[0m" and styled[1] == f"\x1b[1m{plain[1]}\x1b[0m"
    assert styled[2:4] == plain[2:4] == ["─" * 16, "환불 안내  12.50"]
    assert styled[4] == f"\x1b[2;3m{plain[4]}\x1b[0m"
