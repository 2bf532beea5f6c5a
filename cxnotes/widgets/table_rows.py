"""Showing a list again in a :class:`DataTable` by changing only the rows that changed.

Screens reload whenever another process writes (a complaint logged from the shell), and
mostly little changed: a count, one row's segment, one row gone. Refilling a table of
500 or 1,000 rows for that held the UI thread a tenth of a second each time; and a
first fill of 500 rows, measured cell by cell when the table next idles, held it 60 to
90 ms. So only what changed is touched, and many new rows go in a batch per refresh,
the first batch (more than a screenful) painted before the rest are measured.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from rich.console import RenderableType
from textual.widgets import DataTable

Row = TypeVar("Row")
"""What a row shows, compared with ``==`` to find the rows that changed."""

FEW = 50
"""Rows taken out, changed or put in place one by one; past this the table is filled again."""

BATCH = 100
"""Rows added at once; the next batch waits for the screen to refresh."""


class TableRows(Generic[Row]):
    """Keeps a table showing a list of rows (row key -> row, in order): see :meth:`show`."""

    def __init__(self, table: DataTable, cells: Callable[[Row], Sequence[RenderableType]]) -> None:
        self.table = table
        self.cells = cells
        """Turns a row into the table's cells (user text as ``rich.text.Text``, never markup)."""
        self.shown: dict[str, Row] = {}
        """The rows in the table now, in order."""
        self._waiting: list[tuple[str, Row]] = []
        """Rows still to add, in order, a batch per refresh."""
        self._generation = 0
        """Counts :meth:`show` calls: a batch scheduled by an earlier one is not added."""

    def show(self, rows: dict[str, Row]) -> None:
        """Make the table show ``rows``.

        When the rows kept are in the same order, the rows gone are removed and the rows
        changed get their cells again. New rows below them all are added at the bottom, a
        batch per refresh; a few new rows elsewhere are added and put in their places by
        sorting (a new call on top of the calls list: one row measured, not 500). Otherwise
        (many changed, or the order changed) the table is filled again.
        """
        table, shown = self.table, self.shown
        kept = [key for key in shown if key in rows]
        gone = shown.keys() - rows.keys()
        changed = [key for key in kept if shown[key] != rows[key]]
        below = kept == list(rows)[: len(kept)]
        placed = kept == [key for key in rows if key in shown] and len(rows) - len(kept) <= FEW
        self._generation += 1
        self._waiting = []
        if not kept or len(gone) + len(changed) > FEW or not (below or placed):
            table.clear()
            shown.clear()
            self._waiting = list(rows.items())
            self._add_batch(self._generation)
            return
        for key in gone:
            table.remove_row(key)
            del shown[key]
        columns = [column.key for column in table.ordered_columns]
        for key in changed:
            before = self.cells(shown[key])
            for column, was, cell in zip(columns, before, self.cells(rows[key]), strict=True):
                if cell != was:  # one segment changed: one cell measured, not the row
                    table.update_cell(key, column, cell, update_width=True)
            shown[key] = rows[key]
        if below:
            self._waiting = [(key, row) for key, row in rows.items() if key not in shown]
            self._add_batch(self._generation)
            return
        for key in rows.keys() - shown.keys():
            table.add_row(*self.cells(rows[key]), key=key)
        self.shown = dict(rows)
        self._sort(list(rows))

    def _sort(self, order: list[str]) -> None:
        """Put the rows in ``order`` (:meth:`DataTable.sort` hands the key function a row's cells,
        not its key: a row is known by its first cell, an object no other row holds)."""
        place = {id(self.table.get_row(key)[0]): index for index, key in enumerate(order)}
        self.table.sort(key=lambda cells: place[id(cells[0])])

    def _add_batch(self, generation: int) -> None:
        """Add the next :data:`BATCH` waiting rows; the rest after the screen has refreshed."""
        if generation != self._generation:
            return
        batch, self._waiting = self._waiting[:BATCH], self._waiting[BATCH:]
        for key, row in batch:
            self.table.add_row(*self.cells(row), key=key)
            self.shown[key] = row
        if self._waiting:
            self.table.call_after_refresh(self._add_batch, generation)
