"""One-line inputs of the dialogs: pastes are cleaned, and Tab accepts a completion.

A paste is the one way terminal control sequences reach a text box (typed control
keys are never inserted): an OSC 52 sequence in a pasted customer name would be
drawn to the terminal and write the clipboard, so :class:`CleanInput` strips them
before they are inserted, as the transcript does.

Textual's :class:`~textual.widgets.Input` shows a suggestion in grey but accepts it
only with the right arrow at the end of the text; operators expect Tab, as in a
shell. In :class:`CompletingInput` Tab completes when there is something to
complete and otherwise moves the focus on, as it does everywhere else.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input

from cxnotes.domain.text import clean
from cxnotes.i18n import N_
from cxnotes.widgets.wide_input import WholeCharacters


class CleanInput(WholeCharacters, Input):
    """A one-line input that strips control characters and line breaks from pastes.

    Focusing it leaves its text unselected (Textual selects it all by default): the
    text is usually the customer's words, which the next key must not replace.
    """

    def __init__(self, value: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, **kwargs)

    def on_paste(self, event: events.Paste) -> None:
        """Insert the pasted text cleaned, on one line."""
        event.prevent_default()
        event.stop()
        self.insert_text_at_cursor(clean(event.text, multiline=False))


class CompletingInput(CleanInput):
    """An input completing from a fixed list of choices (case-insensitive prefix)."""

    BINDINGS = [Binding("tab", "complete", N_("Complete"), id="complete", show=False)]

    def __init__(self, value: str = "", *, choices: list[str], **kwargs: Any) -> None:
        super().__init__(value, suggester=SuggestFromList(choices, case_sensitive=False), **kwargs)
        self.choices = choices
        """What the text can complete to, in order of preference."""

    def complete_from(self, choices: list[str]) -> None:
        """Complete from these choices from now on (a list read after the input was shown)."""
        self.choices = choices
        self.suggester = SuggestFromList(choices, case_sensitive=False)

    def completion(self) -> str | None:
        """The first choice the text is a proper prefix of, ignoring case; None if none."""
        typed = self.value.casefold()
        if not typed:
            return None
        for choice in self.choices:
            if choice.casefold().startswith(typed) and len(choice) > len(self.value):
                return choice
        return None

    def action_complete(self) -> None:
        """Take the completion; with nothing to complete, let Tab move the focus."""
        choice = self.completion()
        if choice is None or not self.cursor_at_end:
            raise SkipAction()
        self.value = choice
        self.cursor_position = len(choice)
