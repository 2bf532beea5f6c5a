"""Exports (md and html summaries, csv, json) and the json import; no Textual here.

The app and the shell call the same two functions: :func:`render` for a preview or
stdout, :func:`export_to_path` to write a file atomically. Both only read the store,
so they work on a store opened ``readonly`` while the app has it open.
"""

from __future__ import annotations

import importlib
import os
from datetime import date, datetime
from pathlib import Path

from cxnotes.domain.models import Call, Customer, Fix, PainPoint, Promise
from cxnotes.export.atomic import checked_target, write_atomically
from cxnotes.export.errors import ExportError
from cxnotes.export.period import Period
from cxnotes.export.records import Progress, Records
from cxnotes.export.summary import build_summary
from cxnotes.i18n import _
from cxnotes.storage.store import Store

__all__ = ["FORMATS", "ExportError", "Period", "Progress", "export_to_path", "render"]

FORMATS = ("md", "html", "csv", "json", "summary-json")
"""Export formats, the first being the default; ``summary-json`` is the md/html summary as data."""

SUMMARIES = {
    "md": ("markdown", "render_markdown"),
    "html": ("html_export", "render_html"),
    "summary-json": ("summary_json", "render_summary_json"),
}
"""The formats that render the one-page summary, and the module and function that render each: imported
when asked for (an md export does not import the html page's charts, 50 ms)."""

DEFAULT_TOP = 5
"""Fixes in the summary's top list unless asked otherwise."""


def render(
    store: Store,
    fmt: str,
    *,
    since: date | None = None,
    until: date | None = None,
    top: int = DEFAULT_TOP,
    include_names: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
    everything: bool = False,
    operator: str = "",
) -> str:
    """Render an export of the store as text.

    Args:
        store: an open store; only read.
        fmt: one of :data:`FORMATS`.
        since: first day; default: see :meth:`Period.resolve` (the last 30 days).
        until: last day, default today.
        top: how many fixes the md/html summary lists.
        include_names: name customers in md, html and csv instead of showing their segment.
            json always holds names (it is a backup and merge format).
        now: the moment the export is made (for "today", overdue promises and recency);
            the current time if None. Tests pass a fixed one.
        progress: called as ``progress(stage, done, total)`` while reading a large store.
        everything: every record whatever its date (a full backup) instead of a period:
            csv and json hold all of them; md and html summarise the oldest record's day
            to today. ``since`` and ``until`` must then be None.
        operator: md, html and summary-json count and rank only what this operator logged
            (a lead's view of one operator); "" for the whole team. csv and json hold every record.

    Raises:
        ExportError: an unknown format, ``until`` before ``since``, or dates with ``everything``.
    """
    if fmt not in FORMATS:
        raise ExportError(
            _("Unknown export format {format!r}; use one of: {formats}.").format(
                format=fmt, formats=", ".join(FORMATS)
            )
        )
    if top < 1:
        raise ExportError(_("--top must be at least 1."))
    if everything and (since or until):
        raise ExportError(_("An export of every record (--all) takes no --since or --until."))
    moment = now or datetime.now().astimezone()
    today = moment.date()
    period = whole_span(store, today, fmt) if everything else Period.resolve(since, until, today)
    if fmt in SUMMARIES:
        summary = build_summary(
            store,
            period,
            top=top,
            include_names=include_names,
            now=moment,
            progress=progress,
            operator=operator,
        )
        module, name = SUMMARIES[fmt]
        return str(getattr(importlib.import_module(f"cxnotes.export.{module}"), name)(summary))
    records = Records.load(store, lines=fmt == "json", progress=progress)
    records = records if everything else records.within(period)
    if progress:
        progress(_("writing {format}").format(format=fmt), 0, 0)
    if fmt == "csv":
        from cxnotes.export.csv_export import render_csv  # as the summaries' renderers: when asked for

        return render_csv(records, include_names=include_names)
    from cxnotes.export.json_export import render_json

    return render_json(records, period, moment)


def export_to_path(
    store: Store,
    fmt: str,
    path: str | os.PathLike[str],
    *,
    since: date | None = None,
    until: date | None = None,
    top: int = DEFAULT_TOP,
    include_names: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
    everything: bool = False,
    operator: str = "",
) -> Path:
    """Render an export (see :func:`render`) and write it to ``path`` atomically.

    Returns:
        The absolute path written; a notification can show it.

    Raises:
        ExportError: bad arguments (see :func:`render`), ``path`` cannot be written, or it
            names a store's file or folder (checked before the slow part); nothing was written then.
    """
    checked_target(path, store.folder)
    content = render(
        store,
        fmt,
        since=since,
        until=until,
        top=top,
        include_names=include_names,
        now=now,
        progress=progress,
        everything=everything,
        operator=operator,
    )
    if progress:
        progress(_("saving the file"), 0, 0)
    return write_atomically(path, content.encode("utf-8"), store_folder=store.folder)


DATED = ((Customer, "created_at"), (Call, "started_at"), (PainPoint, "created_at"), (Fix, "created_at"),
         (Promise, "created_at"))  # fmt: skip
"""Each dated kind of record and its timestamp field (transcript lines go with their call)."""


def whole_span(store: Store, today: date, fmt: str) -> Period:
    """The period an export of every record names: the oldest record's day to today.

    csv and json hold every record anyway; their period runs on to the newest record's
    day when that is after today (a follow-up dated ahead), so it covers all they hold.
    A record's day is the first ten characters of its ISO timestamp, as in
    :mod:`cxnotes.export.counts`. An empty store spans today alone.
    """
    days = [doc[field][:10] for kind, field in DATED for doc in store.docs(kind) if doc.get(field)]
    oldest = min([today.isoformat(), *days])
    newest = max([today.isoformat(), *days]) if fmt in ("csv", "json") else today.isoformat()
    return Period(date.fromisoformat(oldest), date.fromisoformat(newest))
