"""How the live call draws its side panels' pain points and promises, and an ended call's banner.

Never as markup, and cleaned again (:func:`cxnotes.domain.text.clean`) in case the store predates a rule
of it. The panels are redrawn whole after every change, so they also keep the highlight.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.containers import Lines
from rich.padding import Padding
from rich.text import Text
from textual.widgets import OptionList

from cxnotes.domain import formats, labels
from cxnotes.domain.models import Call, Fix, PainPoint, Promise
from cxnotes.domain.text import clean
from cxnotes.i18n import _, pgettext

QUOTE_INDENT = 3
"""Cells the quote sits in from the number, on every line it wraps to."""

QUOTE_LINES = 3
"""Lines of a quote the panel shows; a longer one ends in "…" (Enter on it shows it whole)."""


class Clipped:
    """Text wrapped to the width it is given, cut after ``lines`` lines with an ellipsis that says so."""

    def __init__(self, text: Text, lines: int) -> None:
        self.text = text
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wrapped = self.text.wrap(console, options.max_width)
        if len(wrapped) > self.lines:
            wrapped = Lines(wrapped[: self.lines])
            last = wrapped[-1]
            last.rstrip()
            last.truncate(options.max_width - 1)
            last.append("…", style=self.text.style)
        yield wrapped


def render_point(number: int, point: PainPoint, step_name: str, fix: Fix | None = None) -> Group:
    """``N. Step ●●●○○``, the quote (three lines at most), the fix it belongs to and its agreed answer.

    The answer stays on screen while the operator talks (a notification covered the new
    point and was gone before the customer had stopped asking).
    """
    dots = "●" * point.severity + "○" * (5 - point.severity)
    heading = Text.assemble((f"{number}. ", "bold"), (step_name, "bold"), " ", (dots, "red"))
    parts: list[Clipped | Text] = [Clipped(Text(clean(point.quote), style="italic"), QUOTE_LINES)]
    if fix is not None:
        parts.append(Text.assemble(("→ ", "dim"), (clean(fix.title), "bold")))
        if fix.answer:
            parts.append(Text.assemble(("✔ ", "bold green"), (clean(fix.answer), "green")))
    return Group(heading, Padding(Group(*parts), (0, 0, 0, QUOTE_INDENT)))


def render_promise(promise: Promise) -> Text:
    """A check box, what was promised, and the due day."""
    box = "☑" if promise.done else "☐"
    due = _(" · due {date}").format(date=formats.day(promise.due)) if promise.due else ""
    return Text.assemble(f"{box} ", clean(promise.text), (due, "dim"))


def promise_title(promise: Promise) -> str:
    """Whether a promise is kept, and when it is due: the heading of the promise shown whole."""
    due = _(" · due {date}").format(date=formats.day(promise.due)) if promise.due else ""
    return (_("Done") if promise.done else pgettext("promise", "Open")) + due


def render_ended(call: Call) -> Text:
    """An ended call's banner: read-only, when it ended, its outcome, the whole summary (never markup).

    The summary is the call's record for whoever reads it next, so it is shown whole,
    wrapped, line breaks kept, never cut to one line.
    """
    summary = "\n".join(part.strip() for part in clean(call.summary).splitlines() if part.strip())
    ended = f"{call.ended_at:%Y-%m-%d %H:%M}" if call.ended_at else ""
    outcome = labels.outcome(call.outcome) if call.outcome else _("no outcome")
    text = Text.assemble((_("Ended, read-only"), "bold"), f" · {ended} · ", (outcome, "bold"))
    if summary:
        text.append("\n")
        text.append(summary)
    return text


def keep_highlight(panel: OptionList, index: int | None) -> None:
    """Highlight entry ``index`` (or the last, if fewer are left) after the list was redrawn."""
    if index is not None and panel.option_count:
        panel.highlighted = min(index, panel.option_count - 1)
