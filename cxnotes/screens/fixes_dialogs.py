"""Modal dialogs of the fix review: each returns its value through ``dismiss``.

They only collect input; the screens run the triage operation (in a worker) and
report :class:`~cxnotes.services.triage.TriageError` messages. User text is shown as
``rich.text.Text`` or through widgets that never read markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Log, OptionList
from textual.widgets.option_list import Option

from cxnotes.domain import labels, validation
from cxnotes.domain.dates import DateError, parse_date
from cxnotes.domain.models import CHANNELS, FIX_STATUSES
from cxnotes.domain.text import clean, one_line
from cxnotes.i18n import N_, _, ngettext
from cxnotes.screens import as_shown
from cxnotes.services import triage
from cxnotes.services.ranking import Filters
from cxnotes.storage.store import Store


class AskText(ModalScreen[str | None]):
    """One line of text: a title, an answer, an effort. Enter keeps, Esc cancels.

    ``check`` returns why a value cannot be kept (or None): the dialog then stays open
    with that reason under the input and the typed text as it was, so nothing is lost.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        help_text: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text, self.value, self.help_text, self.check = title, value, help_text, check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Input(self.value, id="text")
            yield Label("", id="error", classes="dialog-error")
            yield Label(Text(self.help_text or _("Enter: keep · Esc: cancel")), classes="dialog-help")

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one("#error", Label).update(Text(one_line(problem, 200)))
            return
        self.dismiss(event.value)


def parse_effort(text: str) -> float | None:
    """The effort typed in the effort dialog: a number above 0, or None when left empty.

    Raises:
        ValueError: with a one-line message for anything else (letters, nan, inf, or a number
            outside :data:`cxnotes.domain.validation.EFFORTS`).
    """
    text = text.strip()
    if not text:
        return None
    try:
        effort = float(text)
    except ValueError:
        problem = _("{typed} is not a number: type e.g. 2 or 0.5.").format(typed=repr(one_line(text, 30)))
        raise ValueError(problem) from None
    return validation.check_effort(effort)


def effort_problem(text: str) -> str | None:
    """Why ``text`` is not an effort, for :class:`AskText`'s ``check``; None when it is one."""
    try:
        parse_effort(text)
    except ValueError as error:
        return str(error)
    return None


class PickOne(ModalScreen[str | None]):
    """Choose one of a few options (a status, a fix to undo); returns its id."""

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="cancel")]

    def __init__(self, title: str, options: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.title_text, self.options, self.current = title, options, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(*(Option(Text(label), id=value) for value, label in self.options), id="options")

    def on_mount(self) -> None:
        ids = [value for value, _label in self.options]
        if self.current in ids:
            self.query_one(OptionList).highlighted = ids.index(self.current)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)


@dataclass
class FixPick:
    """The fix chosen in :class:`FixPicker`: an existing one, or a title for a new one."""

    fix_id: str | None
    """None when the user asked for a new fix."""
    title: str


NEW = "\x00new"
"""Option id of "create a new fix" (no fix id can look like it)."""


