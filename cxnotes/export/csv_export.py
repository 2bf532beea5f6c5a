"""The csv export: one row per pain point, for spreadsheets.

Written as UTF-8 with a byte-order mark, because Excel reads a BOM-less csv in the
system code page and turns Korean into mojibake. No cell starts with ``=``, ``+``,
``-``, ``@``, tab or CR: spreadsheets would run it as a formula (OWASP "CSV
injection"), so such cells get a leading ``'``, which keeps the text visible.
"""

from __future__ import annotations

import csv
import io

from cxnotes.domain import labels
from cxnotes.domain.text import clean
from cxnotes.export.records import Records
from cxnotes.i18n import _, pgettext

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""First characters that make a spreadsheet treat a cell as a formula (OWASP's list), plus a line
feed: some spreadsheets drop leading line breaks and would then see a formula after them."""

COLUMNS = (
    "pain_point",
    "created_at",
    "call",
    "call_started_at",
    "customer",
    "customer_name",
    "segment",
    "step",
    "step_name",
    "severity",
    "quote",
    "fix",
    "fix_status",
    "involuntary",
    "channel",
)
"""Header row (in English: shown through :func:`heading`). ``customer`` is the customer's stable id,
which names no one but lets a spreadsheet count distinct customers; ``customer_name`` stays empty
unless names were asked for."""

QUOTE = COLUMNS.index("quote")
"""The one column that may span lines."""


def heading(column: str) -> str:
    """A column's header cell in the current language (the English names are the columns' ids)."""
    return {
        "pain_point": pgettext("csv column", "pain_point"),
        "created_at": pgettext("csv column", "created_at"),
        "call": pgettext("csv column", "call"),
        "call_started_at": pgettext("csv column", "call_started_at"),
        "customer": pgettext("csv column", "customer"),
        "customer_name": pgettext("csv column", "customer_name"),
        "segment": pgettext("csv column", "segment"),
        "step": pgettext("csv column", "step"),
        "step_name": pgettext("csv column", "step_name"),
        "severity": pgettext("csv column", "severity"),
        "quote": pgettext("csv column", "quote"),
        "fix": pgettext("csv column", "fix"),
        "fix_status": pgettext("csv column", "fix_status"),
        "involuntary": pgettext("csv column", "involuntary"),
        "channel": pgettext("csv column", "channel"),
    }.get(column, column)


def neutralise(cell: str) -> str:
    """Prefix a ``'`` to a cell a spreadsheet would read as a formula; never drop it."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def render_csv(records: Records, *, include_names: bool = False) -> str:
    """One row per pain point of ``records``, oldest first, with a BOM and Excel's CRLF line ends."""
    customers = {c.id: c for c in records.customers}
    calls = {c.id: c for c in records.calls}
    fixes = {f.id: f for f in records.fixes}
    steps = {s.slug: labels.step_name(s) for s in records.steps}
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([heading(column) for column in COLUMNS])
    for point in records.pain_points:
        customer = customers.get(point.customer_id or "")
        call = calls.get(point.call_id or "")
        fix = fixes.get(point.fix_id or "")
        segment = customer.segment if customer else ""
        row = (
            point.id,
            point.created_at.isoformat(timespec="seconds"),
            point.call_id or "",
            call.started_at.isoformat(timespec="seconds") if call else "",
            point.customer_id or "",
            customer.name if customer and include_names else "",
            segment,
            point.step,
            steps.get(point.step, point.step),
            str(point.severity),
            point.quote,
            fix.title if fix else "",
            labels.fix_status(fix.status) if fix else "",
            _("yes") if point.involuntary else _("no"),
            labels.channel(point.channel or (call.channel if call else "")),
        )
        writer.writerow([neutralise(clean(cell, multiline=index == QUOTE)) for index, cell in enumerate(row)])
    return out.getvalue()
