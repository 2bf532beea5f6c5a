"""``--help`` wrapped by the width a terminal gives each character: a Hangul syllable takes two cells.

argparse wraps help with :mod:`textwrap`, which counts characters; Korean help then ran past
the terminal's edge by up to half a line. Words are kept whole, as textwrap keeps them.
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata

TYPE_CHECKING = False  # not `typing`'s: importing it costs `cxnotes log` 3 ms
if TYPE_CHECKING:
    from typing import Any


def cells(text: str) -> int:
    """Terminal cells ``text`` takes: two for wide (Hangul, CJK) characters, one for the rest."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap(text: str, width: int) -> list[str]:
    """``text``'s words in lines of at most ``width`` cells (a longer word keeps a line of its own)."""
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for word in text.split():
        size = cells(word)
        if line and used + 1 + size > width:
            lines.append(" ".join(line))
            line, used = [], 0
        used += size + (1 if line else 0)
        line.append(word)
    if line:
        lines.append(" ".join(line))
    return lines


def terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size()`` gives it: ``$COLUMNS``, the terminal, else 80.

    Read here because argparse makes a formatter for every option it adds, and its own
    reading imports :mod:`shutil` (with bz2, lzma and fnmatch): 2 ms of ``cxnotes log``,
    which shows no help.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class CellWidthHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, wrapped by :func:`cells` instead of by characters."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
        **kwargs: Any,
    ) -> None:
        if width is None:  # what argparse does, less 2 for the margin, without importing shutil
            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width, **kwargs)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        """argparse's usage, wrapped narrower by what a wide "usage: " (사용법:) takes beyond its length."""
        shown = argparse._("usage: ") if prefix is None else prefix  # type: ignore[attr-defined]
        extra = cells(shown) - len(shown)
        self._width -= extra
        try:
            return super()._format_usage(usage, actions, groups, prefix)  # type: ignore[misc]
        finally:
            self._width += extra
