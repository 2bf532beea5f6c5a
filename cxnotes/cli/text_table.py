"""A table for the shell as plain lines of text: the ranked fix list of ``cxnotes fixes``.

Rich's console and table took ``cxnotes fixes`` 50 ms to import and 15 ms to measure and draw ten
rows, a sixth of the command. This draws the same lines Rich's ``box.SIMPLE_HEAD`` table without
edges drew (``tests/test_text_table.py`` holds them equal, Korean included): cells two spaces apart,
a rule of ``─`` under the headings, the title and the caption wrapped at spaces to the table's width
and padded to it. Widths are in terminal cells, by the rule :func:`cxnotes.domain.text.one_line` cuts
titles by (``rich.cells``, a light import: a Korean syllable counts two). A cell is never cut: a table
wider than the terminal (only under about 34 columns) is printed whole and the terminal wraps it.
On a terminal the title is italic, the headings bold and the caption dim, as Rich showed them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len, chop_cells

GAP = "  "
"""Between two columns (Rich's cell padding and column divider)."""

RULE = "─"


@dataclass(frozen=True)
class Column:
    """A column's heading and which side its cells keep to."""

    heading: str
    right: bool = False
    """Cells end at the column's right edge (numbers), else start at its left."""


def width(columns: list[Column], rows: list[list[str]]) -> int:
    """Cells the table takes: its widest cell of each column, the gaps between."""
    return sum(_widths(columns, rows)) + len(GAP) * (len(columns) - 1)


def lines(
    columns: list[Column], rows: list[list[str]], title: str, caption: str = "", styled: bool = False
) -> list[str]:
    """The table's lines: title, headings, rule, a line per row, then the caption if any.

    ``styled``: with terminal escapes for the title, headings and caption (a terminal, not a pipe).
    """
    widths = _widths(columns, rows)
    total = sum(widths) + len(GAP) * (len(columns) - 1)
    out = [_style(line, "3", styled) for line in wrap(title, total)]
    out.append(_style(_line(columns, [c.heading for c in columns], widths), "1", styled))
    out.append(RULE * total)
    out += [_line(columns, row, widths) for row in rows]
    if caption:
        out += [_style(line, "2;3", styled) for line in wrap(caption, total)]
    return out


def wrap(text: str, room: int) -> list[str]:
    """``text`` in lines of exactly ``room`` cells: broken before a word that would not fit (a word
    with the spaces after it), a word wider than ``room`` cut by cells; each line padded with spaces,
    spaces past ``room`` dropped."""
    broken: list[str] = []
    line, used = "", 0
    for word in _words(text):
        needed = cell_len(word.rstrip())
        if needed <= room - used:
            line, used = line + word, used + cell_len(word)
        elif needed > room:
            pieces = chop_cells(word, room)
            if line:
                broken.append(line)
            broken += pieces[:-1]
            line, used = pieces[-1], cell_len(pieces[-1])
        else:
            if line:
                broken.append(line)
            line, used = word, cell_len(word)
    broken.append(line)
    return [_fit(piece, room) for piece in broken]


def _words(text: str) -> list[str]:
    """Each word with the spaces after it (the first with those before it too)."""
    return re.findall(r"\s*\S+\s*", text)


def _fit(line: str, room: int) -> str:
    """``line`` as ``room`` cells: trailing spaces past it dropped, spaces added up to it."""
    while cell_len(line) > room and line.endswith(" "):
        line = line[:-1]
    return line + " " * (room - cell_len(line))


def _widths(columns: list[Column], rows: list[list[str]]) -> list[int]:
    return [
        max(cell_len(cell) for cell in (column.heading, *(row[i] for row in rows)))
        for i, column in enumerate(columns)
    ]


def _line(columns: list[Column], cells: list[str], widths: list[int]) -> str:
    """One line of cells, each padded to its column's width on the side away from its edge."""
    padded = []
    for column, cell, room in zip(columns, cells, widths, strict=True):
        pad = " " * (room - cell_len(cell))
        padded.append(pad + cell if column.right else cell + pad)
    return GAP.join(padded)


def _style(line: str, sgr: str, styled: bool) -> str:
    return f"\x1b[{sgr}m{line}\x1b[0m" if styled else line
