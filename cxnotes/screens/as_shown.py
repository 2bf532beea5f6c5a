"""Stored values as the screens show them, and what a user types back as the stored value.

Records keep English keys ("phone", "retained", "in progress"): they are an interface to the CLI,
the exports' json and other team members. Pickers and fields show a key by its label in the
current language (:mod:`cxnotes.domain.labels`) and hand back the key, whichever of the two
was typed. In English the label is the key, so nothing changes there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cxnotes.domain import labels
from cxnotes.domain.models import CHANNELS, OUTCOMES, Step


def channels() -> list[str]:
    """The channels as shown, in the stored order (a picker's index is the stored key's)."""
    return [labels.channel(c) for c in CHANNELS]


def outcomes() -> list[str]:
    """The call outcomes as shown, in the stored order."""
    return [labels.outcome(o) for o in OUTCOMES]


def stored(typed: str, keys: Iterable[str], label: Callable[[str], str]) -> str:
    """The key whose label (any case) was typed; anything else as typed, for the caller's own check."""
    typed = typed.strip()
    return {label(key).casefold(): key for key in keys}.get(typed.casefold(), typed)


def channel_of(typed: str) -> str | None:
    """The stored channel ``typed`` names, as shown or as the CLI reads it (a prefix); None if none."""
    from cxnotes.services import complaints  # the complaint form's rules; not on the call's first paint

    return complaints.match_choice(CHANNELS, stored(typed, CHANNELS, labels.channel))


def step_of(steps: list[Step], typed: str) -> Step | None:
    """The step ``typed`` names: by its name as shown (a default one translated), or as the CLI reads it."""
    from cxnotes.services import complaints

    shown = {labels.step_name(s).casefold(): s for s in steps}
    return shown.get(typed.strip().casefold()) or complaints.match_step(steps, typed)
