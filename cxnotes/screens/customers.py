"""The customer screen: find a customer, see everything on record with them, edit their record.

Typing searches (in a worker, so the keys never wait for the store); the highlighted
customer's calls, pain points, promises and dated statuses show beside the list.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, Input, Static

from cxnotes.domain import labels
from cxnotes.domain.models import Customer
from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _, ngettext, pgettext
from cxnotes.messages import StoreReady
from cxnotes.screens import customer_merge_dialogs as merge_dialogs
from cxnotes.screens.customer_dialog import CustomerDialog
from cxnotes.screens.fixes_base import ReviewScreen
from cxnotes.screens.typed_app import cx_app
from cxnotes.services import customers
from cxnotes.services.customers import QUEUED_STATUSES, History, short_value
from cxnotes.widgets.kept_cells import KeptCellsTable
from cxnotes.widgets.steady_footer import SteadyFooter
from cxnotes.widgets.table_rows import TableRows

SHOWN = 200
"""Customers listed at once; the search narrows them."""


class CustomerScreen(ReviewScreen):
    """Customers on the left, the highlighted one's record on the right."""

    CSS_PATH = "action.tcss"
    AUTO_FOCUS = "#customer-search"
    BINDINGS = [
        Binding("f2", "edit", N_("Edit customer"), id="customer-edit"),
        Binding("ctrl+o", "open_call", N_("Open latest call"), id="customer-open-call"),
        Binding("ctrl+r", "reload", N_("Refresh"), id="customer-reload"),
        Binding("escape", "back", N_("Back"), id="customer-back"),
        Binding("f4", "merge", N_("Merge into…"), id="customer-merge", show=False),
        Binding("f10", "split", N_("Split off calls…"), id="customer-split", show=False),
    ]

    def __init__(self, search: str = "", customer_id: str | None = None) -> None:
        super().__init__()
        self.search = search
        self.wanted = customer_id
        """The customer to highlight once the list is loaded (from the follow-ups, say)."""
        self.shown: History | None = None
        """The highlighted customer's record, once read."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            self.search,
            placeholder=_("Search customers: name, segment, plan or status"),
            id="customer-search",
        )
        yield Static(_("Loading customers…"), id="customer-status")
        with Horizontal():
            yield KeptCellsTable(id="customer-list", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="customer-detail-box"):
                yield Static(id="customer-detail")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.title = _("Customers")
        self.query_one(DataTable).add_columns(_("Name"), _("Status"), _("Value"), _("Segment"))
        self._rows = TableRows(self.query_one(DataTable), _cells)
        """What the list shows: only rows that changed are touched when it is searched again or
        shown again (refilled on every return, its 200 rows were all measured again on the UI thread)."""
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def on_store_ready(self, _ready: StoreReady) -> None:
        """Opened before the store was: read it now."""
        self.action_reload()

    def action_reload(self) -> None:
        """Search again with what is typed (in a worker)."""
        self._search(self.query_one("#customer-search", Input).value)

    @on(Input.Changed, "#customer-search")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#customer-search")
    def _to_list(self) -> None:
        self.query_one(DataTable).focus()

    @work(thread=True, exclusive=True, group="customer-search", exit_on_error=False)
    def _search(self, text: str) -> None:
        if self.store is None:
            return
        found, total = customers.search(self.store, text, limit=SHOWN)
        self.app.call_from_thread(self._list, found, total)

    def _list(self, found: list[Customer], total: int) -> None:
        table = self.query_one(DataTable)
        keep = self.wanted or self._current_id()
        self._rows.show({c.id: _row(c) for c in found})
        shown = _(", {n} shown").format(n=len(found)) if len(found) < total else ""
        count = ngettext("{n} customer", "{n} customers", total).format(n=f"{total:,}")
        self.query_one("#customer-status", Static).update(
            Text(count + shown + _(" · F2: edit · Ctrl+O: latest call"))
        )
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self.wanted = None
        self._show_current()

    def _current_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(DataTable.RowHighlighted)
    def _show_current(self) -> None:
        customer_id = self._current_id()
        if customer_id is None:
            self.shown = None
            self.query_one("#customer-detail", Static).update(Text(_("No customer matches.")))
        else:
            self._read(customer_id)

    @work(thread=True, exclusive=True, group="customer-history", exit_on_error=False)
    def _read(self, customer_id: str) -> None:
        if self.store is None:
            return
        record = customers.history(self.store, customer_id)
        self.app.call_from_thread(self._detail, record)

    def _detail(self, record: History | None) -> None:
        self.shown = record
        self.query_one("#customer-detail", Static).update(render_history(record) if record else Text(""))

    def action_edit(self) -> None:
        """Edit the highlighted customer's value, plan, segment or status."""
        if self.shown is None:
            return

        def done(edit: customers.CustomerEdit | None) -> None:
            if edit is not None:
                self.run_op(
                    customers.apply_edit, edit, done=_("Saved {name}.").format(name=one_line(edit.name, 40))
                )

        self.app.push_screen(CustomerDialog(self.shown.customer), done)

    def action_open_call(self) -> None:
        """Open the highlighted customer's latest call."""
        if self.shown is not None and self.shown.calls:
            cx_app(self).open_call(self.shown.calls[0].id)
        else:
            self.notify(_("No call with this customer yet."))

    def action_back(self) -> None:
        """Back to where the screen was opened from."""
        cx_app(self).leave()

    def action_merge(self) -> None:
        """Make the highlighted customer one with another (the same person filed twice)."""
        if self.shown is not None and self.store is not None:
            merge_dialogs.ask_merge(self, self.store, self.shown.customer)

    def action_split(self) -> None:
        """Move some of the highlighted customer's calls to a new customer (two people joined as one)."""
        if self.shown is not None:
            merge_dialogs.ask_split(self, self.shown)


