"""The json export: every record of a period, a backup and a way to merge a teammate's notes.

Unlike the summaries, the json export holds customers' names: it is meant to be
imported into another cxnotes store (``cxnotes import``), and a merge without names
could not tell two customers apart. Treat the file like the store itself.

Layout (``schema`` 1)::

    {"app": "cxnotes", "kind": "export", "schema": 1, "exported_at": ISO, "period": {...},
     "steps": [...], "customers": [...], "calls": [{..., "transcript": [line, ...]}],
     "pain_points": [...], "fixes": [...], "promises": [...]}

Steps carry no ``id``: stores seed their own, and pain points refer to steps by slug.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from cxnotes.domain.models import Record, to_doc
from cxnotes.domain.text import clean
from cxnotes.export.period import Period
from cxnotes.export.records import Records

APP = "cxnotes"
KIND = "export"
SCHEMA = 1
"""Version of the layout above; an importer refuses files with a newer one."""

MULTILINE_FIELDS = frozenset({"text", "summary", "quote", "answer", "description"})
"""Text fields that may hold line breaks; every other string is cleaned to one line."""


def clean_doc(record: Record) -> dict[str, Any]:
    """A record as a JSON-ready dict with control characters and terminal escapes stripped from its text.

    Export and import both use it, so a file that went out and came back compares equal.
    """
    return {
        name: clean_text(value, multiline=name in MULTILINE_FIELDS) if isinstance(value, str) else value
        for name, value in to_doc(record).items()
    }


def clean_text(value: str, *, multiline: bool) -> str:
    """:func:`cxnotes.domain.text.clean`, skipped for printable ASCII, which it would return unchanged.

    Ids, times, slugs and most English text are printable ASCII: no control character,
    escape or line break, and NFC leaves them alone. Skipping them halves the cost of
    exporting or importing a large store.
    """
    if value.isascii() and value.isprintable():
        return value
    return clean(value, multiline=multiline)


def export_doc(records: Records, period: Period, now: datetime) -> dict[str, Any]:
    """The export as plain JSON-ready data; ``records`` must already be :meth:`Records.within` the period."""
    transcripts: dict[str, list[dict[str, Any]]] = {}
    for line in records.lines:
        transcripts.setdefault(line.call_id, []).append(clean_doc(line))
    steps = []
    for step in records.steps:
        doc = clean_doc(step)
        del doc["id"]
        steps.append(doc)
    return {
        "app": APP,
        "kind": KIND,
        "schema": SCHEMA,
        "exported_at": now.isoformat(timespec="seconds"),
        "period": {"since": period.since.isoformat(), "until": period.until.isoformat()},
        "steps": steps,
        "customers": [clean_doc(c) for c in records.customers],
        "calls": [{**clean_doc(c), "transcript": transcripts.get(c.id, [])} for c in records.calls],
        "pain_points": [clean_doc(p) for p in records.pain_points],
        "fixes": [clean_doc(f) for f in records.fixes],
        "promises": [clean_doc(p) for p in records.promises],
    }


def render_json(records: Records, period: Period, now: datetime) -> str:
    """The export as UTF-8 JSON text, one record per line (Korean kept readable, not ``\\uXXXX``).

    One record per line keeps a diff of two exports readable, and it lets each record go
    through the C encoder: pretty-printing the whole document with ``indent`` would run the
    pure-Python one, several times slower on a large store.
    """
    fields = []
    for key, value in export_doc(records, period, now).items():
        if isinstance(value, list) and value:
            body = "[\n" + ",\n".join("    " + _dumps(item) for item in value) + "\n  ]"
        else:
            body = _dumps(value)
        fields.append(f"  {_dumps(key)}: {body}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
