"""Imported conversations waiting for someone to read them, and what reading one can do.

No Textual: the inbox screens call these from worker threads. An imported conversation
(a call with a ``source``) waits until it is marked reviewed; low satisfaction ones come
first, then the newest. Marking a line as a pain point follows the live call's rules:
the point carries the call's customer and channel and the line it quotes, and a fix
named by title is found, or created with the same checks as everywhere (:mod:`triage`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, from_doc
from cxnotes.domain.text import clean
from cxnotes.i18n import _
from cxnotes.services import triage

if TYPE_CHECKING:
    from cxnotes.storage.store import Store

SHOWN = 500
"""Conversations listed at once: review works from the top."""


@dataclass
class Waiting:
    """One conversation in the inbox."""

    call: Call
    customer: str
    """The customer's segment, else their name, else empty."""
    first: str
    """The first thing the customer said (or the subject)."""


def waiting(store: Store, *, limit: int = SHOWN) -> tuple[list[Waiting], int]:
    """The first ``limit`` imported conversations not yet reviewed, and how many there are.

    Low satisfaction first, then newest first.
    """
    calls = [from_doc(Call, d) for d in store.docs(Call) if d.get("source") and not d.get("reviewed")]
    calls.sort(key=lambda call: call.started_at, reverse=True)
    calls.sort(key=lambda call: not call.flagged)
    shown = calls[:limit]
    people = {d["id"]: str(d.get("segment") or d.get("name") or "") for d in store.docs(Customer)}
    entries = [
        Waiting(call, people.get(call.customer_id or "", ""), _first_words(store, call)) for call in shown
    ]
    return entries, len(calls)


def _first_words(store: Store, call: Call) -> str:
    """What the customer said first (one indexed read of the call's lines), else the subject."""
    said = next((line.text for line in store.lines_of(call.id) if line.speaker == "customer"), "")
    return said or call.summary


def mark_reviewed(store: Store, call_id: str) -> Call:
    """Take a conversation out of the inbox; a later re-import keeps it out."""
    call = store.get(Call, call_id)
    if call is None:
        raise triage.TriageError(_("That conversation no longer exists."))
    call.reviewed = True
    store.put(call)
    return call


def mark_line(
    store: Store, call_id: str, line_id: str, quote: str, step: str, severity: int, fix_title: str = ""
) -> tuple[PainPoint, Fix | None]:
    """Mark a line of an imported conversation as a pain point, optionally on a fix by title.

    Returns:
        The point and its fix (to show the fix's agreed answer), saved in one batch.
    """
    call, line = store.get(Call, call_id), store.get(Line, line_id)
    if call is None or line is None:
        raise triage.TriageError(_("That conversation no longer exists."))
    point = PainPoint(
        quote=clean(quote).strip() or line.text,
        step=step,
        severity=severity,
        customer_id=call.customer_id,
        call_id=call.id,
        line_id=line.id,
        channel=call.channel,
        created_at=call.started_at + timedelta(seconds=line.offset),
    )
    fix = store.fix_titled(fix_title) if fix_title.strip() else None
    if fix_title.strip() and fix is None:
        store.put(point)
        return point, triage.create_fix(store, fix_title, [point.id])
    point.fix_id = fix.id if fix else None
    store.put(point)
    return point, fix
