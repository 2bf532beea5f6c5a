"""Small modal dialogs of the live call. Each returns a value through ``dismiss``.

User text is shown as :class:`rich.text.Text` or with ``markup=False``, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from cxnotes.domain import filing, formats, labels
from cxnotes.domain.models import OUTCOMES, Step
from cxnotes.domain.text import clean
from cxnotes.i18n import N_, _
from cxnotes.screens import as_shown
from cxnotes.widgets.completing import CleanInput, CompletingInput


def choices(items: list[str], chosen: int | None, width: int = 74, *, numbered: bool = True) -> Text:
    """Rows of choices, the chosen one highlighted, never split inside a choice.

    ``numbered`` shows the digit that picks each one: only where a digit key does
    (not beside a text field, where digits are typed). ``width`` is the room in the
    dialog, in terminal cells (Korean takes two each).
    """
    text = Text()
    used = 0
    for index, item in enumerate(items):
        piece = f" {index + 1} {item} " if numbered else f" {item} "
        if used and used + cell_len(piece) > width:
            text.append("\n")
            used = 0
        text.append(piece, style="reverse bold" if index == chosen else "")
        text.append(" ")
        used += cell_len(piece) + 1
    return text


@dataclass
class PainPointChoice:
    """What the pain point picker returns."""

    quote: str
    step: str
    severity: int
    fix_title: str


class PainPointPicker(ModalScreen[PainPointChoice | None]):
    """A digit picks the step, the next digit the severity; Enter confirms, Esc cancels.

    Nothing has focus at first, so digits reach the picker; Tab moves into the texts.
    """

    AUTO_FOCUS = ""  # nothing focused: digits pick the step at once ("" disables it; None would not)

    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Cancel"), id="cancel"),
        Binding("enter", "confirm", N_("Confirm"), id="confirm", priority=True),
    ]

    def __init__(
        self,
        steps: list[Step],
        quote: str,
        step: str | None = None,
        severity: int = 3,
        fix_title: str = "",
        fix_titles: list[str] | None = None,
        answer_for: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self.answer_for = answer_for
        """Looks up the agreed answer of a fix by its title: shown as soon as the title is whole."""
        self.steps = [s for s in steps if not s.retired][:9]
        slugs = [s.slug for s in self.steps]
        self.step_index = slugs.index(step) if step in slugs else None
        self.kept_step = step if step and step not in slugs else None
        """The point's step if it cannot be picked any more (retired): kept unless a digit picks another."""
        self._kept_name = next((labels.step_name(s) for s in steps if s.slug == step), step)
        self.severity = severity
        self.quote = quote
        self.fix_title = fix_title
        self.fix_titles = fix_titles or []
        self._awaiting_severity = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="picker"):
            yield Label(_("Mark pain point"), classes="dialog-title")
            yield CleanInput(self.quote, placeholder=_("What hurt, in the customer's words"), id="quote")
            yield Label(_("Step (digit)"))
            yield Static(id="steps")
            yield Label(_("Severity (digit after the step)"))
            yield Static(id="severity")
            yield CompletingInput(
                self.fix_title,
                placeholder=_("Fix title (optional; Tab completes, a new title creates one)"),
                id="fix",
                choices=self.fix_titles,
            )
            yield Label("", id="answer", classes="dialog-preview")
            yield Label(_("Enter confirm · Esc cancel · Tab to the texts"), classes="dialog-help")

    def on_mount(self) -> None:
        self._render_choices()

    @on(Input.Changed, "#fix")
    def _show_answer(self, event: Input.Changed) -> None:
        """Once the fix title is a known fix's, show what was agreed to tell the customer."""
        title = event.value.strip().casefold()
        known = self.answer_for is not None and any(t.casefold() == title for t in self.fix_titles)
        answer = self.answer_for(event.value.strip()) if known and self.answer_for else ""
        shown = Text.assemble((_("✔ Agreed answer: "), "bold"), answer) if answer else ""
        self.query_one("#answer", Label).update(shown)

    def _render_choices(self) -> None:
        steps = choices([labels.step_name(s) for s in self.steps], self.step_index)
        if self.kept_step and self.step_index is None:
            steps.append("\n")
            steps.append(_(" {step} (retired) ").format(step=self._kept_name), style="reverse bold")
            steps.append(_(" kept; a digit picks an active step"), style="dim")
        self.query_one("#steps", Static).update(steps)
        self.query_one("#severity", Static).update(choices(["●" * n for n in range(1, 6)], self.severity - 1))

    def on_key(self, event: Key) -> None:
        """Digits pick the step, then the severity, while no text box has focus."""
        if isinstance(self.focused, Input):
            return
        if event.character and event.character.isdigit():
            digit = int(event.character)
            if self._awaiting_severity and 1 <= digit <= 5:
                self.severity = digit
                self._awaiting_severity = False
            elif 1 <= digit <= len(self.steps):
                self.step_index = digit - 1
                self._awaiting_severity = True
            event.stop()
            self._render_choices()

    def action_confirm(self) -> None:
        """Confirm, if a step has been chosen."""
        chosen = self.steps[self.step_index].slug if self.step_index is not None else self.kept_step
        if chosen is None:
            self.notify(_("Pick a step first: press its digit."), severity="warning")
            return
        box = self.query_one("#fix", Input)
        try:  # the one rule for a fix's title, as in triage, the complaint form and `cxnotes log`
            title = filing.fix_title(box.value) if box.value.strip() else ""
        except filing.ComplaintError as error:
            self.notify(str(error), severity="warning", markup=False)
            box.focus()
            return
        self.dismiss(
            PainPointChoice(
                quote=clean(self.query_one("#quote", Input).value, multiline=False).strip(),
                step=chosen,
                severity=self.severity,
                fix_title=title,
            )
        )


