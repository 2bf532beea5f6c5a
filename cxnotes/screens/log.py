"""The complaint form: one complaint from a chat or a phone call, logged without an interview.

Keyboard-first, for logging several in a row: Tab (or Enter) moves down the fields,
Enter on the last field or Ctrl+S saves, and the form clears for the next one. The
checks and the write are :mod:`cxnotes.services.complaints`, the same rules as ``cxnotes log``;
the write runs in a worker thread. The form keeps what was typed until the store
says it is saved: a refused or failed save leaves every field as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Header, Input, Label, Static
from textual.worker import Worker, WorkerState

from cxnotes.domain import formats, labels
from cxnotes.domain.models import CHANNELS, Customer, Fix, Step
from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _
from cxnotes.messages import StoreReady
from cxnotes.screens import as_shown
from cxnotes.screens.dialogs import choices
from cxnotes.screens.footer import KeysInLanguage
from cxnotes.screens.typed_app import cx_app
from cxnotes.services import complaints
from cxnotes.services.complaints import Complaint, ComplaintError, Logged
from cxnotes.storage.errors import StoreError
from cxnotes.storage.store import Store
from cxnotes.widgets.completing import CleanInput, CompletingInput
from cxnotes.widgets.steady_footer import SteadyFooter

FIELDS = ("text", "customer", "segment", "channel", "step", "severity", "fix", "when")
"""The form's inputs, top to bottom; Enter on the last one saves."""

BLANK = {"severity": "3"}
"""What a field holds when the form is cleared, if not empty."""

CLOSED = ("shipped", "won't fix")
"""Fix statuses not offered for completion: a new complaint seldom belongs to a closed fix."""


@dataclass
class FormChoices:
    """What the form completes from, read from the store in a worker."""

    customers: dict[str, tuple[str, str]] = field(default_factory=dict)
    """(name as stored, segment) by case-folded name: a hint per keystroke is one look-up."""
    fixes: dict[str, Fix] = field(default_factory=dict)
    """Fixes not merged away, by case-folded title."""
    steps: list[Step] = field(default_factory=list)
    """The active value chain in order; retired steps cannot be chosen."""


def form_choices(store: Store) -> FormChoices:
    """Read the completion lists (in a worker: fine at any store size)."""
    customers: dict[str, tuple[str, str]] = {}
    for doc in store.docs(Customer):  # the first of a name wins, as in Store.customer_named
        name = str(doc.get("name", ""))
        customers.setdefault(name.casefold(), (name, str(doc.get("segment", ""))))
    fixes = {f.title.casefold(): f for f in store.all(Fix) if not f.merged_into}
    return FormChoices(customers, fixes, store.steps())


