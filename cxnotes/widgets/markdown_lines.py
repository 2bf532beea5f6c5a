"""A Markdown document laid out off the UI thread and drawn line by line: the export preview.

Textual's ``Markdown`` widget mounts a widget for every paragraph, list item and table
cell. The summary of a 100,000-pain-point store (200 lines, three tables) became hundreds
of widgets: mounting and laying them out held the UI thread 200 to 500 ms each time the
preview changed (the longest stall of ``benchmarks/stalls.py``), and every later layout of
the screen walked them all again. Here Rich lays the document out (:class:`rich.markdown.
Markdown`) at the widget's width in a worker, and the widget draws only the lines in view
(Textual's line API): one widget, whatever the document's length.
"""

from __future__ import annotations

import io
from typing import NamedTuple, cast

from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState


class Laid(NamedTuple):
    """A document laid out: its lines, and the width they were laid out for."""

    lines: list[Strip]
    width: int


def lay_out(source: str, width: int) -> Laid:
    """``source`` (Markdown; never Rich markup) as lines of at most ``width`` cells."""
    console = Console(width=width, color_system="truecolor", force_terminal=True, file=io.StringIO())
    lines = console.render_lines(Markdown(source), console.options.update_width(width), pad=False)
    strips = [Strip([s for s in line if not s.control], Segment.get_line_length(line)) for line in lines]
    return Laid(strips, width)


class MarkdownLines(ScrollView, can_focus=True):
    """Shows a Markdown document; :meth:`update` lays it out in a worker, a resize lays it out again."""

    DEFAULT_CSS = """
    MarkdownLines {
        height: 1fr;
        scrollbar-gutter: stable;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = ""
        """The document shown (or being laid out to be shown)."""
        self._lines: list[Strip] = []
        self._laid_out_at = 0
        """The width the lines shown were laid out for."""

    def update(self, source: str) -> None:
        """Show ``source`` once it is laid out (the lines shown until then stay)."""
        self.source = source
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.scrollable_content_region.width
        if width > 0:
            source = self.source
            self.run_worker(
                lambda: lay_out(source, width),
                thread=True,
                exclusive=True,
                group="markdown-lines",
                exit_on_error=False,
            )

    def on_resize(self, _event: events.Resize) -> None:
        """Lay the document out again for the new width."""
        if self.scrollable_content_region.width != self._laid_out_at:
            self._lay_out()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Show lines laid out for the width the widget still has."""
        if event.worker.group != "markdown-lines" or event.state != WorkerState.SUCCESS:
            return
        event.stop()
        laid = cast(Laid, event.worker.result)  # what _lay_out's worker returns
        self._lines, self._laid_out_at = laid.lines, laid.width
        self.virtual_size = Size(laid.width, len(laid.lines))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """The line at ``y`` in view, cut to the widget's width."""
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        return self._lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style)
