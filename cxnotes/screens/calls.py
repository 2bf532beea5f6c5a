"""The home screen: unfinished and past calls; start, continue or read one."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label
from textual.worker import Worker, get_current_worker

from cxnotes.domain import labels
from cxnotes.domain.models import OUTCOMES
from cxnotes.i18n import N_, _, ngettext
from cxnotes.messages import StoreChanged, StoreReady
from cxnotes.screens import warm_up
from cxnotes.screens.call import CallScreen
from cxnotes.screens.footer import QuietFooter
from cxnotes.screens.new_call_dialog import StartCallChoice, StartCallDialog
from cxnotes.screens.typed_app import cx_app
from cxnotes.services.calls_list import SHOWS, CallRow, CallsPage, read_page
from cxnotes.storage.store import Store
from cxnotes.widgets.fitted_table import FittedTable
from cxnotes.widgets.steady_footer import SteadyFooter

STORE_WAIT = 60.0
"""Seconds a first load waits for the store to open (a big store made by v0.1 is moved first)."""


class CallsScreen(QuietFooter, Screen[None]):
    """Calls, newest first; unfinished calls on top."""

    FOOTER_HIDES = frozenset()
    FOOTER_HIDES_NARROW = frozenset({"fixes", "export", "steps"})
    """At 80 columns F5 (log a complaint) stays beside the list's own keys; F1 lists F6-F8."""

    BINDINGS = [
        Binding("n", "new_call", N_("New call"), id="new-call"),
        Binding("enter", "open_call", N_("Open"), id="open-call", show=False),
        Binding("r", "reload", N_("Refresh"), id="reload", show=False),  # it refreshes itself; F1 lists it
        Binding("c", "app.show_customers", N_("Customers"), id="calls-customers"),
        Binding("b", "app.show_followups", N_("Call back"), id="calls-followups"),
        Binding("t", "app.show_trends", N_("Trends"), id="calls-trends"),
        Binding("w", "app.show_week", N_("My week"), id="calls-week", show=False),
        Binding("i", "app.show_inbox", N_("Inbox"), id="calls-inbox", show=False),
        Binding("f3", "show_conflicts", N_("Conflicts"), id="calls-conflicts", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(_("Opening the store…"), id="status")
        yield FittedTable(id="calls", cursor_type="row", zebra_stripes=True)
        yield SteadyFooter()

    _shown_version: tuple[int, ...] | None = None
    """:meth:`Store.version` of :data:`SHOWS` when the rows shown were read; None before."""
    _early: Worker[None] | None = None
    """The first read, started before the store was announced (:meth:`_load_early`)."""
    _restore_when_shown = False
    """StoreReady came while the first read was under way: its rows bring back the unfinished call."""
    _first_unfinished: CallRow | None = None
    """The newest unfinished call among the rows shown, if any."""
    _rows: Sequence[CallRow] = ()
    """The rows last read, all of them (the table may show only the first screenful yet)."""
    _complete = False
    """The rows shown are all the list shows, not the first screenful read as the app started."""
    _warming = False
    """The screens opened from here are being imported (:meth:`_warm_up`)."""

    def on_mount(self) -> None:
        """Show the rows read as the process started, if they are: the first frame is the filled list."""
        page = cx_app(self).opening.take_first_read()
        if isinstance(page, CallsPage):
            self._show(page, None)
            return
        self._fill([])
        if cx_app(self).store is None:
            self._early = self._load_early()
        else:
            self.action_reload()

    def on_store_ready(self, _ready: StoreReady) -> None:
        """First load; bring back an unfinished call if the app was not asked for a new one.

        The rows of the first read, started as soon as the store opened, are not read again (a
        second read beside it took the CPU from the first paint and filled the list 100 ms later),
        only those below the first screenful if that is all it read.
        """
        restore = cx_app(self).start_call is None
        store = cx_app(self).store
        if store is not None and self._shown_version == store.version(*SHOWS):
            if restore and self._first_unfinished is not None:
                self._restore(self._first_unfinished)
            if not self._complete:
                self.action_reload()
        elif self._early is not None and not self._early.is_finished and self._shown_version is None:
            self._restore_when_shown = restore
        else:
            self.action_reload(restore=restore)

    def on_screen_resume(self) -> None:
        """Back from a call or another screen: read again only if calls, customers or pain points
        changed since (every screen is left through this one, and reading 500 calls in a worker
        still took the CPU from the next screen's first paint)."""
        store = cx_app(self).store
        if store is not None and store.version(*SHOWS) != self._shown_version:
            self.action_reload()

    def on_store_changed(self, event: StoreChanged) -> None:
        """A call, customer or pain point changed in another process: show it."""
        if event.tables & {cls.TABLE for cls in SHOWS}:
            self.action_reload()

    def action_reload(self, restore: bool = False) -> None:
        """Read the calls again (in a worker), once the store is open."""
        store = cx_app(self).store
        if store is not None:
            self._load(store, restore)

    @work(thread=True, exclusive=True, group="calls", exit_on_error=False)
    def _load(self, store: Store, restore: bool) -> None:
        self.app.call_from_thread(self._show, read_page(store), restore)

    @work(thread=True, exclusive=True, group="calls", exit_on_error=False)
    def _load_early(self) -> None:
        """The rows as soon as they are read where the store is being opened (or read here once it is open),
        while the app is still painting (the first screen would wait for :class:`StoreReady` behind
        that); a StoreReady meanwhile waits for them."""
        opening = cx_app(self).opening
        page = opening.take_first_read(timeout=STORE_WAIT)
        if not isinstance(page, CallsPage):
            store = opening.store(timeout=STORE_WAIT)
            page = read_page(store) if store is not None else None
        if page is not None and not get_current_worker().is_cancelled:  # cancelled: a later load came first
            self.app.call_from_thread(self._show, page, None)

    def _show(self, page: CallsPage, restore: bool | None) -> None:
        """Show the rows read; ``restore`` None: as :meth:`on_store_ready` asked, if it has."""
        if restore is None:
            restore, self._restore_when_shown = self._restore_when_shown, False
        rows, total = page.rows, page.total
        self._rows = rows
        if self._shown_version is None:  # the first rows (the store is open): a screenful first
            self._fill(rows, first=self.app.size.height)
            self.call_after_refresh(self._fill_the_rest)
        else:
            self._fill(rows)
        self._shown_version, self._complete = page.version, page.complete
        if not page.complete and cx_app(self).store is not None:  # else StoreReady reads the rest
            self.action_reload()
        if page.complete and not self._warming:
            self._warming = True
            self.call_after_refresh(self._warm_up)
        unfinished = sum(r.unfinished for r in rows)
        listed = page.listed
        shown = _(" (newest {n} shown)").format(n=f"{listed:,}") if listed < total else ""
        note = _(" · {n} unfinished").format(n=unfinished) if unfinished else ""
        calls = ngettext("{n} call", "{n} calls", total).format(n=f"{total:,}")
        self.query_one("#status", Label).update(calls + shown + note + _(" · n: new call · Enter: open"))
        self._first_unfinished = rows[0] if unfinished else None
        if restore and self._first_unfinished is not None:
            self._restore(self._first_unfinished)

    def _fill_the_rest(self) -> None:
        """The rows below the first screenful, once it is drawn."""
        self._fill(self._rows)

    def _warm_up(self) -> None:
        """Import the screens opened from here once all the rows are drawn: beside the first drawing,
        their imports took the CPU from it (the list showed 300 ms later in a pty at 100k)."""
        warm = partial(warm_up.import_screens, self.app)
        self.run_worker(warm, thread=True, group="warm-up", exit_on_error=False)

    def _restore(self, latest: CallRow) -> None:
        """Bring back the newest unfinished call, and say so."""
        cx_app(self).open_call(latest.call_id)
        self.notify(
            _(
                "Restored your unfinished call with {customer}, started {when}. "
                "F10 ends it; Esc keeps it for later."
            ).format(customer=latest.customer, when=latest.when),
            title=_("Call restored"),
            markup=False,
            timeout=10,
        )

    def _fill(self, rows: Sequence[CallRow], first: int | None = None) -> None:
        """Show ``rows`` (only the ``first`` of them, if given), changing only the rows that changed,
        the cursor kept on its call.

        Every column is as wide as its widest cell among all ``rows``, measured here on their
        plain text (a DataTable left to measure them when it next idles drew the rows in columns
        as wide as their labels, and pictured so under a dialog opened at once). The first
        screenful and then all rows are shown in the same columns, and the DataTable measures
        no cell. The status column is as wide as the widest status, so a call starting or ending
        changes its row alone.
        """
        statuses = [_("Status"), _("unfinished"), _("ended"), *(labels.outcome(o) for o in OUTCOMES)]
        texts = [_texts(row) for row in rows]
        keys = [key for key, _label in COLUMNS]
        widths = {key: max((cell_len(t[i]) for t in texts), default=0) for i, key in enumerate(keys)}
        widths["status"] = max(map(cell_len, statuses))
        columns = [(key, _(label), max(widths[key], cell_len(_(label)))) for key, label in COLUMNS]
        self.query_one(FittedTable).fill(columns, {row.call_id: _cells(row) for row in rows[:first]})

    def action_new_call(self) -> None:
        """Ask who is calling, then start the call."""

        def done(choice: StartCallChoice | None) -> None:
            if choice is not None:
                call = CallScreen.new(choice.customer, choice.segment, choice.channel, choice.value)
                self.app.push_screen(call)

        self.app.push_screen(StartCallDialog(), done)

    def action_show_conflicts(self) -> None:
        """Open the conflicts: versions replaced by a later one, to keep or let go."""
        from cxnotes.screens import conflicts

        conflicts.show(self.app)

    @on(DataTable.RowSelected)
    def action_open_call(self, event: DataTable.RowSelected | None = None) -> None:
        """Open the highlighted call."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        key = event.row_key if event else table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if key.value:
            cx_app(self).open_call(key.value)


COLUMNS = (
    ("started", N_("Started")), ("customer", N_("Customer")), ("status", N_("Status")),
    ("value", N_("Value")), ("points", N_("Pts")), ("segment", N_("Segment")), ("channel", N_("Channel")),
    ("operator", N_("Held by")),
)  # fmt: skip
"""(key, label) of the calls table. What an operator scans for (who, and how it ended) comes first: at
80 columns the last column is cut, and a cut status ("resolv") was the one that mattered. The team's
lead reads who took each call (Held by)."""


def _texts(row: CallRow) -> tuple[str, ...]:
    """The text of a calls table row, in the order of :data:`COLUMNS`."""
    points = str(row.points)
    return row.when, row.customer, row.status, row.value, points, row.segment, row.channel, row.operator


def _cells(row: CallRow) -> list[Text]:
    """A calls table row: started, customer, status, value, pain points, segment, channel, held by."""
    when, customer, status, value, points, segment, channel, operator = _texts(row)
    return [
        Text(when),
        Text(customer),
        Text(status, style="bold yellow" if row.unfinished else ""),
        Text(value, justify="right"),
        Text(points, justify="right"),
        Text(segment),
        Text(channel),
        Text(operator),
    ]
