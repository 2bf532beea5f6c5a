"""The fix review: what to fix first and why, for leads.

Left, the ranked fixes (the rank column always shows the ranking's own order);
right, the highlighted fix: its facts, its agreed answer, its score term by term
(these scroll when the terminal is short) and its evidence. Ranking runs in a
worker on every reload, so the screen never waits on it; triage operations run
through :meth:`ReviewScreen.run_op`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from cxnotes.config import ConfigError, load_weights
from cxnotes.domain import labels
from cxnotes.domain.models import FIX_STATUSES, Fix
from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _, ngettext
from cxnotes.messages import StoreReady
from cxnotes.screens.fixes_base import ReviewScreen
from cxnotes.screens.fixes_dialogs import (
    AskText,
    FilterDialog,
    FixPick,
    FixPicker,
    GetBackDialog,
    PickOne,
    effort_problem,
    parse_effort,
)
from cxnotes.screens.fixes_rows import Evidence, evidence_of, fill_evidence, fill_fixes
from cxnotes.screens.fixes_triage import TriageScreen
from cxnotes.screens.footer import APP_PAGES
from cxnotes.screens.typed_app import cx_app
from cxnotes.services import ranking, ranking_charts, triage
from cxnotes.services.ranking import Filters, RankedFix
from cxnotes.widgets import fix_charts
from cxnotes.widgets.fitted_table import FittedTable
from cxnotes.widgets.steady_footer import SteadyFooter

EVIDENCE_DELAY = 0.12
"""Seconds the cursor must rest on a fix before its evidence is read: scrolling stays quick."""


class FixesScreen(ReviewScreen):
    """The ranked fix list with the highlighted fix in detail."""

    FOOTER_HIDES_NARROW = APP_PAGES | {"quit", "fixes-rename", "fixes-undo-merge", "fixes-reload"}
    """At 80 columns the keys a lead uses most fit whole; F1 and the palette list the rest."""

    CSS_PATH = "fixes.tcss"
    BINDINGS = [
        Binding(
            "escape", "back", N_("Back"), id="fixes-back"
        ),  # first: the footer cuts the last at 80 columns
        Binding("t", "triage", N_("Triage queue"), id="fixes-triage"),
        Binding("f", "filters", N_("Filters"), id="fixes-filters"),
        Binding("r", "rename", N_("Rename"), id="fixes-rename"),
        Binding("s", "status", N_("Status"), id="fixes-status"),
        Binding("a", "answer", N_("Answer"), id="fixes-answer"),
        Binding("m", "merge", N_("Merge into…"), id="fixes-merge"),
        Binding("u", "undo_merge", N_("Undo merge"), id="fixes-undo-merge"),
        Binding("e", "effort", N_("Effort"), id="fixes-effort", show=False),
        Binding("g", "get_back", N_("Get back to"), id="fixes-get-back", show=False),
        Binding("x", "split", N_("Split evidence out"), id="fixes-split", show=False),
        Binding("v", "move", N_("Move evidence"), id="fixes-move", show=False),
        Binding("d", "detach", N_("Detach evidence"), id="fixes-detach", show=False),
        Binding("o", "open_call", N_("Open call"), id="fixes-open-call", show=False),
        Binding("ctrl+r", "reload", N_("Refresh"), id="fixes-reload"),
        Binding("f3", "show_conflicts", N_("Conflicts"), id="fixes-conflicts", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = Filters()
        """What the ranking shows; changed with the filter dialog."""
        self.rows: dict[str, RankedFix] = {}
        """The ranking shown, by fix id."""
        self.evidence: list[Evidence] = []
        self._evidence_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Ranking…"), id="fixes-status")
        yield Static(id="by-step", classes="chart")
        yield Static(id="by-week", classes="chart")
        with Horizontal():
            yield FittedTable(id="fixes", cursor_type="row", zebra_stripes=True)
            with Vertical(id="detail"):
                yield Static(id="fix-title", classes="panel-title")
                with VerticalScroll(id="fix-info"):
                    yield Static(id="fix-facts")
                    yield Static(id="fix-answer")
                    yield Static(id="breakdown")
                yield FittedTable(id="evidence", cursor_type="row")
        yield SteadyFooter()

    def on_mount(self) -> None:
        """Headers show at once, before the first ranking arrives."""
        self._refit()

    @on(FittedTable.Resized)
    def _resized(self) -> None:
        """Cut titles and quotes again once the tables are drawn at their new width."""
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        fill_fixes(self.query_one("#fixes", FittedTable), list(self.rows.values()))
        fill_evidence(self.query_one("#evidence", FittedTable), self.evidence)

    def on_store_ready(self, _ready: StoreReady) -> None:
        self.action_reload()

    def on_screen_resume(self) -> None:
        """Rank when shown (first push included) and when back from triage or a dialog."""
        if self.store is not None:
            self.action_reload()

    # -- loading ------------------------------------------------------------------------

    def action_reload(self) -> None:
        """Rank again with the current filters (in a worker)."""
        self._rank(self.filters)

    @work(thread=True, exclusive=True, group="ranking", exit_on_error=False)
    def _rank(self, filters: Filters) -> None:
        if self.store is None:
            return
        try:
            weights = load_weights()
        except ConfigError as error:
            using = _("{error} Using the default weights.").format(error=error)
            self.app.call_from_thread(self.notify, using, markup=False)
            weights = ranking.Weights()
        rows = ranking.rank(self.store, weights=weights, filters=filters)
        # Text picks fixes (by title or quote) and ranks them on all their evidence, so the
        # charts count that evidence; without text they count what the filters match.
        points = {i for row in rows for i in row.pain_point_ids} if filters.text else None
        steps = ranking_charts.counts_by_step(self.store, filters, points=points)
        weeks = ranking_charts.counts_by_week(self.store, filters, points=points)
        if not get_current_worker().is_cancelled:  # a newer ranking (after an edit) replaced this one
            self.app.call_from_thread(self._show, rows, steps, weeks, filters.text)

    def _show(
        self, rows: list[RankedFix], steps: dict[str, int], weeks: list[tuple[date, int]], text: str
    ) -> None:
        self.rows = {row.fix.id: row for row in rows}
        fill_fixes(self.query_one("#fixes", FittedTable), rows)
        self.query_one("#by-step", Static).update(fix_charts.by_step(steps, text))
        self.query_one("#by-week", Static).update(fix_charts.by_week(weeks, text))
        self.query_one("#fixes-status", Static).update(Text(self._summary(len(rows))))
        self._show_detail()

    def _summary(self, count: int) -> str:
        f = self.filters
        statuses = "/".join(labels.fix_status(s) for s in f.statuses)
        parts = [ngettext("{n} fix", "{n} fixes", count).format(n=count), _("status {s}").format(s=statuses)]
        parts += [_("step {s}").format(s="/".join(f.steps))] if f.steps else []
        parts += [_("segment {s}").format(s=f.segment)] if f.segment else []
        parts += [_("channel {s}").format(s=labels.channel(f.channel))] if f.channel else []
        parts += [_("since {s}").format(s=f.since)] if f.since else []
        parts += [_("until {s}").format(s=f.until)] if f.until else []
        parts += [_("text “{s}”").format(s=f.text)] if f.text else []
        parts += [_("operator {name}").format(name=f.operator)] if f.operator else []
        return " · ".join(parts) + _(" · t: triage queue · f: filters")

    @property
    def current_id(self) -> str | None:
        """Id of the highlighted fix, if any."""
        table = self.query_one("#fixes", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @property
    def current(self) -> RankedFix | None:
        """The highlighted fix's ranking row."""
        return self.rows.get(self.current_id or "")

    @on(DataTable.RowHighlighted, "#fixes")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.current
        title, facts = self.query_one("#fix-title", Static), self.query_one("#fix-facts", Static)
        if row is None:
            title.update(Text(_("No fix selected")))
            for name in ("#fix-facts", "#breakdown", "#fix-answer"):
                self.query_one(name, Static).update("")
            self._show_evidence([])
            return
        title.update(Text(one_line(row.fix.title, 80)))
        facts.update(fix_charts.facts(row))
        self.query_one("#breakdown", Static).update(fix_charts.breakdown(row))
        self._show_answer(row)
        if self._evidence_timer is not None:
            self._evidence_timer.stop()
        ids = row.pain_point_ids
        self._evidence_timer = self.set_timer(EVIDENCE_DELAY, lambda: self._load_evidence(ids))

    @work(thread=True, exclusive=True, group="evidence", exit_on_error=False)
    def _load_evidence(self, point_ids: list[str]) -> None:
        if self.store is not None:
            self.app.call_from_thread(self._show_evidence, evidence_of(self.store, point_ids))

    def _show_evidence(self, rows: list[Evidence]) -> None:
        self.evidence = rows
        fill_evidence(self.query_one("#evidence", FittedTable), rows)

    @property
    def evidence_id(self) -> str | None:
        """Id of the highlighted pain point in the evidence table."""
        table = self.query_one("#evidence", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    # -- actions --------------------------------------------------------------------------

    def action_show_conflicts(self) -> None:
        """Open the conflicts: versions replaced by a later one, to keep or let go."""
        from cxnotes.screens import conflicts

        conflicts.show(self.app)

    def action_back(self) -> None:
        """Back to where the review was opened from."""
        self.app.pop_screen()

    def action_triage(self) -> None:
        """Open the queue of pain points not attached to a fix."""
        self.app.push_screen(TriageScreen(self.filters.operator))

    def action_filters(self) -> None:
        """Change the filters, then rank again."""

        def apply(filters: Filters | None) -> None:
            if filters is not None:
                self.filters = filters
                self.action_reload()

        self.app.push_screen(FilterDialog(self.filters), apply)

    def action_rename(self) -> None:
        """Give the highlighted fix a new title."""
        if row := self.current:
            self._ask(
                _("Rename fix"), row.fix.title, lambda text: self.run_op(triage.rename, row.fix.id, text)
            )

    def action_answer(self) -> None:
        """Set what agents tell customers until it is fixed; an empty answer clears it."""
        if row := self.current:
            self._ask(
                _("Agreed answer (shown to operators who attach a pain point to this fix)"),
                row.fix.answer,
                lambda text: self.run_op(
                    triage.set_answer,
                    row.fix.id,
                    text,
                    done=_("Answer saved.") if text.strip() else _("Answer cleared."),
                    then=self._answered,
                ),
            )

    def _answered(self, fix: Fix) -> None:
        """Show the saved answer at once: re-ranking a big store, which redraws it too, takes a while."""
        if row := self.rows.get(fix.id):
            row.fix = fix
            if fix.id == self.current_id:
                self._show_answer(row)

    def _show_answer(self, row: RankedFix) -> None:
        answer = row.fix.answer or _("(no agreed answer yet: a sets it)")
        self.query_one("#fix-answer", Static).update(Text(_("Answer: {answer}").format(answer=answer)))

    def action_effort(self) -> None:
        """Set the effort estimate (empty clears it); the dialog refuses what is not one."""
        row = self.current
        if row is None:
            return

        def save(text: str | None) -> None:
            if text is not None:
                self.run_op(triage.set_effort, row.fix.id, parse_effort(text), done=_("Effort saved."))

        value = f"{row.fix.effort:g}" if row.fix.effort else ""
        title = _("Effort (e.g. person-days; empty = unknown)")
        self.app.push_screen(AskText(title, value, check=effort_problem), save)

    def _ask(self, title: str, value: str, then: Callable[[str], object]) -> None:
        def answered(text: str | None) -> None:
            if text is not None:
                then(text)

        self.app.push_screen(AskText(title, value), answered)

    def action_status(self) -> None:
        """Move the fix along its life cycle; on shipping, show whom to get back to."""
        row = self.current
        if row is None:
            return

        def chosen(status: str | None) -> None:
            if status is None or status == row.fix.status:
                return
            then = (lambda _fix: self.action_get_back(row)) if status == "shipped" else None
            done = _("Status: {status}.").format(status=labels.fix_status(status))
            self.run_op(triage.set_status, row.fix.id, status, done=done, then=then)

        options = [(s, labels.fix_status(s)) for s in FIX_STATUSES]
        self.app.push_screen(PickOne(_("Status"), options, row.fix.status), chosen)

    def action_get_back(self, row: RankedFix | None = None) -> None:
        """Customers behind the fix, with what was promised to them."""
        row = row or self.current
        if row is not None:
            title = row.fix.title
            self.look_up(
                triage.customers_to_get_back_to,
                row.fix.id,
                then=lambda people: self.app.push_screen(GetBackDialog(title, people)),
            )

    def action_merge(self) -> None:
        """Merge the highlighted fix into another one."""
        row = self.current
        if row is None or self.store is None:
            return

        def chosen(pick: FixPick | None) -> None:
            if pick is not None and pick.fix_id:
                undo = _("Merged. To undo, press u on the fix it went into.")
                self.run_op(triage.merge, row.fix.id, pick.fix_id, done=undo)

        title = _("Merge “{title}” into…").format(title=one_line(row.fix.title, 40))
        self.app.push_screen(FixPicker(self.store, title, allow_new=False, exclude=row.fix.id), chosen)

    def action_undo_merge(self) -> None:
        """Bring back a fix that was merged into the highlighted one."""
        row = self.current
        if row is None or self.store is None:
            return
        merged = triage.merged_into(self.store, row.fix.id)
        if not merged:
            self.notify(_("No fix was merged into this one."), markup=False)
            return

        def chosen(fix_id: str | None) -> None:
            if fix_id:
                self.run_op(triage.undo_merge, fix_id, done=_("Merge undone."))

        options = [(f.id, one_line(f.title, 60)) for f in merged]
        self.app.push_screen(PickOne(_("Undo the merge of…"), options), chosen)

    def action_split(self) -> None:
        """Move the highlighted evidence into a new fix."""
        point_id = self.evidence_id
        if point_id:
            self._ask(
                _("New fix for this pain point"), "", lambda t: self.run_op(triage.split, t, [point_id])
            )

    def action_move(self) -> None:
        """Move the highlighted evidence to another fix."""
        point_id = self.evidence_id
        if point_id is None or self.store is None:
            return

        def chosen(pick: FixPick | None) -> None:
            if pick is not None and pick.fix_id:
                self.run_op(triage.move, [point_id], pick.fix_id, done=_("Moved."))
            elif pick is not None:
                self.run_op(triage.create_fix, pick.title, [point_id], done=_("Moved to a new fix."))

        self.app.push_screen(FixPicker(self.store, _("Move this pain point to…")), chosen)

    def action_detach(self) -> None:
        """Send the highlighted evidence back to the triage queue."""
        if point_id := self.evidence_id:
            self.run_op(triage.detach, [point_id], done=_("Back in the triage queue."))

    def action_open_call(self) -> None:
        """Open the call the highlighted evidence was noted on, at the line it was marked on."""
        point_id = self.evidence_id
        row = next((e for e in self.evidence if e.point_id == point_id), None)
        if row and row.call_id:
            cx_app(self).open_call(row.call_id, row.line_id)
        elif point_id:
            self.notify(_("This pain point was not noted on a call."), markup=False)
