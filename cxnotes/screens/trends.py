"""The trends screen: complaints per week as a chart, by step, channel, segment or operator, spikes first."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from cxnotes.config import ConfigError, load_trend_settings
from cxnotes.domain import labels
from cxnotes.domain.models import Step
from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _, ngettext
from cxnotes.messages import StoreReady
from cxnotes.screens.fixes_base import ReviewScreen
from cxnotes.screens.typed_app import cx_app
from cxnotes.services.trends import DIMENSIONS, Trends, TrendSettings, dimension_label, sparkline, trends
from cxnotes.widgets.steady_footer import SteadyFooter

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
        Binding("s", "by('step')", N_("By step"), id="trends-step"),
        Binding("c", "by('channel')", N_("Channel"), id="trends-channel"),
        Binding("g", "by('segment')", N_("Segment"), id="trends-segment"),
        Binding("o", "by('operator')", N_("Operator"), id="trends-operator"),
        Binding("w", "more_weeks", N_("Weeks"), id="trends-weeks"),
        Binding("ctrl+r", "reload", N_("Refresh"), id="trends-reload"),
        Binding("escape", "back", N_("Back"), id="trends-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.dimension = "step"
        """What complaints are counted by."""
        self.weeks = 12
        """Weeks shown, up to this one."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Counting complaints…"), id="trends-status")
        with VerticalScroll(id="trends-chart-box"):
            yield Static(id="trends-chart")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.title = _("Trends")
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

    def on_store_ready(self, _ready: StoreReady) -> None:
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
            settings, problem = (
                TrendSettings(),
                _("{error} Using the default threshold. ").format(error=error),
            )
        found = trends(self.store, (dimension,), weeks=weeks, settings=settings)[dimension]
        self.app.call_from_thread(self._show, found, problem)

    def _show(self, found: Trends, problem: str) -> None:
        spikes = len(found.spikes)
        self.query_one("#trends-status", Static).update(
            Text(
                problem
                + _("Complaints per week by {dimension}, {weeks} weeks from {first}").format(
                    dimension=dimension_label(found.dimension),
                    weeks=len(found.weeks),
                    first=found.weeks[0].isoformat(),
                )
                + ngettext(" · {n} spike", " · {n} spikes", spikes).format(n=spikes)
                + _(" · s/c/g/o: by step, channel, segment, operator · w: weeks")
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
            said = _("    “{quote}” (severity {severity})").format(
                quote=one_line(quote, 70), severity=severity
            )
            head.append(said + "\n", style="italic")
    if not found.spikes:
        head.append(_("No spike: no week stood well above the weeks before it.") + "\n")
    if not found.series:
        return Group(head, Text(_("No complaints in these weeks.")))
    room = max(8, min(CHART_CELLS, width - LABEL_CELLS))
    weeks = min(len(found.weeks), room)
    cells = max(1, room // weeks)
    cut = len(found.weeks) - weeks
    title = _("Per week, {first} → this week").format(first=f"{found.weeks[cut]:%m-%d}")
    title += _(" (newest {n})").format(n=weeks) if cut else ""
    table = Table("", _("Total"), title, _("Last wk"), _("This wk"), box=None, pad_edge=False)
    for series in found.series:
        line = Text(sparkline(series.counts[cut:], cells), no_wrap=True)
        for i in series.spikes:
            if i >= cut:
                line.stylize("bold red", (i - cut) * cells, (i - cut + 1) * cells)
        last = series.counts[-2] if len(series.counts) > 1 else 0
        label = _series_label(found.dimension, series.key, series.label)
        table.add_row(Text(one_line(label, 24)), str(series.total), line, str(last), str(series.counts[-1]))
    return Group(head, table)


def _series_label(dimension: str, key: str, label: str) -> str:
    """A row's label as shown: a default step's or a channel's in the current language, others as kept."""
    if dimension == "step":
        return labels.step_name(Step(slug=key, name=label))
    return labels.channel(label) if dimension == "channel" else label