class LogScreen(KeysInLanguage, Screen[None]):
    """Text, customer, segment, channel, step, severity, fix and when; one row each."""

    CSS_PATH = "log.tcss"
    AUTO_FOCUS = "#text"
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="log-save", priority=True),
        Binding("escape", "leave", N_("Back"), id="log-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.choices = FormChoices()
        """Completion lists; empty until the store is read."""
        self._sent: dict[str, str] | None = None
        """The field values being saved; None when no save is under way."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="log-form", can_focus=False):
            yield Label(_("Log a complaint"), classes="dialog-title")
            yield from self._row(_("Complaint"), CleanInput(placeholder=_("The customer's words"), id="text"))
            yield from self._row(
                _("Customer"),
                CompletingInput(
                    placeholder=_("Name or id (Tab completes)"),
                    id="customer",
                    choices=[],
                ),
            )
            yield from self._row(
                _("Segment"), CleanInput(placeholder=_('e.g. "1-year member"'), id="segment")
            )
            yield from self._row(
                _("Channel"),
                CompletingInput(placeholder=_("phone, chat, …"), id="channel", choices=as_shown.channels()),
            )
            yield from self._row(
                _("Step"), CompletingInput(placeholder=_("Number or name"), id="step", choices=[])
            )
            yield Static(id="step-list")
            yield from self._row(
                _("Severity"),
                # selected on focus: one digit replaces the default 3
                CleanInput("3", placeholder="1-5", id="severity", restrict="[1-5]?", select_on_focus=True),
            )
            yield from self._row(
                _("Fix"),
                CompletingInput(placeholder=_("Fix title (Tab completes)"), id="fix", choices=[]),
            )
            yield from self._row(
                _("When"),
                CleanInput(placeholder=_('"2 hours ago", "yesterday 14:30"'), id="when"),
            )
            yield Static(id="log-error")
            yield Label(
                _("Tab/Enter next field · Enter on When or Ctrl+S saves · Esc back"), classes="dialog-help"
            )
        yield SteadyFooter()

    def _row(self, label: str, box: Input) -> ComposeResult:
        with Horizontal(classes="log-row"):
            yield Label(label, classes="log-label")
            yield box
            yield Static(id=f"{box.id}-hint", classes="log-hint")

    def on_mount(self) -> None:
        self.sub_title = _("Complaint log")
        self._hint_all()
        if self.store is not None:
            self._load()

    @property
    def store(self) -> Store | None:
        """The app's open store; None while it loads."""
        return cx_app(self).store

    def on_store_ready(self, _ready: StoreReady) -> None:
        self._load()

    def on_screen_resume(self) -> None:
        """Customers and fixes may have been added elsewhere since the form was last open."""
        if self.store is not None:
            self._load()

    def box(self, name: str) -> Input:
        """The input of a field of :data:`FIELDS`."""
        return self.query_one(f"#{name}", Input)

    # -- completion lists and hints ------------------------------------------------------

    @work(thread=True, exclusive=True, group="log-choices", exit_on_error=False)
    def _load(self) -> None:
        if self.store is not None:
            self.app.call_from_thread(self._loaded, form_choices(self.store))

    def _loaded(self, loaded: FormChoices) -> None:
        self.choices = loaded
        open_titles = [f.title for f in loaded.fixes.values() if f.status not in CLOSED]
        step_words = [labels.step_name(s) for s in loaded.steps] + [s.name for s in loaded.steps]
        step_words = list(dict.fromkeys(step_words + [s.slug for s in loaded.steps]))
        for name, words in (
            ("customer", [name for name, _segment in loaded.customers.values()]),
            ("fix", open_titles),
            ("step", step_words),
        ):
            box = self.query_one(f"#{name}", CompletingInput)
            box.choices = words
            box.suggester = SuggestFromList(words, case_sensitive=False)
        self._hint_all()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "customer":
            self._hint("segment")
        if event.input.id in FIELDS:
            self._hint(event.input.id)

    def on_resize(self) -> None:
        """The step list wraps between steps at the form's width."""
        self.call_after_refresh(self._hint, "step")

    def _hint_all(self) -> None:
        for name in FIELDS:
            self._hint(name)

    def _hint(self, name: str) -> None:
        """What the field's text will mean when saved, next to it."""
        hints = {
            "customer": self._customer_hint,
            "segment": self._segment_hint,
            "channel": self._channel_hint,
            "step": self._step_hint,
            "severity": self._severity_hint,
            "fix": self._fix_hint,
            "when": self._when_hint,
        }
        if name in hints:
            typed = self.box(name).value
            self.query_one(f"#{name}-hint", Static).update(hints[name](typed))

    def _customer_hint(self, typed: str) -> Text:
        name = complaints.one_line_value(typed)
        if not name:
            return Text(_("optional; a new name creates one"), style="dim")
        known = self.choices.customers.get(name.casefold())
        if known is None:
            return Text(_("new: created on save"), style="yellow")
        return Text.assemble((_("known"), "green"), f" · {known[1]}" if known[1] else "")

    def _segment_hint(self, typed: str) -> Text:
        segment = complaints.one_line_value(typed)
        name = complaints.one_line_value(self.box("customer").value)
        if not segment:
            return Text(_("for a new customer"), style="dim")
        if not name:
            return Text(_("needs a customer"), style="red")
        known = self.choices.customers.get(name.casefold())
        if known is not None and known[1] != segment:
            return Text(_("changes {name}'s segment").format(name=known[0]), style="yellow")
        return Text("")

    def _channel_hint(self, typed: str) -> Text:
        if not typed.strip():
            return Text(_("optional"), style="dim")
        found = as_shown.channel_of(typed)
        if found:
            return Text(labels.channel(found), style="green")
        return Text(
            _("one of: {channels}").format(channels=", ".join(map(labels.channel, CHANNELS))), style="red"
        )

    def _step_hint(self, typed: str) -> Text:
        step = as_shown.step_of(self.choices.steps, typed)
        index = self.choices.steps.index(step) if step else None
        listing = self.query_one("#step-list", Static)
        width = listing.content_size.width or 74
        listing.update(choices([labels.step_name(s) for s in self.choices.steps], index, width))
        if step is not None:
            return Text(labels.step_name(step), style="green")
        return Text(_("number or name from the list below") if typed.strip() else _("required"), style="red")

    def _severity_hint(self, typed: str) -> Text:
        severity = int(typed) if typed else 3
        return Text.assemble(
            ("●" * severity, "red"), "○" * (5 - severity), (_("  1 mild … 5 made them leave"), "dim")
        )

    def _fix_hint(self, typed: str) -> Text:
        title = complaints.one_line_value(typed).casefold()
        if not title:
            return Text(_("optional; a new title creates one"), style="dim")
        fix = self.choices.fixes.get(title)
        if fix is None:
            return Text(_("new: created on save"), style="yellow")
        status = labels.fix_status(fix.status)
        if fix.answer:
            return Text.assemble((_("{status} · answer: ").format(status=status), "green"), fix.answer)
        return Text(_("{status} · no agreed answer yet").format(status=status), style="green")

    def _when_hint(self, typed: str) -> Text:
        if not typed.strip():
            return Text(_("now"), style="dim")
        try:
            at = complaints.moment(typed)
        except ComplaintError:
            return Text(_("not a time I can read yet"), style="red")
        return Text(formats.moment(at, weekday=True), style="green")

    # -- moving and saving ---------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the last field it saves."""
        if event.input.id == FIELDS[-1]:
            self.action_save()
        elif event.input.id in FIELDS:
            self.focus_next()

    def has_draft(self) -> bool:
        """Whether a complaint is typed but not saved."""
        return bool(self.box("text").value.strip())

    def action_leave(self) -> None:
        """Back to where F5 was pressed; the form keeps an unsaved complaint for next time."""
        if self.has_draft():
            self.notify(_("The unsaved complaint stays in the form: F5 or F9 brings it back."), markup=False)
        self.app.pop_screen()

    def action_save(self) -> None:
        """Check the form, then save it in a worker; the form clears only once it is stored."""
        if self._sent is not None:
            self.notify(_("Still saving the last complaint; press again in a moment."), severity="warning")
            return
        if self.store is None:
            self._problem(_("The store is still opening; try again in a moment."), "text")
            return
        try:
            complaint = self._complaint(datetime.now().astimezone())
        except ComplaintError as error:
            self._problem(str(error), error.field)
            return
        self._sent = {name: self.box(name).value for name in FIELDS}
        self._record(complaint)

    def _complaint(self, now: datetime) -> Complaint:
        """The complaint as typed, or the first thing wrong with it."""
        value = {name: self.box(name).value for name in FIELDS}
        quote = complaints.quote_text(value["text"])
        channel = as_shown.channel_of(value["channel"])
        if value["channel"].strip() and channel is None:
            shown = ", ".join(map(labels.channel, CHANNELS))
            raise ComplaintError(
                _("Unknown channel; use one of: {channels}.").format(channels=shown), "channel"
            )
        step = as_shown.step_of(self.choices.steps, value["step"])
        if step is None:
            numbers = ", ".join(
                f"{n} {labels.step_name(s)}" for n, s in enumerate(self.choices.steps, start=1)
            )
            raise ComplaintError(_("Pick a step by number or name: {steps}.").format(steps=numbers), "step")
        return Complaint(
            quote=quote,
            step=step.slug,
            severity=int(value["severity"] or 3),
            customer=complaints.one_line_value(value["customer"]) or None,
            segment=complaints.one_line_value(value["segment"]) or None,
            channel=channel,
            fix=complaints.one_line_value(value["fix"]) or None,
            at=complaints.moment(value["when"], now) if value["when"].strip() else None,
        )

    @work(thread=True, group="log-save", exit_on_error=False)
    def _record(self, complaint: Complaint) -> Logged:
        assert self.store is not None
        return complaints.record(self.store, complaint)

    @on(Worker.StateChanged)
    def _record_done(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "log-save" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        sent, self._sent = self._sent or {}, None
        if isinstance(event.worker.result, Logged):
            self._saved(event.worker.result, sent)
            return
        error = event.worker.error
        if isinstance(error, ComplaintError):
            self._problem(str(error), error.field)
        else:
            reason = str(error) if isinstance(error, StoreError) else repr(error)
            message = _("Not saved; the form keeps it. {reason}").format(reason=reason)
            self._problem(message, "")
            self.notify(message, title=_("Not saved"), severity="error", markup=False, timeout=30)

    def _saved(self, logged: Logged, sent: dict[str, str]) -> None:
        """Clear what was saved (not what was typed since) and say so."""
        for name in FIELDS:
            box = self.box(name)
            if box.value == sent.get(name):
                box.value = BLANK.get(name, "")
        self.query_one("#log-error", Static).update("")
        news = []
        if logged.new_customer and logged.customer:
            news.append(_('new customer "{name}"').format(name=logged.customer.name))
        if logged.new_fix and logged.fix:
            news.append(_('new fix "{title}"').format(title=logged.fix.title))
        said = _("{quote} · {step} · severity {severity}").format(
            quote=one_line(logged.point.quote, 40),
            step=labels.step_name(logged.step),
            severity=logged.point.severity,
        )
        self.notify(" · ".join([said, *news]), title=_("Complaint saved"), markup=False)
        if logged.fix is not None and logged.fix.answer:
            title = _("Agreed answer · {title}").format(title=logged.fix.title)
            self.notify(logged.fix.answer, title=title, markup=False, timeout=15)
        self.box("text").focus()
        self._load()

    def _problem(self, message: str, name: str) -> None:
        """Show under the form why nothing was saved; select the field at fault, ready to retype."""
        self.query_one("#log-error", Static).update(Text(message))
        self.app.bell()
        if name in FIELDS:
            self.box(name).focus()
            self.box(name).select_all()