@dataclass
class PromiseChoice:
    """What the promise dialog returns."""

    text: str
    due: date | None


class PromiseDialog(ModalScreen[PromiseChoice | None]):
    """What was promised, and by when ("tomorrow", "next friday", "12/1").

    A due date in the past is refused: it is nearly always a slip ("3 days ago" for
    "in 3 days"), and a promise filed as already overdue would be as good as lost.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="cancel")]

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self.today = today or date.today()
        """The day relative phrases count from (the call's clock)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Promise to the customer"), classes="dialog-title")
            yield CleanInput(placeholder=_("What we promised"), id="what")
            yield CleanInput(
                placeholder=_('Due: "tomorrow", "3일 후", "다음 주 금요일", "12/1" (optional)'), id="due"
            )
            yield Label("", id="when", classes="dialog-preview")
            yield Label("", id="error", classes="dialog-error")
            yield Label(_("Enter save · Esc cancel"), classes="dialog-help")

    @on(Input.Changed, "#due")
    def _preview(self, event: Input.Changed) -> None:
        """Show the day the due date resolves to while it is typed, so "next friday" surprises nobody."""
        from cxnotes.domain.dates import DateError, describe, parse_date

        self.query_one("#error", Label).update("")
        try:
            due = parse_date(event.value, self.today) if event.value.strip() else None
        except DateError:
            due = None
        self.query_one("#when", Label).update(f"→ {describe(due, self.today)}" if due else "")

    @on(Input.Submitted, "#what")
    def _to_due(self) -> None:
        self.query_one("#due", Input).focus()

    @on(Input.Submitted, "#due")
    def _submit(self) -> None:
        what = clean(self.query_one("#what", Input).value, multiline=False).strip()
        due_text = self.query_one("#due", Input).value.strip()
        error = self.query_one("#error", Label)
        if not what:
            error.update(_("Say what was promised."))
            self.query_one("#what", Input).focus()
            return
        from cxnotes.domain.dates import (  # used first here, not on the way to the first paint
            DateError,
            parse_date,
        )

        try:
            due = parse_date(due_text, self.today) if due_text else None
        except DateError as problem:
            error.update(Text(str(problem)))
            return
        if due is not None and due < self.today:
            past = _("That is {date}, in the past: a promise is due today or later.")
            error.update(Text(past.format(date=formats.day(due))))
            return
        self.dismiss(PromiseChoice(what, due))


@dataclass
class EndCallChoice:
    """What the end-call dialog returns."""

    outcome: str
    summary: str


class EndCallDialog(ModalScreen[EndCallChoice | None]):
    """Outcome (Ctrl+←/→) and a short summary; Enter saves and ends the call."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Cancel"), id="cancel"),
        Binding("ctrl+left", "outcome(-1)", N_("Outcome"), id="outcome-prev", show=False, priority=True),
        Binding("ctrl+right", "outcome(1)", N_("Next outcome"), id="outcome-next", priority=True),
    ]

    def __init__(self, outcome: str | None = None, summary: str = "") -> None:
        super().__init__()
        self.outcome = OUTCOMES.index(outcome) if outcome in OUTCOMES else 0
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("End call"), classes="dialog-title")
            yield Static(choices(as_shown.outcomes(), self.outcome, numbered=False), id="outcomes")
            yield CleanInput(self.summary, placeholder=_("Short summary of the call"), id="summary")
            yield Label(
                _("Enter save and end · Ctrl+←/→ outcome · Esc back to the call"), classes="dialog-help"
            )

    def action_outcome(self, step: int) -> None:
        """Pick the previous or next outcome; the ends stop there (a wrap ended a call as "other")."""
        self.outcome = min(max(self.outcome + step, 0), len(OUTCOMES) - 1)
        self.query_one("#outcomes", Static).update(choices(as_shown.outcomes(), self.outcome, numbered=False))

    @on(Input.Submitted)
    def _submit(self) -> None:
        summary = clean(self.query_one("#summary", Input).value).strip()
        self.dismiss(EndCallChoice(OUTCOMES[self.outcome], summary))


class LineEditDialog(ModalScreen[str | None]):
    """Correct a transcript line already ended: returns the new text, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="cancel")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Edit the line"), classes="dialog-title")
            yield CleanInput(self.text, id="text")
            yield Label(_("Enter save · Esc cancel"), classes="dialog-help")

    @on(Input.Submitted, "#text")
    def _submit(self, event: Input.Submitted) -> None:
        text = clean(event.value, multiline=False).strip()
        self.dismiss(text or None)
