"""A DataTable whose texts its screen cuts to the table's width, and which says when that width changes.

The fix review cuts titles and quotes to the room the other columns leave. That room is
known only once the table is laid out, and a screen's own Resize can come before its
tables have their new size (under load, the cut then used an old or zero width and stayed
so). The table's own Resize carries the size the cut needs: it posts :class:`Resized`,
and the screen fills the table again.

Filling it again is :meth:`FittedTable.fill`: the screen ranks again on every return to it
and picks a fix's evidence again on every new ranking, mostly to the same rows. Made anew
each time, up to 300 evidence rows were measured cell by cell on the UI thread on every
return; now unchanged rows are left alone and new ones go in a batch per refresh
(:class:`TableRows`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.message import Message

from cxnotes.widgets.kept_cells import KeptCellsTable
from cxnotes.widgets.table_rows import TableRows

Columns = Sequence[tuple[str, str, int | None]]
"""(key, label, width or None to fit the cells) of each column, in order."""


class FittedTable(KeptCellsTable):
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
    _counted: tuple[int, bool] | None = None
    """The rows (header included) the last :meth:`room` was given, and whether it counted a scrollbar."""

    def on_resize(self, event: events.Resize) -> None:
        """Tell the screen, which knows the texts, when the width changed, or when the new height
        says otherwise about the scrollbar the last cut counted (other height changes leave it be).

        A table of ``height: auto`` is a row or two high until its rows are laid out: a cut made
        then counted a scrollbar the filled table does not have, and kept it (a title column made
        two cells too narrow let the next column's first letter in, under load).
        """
        rows, scrollbar = self._counted or (0, False)
        if event.size.width != self._width or (self._counted and (rows > event.size.height) != scrollbar):
            self._width = event.size.width
            self.post_message(self.Resized(self))

    def room(self, bounds: tuple[int, int], *columns: Sequence[str]) -> int:
        """Cells left for the text column once ``columns`` (label and cells each) and a scrollbar are
        drawn, within ``bounds`` (fewest, most).

        Every column costs its widest cell plus the table's padding on both sides. The vertical
        scrollbar costs its width only when the rows (and the header) are taller than the table:
        counted when absent, its two cells showed the first letters of the next column.
        """
        padding = 2 * self.cell_padding
        used = sum(max(map(cell_len, cells)) + padding for cells in columns)
        rows = max((len(cells) for cells in columns), default=1)  # the header and one per row
        self._counted = (rows, rows > self.size.height)
        scrollbar = self.styles.scrollbar_size_vertical if self._counted[1] else 0
        left = self.size.width - scrollbar - used - padding
        least, most = bounds
        return max(least, min(most, left))

    _rows: TableRows[list[Text]] | None = None
    _layout: object = None
    """The columns and their widths the rows were last shown in."""

    def fill(self, columns: Columns, rows: dict[str, list[Text]]) -> None:
        """Show ``rows`` (row key -> cells) in ``columns``, the cursor kept on its row if still shown.

        A DataTable column only ever widens: after a resize to a narrower screen, titles cut
        shorter would still sit in a column as wide as before. So when a column's widest cell
        changes, the columns are made anew and the rows added again; otherwise only the rows
        that changed are touched.

        Every column is made as wide as its widest cell (or its label) here, not left for the
        DataTable to measure when it next idles: until then it drew the new rows in columns as
        wide as their labels ("Dou" for a title). On a busy machine the review was pictured
        under a dialog with its header and first row drawn so and the rest drawn measured.
        """
        widest = tuple(  # of the columns without a width of their own: their cells decide it
            0 if width else max((cells[i].cell_len for cells in rows.values()), default=0)
            for i, (_key, _label, width) in enumerate(columns)
        )
        layout = (tuple(columns), widest)
        keep = self.coordinate_to_cell_key(self.cursor_coordinate).row_key if self.row_count else None
        if self._rows is None or layout != self._layout:
            self.clear(columns=True)
            for (key, label, width), cells in zip(columns, widest, strict=True):
                heading = Text(label)
                self.add_column(heading, key=key, width=width or max(cells, heading.cell_len))
            self._rows, self._layout = TableRows(self, list), layout
        self._rows.show(rows)
        if keep is not None and keep in self.rows and self.cursor_row != self.get_row_index(keep):
            self.move_cursor(row=self.get_row_index(keep))
