"""A DataTable that keeps each cell's drawing while the cell, its place and its look stay the same.

Textual's :class:`DataTable` forgets every drawn cell whenever a row is added, removed or
changed anywhere in the table (its caches are keyed by a count of updates), so the next
frame draws every cell in view again through Rich: 40 rows of 6 to 8 columns took 50 to
80 ms of the UI thread at 120x40 on our two-core machines. A list filled a batch per frame
(:class:`~cxnotes.widgets.table_rows.TableRows`: the triage queue's 1,000 rows in ten
batches) was drawn whole ten times over, each frame a stall over the 50 ms target
(``benchmarks/stalls.py``), although the rows in view had not changed.

:class:`KeptCellsTable` keeps what each line and each cell in view drew, by the row and
cell objects, their place (the drawing carries the row index for the mouse), the column
widths, whether the cursor is on the row, and the look (pseudo-classes, the table's style
and its parts' styles: a theme or focus change is a new look). Rows added below the view,
or a cell changed elsewhere, redraw only what changed (a frame of 40 kept lines: 5-9 ms);
and the screen shown again draws nothing anew, where Textual, applying the styles again
whenever a screen is shown, forgets its own drawings each time.

It wraps ``DataTable._render_cell``, a private method (no public hook draws one cell): called
with the same arguments, it returns what it returned. tests/test_kept_cells.py puts a
DataTable and a KeptCellsTable through the same changes and compares every line they draw,
so a Textual upgrade that changes what a drawing depends on fails there.
"""

from __future__ import annotations

import operator
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import TextType
from textual import events, on
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
        self._look = 0
        """The look of the frame being drawn, as a number: see :meth:`render_lines`."""
        self._looks: dict[tuple[object, ...], int] = {}
        """Each look seen (pseudo-classes, the table's style, its parts' styles) -> its number."""
        self._parts: tuple[Style, ...] | None = None
        """The styles of the table's parts (cursor, stripes, header...), until styles next change."""
        self._lines: LRUCache[tuple[object, ...], tuple[list[object], Strip]] = LRUCache(KEPT // 4)
        """(row, place, cells, columns, look, crop) -> (the row's cells, its drawn line)."""
        self._even = True
        """Every row is one line high and unlabelled, so the row a line shows is known without Textual's
        private offsets; a row added otherwise (no screen does) turns the keeping of lines off."""

    def notify_style_update(self) -> None:
        """Styles may have changed: the parts' styles are worked out again when next drawn.

        Textual calls this whenever it applies the rules again, changed or not (every time the
        screen is shown again): the drawings kept for the same look are drawn the same.
        """
        self._parts = None
        super().notify_style_update()

    @on(events.Resize)
    def _forget_lines(self) -> None:
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
        """Note the look of this frame, then draw as the DataTable does.

        The look is everything a cell's or line's drawing takes from the styles: the pseudo-classes
        (focus...), the table's own style, and the styles of its parts (cursor, stripes, header).
        """
        if self._parts is None:
            self._parts = tuple(
                self.get_component_rich_style(name) for name in sorted(self.COMPONENT_CLASSES)
            )
        look = (self.get_pseudo_class_state(), self.rich_style, self._parts)
        self._look = self._looks.setdefault(look, len(self._looks))
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