class FixPicker(ModalScreen[FixPick | None]):
    """Type part of a title: close matches (any case, Korean too) or a new fix."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", N_("Cancel"), id="cancel"),
        Binding("down", "focus_matches", N_("Matches"), id="matches", show=False),
    ]

    def __init__(
        self, store: Store, title: str, *, allow_new: bool = True, exclude: str | None = None
    ) -> None:
        super().__init__()
        self.store, self.title_text, self.allow_new, self.exclude = store, title, allow_new, exclude

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Input(placeholder=_("part of a fix title"), id="search")
            yield OptionList(id="matches")
            yield Label(_("Type to search · ↓ then Enter: choose · Esc: cancel"), classes="dialog-help")

    def on_mount(self) -> None:
        self._refresh("")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, text: str) -> None:
        matches = [f for f in triage.search_fixes(self.store, text) if f.id != self.exclude]
        found = self.query_one("#matches", OptionList)
        found.clear_options()
        for fix in matches:
            found.add_option(Option(Text(one_line(fix.title, 70)), id=fix.id))
        title = " ".join(clean(text, multiline=False).split())
        if self.allow_new and title:
            new = _("+ New fix “{title}”").format(title=one_line(title, 60))
            found.add_option(Option(Text(new, style="italic"), id=NEW))
        if found.option_count:
            found.highlighted = 0

    @on(Input.Submitted)
    def _first(self) -> None:
        found = self.query_one("#matches", OptionList)
        if found.option_count:
            self._pick(found.get_option_at_index(found.highlighted or 0).id)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option_id)

    def _pick(self, option_id: str | None) -> None:
        text = self.query_one("#search", Input).value
        if option_id == NEW:
            self.dismiss(FixPick(None, text))
        elif option_id is not None:
            self.dismiss(FixPick(option_id, ""))

    def action_focus_matches(self) -> None:
        """Move from the search box to the list of matches."""
        self.query_one("#matches", OptionList).focus()


class FilterDialog(ModalScreen[Filters | None]):
    """Edit the review's filters; dates go through the shared parser."""

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="cancel")]

    FIELDS = (
        ("steps", N_("Steps (comma-separated slugs)")),
        ("segment", N_("Segment")),
        ("channel", N_("Channel")),
        ("since", N_('Since (e.g. "30 days ago", "last monday", 2026-10-01)')),
        ("until", N_("Until")),
        ("statuses", N_("Statuses (comma-separated: {statuses})")),
        ("text", N_("Text in titles or quotes")),
        ("operator", N_("Operator (who logged the pain points)")),
    )
    """(field, label): labels marked with ``N_``, translated (and the statuses named) when shown."""

    def __init__(self, filters: Filters) -> None:
        super().__init__()
        self.filters = filters

    def compose(self) -> ComposeResult:
        f = self.filters
        values = {
            "steps": ", ".join(f.steps),
            "segment": f.segment,
            "channel": labels.channel(f.channel) if f.channel else "",
            "since": f.since.isoformat() if f.since else "",
            "until": f.until.isoformat() if f.until else "",
            "statuses": ", ".join(labels.fix_status(s) for s in f.statuses),
            "text": f.text,
            "operator": f.operator,
        }
        with VerticalScroll(classes="dialog"):
            yield Label(_("Filters"), classes="dialog-title")
            statuses = ", ".join(labels.fix_status(s) for s in FIX_STATUSES)
            for name, label in self.FIELDS:
                yield Label(_(label).format(statuses=statuses))
                yield Input(values[name], id=f"filter-{name}")
            yield Label("", id="error", classes="dialog-error")
            yield Label(_("Enter: apply · Esc: cancel · empty fields do not filter"), classes="dialog-help")

    def _value(self, name: str) -> str:
        return " ".join(clean(self.query_one(f"#filter-{name}", Input).value, multiline=False).split())

    @on(Input.Submitted)
    def _submit(self) -> None:
        try:
            since = parse_date(self._value("since")) if self._value("since") else None
            until = parse_date(self._value("until")) if self._value("until") else None
        except DateError as error:
            self.query_one("#error", Label).update(Text(str(error)))
            return
        typed = [s for s in self._value("statuses").split(",") if s.strip()]  # as shown or as stored
        statuses = tuple(as_shown.stored(s, FIX_STATUSES, labels.fix_status) for s in typed)
        unknown = [s for s in statuses if s not in FIX_STATUSES]
        if unknown:
            self.query_one("#error", Label).update(
                Text(_("Unknown status {status}.").format(status=repr(unknown[0])))
            )
            return
        self.dismiss(
            Filters(
                steps=tuple(s.strip() for s in self._value("steps").split(",") if s.strip()),
                segment=self._value("segment"),
                channel=as_shown.stored(self._value("channel"), CHANNELS, labels.channel),
                since=since,
                until=until,
                statuses=statuses or Filters().statuses,
                text=self._value("text"),
                operator=self._value("operator"),
            )
        )


class GetBackDialog(ModalScreen[None]):
    """Who to tell that their problem is fixed, with what was promised to them.

    A shipped fix at 100,000 pain points has a thousand customers or more: the list is a
    :class:`Log`, which draws only the lines in view (a Static drew all of them, holding the
    UI for a second), and scrolls itself (End, PgDn) while the help line stays on screen.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Close"), id="close")]

    def __init__(self, fix_title: str, people: list[triage.GetBack]) -> None:
        super().__init__()
        self.fix_title, self.people = fix_title, people

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            heading = _("Get back to: {title}").format(title=one_line(self.fix_title, 60))
            yield Label(Text(heading), classes="dialog-title")
            people = len(self.people)
            yield Label(ngettext("{n} customer to tell:", "{n} customers to tell:", people).format(n=people))
            yield Log(id="get-back", auto_scroll=False)
            yield Label(_("Esc: close"), classes="dialog-help")

    def on_mount(self) -> None:
        """Fill the list (plain text: names are never read as markup); the top shows first."""
        lines = []
        for entry in self.people:
            who = entry.customer.name if entry.customer else _("(no customer recorded)")
            segment = (
                f" · {one_line(entry.customer.segment, 30)}"
                if entry.customer and entry.customer.segment
                else ""
            )
            points = ngettext("({n} pain point)", "({n} pain points)", len(entry.pain_points))
            lines.append(f"• {one_line(who, 40)}{segment}  " + points.format(n=len(entry.pain_points)))
            for promise in entry.promises:
                due = _(" (due {date})").format(date=promise.due) if promise.due else ""
                lines.append("    " + _("promised: {text}").format(text=one_line(promise.text, 70)) + due)
        log = self.query_one("#get-back", Log)
        log.write_lines(lines or [_("Nobody: no pain points are attached.")])
        log.focus()
