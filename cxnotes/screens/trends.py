"""The trends screen: complaints per week as a chart, by step, channel, segment or operator, spikes first."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from cxnotes.config import ConfigError, load_trend_settings
from cxnotes.domain.text import one_line
from cxnotes.messages import StoreReady
from cxnotes.screens.fixes_base import ReviewScreen
from cxnotes.screens.typed_app import cx_app
from cxnotes.services.trends import DIMENSIONS, Trends, TrendSettings, sparkline, trends

CHART_CELLS = 52
"""Cells the weekly chart aims to fill: few weeks get wider columns."""

LABEL_CELLS = 50
"""Cells the chart's other columns (label, totals) and padding take."""

WEEK_CHOICES = (8, 12, 26, 52)
"""How far back the chart looks; w steps through them."""


class TrendsScreen(ReviewScreen):
    """Spikes with their quotes on top, then one sparkline row per step (or channel, ...)."""

    CSS_PATH = "action.tcss"
    BINDINGS = [
        Binding("s", "by('step')", "By step", id="trends-step"),
        Binding("c", "by('channel')", "Channel", id="trends-channel"),
        Binding("g", "by('segment')", "Segment", id="trends-segment"),
        Binding("o", "by('operator')", "Operator", id="trends-operator"),
        Binding("w", "more_weeks", "Weeks", id="trends-weeks"),
        Binding("ctrl+r", "reload", "Refresh", id="trends-reload"),
        Binding("escape", "back", "Back", id="trends-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.dimension = "step"
        """What complaints are counted by."""
        self.weeks = 12
        """Weeks shown, up to this one."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Counting complaints…", id="trends-status")
        with VerticalScroll(id="trends-chart-box"):
            yield Static(id="trends-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Trends"
        self.action_reload()

    def action_by(self, dimension: str) -> None:
        """Count by another dimension."""
        if dimension in DIMENSIONS:
            self.dimension = dimension
            self.action_reload()

    def action_more_weeks(self) -> None:
        """Step through 8, 12, 26 and 52 weeks."""
        later = [n for n in WEEK_CHOICES if n > self.weeks]
        self.weeks = later[0] if later else WEEK_CHOICES[0]
        self.action_reload()

    def on_store_ready(self, _: StoreReady) -> None:
        """Opened before the store was: read it now."""
        self.action_reload()

    def action_reload(self) -> None:
        """Count again (in a worker)."""
        self._count(self.dimension, self.weeks)

    @work(thread=True, exclusive=True, group="trends", exit_on_error=False)
    def _count(self, dimension: str, weeks: int) -> None:
        if self.store is None:
            return
        try:
            settings = load_trend_settings()
            problem = ""
        except ConfigError as error:
            settings, problem = TrendSettings(), f"{error} Using the default threshold. "
        found = trends(self.store, (dimension,), weeks=weeks, settings=settings)[dimension]
        self.app.call_from_thread(self._show, found, problem)

    def _show(self, found: Trends, problem: str) -> None:
        spikes = len(found.spikes)
        self.query_one("#trends-status", Static).update(
            Text(
                f"{problem}Complaints per week by {found.dimension}, {len(found.weeks)} weeks from "
                f"{found.weeks[0].isoformat()} · {spikes} spike{'' if spikes == 1 else 's'} · "
                "s/c/g/o: by step, channel, segment, operator · w: weeks"
            )
        )
        self.query_one("#trends-chart", Static).update(render_trends(found, self.size.width))

    def action_back(self) -> None:
        """Back to where the screen was opened from."""
        cx_app(self).leave()


def render_trends(found: Trends, width: int = 120) -> Group:
    """The spikes (with quotes) over a sparkline per key; spike weeks in red.

    The chart fits ``width`` cells: when the weeks do not, the newest weeks that fit are drawn
    (the ones a lead looks at), and the header says so.
    """
    head = Text()
    for spike in found.spikes:
        head.append("▲ " + spike.sentence() + "\n", style="bold red")
        for quote, severity in spike.quotes:
            head.append(f"    “{one_line(quote, 70)}” (severity {severity})\n", style="italic")
    if not found.spikes:
        head.append("No spike: no week stood well above the weeks before it.\n")
    if not found.series:
        return Group(head, Text("No complaints in these weeks."))
    room = max(8, min(CHART_CELLS, width - LABEL_CELLS))
    weeks = min(len(found.weeks), room)
    cells = max(1, room // weeks)
    cut = len(found.weeks) - weeks
    title = f"Per week, {found.weeks[cut]:%m-%d} → this week" + (f" (newest {weeks})" if cut else "")
    table = Table("", "Total", title, "Last wk", "This wk", box=None, pad_edge=False)
    for series in found.series:
        line = Text(sparkline(series.counts[cut:], cells), no_wrap=True)
        for i in series.spikes:
            if i >= cut:
                line.stylize("bold red", (i - cut) * cells, (i - cut + 1) * cells)
        last = series.counts[-2] if len(series.counts) > 1 else 0
        table.add_row(
            Text(one_line(series.label, 24)), str(series.total), line, str(last), str(series.counts[-1])
        )
    return Group(head, table)
