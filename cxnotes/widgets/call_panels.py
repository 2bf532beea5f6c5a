"""How the live call's side panels draw a pain point and a promise (never as markup)."""

from __future__ import annotations

from rich.text import Text

from cxnotes.models import PainPoint, Promise


def render_point(number: int, point: PainPoint, step_name: str) -> Text:
    """``N. Step ●●●○○`` and the quote below it."""
    dots = "●" * point.severity + "○" * (5 - point.severity)
    return Text.assemble(
        (f"{number}. ", "bold"), (step_name, "bold"), " ", (dots, "red"), "\n   ", (point.quote, "italic")
    )


def render_promise(promise: Promise) -> Text:
    """A check box, what was promised, and the due day."""
    box = "☑" if promise.done else "☐"
    due = f" · due {promise.due:%a %b %-d}" if promise.due else ""
    return Text.assemble(f"{box} ", promise.text, (due, "dim"))
