"""The new-call dialog (also F4 in a call): who is on the line, their segment, value and channel.

User text is shown as :class:`rich.text.Text` or with ``markup=False``, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from cxnotes.domain.models import CHANNELS, Customer
from cxnotes.domain.money import ValueTextError, format_value, parse_value
from cxnotes.domain.text import clean
from cxnotes.i18n import N_, _
from cxnotes.screens import as_shown
from cxnotes.screens.dialogs import choices
from cxnotes.screens.lookup import look_up
from cxnotes.services import customers
from cxnotes.widgets.completing import CleanInput, CompletingInput


@dataclass
class StartCallChoice:
    """What the start-call dialog returns."""

    customer: str
    segment: str
    channel: str
    value: float | None = None
    """The customer's value (revenue or plan price); None when the field was left empty."""


class StartCallDialog(ModalScreen[StartCallChoice | None]):
    """Customer (with completion), segment, value and channel; Enter starts the call.

    Opened on a call that already has a customer (F4), it starts from that customer,
    so a correction or a value is typed on top instead of everything again.
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Cancel"), id="cancel"),
        Binding("ctrl+left", "channel(-1)", N_("Channel"), id="channel-prev", show=False, priority=True),
        Binding("ctrl+right", "channel(1)", N_("Next channel"), id="channel-next", priority=True),
    ]

    def __init__(self, title: str = "", channel: str = "phone", current: Customer | None = None) -> None:
        super().__init__()
        self.segments: dict[str, str] = {}
        """Known customers' segments by folded name (read in a worker once the dialog is up)."""
        self.title_text = title
        self.channel = CHANNELS.index(channel) if channel in CHANNELS else 0
        self.current = current
        """The call's customer so far, whose fields the dialog starts from."""

    def compose(self) -> ComposeResult:
        current = self.current
        value = format_value(current.value) if current and current.value is not None else ""
        with Vertical(classes="dialog"):
            yield Label(self.title_text or _("New call"), classes="dialog-title")
            yield CompletingInput(
                current.name if current else "",
                placeholder=_("Customer name or id (Tab completes)"),
                id="customer",
                choices=[],
                select_on_focus=current is not None,  # typing replaces the name; Tab keeps it
            )
            yield CleanInput(
                current.segment if current else "",
                placeholder=_('Segment, e.g. "1-year member"'),
                id="segment",
            )
            yield CleanInput(
                value,
                placeholder=_("Value: revenue or plan price, e.g. 2,000,000 or 200만 (optional)"),
                id="value",
            )
            yield Static(choices(as_shown.channels(), self.channel, numbered=False), id="channels")
            yield Label("", id="error", classes="dialog-error")
            yield Label(_("Enter start · Ctrl+←/→ channel · Esc cancel"), classes="dialog-help")

    def on_mount(self) -> None:
        """The customer names to complete from are read off the UI thread: typing starts at once."""
        look_up(self, customers.names, self._known, group="customer-names")

    def _known(self, names: dict[str, str]) -> None:
        self.segments = {name.casefold(): segment for name, segment in names.items() if segment}
        self.query_one("#customer", CompletingInput).complete_from(list(names))
        if not self.query_one("#segment", Input).value:  # never over what was typed meanwhile
            self._fill_segment(self.query_one("#customer", Input).value)

    @on(Input.Changed, "#customer")
    def _known_customer(self, event: Input.Changed) -> None:
        self._fill_segment(event.value)

    def _fill_segment(self, name: str) -> None:
        if segment := self.segments.get(name.strip().casefold()):
            self.query_one("#segment", Input).value = segment

    def action_channel(self, step: int) -> None:
        """Pick the previous or next channel."""
        self.channel = (self.channel + step) % len(CHANNELS)
        self.query_one("#channels", Static).update(choices(as_shown.channels(), self.channel, numbered=False))

    @on(Input.Submitted)
    def _submit(self) -> None:
        try:
            value = parse_value(clean(self.query_one("#value", Input).value, multiline=False))
        except ValueTextError as problem:
            self.query_one("#error", Label).update(Text(str(problem)))
            self.query_one("#value", Input).focus()
            return
        self.dismiss(
            StartCallChoice(
                customer=clean(self.query_one("#customer", Input).value, multiline=False).strip(),
                segment=clean(self.query_one("#segment", Input).value, multiline=False).strip(),
                channel=CHANNELS[self.channel],
                value=value,
            )
        )
