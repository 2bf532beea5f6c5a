"""The inbox: imported conversations waiting for review, low satisfaction first, then newest.

Enter opens one read-only (:class:`ConversationScreen`), where lines are marked as pain
points with the live call's key; ``r`` marks the highlighted one reviewed, which takes it
out of the inbox (a later re-import keeps it out).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from cxnotes.domain import labels
from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _, ngettext
from cxnotes.screens.conversation import ConversationScreen
from cxnotes.screens.fixes_base import ReviewScreen
from cxnotes.services import inbox
from cxnotes.widgets.kept_cells import KeptCellsTable
from cxnotes.widgets.steady_footer import SteadyFooter
from cxnotes.widgets.table_rows import TableRows


class InboxScreen(ReviewScreen):
    """Imported conversations nobody has reviewed yet."""

    CSS_PATH = "inbox.tcss"
    BINDINGS = [
        Binding("enter", "open", N_("Open"), id="inbox-open", show=True),
        Binding("r", "reviewed", N_("Reviewed"), id="inbox-reviewed"),
        Binding("ctrl+r", "reload", N_("Refresh"), id="inbox-reload"),
        Binding("escape", "back", N_("Back"), id="inbox-back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading the inbox…"), id="inbox-status")
        yield KeptCellsTable(id="inbox", cursor_type="row", zebra_stripes=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            "", _("When"), _("From"), _("Channel"), _("Rating"), _("Customer"), _("First words")
        )
        self._rows = TableRows(self.query_one(DataTable), _cells)
        """What the table shows: a return from a conversation touches only the rows that changed."""
        self.action_reload()

    def on_screen_resume(self) -> None:
        """Coming back from a conversation: it may have been reviewed or marked."""
        self.action_reload()

    def action_reload(self) -> None:
        """Read the inbox again (in a worker)."""
        if self.is_attached:
            self._load()

    @work(thread=True, exclusive=True, group="inbox", exit_on_error=False)
    def _load(self) -> None:
        if self.store is None:
            return
        entries, total = inbox.waiting(self.store)
        self.app.call_from_thread(self._show, entries, total)

    def _show(self, entries: list[inbox.Waiting], total: int) -> None:
        self._rows.show({entry.call.id: _row(entry) for entry in entries})
        shown = _(" ({n} shown)").format(n=len(entries)) if len(entries) < total else ""
        status = (
            ngettext(
                "{n} imported conversation to review", "{n} imported conversations to review", total
            ).format(n=f"{total:,}")
            + shown
        )
        self.query_one("#inbox-status", Static).update(
            Text(status + _(" · ! low satisfaction · Enter: open · r: reviewed") if total else
                 _("Nothing to review. Bring conversations in with: cxnotes import FILE"))
        )  # fmt: skip

    @property
    def current_id(self) -> str | None:
        """Id of the highlighted conversation's call."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        """Open the highlighted conversation read-only."""
        if self.current_id:
            self.app.push_screen(ConversationScreen(self.current_id))

    def action_reviewed(self) -> None:
        """Take the highlighted conversation out of the inbox."""
        if self.current_id:
            self.run_op(inbox.mark_reviewed, self.current_id, done=_("Reviewed: out of the inbox."))

    def action_back(self) -> None:
        """Back to where the inbox was opened from."""
        self.app.pop_screen()


def _row(entry: inbox.Waiting) -> tuple[bool, str, str, str, str, str, str]:
    """A table row: flagged, when, from, channel, rating, customer, first words."""
    call = entry.call
    return (
        call.flagged, f"{call.started_at:%Y-%m-%d %H:%M}", call.source, labels.channel(call.channel),
        call.rating, one_line(entry.customer, 16), one_line(entry.first, 60),
    )  # fmt: skip


def _cells(row: tuple[bool, str, str, str, str, str, str]) -> list[Text]:
    flagged, *texts = row
    return [Text("!", style="bold red") if flagged else Text(""), *(Text(text) for text in texts)]
