"""The follow-ups screen: whom to call back today, and the promises overdue or due soon."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Label, Static

from cxnotes.domain import labels
from cxnotes.domain.models import Customer
from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _
from cxnotes.messages import StoreReady
from cxnotes.screens.fixes_base import ReviewScreen
from cxnotes.screens.typed_app import cx_app
from cxnotes.services.customers import short_value
from cxnotes.services.followups import Followups, followups
from cxnotes.widgets.kept_cells import KeptCellsTable
from cxnotes.widgets.steady_footer import SteadyFooter
from cxnotes.widgets.table_rows import TableRows

QueueRow = tuple[str, str, bool, str, str, str]
"""Since, status, left (else at risk), name, value, segment."""

DueRow = tuple[str, bool, str, str]
"""Due date, overdue, promise, customer."""


class FollowupsScreen(ReviewScreen):
    """The exit-interview queue on top, promises due below; Enter opens the customer or the call."""

    CSS_PATH = "action.tcss"
    BINDINGS = [
        Binding("n", "call_back", N_("Call back now"), id="followups-call"),
        Binding("ctrl+r", "reload", N_("Refresh"), id="followups-reload"),
        Binding("escape", "back", N_("Back"), id="followups-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.calls: dict[str, str | None] = {}
        """Promise id -> the call it was made on."""
        self.people: dict[str, Customer] = {}
        """Customer id -> record of those on the queue, read with it: a call starts with the very
        customer highlighted, even when two share a name."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Reading the queue…"), id="followups-status")
        yield KeptCellsTable(id="followups-queue", cursor_type="row", zebra_stripes=True)
        yield Label(_("Promises overdue or due soon"), classes="panel-title")
        yield KeptCellsTable(id="followups-promises", cursor_type="row", zebra_stripes=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.title = _("Follow-ups")
        self.query_one("#followups-queue", DataTable).add_columns(
            _("Since"), _("Status"), _("Customer"), _("Value"), _("Segment")
        )
        self.query_one("#followups-promises", DataTable).add_columns(_("Due"), _("Promise"), _("Customer"))
        self._queue = TableRows(self.query_one("#followups-queue", DataTable), _queue_cells)
        self._due = TableRows(self.query_one("#followups-promises", DataTable), _due_cells)
        """The two tables: rows computed in the worker, a return touches only those that changed, and a
        long list of promises goes in a batch per refresh."""
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def on_store_ready(self, _ready: StoreReady) -> None:
        """Opened before the store was: read it now."""
        self.action_reload()

    def action_reload(self) -> None:
        """Read the queue again (in a worker)."""
        self._load()

    @work(thread=True, exclusive=True, group="followups", exit_on_error=False)
    def _load(self) -> None:
        if self.store is None:
            return
        found = followups(self.store)
        people = {leaver.customer_id: self.store.get(Customer, leaver.customer_id) for leaver in found.queue}
        known = {i: c for i, c in people.items() if c is not None}
        self.app.call_from_thread(self._show, found, known, *_rows(found))

    def _show(
        self,
        found: Followups,
        people: dict[str, Customer],
        queue: dict[str, QueueRow],
        due: dict[str, DueRow],
    ) -> None:
        self._queue.show(queue)
        self._due.show(due)
        self.calls = {p.promise_id: p.call_id for p in found.promises}
        self.people = people
        lost = sum(leaver.lost for leaver in found.queue)
        overdue = sum(p.overdue for p in found.promises)
        self.query_one("#followups-status", Static).update(
            Text(
                _(
                    "{queue} to call back ({lost} left, {at_risk} at risk) with no reason on record · "
                    "{promises} promises due, {overdue} overdue · Enter: open · n: call back now"
                ).format(
                    queue=len(found.queue),
                    lost=lost,
                    at_risk=len(found.queue) - lost,
                    promises=len(found.promises),
                    overdue=overdue,
                )
            )
        )

    @on(DataTable.RowSelected, "#followups-queue")
    def _open_customer(self, event: DataTable.RowSelected) -> None:
        from cxnotes.screens.customers import CustomerScreen

        if event.row_key.value:
            self.app.push_screen(CustomerScreen(customer_id=event.row_key.value))

    @on(DataTable.RowSelected, "#followups-promises")
    def _open_call(self, event: DataTable.RowSelected) -> None:
        call_id = self.calls.get(event.row_key.value or "")
        if call_id:
            cx_app(self).open_call(call_id)

    def action_call_back(self) -> None:
        """Start a call with the highlighted customer: holding it takes them off the queue."""
        from cxnotes.screens.call import CallScreen
        from cxnotes.services.session import CallSession

        queue = self.query_one("#followups-queue", DataTable)
        if queue.row_count == 0:
            return
        customer = self.people.get(queue.coordinate_to_cell_key(queue.cursor_coordinate).row_key.value or "")
        if customer is not None:
            self.app.push_screen(CallScreen(CallSession.start(customer, "phone")))

    def action_back(self) -> None:
        """Back to where the screen was opened from."""
        cx_app(self).leave()


def _rows(found: Followups) -> tuple[dict[str, QueueRow], dict[str, DueRow]]:
    """The rows of both tables, by customer id and by promise id (in the worker)."""
    today = datetime.now().astimezone().date()
    queue = {
        leaver.customer_id: (
            _("{date} ({days}d)").format(
                date=f"{leaver.since:%Y-%m-%d}", days=(today - leaver.since.date()).days
            ),
            labels.customer_status(leaver.status),
            leaver.lost,
            one_line(leaver.name, 30),
            short_value(leaver.value),
            one_line(leaver.segment, 20),
        )  # fmt: skip
        for leaver in found.queue
    }
    due = {
        p.promise_id: (
            p.due.isoformat() + (_(" OVERDUE") if p.overdue else ""),
            p.overdue,
            one_line(p.text, 60),
            one_line(p.customer, 30),
        )  # fmt: skip
        for p in found.promises
    }
    return queue, due


def _queue_cells(row: QueueRow) -> list[Text]:
    since, status, lost, name, value, segment = row
    return [
        Text(since), Text(status, style="bold red" if lost else "yellow"), Text(name),
        Text(value, justify="right"), Text(segment),
    ]  # fmt: skip


def _due_cells(row: DueRow) -> list[Text]:
    due, overdue, text, customer = row
    return [Text(due, style="bold red" if overdue else ""), Text(text), Text(customer)]
