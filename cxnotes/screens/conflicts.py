"""The conflicts screen: versions that lost to a later one, beside the winners; the lead chooses.

Opened with F3 from the calls list or the fix review, or "Conflicts" in the palette
(:func:`show`).
``m`` keeps the replaced version (mine), ``t`` takes the current one (theirs); the
choice is recorded and synced to the team (:mod:`cxnotes.services.conflicts`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, Static

from cxnotes.domain.text import clean
from cxnotes.i18n import N_, _, ngettext
from cxnotes.messages import StoreChanged, StoreReady
from cxnotes.screens.fixes_base import ReviewScreen
from cxnotes.screens.footer import APP_PAGES
from cxnotes.screens.typed_app import cx_app
from cxnotes.services import conflicts
from cxnotes.services.conflicts import Conflict
from cxnotes.widgets.kept_cells import KeptCellsTable
from cxnotes.widgets.steady_footer import SteadyFooter

KINDS = {
    "fixes": N_("Fix"),
    "customers": N_("Customer"),
    "calls": N_("Call"),
    "pain_points": N_("Pain point"),
    "steps": N_("Step"),
    "lines": N_("Transcript line"),
    "promises": N_("Promise"),
}
"""What each table's records are called in the list."""


class ConflictsScreen(ReviewScreen):
    """Unresolved conflicts, newest first; the highlighted one's two versions below."""

    CSS_PATH = "conflicts.tcss"
    FOOTER_HIDES = APP_PAGES
    """Its own keys, Ctrl+Q and F1 fit at 120 columns in Korean too; F1 and the palette list F5-F8."""
    BINDINGS = [
        Binding("m", "keep_mine", N_("Keep mine"), id="conflict-keep-mine"),
        Binding("t", "take_theirs", N_("Take theirs"), id="conflict-take-theirs"),
        Binding("ctrl+r", "reload", N_("Refresh"), id="conflicts-reload"),
        Binding("escape", "back", N_("Back"), id="conflicts-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, Conflict] = {}
        """The conflicts listed, by key."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Reading the conflicts…"), id="conflicts-status")
        yield KeptCellsTable(id="conflicts-list", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="conflicts-versions"):
            with VerticalScroll(id="conflict-mine", classes="conflict-version"):
                yield Static(id="conflict-mine-text")
            with VerticalScroll(id="conflict-theirs", classes="conflict-version"):
                yield Static(id="conflict-theirs-text")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.title = _("Conflicts")
        self.query_one(DataTable).add_columns(_("Replaced at"), _("Kind"), _("Record"))
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def on_store_ready(self, _event: StoreReady) -> None:
        """Opened before the store was: read it now."""
        self.action_reload()

    def on_store_changed(self, _event: StoreChanged) -> None:
        """Any table may hold a conflict: read them again."""
        self.action_reload()

    def action_reload(self) -> None:
        """Read the open conflicts again (in a worker)."""
        self._load()

    @work(thread=True, exclusive=True, group="conflicts", exit_on_error=False)
    def _load(self) -> None:
        if self.store is not None:
            found = conflicts.open_conflicts(self.store)
            self.app.call_from_thread(self._show, found)

    def _show(self, found: list[Conflict]) -> None:
        table = self.query_one(DataTable)
        current = self._current()
        self.found = {conflict.key: conflict for conflict in found}
        table.clear()
        for conflict in found:
            kind = _(KINDS.get(conflict.table, conflict.table))
            label = clean(conflict.label, multiline=False)[:80]
            table.add_row(Text(conflict.when.replace("T", " ")), Text(kind), Text(label), key=conflict.key)
        if current is not None and current.key in self.found:
            table.move_cursor(row=table.get_row_index(current.key), animate=False)
        status = (
            ngettext(
                "{n} conflict to resolve · m: keep mine · t: take theirs",
                "{n} conflicts to resolve · m: keep mine · t: take theirs",
                len(found),
            ).format(n=len(found))
            if found
            else _("No conflicts: every change made apart was kept or settled.")
        )
        self.query_one("#conflicts-status", Static).update(Text(status))
        self._show_versions()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_versions()

    def _current(self) -> Conflict | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.found.get(key or "")

    def _show_versions(self) -> None:
        conflict = self._current()
        mine = self.query_one("#conflict-mine-text", Static)
        theirs = self.query_one("#conflict-theirs-text", Static)
        if conflict is None:
            mine.update("")
            theirs.update("")
            return
        fields = conflicts.differences(conflict)
        mine.update(_version(_("Mine (replaced)"), conflict.mine, [(f, a) for f, a, _b in fields]))
        theirs.update(_version(_("Theirs (current)"), conflict.theirs, [(f, b) for f, _a, b in fields]))

    def action_keep_mine(self) -> None:
        """Write the replaced version back over the current one; the choice is recorded and synced."""
        self._resolve(conflicts.KEEP_MINE, _("Kept your version; the team gets it at the next sync."))

    def action_take_theirs(self) -> None:
        """Keep the current version; the choice is recorded and synced."""
        self._resolve(conflicts.TAKE_THEIRS, _("Kept the current version; the conflict is settled."))

    def _resolve(self, choice: str, done: str) -> None:
        conflict = self._current()
        if conflict is None:
            self.notify(_("No conflict is highlighted."), markup=False)
            return
        self.run_op(conflicts.resolve, conflict, choice, done=done)

    def action_back(self) -> None:
        """Back to where the screen was opened from."""
        cx_app(self).leave()


def _version(title: str, doc: dict[str, Any] | None, fields: list[tuple[str, Any]]) -> Text:
    """One side: its title, then each field that differs (user text never read as markup)."""
    text = Text(title, style="bold")
    text.append("\n")
    if doc is None:
        text.append(_("(deleted)"), style="italic")
        return text
    for name, value in fields:
        text.append(f"{name}: ", style="dim")
        shown = "—" if value in (None, "", []) else clean(str(value), multiline=True)
        text.append(shown)
        text.append("\n")
    return text


def show(app: App[Any]) -> None:
    """Open the conflicts screen on top, unless it is the one shown (the calls list's and fixes' F3)."""
    if not isinstance(app.screen, ConflictsScreen):
        app.push_screen(ConflictsScreen())
