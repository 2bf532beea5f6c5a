"""An Input that never scrolls to the middle of a wide (Korean) character.

Textual's :class:`~textual.widgets.Input` scrolls sideways cell by cell to keep the cursor
in view. A Hangul syllable is two cells wide, so once a long Korean line scrolls, the left
edge often falls between its two cells; the half that is left is drawn as a blank, and the
operator reads "말 화가" where they typed "정말 화가". The text itself is intact; what is
wrong is only where the view starts. :class:`WholeCharacters` moves the view's start to the
nearest character boundary after every cursor move: back a cell, showing the character
whole, when the cursor stays in view, else on a cell, leaving it out as a narrow one would be
(the view is one cell wider than Textual makes it, so that step is always possible).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Input
from textual.widgets.input import Selection


def edges(text: str, cell: int) -> tuple[int, int]:
    """The character starts around cell offset ``cell`` of ``text``: (at or before, at or after).

    Both are ``cell`` when a character starts there (or the text ends before it).
    """
    offset = 0
    for char in text:
        width = cell_len(char)
        if offset + width > cell:
            return (offset, offset) if offset == cell else (offset, offset + width)
        offset += width
    return cell, cell


class WholeCharacters(Input):
    """Mix in before ``Input``: the left edge of the view is always a character's start."""

    @property
    def content_width(self) -> int:
        """One cell more than Textual's (text and cursor): with the cursor at the end of a long
        line, the view can still step on past a wide character instead of stopping in it."""
        return super().content_width + (1 if self.value else 0)

    def watch_selection(self, selection: Selection) -> None:
        """After Textual has scrolled the cursor into view (its own watcher runs first), snap the view."""
        del selection  # only where the view starts matters here
        self.call_after_refresh(self._snap_view)

    def _snap_view(self) -> None:
        before, after = edges(self.value, round(self.scroll_x))
        if before == after:
            return
        cursor = cell_len(self.value[: self.cursor_position])
        whole = cursor - before < self.scrollable_content_region.width
        self.scroll_to(x=before if whole else after, animate=False, immediate=True)
