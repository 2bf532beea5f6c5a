"""A DataTable whose texts its screen cuts to the table's width, and which says when that width changes.

The fix review cuts titles and quotes to the room the other columns leave. That room is
known only once the table is laid out, and a screen's own Resize can come before its
tables have their new size (under load, the cut then used an old or zero width and stayed
so). The table's own Resize carries the size the cut needs: it posts :class:`Resized`,
and the screen fills the table again.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.message import Message
from textual.widgets import DataTable


class FittedTable(DataTable[Any]):
    """A :class:`DataTable` that posts :class:`Resized` whenever its width changes."""

    class Resized(Message):
        """The table's width changed: cut its texts again."""

        def __init__(self, table: FittedTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> FittedTable:
            """The table, so handlers can pick it by id with ``@on(FittedTable.Resized, "#id")``."""
            return self.table

    _width: int | None = None

    def on_resize(self, event: events.Resize) -> None:
        """Tell the screen, which knows the texts, when the width changed (rows change the height)."""
        if event.size.width != self._width:
            self._width = event.size.width
            self.post_message(self.Resized(self))
