"""One imported conversation, read-only: its facts and transcript; lines are marked as pain points.

The transcript is drawn as in a call (:func:`~cxnotes.widgets.transcript.render_line`,
pain point numbers beside their lines); Ctrl+G or F2 marks the highlighted line with the
live call's pain point picker. Nothing else can change the conversation here: it is what
the customer and the team wrote in another tool.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static

from cxnotes.domain import labels
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Step
from cxnotes.i18n import N_, _, ngettext
from cxnotes.screens import dialogs
from cxnotes.screens.fixes_base import ReviewScreen
from cxnotes.services import inbox
from cxnotes.widgets.steady_footer import SteadyFooter
from cxnotes.widgets.transcript import render_line


class ConversationScreen(ReviewScreen):
    """An imported conversation's transcript, to mark pain points on."""

    CSS_PATH = "inbox.tcss"
    BINDINGS = [
        Binding("ctrl+g,f2", "mark", N_("Pain point"), id="conversation-mark"),
        Binding("r", "reviewed", N_("Reviewed"), id="conversation-reviewed"),
        Binding("escape", "back", N_("Inbox"), id="conversation-back"),
    ]

    def __init__(self, call_id: str) -> None:
        super().__init__()
        self.call_id = call_id
        self.lines: list[Line] = []
        """The transcript in order, as last loaded."""
        self.steps: list[Step] = []
        self.fix_titles: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading the conversation…"), id="conversation-facts")
        yield OptionList(id="conversation-lines")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """Read the conversation again (in a worker)."""
        if self.is_attached:
            self._load()

    @work(thread=True, exclusive=True, group="conversation", exit_on_error=False)
    def _load(self) -> None:
        store = self.store
        if store is None:
            return
        call = store.get(Call, self.call_id)
        if call is None:
            self.app.call_from_thread(self.notify, _("That conversation no longer exists."), markup=False)
            return
        customer = store.get(Customer, call.customer_id)
        lines, points = store.lines_of(call.id), store.pain_points_of(call.id)
        steps, titles = store.steps(include_retired=True), store.open_fix_titles()
        self.app.call_from_thread(self._show, call, customer, lines, points, steps, titles)

    def _show(
        self,
        call: Call,
        customer: Customer | None,
        lines: list[Line],
        points: list[PainPoint],
        steps: list[Step],
        titles: list[str],
    ) -> None:
        self.lines, self.steps, self.fix_titles = lines, steps, titles
        who = customer.segment or customer.name if customer else _("no customer")
        channel = labels.channel(call.channel)
        facts = Text(f"{call.source} {call.source_id} · {call.started_at:%Y-%m-%d %H:%M} · {channel} · {who}")
        if call.rating:
            rated = _(" · rated {rating}").format(rating=call.rating)
            facts.append(rated, style="bold red" if call.flagged else "")
        if call.summary:
            facts.append("\n" + call.summary, style="bold")
        marked = ngettext(
            "{n} pain point marked · read-only", "{n} pain points marked · read-only", len(points)
        )
        facts.append("\n" + marked.format(n=len(points)))
        self.query_one("#conversation-facts", Static).update(facts)
        marks: dict[str, list[int]] = {}
        for number, point in enumerate(points, start=1):
            marks.setdefault(point.line_id or "", []).append(number)
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([render_line(line, marks.get(line.id, [])) for line in lines])
        if lines:
            options.highlighted = min(highlighted or 0, len(lines) - 1)
        options.focus()

    def action_mark(self) -> None:
        """Mark the highlighted line as a pain point (the live call's picker: digits for step, severity)."""
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.lines:
            self.notify(_("No line to mark: the conversation has no transcript."), markup=False)
            return
        line = self.lines[options.highlighted]
        picker = dialogs.PainPointPicker(self.steps, line.text, fix_titles=self.fix_titles)

        def done(choice: dialogs.PainPointChoice | None) -> None:
            if choice is not None:
                self.run_op(
                    inbox.mark_line, self.call_id, line.id, choice.quote, choice.step, choice.severity,
                    choice.fix_title, then=self._marked,
                )  # fmt: skip

        self.app.push_screen(picker, done)

    def _marked(self, result: tuple[PainPoint, Fix | None]) -> None:
        """Say where the point went; show the fix's agreed answer, as in a call."""
        _point, fix = result
        if fix is not None and fix.answer:
            title = _("Agreed answer · {title}").format(title=fix.title)
            self.notify(fix.answer, title=title, markup=False, timeout=15)
        else:
            marked = (
                _("Pain point marked.") if fix is None else _("Marked on “{title}”.").format(title=fix.title)
            )
            self.notify(marked, markup=False)

    def action_reviewed(self) -> None:
        """Take the conversation out of the inbox, then go back to it."""
        self.run_op(
            inbox.mark_reviewed,
            self.call_id,
            done=_("Reviewed: out of the inbox."),
            then=lambda _result: self.app.pop_screen(),
        )

    def action_back(self) -> None:
        """Back to the inbox."""
        self.app.pop_screen()
