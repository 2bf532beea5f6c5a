"""The dialog that edits a customer record: value, plan, segment and a dated status."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from cxnotes.domain import labels
from cxnotes.domain.models import CUSTOMER_STATUSES, Customer
from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _
from cxnotes.screens import as_shown
from cxnotes.services import customers


def _statuses() -> str:
    """The statuses a customer can have, as shown."""
    return ", ".join(labels.customer_status(s) for s in CUSTOMER_STATUSES)


class CustomerDialog(ModalScreen[customers.CustomerEdit | None]):
    """Edit a customer; Enter in any field saves, Esc cancels. Empty fields are left as they are."""

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="customer-cancel")]

    def __init__(self, customer: Customer) -> None:
        super().__init__()
        self.customer = customer

    def compose(self) -> ComposeResult:
        c = self.customer
        value = "" if c.value is None else f"{c.value:.2f}".rstrip("0").rstrip(".")
        with VerticalScroll(classes="dialog"):
            yield Label(Text(_("Customer: {name}").format(name=one_line(c.name, 60))), classes="dialog-title")
            for label, widget in (
                (_("Value"), Input(value, placeholder=_("revenue or plan value"), id="value")),
                (_("Plan"), Input(c.plan, placeholder=_('e.g. "Pro annual"'), id="plan")),
                (_("Segment"), Input(c.segment, placeholder=_('e.g. "1-year member"'), id="segment")),
                (_("Status"), Input(labels.customer_status(c.status), placeholder=_statuses(), id="status")),
                (
                    _("Since"),
                    Input("", placeholder=_('when the status changed, e.g. "yesterday" (now)'), id="at"),
                ),
            ):
                yield Label(label)
                yield widget
            yield Label("", id="error", classes="dialog-error")
            yield Label(
                _("Enter: save · Esc: cancel · a new status is dated (Since): history is kept"),
                classes="dialog-help",
            )

    @on(Input.Submitted)
    def _submit(self) -> None:
        try:
            edit = self.edit(datetime.now().astimezone())
        except customers.CustomerError as error:
            self.query_one("#error", Label).update(Text(one_line(str(error), 200)))
            return
        self.dismiss(edit)

    def edit(self, now: datetime) -> customers.CustomerEdit:
        """The fields read and checked with the same rules as `cxnotes customer set`."""
        typed = {widget.id: widget.value.strip() for widget in self.query(Input) if widget.id}
        value = None
        if typed["value"]:
            try:
                number = float(typed["value"].replace(",", ""))
            except ValueError:
                shown = one_line(typed["value"], 20)
                raise customers.CustomerError(
                    _("Value: {typed} is not a number.").format(typed=repr(shown))
                ) from None
            value = customers.check_value(number)
        typed_status = as_shown.stored(typed["status"], CUSTOMER_STATUSES, labels.customer_status)
        status = customers.read_status(typed_status) if typed_status else None
        changed = status is not None and (status != self.customer.status or typed["at"])
        at = customers.read_moment(typed["at"], now) if typed["at"] else None
        return customers.CustomerEdit(
            self.customer.name,
            value=value,
            plan=typed["plan"],
            segment=typed["segment"] or None,
            status=status if changed else None,
            at=at if changed else None,
        )
