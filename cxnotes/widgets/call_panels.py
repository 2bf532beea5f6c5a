"""How the live call draws its side panels' pain points and promises, and an ended call's banner.

Never as markup, and cleaned again (:func:`cxnotes.text.clean`) in case the store predates a rule
of it. The panels are redrawn whole after every change, so they also keep the highlight.
"""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.widgets import OptionList

from cxnotes.models import Call, PainPoint, Promise
from cxnotes.text import clean

QUOTE_INDENT = 3
"""Cells the quote sits in from the number, on every line it wraps to."""


def render_point(number: int, point: PainPoint, step_name: str) -> Group:
    """``N. Step ●●●○○`` and the quote below it, wrapped under itself."""
    dots = "●" * point.severity + "○" * (5 - point.severity)
    heading = Text.assemble((f"{number}. ", "bold"), (step_name, "bold"), " ", (dots, "red"))
    quote = Padding(Text(clean(point.quote), style="italic"), (0, 0, 0, QUOTE_INDENT))
    return Group(heading, quote)


def render_promise(promise: Promise) -> Text:
    """A check box, what was promised, and the due day."""
    box = "☑" if promise.done else "☐"
    due = f" · due {promise.due:%a %b %-d}" if promise.due else ""
    return Text.assemble(f"{box} ", clean(promise.text), (due, "dim"))


def promise_title(promise: Promise) -> str:
    """Whether a promise is kept, and when it is due: the heading of the promise shown whole."""
    due = f" · due {promise.due:%a %b %-d}" if promise.due else ""
    return ("Done" if promise.done else "Open") + due


def render_ended(call: Call) -> Text:
    """An ended call's one-line banner: read-only, when it ended, its outcome and summary (never markup)."""
    summary = " / ".join(part.strip() for part in clean(call.summary).splitlines() if part.strip())
    ended = f"{call.ended_at:%Y-%m-%d %H:%M}" if call.ended_at else ""
    text = Text.assemble(
        ("Ended, read-only", "bold"), f" · {ended} · ", (call.outcome or "no outcome", "bold")
    )
    if summary:
        text.append(f" · {summary}")
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def keep_highlight(panel: OptionList, index: int | None) -> None:
    """Highlight entry ``index`` (or the last, if fewer are left) after the list was redrawn."""
    if index is not None and panel.option_count:
        panel.highlighted = min(index, panel.option_count - 1)
