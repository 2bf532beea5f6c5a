"""Transcript widgets: the line being typed, and how a stored line is drawn."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Input

from cxnotes.domain.models import Line
from cxnotes.domain.text import clean
from cxnotes.i18n import pgettext
from cxnotes.widgets.wide_input import WholeCharacters


def clock(seconds: float) -> str:
    """Call time as mm:ss, or h:mm:ss past an hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


SPEAKER_STYLES = {"customer": "bold yellow", "operator": "bold cyan"}


def speaker_tag(speaker: str) -> Text:
    """A one-letter, coloured speaker tag (one syllable in Korean: 고, 상)."""
    letters = {"customer": pgettext("speaker tag", "C"), "operator": pgettext("speaker tag", "O")}
    return Text(letters.get(speaker, "?"), style=SPEAKER_STYLES.get(speaker, ""))


def render_line(line: Line, marks: list[int]) -> Text:
    """One transcript line: time, speaker, the words (never markup), pain point numbers.

    The words are cleaned again here: a store written before a rule of :func:`clean` existed
    (bidi controls, zero-width characters) may still hold what the rule now removes.
    """
    text = Text.assemble((clock(line.offset), "dim"), " ", speaker_tag(line.speaker), " ", clean(line.text))
    for number in marks:
        text.append(f" ⚑{number}", style="bold red")
    return text


class TranscriptInput(WholeCharacters, Input):
    """The line being typed. Enter ends it; a multi-line paste becomes several lines.

    Enter clears the box at once, in the order the keys arrived, so keys typed
    right after it can never be taken for part of the line that just ended.
    Focusing it leaves a half-typed line unselected (Textual selects it all by
    default): coming back from a dialog, or to a restored call, the next key goes
    on with the line instead of replacing it.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(**kwargs)

    @dataclass
    class LineDone(Message):
        """Enter was pressed on this text."""

        text: str

    @dataclass
    class PastedLines(Message):
        """Several lines were pasted; all but the last are complete lines."""

        lines: list[str]

    async def on_key(self, event: events.Key) -> None:
        """End the line on Enter here, in key order, not through the Enter binding.

        A binding runs only once the key has bubbled up to the app, and by then this
        input may already have inserted the keys typed after Enter: in a burst
        (a fast typist over SSH, a busy machine) "one⏎two⏎" became one line
        "onetwo". Handling Enter where the keys are inserted keeps every line apart.
        """
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            await self.action_submit()

    async def action_submit(self) -> None:
        """End the line: post it and empty the box, without a Changed for the emptying."""
        self.post_message(self.LineDone(self.value))
        with self.prevent(Input.Changed):
            self.value = ""

    def on_paste(self, event: events.Paste) -> None:
        """Strip control characters; hand multi-line pastes to the screen."""
        event.prevent_default()
        event.stop()
        lines = clean(event.text).split("\n")
        if len(lines) == 1:
            self.insert_text_at_cursor(lines[0].replace("\t", " "))
            return
        self.post_message(self.PastedLines([line.replace("\t", " ") for line in lines]))
