"""The live-call screen: where an operator spends the call.

Typing goes into a :class:`CallSession` in memory, which
:class:`~cxnotes.screens.autosave.AutosavingScreen` writes to disk every half
second off the UI thread; the text stays in memory whatever the disk does.
A call that has ended opens read-only: a record to read, not one to type into by accident.
Pain points, promises and the side panels are in :mod:`cxnotes.screens.call_marks`.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static

from cxnotes.domain import formats, labels
from cxnotes.domain.models import Customer
from cxnotes.domain.text import clean
from cxnotes.i18n import N_, _
from cxnotes.messages import StoreReady
from cxnotes.screens import warm_up
from cxnotes.screens.call_marks import CallMarks
from cxnotes.screens.footer import QuietFooter
from cxnotes.screens.lookup import look_up
from cxnotes.screens.typed_app import cx_app
from cxnotes.services.session import CallSession
from cxnotes.widgets.call_panels import render_ended
from cxnotes.widgets.steady_footer import SteadyFooter
from cxnotes.widgets.transcript import TranscriptInput, clock, speaker_tag

if TYPE_CHECKING:
    from cxnotes.screens.new_call_dialog import StartCallChoice
    from cxnotes.services.customers import Found


class CallScreen(QuietFooter, CallMarks):
    """Transcript on the left, pain points and promises on the right."""

    BINDINGS = [
        Binding("ctrl+g,f2", "mark", N_("Pain point"), id="mark", priority=True),
        Binding("ctrl+t,ctrl+o", "toggle_speaker", N_("Speaker"), id="speaker", priority=True),
        Binding("ctrl+r,f3", "promise", N_("Promise"), id="promise", priority=True),
        Binding("f4", "customer", N_("Customer"), id="customer"),
        Binding("f10", "end_call", N_("End call"), id="end-call", priority=True),
        Binding("escape", "back", N_("Calls"), id="back"),
        Binding("up", "transcript_up", N_("Earlier lines"), id="transcript-up", show=False),
        Binding("delete", "remove", N_("Remove"), id="remove", show=False),
        Binding(
            "ctrl+g,f2,ctrl+t,ctrl+o,ctrl+r,f3,f4,f10,delete",
            "read_only",
            N_("Read-only"),
            id="read-only",
            show=False,
            priority=True,
        ),
    ]
    """In an ended call the editing keys are hidden (:meth:`check_action`) and fall to ``read-only``."""
    FOOTER_HIDES_NARROW = frozenset({"quit"})
    """At 80 columns F1 stays whole after the call's keys (it lists Ctrl+Q, as does every screen)."""

    HELP_FIRST = [
        ("Enter", N_("In the typing line: end the line. On a line: correct it. On a pain point: retag it. "
         "On a promise: tick it off.")),
        ("Tab / Shift+Tab", N_("Move between the typing line, the pain points and the promises.")),
        ("↑", N_("From the typing line: walk back through the transcript (Esc comes back).")),
        ("Delete", N_("On a pain point or promise: remove it (asks first). "
                      "In the typing line: a character.")),
        ("Esc", N_("From a list: back to the typing line. From the typing line: save and go to the calls.")),
    ]  # fmt: skip
    """Keys that act differently in each part of the call: F1 lists them first (see screens/keys.py)."""

    EDITS = frozenset(
        {"mark", "toggle_speaker", "promise", "customer", "end_call", "remove", "transcript_up"}
    )
    """Actions that change the call (or need the typing line): none of them runs once it has ended."""

    session: CallSession

    def __init__(
        self, session: CallSession, pending_customer: Customer | None = None, at_line: str | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self._pending_customer = pending_customer
        self._at_line = at_line
        """The id of the transcript line to show highlighted when the screen opens, if any."""
        self.read_only = session.call.finished

    @classmethod
    def new(
        cls, customer: str = "", segment: str = "", channel: str = "phone", value: float | None = None
    ) -> CallScreen:
        """A new call; the customer is matched against the store once it is open.

        The name and segment may come straight from the command line, so they are cleaned here.
        """
        customer, segment = clean(customer, multiline=False).strip(), clean(segment, multiline=False).strip()
        pending = Customer(name=customer, segment=segment, value=value) if customer else None
        return cls(CallSession.start(None, channel), pending)

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal():
            with Vertical(id="left"):
                yield OptionList(id="transcript")
                if self.read_only:
                    yield Label(render_ended(self.session.call), id="ended")
                else:
                    with Horizontal(id="typing"):
                        yield Label("", id="stamp")
                        yield TranscriptInput(
                            placeholder=_("Type what the customer says; Enter for a new line"), id="line"
                        )
            with Vertical(id="side"):
                yield Label(_("Pain points"), classes="panel-title")
                yield OptionList(id="points")
                yield Label(_("Promises"), classes="panel-title")
                yield OptionList(id="promises")
        yield SteadyFooter()

    def on_mount(self) -> None:
        transcript = self.query_one("#transcript", OptionList)
        transcript.add_options([self._line_option(line) for line in self.session.lines])
        at = next((n for n, line in enumerate(self.session.lines) if line.id == self._at_line), None)
        if at is not None:
            transcript.highlighted = at
        else:  # a restored call goes on where it stopped: its last lines in view
            self.call_after_refresh(transcript.scroll_end, animate=False)
        self._refresh_side()
        self._tick()
        if self.read_only:
            self.query_one("#transcript", OptionList).focus()
            return
        self._refresh_stamp()
        self.set_interval(1, self._tick)
        self.start_autosave()
        box = self.query_one("#line", Input)
        if self.session.current is not None:  # a line left half-typed: the operator just keeps typing
            with self.prevent(Input.Changed):
                box.value = self.session.current.text
            self.call_after_refresh(self._show_where_typing_goes_on)
        box.focus()
        if self.store is not None:
            self.on_store_ready()

    def _show_where_typing_goes_on(self) -> None:
        """Scroll a restored half line to its end, where the cursor is and the next key goes.

        Textual does not scroll an Input to its cursor for a value set before the box has a
        size, so a long restored line showed its start, with the cursor out of sight.
        """
        box = self.query_one("#line", Input)
        box.action_home()
        box.action_end()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An ended call hides the keys that would change it; ``read_only`` takes them instead."""
        if action == "read_only":
            return self.read_only
        return not (self.read_only and action in self.EDITS)

    def on_key(self, event: events.Key) -> None:
        """Typing in an ended call has no line to go to: it gets the read-only notice, as the keys do."""
        if self.read_only and event.is_printable:
            self.action_read_only()

    def on_store_ready(self, ready: StoreReady | None = None) -> None:
        """Link the customer named on the command line (or for a new call) to the stored one, if known.

        Asked in a worker: the typing line takes keys meanwhile, and the title shows the name typed.
        """
        if ready is not None:  # the store opened after the first paint (`cxnotes call`): warm up then
            warm = partial(warm_up.import_modules, warm_up.CALL_DIALOGS)
            self.run_worker(warm, thread=True, group="warm-up", exit_on_error=False)
        pending = self._pending_customer
        if pending is not None:
            from cxnotes.services import customers  # imports the store: after the first paint

            find = partial(customers.find_or_new, name=pending.name, segment=pending.segment or None)
            look_up(self, partial(find, value=pending.value), partial(self._found, pending), group="customer")

    def _found(self, pending: Customer, found: Found) -> None:
        if self._pending_customer is pending:  # not replaced by another customer (F4) meanwhile
            self._pending_customer = None
            self.session.set_customer(found.customer)
            self._tick()

    # -- title bar and stamp -------------------------------------------------------------
    # Both are redrawn without a layout pass (their size never changes), and the title only
    # when its text does: the call clock counts whole minutes. Redrawing the header every
    # second, and laying out the screen on the first key of every line, made those keys the
    # slowest of a call (key-to-screen p99 16-25 ms, against 6-8 ms without).

    def _tick(self) -> None:
        """Title the call and run its clock; the screen's title and sub-title say the same."""
        call = self.session.call
        who = self._pending_customer or self.session.customer
        about = (
            [part for part in (who.segment, formats.money(who.value) if who.value else "") if part]
            if who
            else []
        )
        name = (f"{who.name} ({', '.join(about)})" if about else who.name) if who else _("unknown")
        self.title = _("Call · {name} · {channel}").format(name=name, channel=labels.channel(call.channel))
        if call.finished:
            ended = _("ended {when} · {outcome}")
            self.sub_title = ended.format(
                when=f"{call.ended_at:%Y-%m-%d %H:%M}", outcome=labels.outcome(str(call.outcome))
            )
        else:
            self.sub_title = _("⏱ {minutes} min").format(minutes=int(self.session.elapsed() // 60))
        shown = Text.assemble(self.title, (" — ", "dim"), (self.sub_title, "dim"))
        title = self.query_one("#title", Static)
        if str(title.content) != shown.plain:
            title.update(shown, layout=False)

    def _refresh_stamp(self) -> None:
        current = self.session.current
        when = clock(current.offset) if current else "--:--"
        speaker = current.speaker if current else self.session.speaker
        stamp = Text.assemble((when, "dim"), " ", speaker_tag(speaker))
        label = self.query_one("#stamp", Label)
        label.update(stamp, layout=len(str(label.content)) != len(stamp))  # wider past an hour: 1:02:03

    # -- typing ------------------------------------------------------------------------

    @on(Input.Changed, "#line")
    def _typed(self, event: Input.Changed) -> None:
        started = self.session.current is None
        self.session.type_current(clean(event.value, multiline=False))
        if started:
            self._refresh_stamp()

    @on(TranscriptInput.LineDone)
    def _enter(self, event: TranscriptInput.LineDone) -> None:
        self._commit(event.text)

    def _commit(self, text: str) -> None:
        self.session.type_current(clean(text, multiline=False))
        line = self.session.commit_current()
        if line is not None:
            transcript = self.query_one("#transcript", OptionList)
            transcript.add_option(self._line_option(line))
            transcript.scroll_end(animate=False)
        self._refresh_stamp()

    @on(TranscriptInput.PastedLines)
    def _pasted(self, event: TranscriptInput.PastedLines) -> None:
        box = self.query_one("#line", Input)
        *complete, last = event.lines
        for index, text in enumerate(complete):
            self._commit(box.value + text if index == 0 else text)
        box.value = last
        box.cursor_position = len(last)  # the next key goes on after the pasted text, not before it

    def action_toggle_speaker(self) -> None:
        """Flip the speaker of the highlighted line, or of the line being typed."""
        line = self._selected_line()
        self.session.toggle_speaker(line)
        if line is not None:
            self._redraw_line(line)
        self._refresh_stamp()

    @on(OptionList.OptionSelected, "#transcript")
    def _edit_line(self, event: OptionList.OptionSelected) -> None:
        """Enter on an earlier line corrects its text (a whole-line quote follows it); ended, shows it."""
        line = self.session.lines[event.option_index]
        if self.read_only:
            self.notify(
                line.text, title=f"{clock(line.offset)} · {labels.speaker(line.speaker)}", markup=False
            )
            return

        from cxnotes.screens.dialogs import LineEditDialog  # warmed up after first paint

        def done(text: str | None) -> None:
            if text is not None and text != line.text:
                self.session.edit_line(line, text)
                self._redraw_line(line)
                self._refresh_side()

        self.app.push_screen(LineEditDialog(line.text), done)

    def action_back(self) -> None:
        """Leave the transcript list for the typing line; from the typing line (or an ended call), go back."""
        if self.read_only or self.focused is self.query_one("#line"):
            if self.save_now():
                cx_app(self).leave()
            else:
                self._kept_open()
        else:
            self._focus_typing()

    def action_transcript_up(self) -> None:
        """Up from the typing line walks back through the transcript."""
        transcript = self.query_one("#transcript", OptionList)
        if self.focused is self.query_one("#line") and transcript.option_count:
            transcript.focus()
            transcript.highlighted = transcript.option_count - 1

    def action_customer(self) -> None:
        """Say who the customer is, correct it, or give their value; it starts from the current one."""
        from cxnotes.screens.new_call_dialog import StartCallDialog  # warmed up after first paint

        current = self._pending_customer or self.session.customer

        def done(choice: StartCallChoice | None) -> None:
            if choice is not None and choice.customer:
                self.session.call.channel = choice.channel
                self._set_customer(choice, current)
                self._tick()
            self._focus_typing()

        self.app.push_screen(
            StartCallDialog(_("Who is on the call?"), self.session.call.channel, current),
            done,
        )

    def _set_customer(self, choice: StartCallChoice, shown: Customer | None) -> None:
        """The customer F4 named: the one it showed (corrected), a stored one, or a new one.

        An emptied value field clears the value of the customer it showed; naming another
        known customer with the field empty keeps their stored value. Another name waits as the
        pending customer, found by name off the UI thread (:meth:`on_store_ready`).
        """
        named = choice.customer.casefold()
        if (
            self.store is None
            or shown is None
            or shown is self._pending_customer
            or shown.name.casefold() != named
        ):
            pending = Customer(name=choice.customer, segment=choice.segment, value=choice.value)
            self._pending_customer = pending
            self.on_store_ready()
            return
        customer = shown
        customer.name = choice.customer
        customer.segment = choice.segment or customer.segment
        customer.value = choice.value  # emptied, it clears the value it showed
        self.session.set_customer(customer)

    def _kept_open(self) -> None:
        """A save failed: leaving would drop the only copy, so the call stays until it is on disk."""
        self.notify(
            _("Not saved yet, so the call stays open; it is saved as soon as writing works again."),
            title=_("Not saved"),
            severity="error",
            markup=False,
        )

    def action_end_call(self) -> None:
        """Outcome and summary, then save and go back to the calls."""
        from cxnotes.screens.dialogs import EndCallChoice, EndCallDialog  # warmed up after first paint

        call = self.session.call

        def done(choice: EndCallChoice | None) -> None:
            if choice is None:
                self._focus_typing()
                return
            self.session.end(choice.outcome, choice.summary)
            if self.save_now():
                cx_app(self).leave()
                self.app.notify(_("Call saved."))
            else:
                self._kept_open()

        self.app.push_screen(EndCallDialog(call.outcome, call.summary), done)
