"""The stored shape of the records a complaint writes, as plain documents: the light side of the domain.

``cxnotes log`` files a complaint in the time a script takes to insert one SQLite row, and
importing :mod:`cxnotes.domain.models` (its dataclasses pull in :mod:`inspect` and
:mod:`typing`) would take three times that alone. So the fields and defaults of a pain
point, a customer and a fix, and the value chain a new store starts with, are written
here once, as documents, with nothing imported but the standard library already loaded;
:mod:`cxnotes.domain.models` takes its constants from here, and
``tests/test_shapes.py`` holds each dataclass's fields and defaults equal to its shape
(a field added to one and not the other fails there, by name).
"""

from __future__ import annotations

import os
from datetime import datetime  # sqlite3 imports it too: free on the way to the store

CHANNELS = ("phone", "chat", "video", "in person", "email", "other")
"""Channels a customer can reach us through."""

SEVERITIES = (1, 2, 3, 4, 5)
"""1 is a mild annoyance, 5 made the customer leave or ask for their money back."""

STEPS, CUSTOMERS, PAIN_POINTS, FIXES = "steps", "customers", "pain_points", "fixes"
"""Names of the tables these records live in (each model's ``TABLE``)."""

TABLES = (STEPS, CUSTOMERS, "calls", "lines", PAIN_POINTS, FIXES, "promises")
"""Every table, in :data:`cxnotes.domain.models.MODELS` order."""

NOW = object()
"""A default meaning "the moment the record is made" (its ``created_at``)."""

PAIN_POINT = {
    "quote": "",
    "step": "use",
    "severity": 3,
    "customer_id": None,
    "call_id": None,
    "line_id": None,
    "channel": None,
    "created_at": NOW,
    "fix_id": None,
    "involuntary": False,
    "source": "",
    "source_id": "",
    "operator": "",
}
"""A pain point's fields after ``id`` and their defaults (see :class:`~cxnotes.domain.models.PainPoint`)."""

CUSTOMER = {
    "name": "",
    "segment": "",
    "value": None,
    "created_at": NOW,
    "plan": "",
    "statuses": [],
    "source": "",
    "source_id": "",
    "merged_into": None,
}
"""A customer's fields after ``id`` and their defaults (see :class:`~cxnotes.domain.models.Customer`)."""

FIX = {
    "title": "",
    "status": "open",
    "answer": "",
    "effort": None,
    "created_at": NOW,
    "merged_into": None,
    "merged_points": [],
    "shipped_at": None,
}
"""A fix's fields after ``id`` and their defaults (see :class:`~cxnotes.domain.models.Fix`)."""

STEP = {"slug": "", "name": "", "description": "", "order": 0, "retired": False}
"""A value-chain step's fields after ``id`` and their defaults (see :class:`~cxnotes.domain.models.Step`)."""

DEFAULT_STEPS: tuple[tuple[str, str, str], ...] = (
    ("discover", "Discover", "First hears of us: ads, word of mouth, search."),
    ("evaluate", "Evaluate", "Compares, reads reviews, tries a demo, asks questions."),
    ("purchase", "Sign-up / purchase", "Signs up, chooses a plan, pays for the first time."),
    ("onboarding", "Onboarding", "First days: set-up, first use, learning the ropes."),
    ("use", "Use", "Everyday use of the product or service."),
    ("support", "Support", "Asks for help and gets (or does not get) an answer."),
    ("billing", "Billing / renewal", "Invoices, charges, renewals, price changes."),
    ("cancel", "Cancel / refund", "Cancels, asks for a refund, leaves."),
)
"""The value chain a new store starts with: (slug, name, description)."""


def new_id() -> str:
    """Return a fresh stable id (32 random hex digits, like a uuid4's)."""
    return os.urandom(16).hex()  # not uuid: importing it costs a one-shot command 10 ms


def now_text() -> str:
    """The local time, timezone-aware, as a record stores it (``2026-03-02T14:05:09.123456+09:00``)."""
    return datetime.now().astimezone().isoformat()


def new_doc(shape: dict[str, object], **fields: object) -> dict[str, object]:
    """A new record's document: a fresh id, then ``shape``'s defaults (:data:`NOW`: now), then ``fields``."""
    stamp = ""
    doc: dict[str, object] = {"id": new_id()}
    for name, default in shape.items():
        if default is NOW:
            stamp = stamp or now_text()
            default = stamp
        elif isinstance(default, list):
            default = []
        doc[name] = default
    unknown = set(fields) - set(doc)
    if unknown:
        raise TypeError(f"no such field: {', '.join(sorted(unknown))}")
    doc.update(fields)
    return doc


def default_step_docs() -> list[dict[str, object]]:
    """The default value chain as fresh documents (what a new store is seeded with)."""
    return [
        new_doc(STEP, slug=slug, name=name, description=text, order=i)
        for i, (slug, name, text) in enumerate(DEFAULT_STEPS)
    ]