def _row(c: Customer) -> tuple[str, str, bool, str, str]:
    """A list row: name, status, whether the status asks for a call back, value, segment."""
    status = labels.customer_status(c.status)
    return (
        one_line(c.name, 30),
        status,
        c.status in QUEUED_STATUSES,
        short_value(c.value),
        one_line(c.segment, 20),
    )


def _cells(row: tuple[str, str, bool, str, str]) -> list[Text]:
    name, status, queued, value, segment = row
    return [
        Text(name),
        Text(status, style="bold red" if queued else ""),
        Text(value, justify="right"),
        Text(segment),
    ]


def render_history(record: History) -> Text:
    """A customer's record as text: facts, dated statuses, calls, pain points and promises."""
    c = record.customer
    out = Text()
    out.append(one_line(c.name, 60) + "\n", style="bold")
    status = labels.customer_status(c.status)
    facts = [
        _("status {status} since {date}").format(status=status, date=f"{c.status_since:%Y-%m-%d}"),
        _("value {value}").format(value=short_value(c.value)),
    ]
    facts += [_("plan {plan}").format(plan=c.plan)] * bool(c.plan)
    facts += [_("segment {segment}").format(segment=c.segment)] * bool(c.segment)
    out.append(" · ".join(facts) + "\n")
    if c.statuses:
        history = " → ".join(f"{labels.customer_status(s.status)} {s.at:%Y-%m-%d}" for s in c.statuses)
        out.append(_("Status history: {history}").format(history=history) + "\n")
    out.append("\n" + _("Calls ({n})").format(n=len(record.calls)) + "\n", style="bold")
    for call in record.calls[:10]:
        ended = labels.outcome(call.outcome) if call.outcome else _("unfinished")
        channel = labels.channel(call.channel)
        out.append(
            f"  {call.started_at:%Y-%m-%d %H:%M} {channel} · {ended} · {one_line(call.operator, 20)}\n"
        )
    out.append("\n" + _("Pain points ({n})").format(n=len(record.pain_points)) + "\n", style="bold")
    for point in record.pain_points[:15]:
        sev = _("sev {severity}").format(severity=point.severity)
        step = labels.step_slug(point.step)
        out.append(f"  {point.created_at:%Y-%m-%d} {sev} {step}: {one_line(point.quote, 60)}\n")
    open_promises = [p for p in record.promises if not p.done]
    promises = _("Promises ({open} open of {n})").format(open=len(open_promises), n=len(record.promises))
    out.append("\n" + promises + "\n", style="bold")
    for promise in record.promises[:10]:
        due = promise.due.isoformat() if promise.due else _("no date")
        mark = _("done") if promise.done else pgettext("promise", "open")
        out.append(f"  {due} {mark}: {one_line(promise.text, 60)}\n")
    return out
