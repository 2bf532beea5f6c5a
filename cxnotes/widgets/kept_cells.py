"""A DataTable that keeps each cell's drawing while the cell, its place and its look stay the same.

Textual's :class:`DataTable` forgets every drawn cell whenever a row is added, removed or
changed anywhere in the table (its caches are keyed by a count of updates), so the next
frame draws every cell in view again through Rich: 40 rows of 6 to 8 columns took 50 to
80 ms of the UI thread at 120x40 on our two-core machines. A list filled a batch per frame
(:class:`~cxnotes.widgets.table_rows.TableRows`: the triage queue's 1,000 rows in ten
batches) was drawn whole ten times over, each frame a stall over the 50 ms target
(``benchmarks/stalls.py``), although the rows in view had not changed.

:class:`KeptCellsTable` keeps what a cell drew, by the cell object, its place (row and
column index: the drawing carries them for the mouse), width, row style and whether the
cursor is on it, so rows added below the view or a cell changed elsewhere redraw only
what changed. Forgotten on a change of styles (theme, focus) as Textual's own are.

It wraps ``DataTable._render_cell``, a private method (no public hook draws one cell); it is
called with the same arguments and returns what it returned, and a Textual upgrade that
changes it shows in the snapshot tests, which picture every table.
"""

from __future__ import annotations

import operator
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import TextType
from textual.cache import LRUCache
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

KEPT = 4000
"""Cell drawings kept: a few screenfuls of the widest table (40 rows of 8 columns is 320)."""


class KeptCellsTable(DataTable[Any]):
    """A :class:`DataTable` whose cells are drawn again only when they, their place or their look change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: LRUCache[tuple[object, ...], tuple[object, list[list[Segment]]]] = LRUCache(KEPT)
        """(place, cell id, width, styles, cursor) -> (the cell, its drawn lines)."""
        self._look: object = None
        """The pseudo-classes (focus, hover...) of the frame being drawn: the cursor's style follows them."""
        self._lines: LRUCache[tuple[object, ...], tuple[list[object], Strip]] = LRUCache(KEPT // 4)
        """(row, place, cells, columns, look, crop) -> (the row's cells, its drawn line)."""
        self._style: Style = Style.null()
        """The table's own style in the frame being drawn (the DataTable works it out for every line)."""
        self._even = True
        """Every row is one line high and unlabelled, so the row a line shows is known without Textual's
        private offsets; a row added otherwise (no screen does) turns the keeping of lines off."""

    def notify_style_update(self) -> None:
        """Styles changed (theme, CSS): every kept drawing is out of date."""
        self._kept.clear()
        self._lines.clear()
        super().notify_style_update()

    def on_resize(self) -> None:
        """Lines drawn in the frame the size changed in may be the old width's: Textual forgets its own
        only when this Resize is handled (the table drawn wider kept the narrow width's line ends)."""
        self._lines.clear()

    def add_row(
        self, *cells: Any, height: int | None = 1, key: str | None = None, label: TextType | None = None
    ) -> RowKey:
        """Add a row as the DataTable does; a taller or labelled one turns the keeping of lines off."""
        if height != 1 or label is not None:
            self._even = False
        return super().add_row(*cells, height=height, key=key, label=label)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Note the look of this frame, then draw as the DataTable does."""
        self._look = self.get_pseudo_class_state()
        self._style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """The line ``y`` of the table in view, kept while its row, place, cells, columns and look stay.

        The header, fixed rows and columns and the row under the mouse are drawn by the DataTable
        each time, as is every line of a table holding rows of other heights or labels.
        """
        header = self.header_height if self.show_header else 0
        row_index = y + self.scroll_offset.y - header
        rows = self.ordered_rows
        if (
            y < header
            or not self._even
            or self.fixed_rows
            or self.fixed_columns
            or self.cursor_type not in ("row", "none")
            or not 0 <= row_index < len(rows)
            or self.hover_coordinate.row == row_index
        ):
            return super().render_line(y)
        row_key = rows[row_index].key
        cells = self.get_row(row_key)
        columns = tuple((column.key, column.get_render_width(self)) for column in self.ordered_columns)
        on_cursor = self.show_cursor and self.cursor_type == "row" and self.cursor_row == row_index
        key = (
            row_key,
            row_index,
            tuple(map(id, cells)),
            columns,
            on_cursor,
            self.cursor_type,
            self.zebra_stripes,
            self._style,
            self._look,
            self.scroll_offset.x,
            self.size.width,
        )
        kept = self._lines.get(key)
        if kept is not None and all(map(operator.is_, kept[0], cells)):
            return kept[1]
        line = super().render_line(y)
        self._lines.set(key, (cells, line))
        return line

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """The cell's drawing as the DataTable makes it, kept while nothing it depends on changed.

        The header, row labels and the cell under the mouse are drawn by the DataTable each time.
        """
        if row_index < 0 or column_index < 0 or hover:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        coordinate = Coordinate(row_index, column_index)
        cell = self.get_cell_at(coordinate)
        height = self.rows[self.coordinate_to_cell_key(coordinate).row_key].height
        key = (
            row_index,
            column_index,
            id(cell),
            width,
            height,
            base_style,
            cursor,
            self.show_cursor,
            self.cell_padding,
            self.fixed_rows,
            self.fixed_columns,
            self._look,
        )
        kept = self._kept.get(key)
        if kept is not None and kept[0] is cell:
            return kept[1]
        lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._kept.set(key, (cell, lines))
        return lines
