"""``cxnotes import``: load a json export into a store, as a restore or a merge.

Records keep the ids they were exported with, so importing the same file twice adds
nothing the second time. A record whose id is already in the store with different
content is a *conflict*: the store's version is kept (it may hold edits made since the
export) and the conflict is reported with the fields that differ, never dropped in
silence. Steps are matched by slug, because every store seeds its own step ids.

The whole file is checked before anything is written, then written as one atomic
batch: a bad record anywhere means nothing was imported.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxnotes.domain import models, validation
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise, Record, Step
from cxnotes.export import json_export
from cxnotes.export.errors import ExportError
from cxnotes.export.import_file import load_json
from cxnotes.export.records import Progress
from cxnotes.i18n import _, ngettext, pgettext
from cxnotes.storage.store import Store

KINDS: tuple[tuple[str, type[Record], str], ...] = (
    ("steps", Step, "step"),
    ("customers", Customer, "customer"),
    ("calls", Call, "call"),
    ("pain_points", PainPoint, "pain point"),
    ("fixes", Fix, "fix"),
    ("promises", Promise, "promise"),
)
"""(key in the file, record type, what a user calls one: in English, see :func:`_count`) in import order."""

PROGRESS_EVERY = 500
"""Records between progress reports: often enough to move a bar, rarely enough to cost nothing."""


@dataclass(frozen=True)
class Conflict:
    """A record present in both the file and the store, with different content."""

    kind: str
    """What a user calls the record: "customer", "pain point", ..."""
    id: str
    """Its id (a step's slug)."""
    fields: tuple[str, ...]
    """Names of the fields whose values differ."""

    def __str__(self) -> str:
        return _("conflict: {kind} {id}: {fields} differ; kept the store's version").format(
            kind=_kind(self.kind), id=self.id, fields=", ".join(self.fields)
        )


@dataclass
class ImportReport:
    """What an import did."""

    added: dict[str, int] = field(default_factory=dict)
    """New records per kind ("call", "transcript line", ...)."""
    unchanged: int = 0
    """Records already in the store exactly as in the file."""
    conflicts: list[Conflict] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the shell or a notification."""
        added = ", ".join(_count(n, kind) for kind, n in self.added.items() if n)
        text = _("Imported {records}").format(records=added) if added else _("Nothing new to import")
        text += _("; {records} already in the store").format(records=_count(self.unchanged, "record"))
        if self.conflicts:
            n = len(self.conflicts)
            text += ngettext(
                "; {n} conflict kept the store's version (listed above)",
                "; {n} conflicts kept the store's version (listed above)",
                n,
            ).format(n=n)
        return text + "."


def _count(n: int, kind: str) -> str:
    """``1 fix``, ``3 fixes``, ``2 customers``, in the current language."""
    counted = {
        "step": ngettext("{n} step", "{n} steps", n),
        "customer": ngettext("{n} customer", "{n} customers", n),
        "call": ngettext("{n} call", "{n} calls", n),
        "pain point": ngettext("{n} pain point", "{n} pain points", n),
        "fix": ngettext("{n} fix", "{n} fixes", n),
        "promise": ngettext("{n} promise", "{n} promises", n),
        "transcript line": ngettext("{n} transcript line", "{n} transcript lines", n),
        "record": ngettext("{n} record", "{n} records", n),
    }
    return counted.get(kind, f"{{n}} {kind}").format(n=n)


def _kind(kind: str) -> str:
    """What a user calls one record of ``kind`` (a label of :data:`KINDS`), in the current language."""
    return {
        "step": pgettext("record", "step"),
        "customer": pgettext("record", "customer"),
        "call": pgettext("record", "call"),
        "pain point": pgettext("record", "pain point"),
        "fix": pgettext("record", "fix"),
        "promise": pgettext("record", "promise"),
        "transcript line": pgettext("record", "transcript line"),
    }.get(kind, kind)


def read_export(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and check a json export file.

    Raises:
        ExportError: the file cannot be read (see :func:`load_json`: size, kind, encoding, depth),
            is not a cxnotes export, or is from a newer cxnotes.
    """
    name = Path(path)
    data = load_json(name)
    not_ours = _("{name} is not a cxnotes export (make one with: cxnotes export --format json).").format(
        name=name
    )
    marker = (data.get("app"), data.get("kind")) if isinstance(data, dict) else None
    if marker != (json_export.APP, json_export.KIND):
        raise ExportError(not_ours)
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise ExportError(not_ours)
    if schema > json_export.SCHEMA:
        raise ExportError(
            _(
                "{name} was written by a newer cxnotes (export schema {schema}; this one reads up to "
                "{supported}). Upgrade cxnotes to import it."
            ).format(name=name, schema=schema, supported=json_export.SCHEMA)
        )
    for key, _cls, _label in KINDS:
        if not isinstance(data.get(key, []), list):
            raise ExportError(not_ours)
    return data


def import_export(store: Store, data: dict[str, Any], *, progress: Progress | None = None) -> ImportReport:
    """Merge a checked export (see :func:`read_export`) into ``store`` in one atomic batch.

    Raises:
        ExportError: a record in the file is malformed; nothing was written.
        StoreWriteError: the store could not save the batch; nothing was written.
    """
    report = ImportReport()
    staged: dict[tuple[str, str], dict[str, Any]] = {}
    puts: list[Record] = []
    steps = {s.slug: s for s in store.steps(include_retired=True)}
    entries = list(_entries(data))
    for done, (key, cls, label, position, doc) in enumerate(entries, start=1):
        record = _record(cls, doc, f"{key}[{position}]")
        new = models.to_doc(record)
        stored: Record | None
        if isinstance(record, Step):
            stored = steps.get(record.slug)
            new["id"] = record.id = stored.id if stored else record.id
            ident = record.slug
        else:
            stored = store.get(cls, record.id)
            ident = record.id
        old = staged.get((cls.TABLE, ident)) or (_comparable(stored, new) if stored else None)
        if old is None:
            staged[(cls.TABLE, ident)] = new
            if isinstance(record, Step):
                steps[record.slug] = record
            puts.append(record)
            report.added[label] = report.added.get(label, 0) + 1
        elif old == new:
            report.unchanged += 1
        else:
            differ = tuple(name for name in new if new[name] != old.get(name))
            report.conflicts.append(Conflict(label, ident, differ))
        if progress and (done % PROGRESS_EVERY == 0 or done == len(entries)):
            progress(_("checking records"), done, len(entries))
    if progress:
        progress(_("saving to the store"), len(entries), len(entries))
    store.write(put=puts)
    return report


def _comparable(stored: Record, new: dict[str, Any]) -> dict[str, Any]:
    """The stored record as a dict to compare with the file's, cleaned as the file's text was.

    Cleaning is skipped when the raw record already matches, which is the usual case when
    the same file is imported again.
    """
    raw = models.to_doc(stored)
    return raw if raw == new else json_export.clean_doc(stored)


def _entries(data: dict[str, Any]) -> Iterator[tuple[str, type[Record], str, int, Any]]:
    """Every record of the file as (key, type, label, position, doc), transcripts after their call."""
    for key, cls, label in KINDS:
        for position, doc in enumerate(data.get(key, [])):
            if cls is Call and isinstance(doc, dict):
                transcript = doc.get("transcript", [])
                doc = {k: v for k, v in doc.items() if k != "transcript"}
                yield key, cls, label, position, doc
                if not isinstance(transcript, list):
                    raise ExportError(
                        _("calls[{position}].transcript is not a list; nothing was imported.").format(
                            position=position
                        )
                    )
                for index, line in enumerate(transcript):
                    if isinstance(line, dict) and "call_id" not in line:
                        line = {**line, "call_id": doc.get("id")}
                    yield f"calls[{position}].transcript", Line, "transcript line", index, line
            else:
                yield key, cls, label, position, doc


def _record(cls: type[Record], doc: Any, where: str) -> Record:
    """Check every field of one document (:mod:`~cxnotes.domain.validation`), clean its text, build it."""
    try:
        return validation.record_from_doc(cls, doc, where, _clean_field)
    except validation.InvalidRecord as error:
        raise ExportError(_("{error} Nothing was imported.").format(error=error)) from None


def _clean_field(name: str, value: str) -> str:
    """A string field of the file as it will be stored: no control characters or escapes."""
    return json_export.clean_text(value, multiline=name in json_export.MULTILINE_FIELDS)
