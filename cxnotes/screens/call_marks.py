"""The call's side panels and what edits them: pain points, promises, and the marks on the transcript.

A mixin of :class:`~cxnotes.screens.call.CallScreen`, kept apart so the screen file
holds typing and the call's life, and each stays short enough to read whole.
"""

from __future__ import annotations

import time
from functools import partial

from textual import events, on
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from cxnotes.domain import labels
from cxnotes.domain.models import Fix, Line, PainPoint, Step, default_steps
from cxnotes.domain.text import clean
from cxnotes.i18n import _
from cxnotes.screens.autosave import AutosavingScreen
from cxnotes.services.session import CallSession
from cxnotes.widgets.call_panels import keep_highlight, promise_title, render_point, render_promise
from cxnotes.widgets.transcript import render_line

READ_ONLY_NOTICE = 5.0
"""Seconds the read-only notice shows; more keys in that time add no second one."""


class CallMarks(AutosavingScreen):
    """Marking, editing and removing pain points and promises; drawing them and the transcript's marks."""

    session: CallSession
    read_only = False
    """The call has ended: its panels open to read, and nothing on it changes."""
    _read_only_said_until = 0.0
    """Until when (monotonic) the read-only notice is still showing, so it is not stacked."""
    _new_fixes: dict[str, Fix]
    """Fixes created in this call, by id: the panel names them before they are saved."""

    def __init__(self) -> None:
        super().__init__()
        self._new_fixes = {}

    # -- drawing -------------------------------------------------------------------------

    def _marks_of(self, line: Line) -> list[int]:
        return [n for n, p in enumerate(self.session.pain_points, start=1) if p.line_id == line.id]

    def _line_option(self, line: Line) -> Option:
        return Option(render_line(line, self._marks_of(line)), id=line.id)

    def _refresh_side(self) -> None:
        steps = (
            {s.slug: labels.step_name(s) for s in self.store.steps(include_retired=True)}
            if self.store
            else {}
        )
        points = [
            Option(render_point(n, p, steps.get(p.step, p.step), self._fix_of(p)), p.id)
            for n, p in enumerate(self.session.pain_points, start=1)
        ]
        self._refill("#points", points)
        self._refill("#promises", [Option(render_promise(p), p.id) for p in self.session.promises])
        for line in self.session.lines:
            self._redraw_line(line)

    def _refill(self, panel_id: str, options: list[Option]) -> None:
        """Redraw a side panel whole, keeping its highlight where it was."""
        panel = self.query_one(panel_id, OptionList)
        kept = panel.highlighted
        panel.clear_options().add_options(options)
        keep_highlight(panel, kept)

    @on(events.DescendantFocus)
    def _side_list_focused(self, event: events.DescendantFocus) -> None:
        """A side list taking the focus highlights its first entry, so Enter and Delete act at once."""
        if event.widget.id in ("points", "promises") and isinstance(event.widget, OptionList):
            keep_highlight(event.widget, event.widget.highlighted or 0)

    def _redraw_line(self, line: Line) -> None:
        transcript = self.query_one("#transcript", OptionList)
        if line.index < transcript.option_count:
            transcript.replace_option_prompt_at_index(line.index, render_line(line, self._marks_of(line)))

    def _selected_line(self) -> Line | None:
        transcript = self.query_one("#transcript", OptionList)
        if self.focused is transcript and transcript.highlighted is not None:
            return self.session.lines[transcript.highlighted]
        return None

    def _focus_typing(self) -> None:
        """Back to the typing line once a dialog closes, with the transcript's last line in view."""
        self.query_one("#line", Input).focus()
        self.query_one("#transcript", OptionList).scroll_end(animate=False)

    # -- pain points ---------------------------------------------------------------------

    def action_mark(self) -> None:
        """Mark the highlighted line, the selection, or the line being typed as a pain point."""
        from cxnotes.screens.dialogs import PainPointChoice, PainPointPicker  # warmed up after first paint

        line = self._selected_line()
        quote = ""
        if line is None:
            box = self.query_one("#line", Input)
            quote = clean(box.selected_text, multiline=False).strip()
            line = self.session.line_for_mark()
        previous = self.session.pain_points[-1].step if self.session.pain_points else None
        picker = PainPointPicker(
            self._steps(),
            quote or (line.text if line else ""),
            previous,
            fix_titles=self._fix_titles(),
            answer_for=self._answer_for,
        )

        def done(choice: PainPointChoice | None) -> None:
            if choice is not None:
                whole = line is not None and choice.quote == line.text and not quote
                fix = self._fix_for(choice.fix_title)
                self.session.mark(
                    line, "" if whole else choice.quote, choice.step, choice.severity, fix.id if fix else None
                )
                self._after_new_point()
            self._focus_typing()

        self.app.push_screen(picker, done)

    def _after_new_point(self) -> None:
        """Redraw the panel scrolled to the new point (the last): its fix's agreed answer shows under it."""
        self._refresh_side()
        self.query_one("#points", OptionList).scroll_end(animate=False)

    def _fix_of(self, point: PainPoint) -> Fix | None:
        """The fix a point belongs to: one made in this call (not saved yet), else the stored one."""
        if point.fix_id is None:
            return None
        made_here = self._new_fixes.get(point.fix_id)
        return made_here or (self.store.get(Fix, point.fix_id) if self.store else None)

    def _answer_for(self, title: str) -> str:
        """The agreed answer of the fix with this title, for the picker once the title is whole."""
        fix = self.store.fix_titled(title) if self.store else None
        return fix.answer if fix else ""

    def _steps(self) -> list[Step]:
        """Every step, retired ones too: the picker offers the active ones and names an old point's."""
        return self.store.steps(include_retired=True) if self.store else default_steps()

    def _fix_titles(self) -> list[str]:
        return self.store.open_fix_titles() if self.store else []

    def _fix_for(self, title: str) -> Fix | None:
        """The fix with this title, created (and saved with the call) if new."""
        if not title:
            return None
        fix = self.store.fix_titled(title) if self.store else None
        if fix is None:
            fix = Fix(title=title)
            self.session.extra(fix)
            self._new_fixes[fix.id] = fix
        return fix

    @on(OptionList.OptionSelected, "#points")
    def _edit_point(self, event: OptionList.OptionSelected) -> None:
        """Enter on a pain point retags it; in an ended call it shows the point whole instead."""
        point = self.session.pain_points[event.option_index]
        fix = self.store.get(Fix, point.fix_id) if self.store else None
        if self.read_only:
            steps = {s.slug: labels.step_name(s) for s in self._steps()}
            about = _("{n}. {step} · severity {severity}").format(
                n=event.option_index + 1, step=steps.get(point.step, point.step), severity=point.severity
            )
            self.notify(point.quote, title=about + (f" · {fix.title}" if fix else ""), markup=False)
            return
        from cxnotes.screens.dialogs import PainPointChoice, PainPointPicker  # warmed up after first paint

        picker = PainPointPicker(
            self._steps(),
            point.quote,
            point.step,
            point.severity,
            fix.title if fix else "",
            self._fix_titles(),
            self._answer_for,
        )

        def done(choice: PainPointChoice | None) -> None:
            if choice is not None:
                new_fix = self._fix_for(choice.fix_title)
                point.quote = choice.quote or point.quote
                self.session.update_point(
                    point, choice.step, choice.severity, new_fix.id if new_fix else None
                )
                self._refresh_side()

        self.app.push_screen(picker, done)

    def action_remove(self) -> None:
        """Delete removes the highlighted pain point or promise once confirmed: a stray key loses nothing."""
        from cxnotes.screens.confirm import ConfirmRemoval  # warmed up after first paint

        points, promises = self.query_one("#points", OptionList), self.query_one("#promises", OptionList)
        if self.focused is points and points.highlighted is not None:
            point = self.session.pain_points[points.highlighted]
            ask = ConfirmRemoval(_("pain point {n}").format(n=points.highlighted + 1), point.quote)
            remove = partial(self.session.remove_point, point)
        elif self.focused is promises and promises.highlighted is not None:
            promise = self.session.promises[promises.highlighted]
            ask = ConfirmRemoval(_("promise"), promise.text)
            remove = partial(self.session.remove_promise, promise)
        else:
            return

        def done(confirmed: bool | None) -> None:
            if confirmed:
                remove()
                self._refresh_side()
                self.notify(_("Removed."))

        self.app.push_screen(ask, done)

    # -- promises ------------------------------------------------------------------------

    def action_promise(self) -> None:
        """Record a promise with a due date."""
        from cxnotes.screens.dialogs import PromiseChoice, PromiseDialog  # warmed up after first paint

        def done(choice: PromiseChoice | None) -> None:
            if choice is not None:
                self.session.add_promise(choice.text, choice.due)
                self._refresh_side()
            self._focus_typing()

        self.app.push_screen(PromiseDialog(self.session.clock().date()), done)

    @on(OptionList.OptionSelected, "#promises")
    def _toggle_promise(self, event: OptionList.OptionSelected) -> None:
        """Enter ticks a promise off (or back on); in an ended call it shows the promise whole instead."""
        promise = self.session.promises[event.option_index]
        if self.read_only:
            self.notify(promise.text, title=promise_title(promise), markup=False)
            return
        self.session.toggle_promise(promise)
        self._refresh_side()

    # -- an ended call -------------------------------------------------------------------

    def action_read_only(self) -> None:
        """A key that would change an ended call: say why nothing happens, once while the notice shows."""
        if time.monotonic() < self._read_only_said_until:
            return
        self._read_only_said_until = time.monotonic() + READ_ONLY_NOTICE
        self.notify(_("This call has ended: it is read-only."), timeout=READ_ONLY_NOTICE, markup=False)
