"""An operator's own week, shown to them alone: calls, pain points, promises, the fixes they fed.

There is no login, so the operator picks their name (o steps through the names on calls);
nothing here is exported. Left and right arrows step a week back or forward.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from cxnotes.domain import labels
from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _
from cxnotes.messages import StoreReady
from cxnotes.screens.fixes_base import ReviewScreen
from cxnotes.screens.typed_app import cx_app
from cxnotes.services.operator_week import OperatorWeek, operator_week, operators
from cxnotes.services.trends import week_of
from cxnotes.widgets.steady_footer import SteadyFooter


class WeekScreen(ReviewScreen):
    """One operator's week in plain sentences."""

    CSS_PATH = "action.tcss"
    BINDINGS = [
        Binding("o", "next_operator", N_("Operator"), id="week-operator"),
        Binding("left", "shift(-1)", N_("Week before"), id="week-back"),
        Binding("right", "shift(1)", N_("Week after"), id="week-forward"),
        Binding("escape", "back", N_("Back"), id="week-leave"),
    ]

    def __init__(self, operator: str = "") -> None:
        super().__init__()
        self.operator = operator
        """Whose week; the first name on calls until one is picked."""
        self.week = week_of(date.today())
        """The Monday of the week shown."""
        self.names: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Reading your week…"), id="week-status")
        with VerticalScroll(id="week-box"):
            yield Static(id="week")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.title = _("My week")
        self.action_reload()

    def action_next_operator(self) -> None:
        """Step to the next operator's name."""
        if self.names:
            at = self.names.index(self.operator) if self.operator in self.names else -1
            self.operator = self.names[(at + 1) % len(self.names)]
            self.action_reload()

    def action_shift(self, weeks: int) -> None:
        """Show the week before or after (not past this week)."""
        self.week = min(self.week + timedelta(weeks=weeks), week_of(date.today()))
        self.action_reload()

    def on_store_ready(self, _ready: StoreReady) -> None:
        """Opened before the store was: read it now."""
        self.action_reload()

    def action_reload(self) -> None:
        """Read the week again (in a worker)."""
        self._read(self.operator, self.week)

    @work(thread=True, exclusive=True, group="week", exit_on_error=False)
    def _read(self, operator: str, week: date) -> None:
        if self.store is None:
            return
        names = operators(self.store)
        operator = operator if operator in names else (names[0] if names else "")
        found = operator_week(self.store, operator, week) if operator else None
        self.app.call_from_thread(self._show, names, found)

    def _show(self, names: list[str], found: OperatorWeek | None) -> None:
        self.names = names
        status = self.query_one("#week-status", Static)
        if found is None:
            status.update(Text(_("No calls name an operator yet.")))
            return
        self.operator = found.operator
        status.update(Text(_("Only you see this; it is never exported · o: operator · ←/→: week")))
        self.query_one("#week", Static).update(render_week(found))

    def action_back(self) -> None:
        """Back to where the screen was opened from."""
        cx_app(self).leave()


def render_week(week: OperatorWeek) -> Text:
    """The week as sentences an operator can set goals against."""
    end = week.week + timedelta(days=6)
    out = Text()
    heading = _("{operator} · week of {first} to {last}").format(
        operator=one_line(week.operator, 40), first=f"{week.week:%Y-%m-%d}", last=f"{end:%Y-%m-%d}"
    )
    out.append(heading + "\n\n", style="bold")
    out.append(_("Calls held: {n}").format(n=week.calls) + "\n")
    out.append(_("Pain points captured on your calls: {n}").format(n=week.pain_points) + "\n")
    out.append(_("Promises made: {n}").format(n=week.promises_made) + "\n")
    out.append(_("Promises due this week kept: {n}").format(n=week.kept))
    if week.open_due:
        out.append(_(" · still open and due by now: {n}").format(n=week.open_due), style="bold yellow")
    out.append("\n\n" + _("Fixes your evidence fed this week:") + "\n", style="bold")
    if not week.fixes:
        out.append("  " + _("none yet: pain points you capture join fixes in triage") + "\n")
    for fix in week.fixes:
        fed = _("{title} · {status} · {n} pain point(s)").format(
            title=one_line(fix.title, 50), status=labels.fix_status(fix.status), n=fix.pain_points
        )
        out.append(f"  {fed}\n")
    return out
