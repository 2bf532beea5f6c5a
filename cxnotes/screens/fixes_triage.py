"""The triage queue: pain points no fix holds yet, to attach to a fix or to a new one.

Under the queue, the highlighted point's likely fixes (:mod:`cxnotes.services.suggest`); ``s``
attaches it to the first, ``2`` and ``3`` to the others. Nothing is attached unless a
key says so. Fixes that look alike are named in the status line, for merging by hand.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from cxnotes.domain import labels
from cxnotes.domain.models import Fix, PainPoint
from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _, ngettext
from cxnotes.screens.fixes_base import ReviewScreen
from cxnotes.screens.fixes_dialogs import FixPick, FixPicker
from cxnotes.screens.typed_app import cx_app
from cxnotes.services import triage, triage_queue
from cxnotes.services.suggest import Suggestion
from cxnotes.widgets.kept_cells import KeptCellsTable
from cxnotes.widgets.steady_footer import SteadyFooter
from cxnotes.widgets.table_rows import TableRows

QUEUE_SHOWN = 1000
"""Pain points listed at once, most severe first; triage works from the top."""

MERGES_SHOWN = 2
"""Pairs of alike fixes named under the queue; `cxnotes triage --suggest` lists them all."""


class TriageScreen(ReviewScreen):
    """Pain points waiting for a fix, most severe first."""

    CSS_PATH = "fixes.tcss"
    BINDINGS = [
        Binding("a", "attach", N_("Attach to fix…"), id="triage-attach"),
        Binding("s", "accept(0)", N_("Accept suggestion"), id="triage-accept"),
        Binding("2", "accept(1)", N_("Accept 2nd suggestion"), show=False, id="triage-accept-2"),
        Binding("3", "accept(2)", N_("Accept 3rd suggestion"), show=False, id="triage-accept-3"),
        Binding("o", "open_call", N_("Open call"), id="triage-open-call"),
        Binding("ctrl+r", "reload", N_("Refresh"), id="triage-reload"),
        Binding("escape", "back", N_("Fixes"), id="triage-back"),
    ]

    def __init__(self, operator: str = "") -> None:
        super().__init__()
        self.operator = operator
        """Only pain points this operator logged (the fix review's operator filter); "" for all."""
        self.calls: dict[str, tuple[str | None, str | None]] = {}
        """Pain point id -> the call it was noted on and the line it was marked on, for opening them."""
        self.suggested: dict[str, list[Suggestion]] = {}
        """Pain point id -> its likely fixes, best first, as of the last load."""
        self._counted = (0, 0)
        """Pain points shown and in the queue, for the status line."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading the queue…"), id="queue-status")
        yield KeptCellsTable(id="queue", cursor_type="row", zebra_stripes=True)
        yield Static("", id="suggestions")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._rows = TableRows(self.query_one(DataTable), _texts)
        """What the table shows: point id -> its cells."""
        self.query_one(DataTable).add_columns(_("Noted"), _("Sev"), _("Step"), _("Segment"), _("Quote"))
        self.query_one(DataTable).add_column(_("By"), key="operator")
        self.action_reload()

    def action_reload(self) -> None:
        """Read the queue again (in a worker)."""
        self._load()

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def _load(self) -> None:
        """The queue first, then its suggestions; both kept up to date, not redone (:mod:`triage_queue`)."""
        if self.store is None:
            return
        points, total = triage_queue.top(self.store, QUEUE_SHOWN, self.operator)
        segments = triage_queue.segments(self.store, points)
        self.app.call_from_thread(self._show, points, total, segments)
        suggested, merges = triage_queue.suggested(self.store, points)
        if not get_current_worker().is_cancelled:  # a newer load (another edit) has its own
            self.app.call_from_thread(self._suggested, suggested, merges)

    def _show(self, points: list[PainPoint], total: int, segments: dict[str, str]) -> None:
        self.calls = {p.id: (p.call_id, p.line_id) for p in points}
        self._rows.show({p.id: _cells(p, segments) for p in points})
        self._counted = (len(points), total)
        self._show_status([])
        self._show_suggestions()

    def _suggested(self, suggested: dict[str, list[Suggestion]], merges: list[tuple[str, str]]) -> None:
        self.suggested = suggested
        self._show_status(merges)
        self._show_suggestions(merges)

    def _show_status(self, merges: list[tuple[str, str]]) -> None:
        shown_count, total = self._counted
        shown = _(" ({n} shown)").format(n=f"{shown_count:,}") if shown_count < total else ""
        pairs = len(merges)
        alike = ngettext(" · {n} pair of fixes look alike", " · {n} pairs of fixes look alike", pairs)
        without = ngettext("{n} pain point without a fix", "{n} pain points without a fix", total).format(
            n=f"{total:,}"
        )
        only = _(" · logged by {name}").format(name=self.operator) if self.operator else ""
        keys = _(" · a: attach or create · s: accept suggestion · Esc: back to fixes")
        self.query_one("#queue-status", Static).update(
            Text(without + shown + keys + (alike.format(n=pairs) if merges else "") + only)
        )

    def _show_suggestions(self, merges: list[tuple[str, str]] | None = None) -> None:
        """The highlighted point's likely fixes; without a point, the fixes that look alike."""
        text = Text()
        found = self.suggested.get(self.current_id or "", [])
        if found:
            text.append(_("Likely fix: "), style="bold")
            for rank, suggestion in enumerate(found, start=1):
                key = "s" if rank == 1 else str(rank)
                text.append(f"{'  ' if rank > 1 else ''}{key}) ")
                text.append(one_line(suggestion.title, 36))
                text.append(f" {suggestion.score:.2f}", style="dim")
        elif self.current_id is not None:
            text.append(
                _("No likely fix: no open fix shares its words. a: attach or create one."), style="dim"
            )
        for source, target in (merges or [])[:MERGES_SHOWN]:
            alike = _("Merge? “{source}” looks like “{target}”")
            text.append(
                "\n" + alike.format(source=one_line(source, 40), target=one_line(target, 40)), style="dim"
            )
        self.query_one("#suggestions", Static).update(text)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_suggestions()

    def action_accept(self, rank: int) -> None:
        """Attach the highlighted pain point to its ``rank``-th likely fix (0 is the first)."""
        point_id = self.current_id
        found = self.suggested.get(point_id or "", [])
        if point_id is None or rank >= len(found):
            self.notify(_("No such suggestion for this pain point; a: attach to any fix."), markup=False)
            return
        self.run_op(triage.attach, [point_id], found[rank].fix_id, then=self._attached)

    @property
    def current_id(self) -> str | None:
        """Id of the highlighted pain point."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_back(self) -> None:
        """Back to the ranked fixes."""
        self.app.pop_screen()

    def action_attach(self) -> None:
        """Attach the highlighted pain point to a fix found by title, or to a new fix."""
        point_id = self.current_id
        if point_id is None or self.store is None:
            return

        def chosen(pick: FixPick | None) -> None:
            if pick is None:
                return
            if pick.fix_id:
                self.run_op(triage.attach, [point_id], pick.fix_id, then=self._attached)
            else:
                self.run_op(triage.create_fix, pick.title, [point_id], then=self._attached)

        self.app.push_screen(FixPicker(self.store, _("Attach to fix…")), chosen)

    def _attached(self, fix: Fix) -> None:
        """Confirm, and show the agreed answer so everyone tells customers the same."""
        if fix.answer:
            title = _("Agreed answer · {title}").format(title=fix.title)
            self.notify(fix.answer, title=title, markup=False, timeout=10)
        else:
            self.notify(_("Attached to “{title}”.").format(title=fix.title), markup=False)

    @on(DataTable.RowSelected)
    def action_open_call(self) -> None:
        """Open the call the highlighted pain point was noted on."""
        call_id, line_id = self.calls.get(self.current_id or "", (None, None))
        if call_id:
            cx_app(self).open_call(call_id, line_id)


def _cells(point: PainPoint, segments: dict[str, str]) -> tuple[str, ...]:
    """A queue row's cells: noted, severity, step, segment, quote, by whom."""
    return (
        f"{point.created_at:%Y-%m-%d}",
        str(point.severity),
        labels.step_slug(point.step),
        segments.get(point.customer_id or "", ""),
        one_line(point.quote, 70),
        one_line(point.operator, 16),
    )


def _texts(cells: tuple[str, ...]) -> list[Text]:
    return [Text(cell) for cell in cells]
