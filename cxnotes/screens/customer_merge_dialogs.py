"""The lead's dialogs for who is who: merge a customer into another, or split off some calls.

Both return what was chosen; the customer screen runs the change
(:mod:`cxnotes.services.customer_merge`) in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option

from cxnotes.domain.models import Call, Customer
from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _, ngettext
from cxnotes.services import customer_merge, customers
from cxnotes.storage.store import Store

if TYPE_CHECKING:
    from cxnotes.screens.customers import CustomerScreen

MATCHES = 20
"""Customers offered to merge into at once; typing narrows them."""


@dataclass
class SplitChoice:
    """The calls that belong to someone else, and that person's name."""

    call_ids: list[str]
    name: str


class MergeDialog(ModalScreen[str | None]):
    """Find the customer to merge into; Enter on one chooses it, Esc cancels."""

    AUTO_FOCUS = "#merge-search"
    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Cancel"), id="merge-cancel"),
        Binding("down", "focus_matches", N_("Matches"), show=False, id="merge-matches"),
    ]

    def __init__(self, store: Store, customer: Customer) -> None:
        super().__init__()
        self.store = store
        self.customer = customer

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            title = _("Merge {name} into…").format(name=one_line(self.customer.name, 50))
            yield Label(Text(title), classes="dialog-title")
            yield Input(placeholder=_("Search customers by name, segment or plan"), id="merge-search")
            yield OptionList(id="merge-matches")
            yield Label(
                _("Enter on a customer: merge into them (their record keeps every call) · Esc: cancel"),
                classes="dialog-help",
            )

    def on_mount(self) -> None:
        self._search("")

    @on(Input.Changed, "#merge-search")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#merge-search")
    def action_focus_matches(self) -> None:
        """Move from the search box to the matches, the first highlighted (Enter takes it)."""
        matches = self.query_one(OptionList)
        if matches.option_count and matches.highlighted is None:
            matches.highlighted = 0
        matches.focus()

    @work(thread=True, exclusive=True, group="merge-search", exit_on_error=False)
    def _search(self, text: str) -> None:
        found, _total = customers.search(self.store, text, limit=MATCHES + 1)
        others = [c for c in found if c.id != self.customer.id and not c.merged_into][:MATCHES]
        self.app.call_from_thread(self._show, others)

    def _show(self, found: list[Customer]) -> None:
        matches = self.query_one(OptionList)
        matches.clear_options()
        for c in found:
            label = Text(one_line(c.name, 40))
            if c.segment:
                label.append(f"  {one_line(c.segment, 24)}", style="dim")
            matches.add_option(Option(label, id=c.id))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class SplitDialog(ModalScreen[SplitChoice | None]):
    """Tick the calls that were someone else's (Space), name that person, Enter splits them off."""

    AUTO_FOCUS = "#split-calls"
    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="split-cancel")]

    def __init__(self, customer: Customer, calls: list[Call]) -> None:
        super().__init__()
        self.customer = customer
        self.calls = calls

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            title = _("Split {name}: which calls were someone else's?").format(
                name=one_line(self.customer.name, 40)
            )
            yield Label(Text(title), classes="dialog-title")
            yield SelectionList[str](*[(_call_label(call), call.id) for call in self.calls], id="split-calls")
            yield Label(_("The other person's name"))
            yield Input(placeholder=_("e.g. {name} (Busan)").format(name=self.customer.name), id="split-name")
            yield Label("", id="error", classes="dialog-error")
            yield Label(
                _("Space: tick a call · Tab: the name · Enter: split · Esc: cancel"), classes="dialog-help"
            )

    @on(Input.Submitted, "#split-name")
    def _submit(self) -> None:
        chosen = list(self.query_one(SelectionList).selected)
        name = customers.typed_name(self.query_one("#split-name", Input).value)
        if not chosen:
            self._error(_("Tick the calls that were the other person's (Space)."))
        elif not name:
            self._error(_("Give the other person a name."))
        else:
            self.dismiss(SplitChoice(chosen, name))

    def _error(self, message: str) -> None:
        self.query_one("#error", Label).update(Text(message))


def _call_label(call: Call) -> Text:
    """A call as one line: when, channel, who held it, how it ended (user text never markup)."""
    text = Text(f"{call.started_at:%Y-%m-%d %H:%M}  {call.channel}")
    if call.operator:
        text.append(f"  {one_line(call.operator, 16)}", style="dim")
    if call.summary or call.outcome:
        text.append(f"  {one_line(call.summary or call.outcome or '', 40)}")
    return text


def ask_merge(screen: CustomerScreen, store: Store, customer: Customer) -> None:
    """Ask whom to merge ``customer`` into, then merge in ``screen``'s worker and highlight the one left."""

    def chosen(target_id: str | None) -> None:
        if target_id is not None:
            done = _("Merged {name}: their calls, pain points and promises are the other's now.").format(
                name=one_line(customer.name, 40)
            )
            screen.run_op(customer_merge.merge, customer.id, target_id, done=done, then=shown)

    def shown(target: Customer) -> None:
        """The merged customer left the list: show the one left instead."""
        screen.wanted = target.id
        screen.query_one("#customer-search", Input).value = target.name

    screen.app.push_screen(MergeDialog(store, customer), chosen)


def ask_split(screen: CustomerScreen, record: customers.History) -> None:
    """Ask which calls were someone else's and their name, then split in ``screen``'s worker."""
    if not record.calls:
        screen.notify(_("No call with this customer to split off."), markup=False)
        return

    def chosen(choice: SplitChoice | None) -> None:
        if choice is not None:
            done = ngettext(
                "Split {n} call off to {name}.", "Split {n} calls off to {name}.", len(choice.call_ids)
            ).format(n=len(choice.call_ids), name=one_line(choice.name, 40))
            screen.run_op(customer_merge.split, record.customer.id, choice.call_ids, choice.name, done=done)

    screen.app.push_screen(SplitDialog(record.customer, record.calls), chosen)
