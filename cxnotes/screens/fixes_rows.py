"""The rows of the fix review's two tables, laid out for the width they get.

A lead ranks by score, so the fix table starts with what ranking is about: rank,
score, the fix's title and how many customers it touches. At 80 columns the table
gets about 48 cells, so those four have to fit there; the title is cut to what is
left (Korean counting two cells a character) and the rest (points, severity, steps,
status, newest) follow to the right, seen on wider screens or by scrolling. The
evidence table likewise starts with severity and the customer's words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rich.cells import cell_len
from rich.text import Text

from cxnotes.domain import labels
from cxnotes.domain.models import Call, Customer, PainPoint
from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _
from cxnotes.services.ranking import RankedFix
from cxnotes.storage.store import Store
from cxnotes.widgets.fitted_table import FittedTable

EVIDENCE_SHOWN = 300
"""Pain points listed for one fix, most severe and newest first."""

FIX_COLUMNS = (
    ("rank", "#"), ("score", N_("Score")), ("title", N_("Fix")), ("customers", N_("Cust.")),
    ("points", N_("Pts")), ("severity", N_("Severity")), ("steps", N_("Steps")), ("status", N_("Status")),
    ("newest", N_("Newest")),
)  # fmt: skip
"""(key, label) of the fix table, most important first; the first four fit in 80 columns.
Labels are marked with ``N_`` and translated where the columns are made."""

EVIDENCE_COLUMNS = (
    ("severity", N_("Sev")), ("quote", N_("Quote")), ("noted", N_("Noted")), ("step", N_("Step")),
    ("segment", N_("Segment")), ("channel", N_("Channel")),
)  # fmt: skip
"""(key, label) of the evidence table: the quote right after its severity."""

TITLE_INDEX = 2
"""Where the title is among :data:`FIX_COLUMNS`: the columns before it always fit, those after may not."""

EVERY_WIDTH = (0, 10_000)
"""Bounds that let :meth:`FittedTable.room` say how much room is left, however little or much."""

TITLE_CELLS = (12, 40)
"""Fewest and most cells a fix title gets; beyond 40 the other columns matter more."""

QUOTE_CELLS = (12, 60)
"""Fewest and most cells a quote gets."""

QUOTE_WITH_DATE = 24
"""Fewest cells a quote keeps for the date to be shown beside it rather than scrolled to."""

T = TypeVar("T")


@dataclass
class Evidence:
    """One quote backing a fix, as the evidence table shows it (no customer names)."""

    point_id: str
    when: str
    severity: int
    step: str
    segment: str
    channel: str
    quote: str
    call_id: str | None
    line_id: str | None
    """The transcript line the quote was marked on, if it came from a call."""


def evidence_of(store: Store, point_ids: list[str]) -> list[Evidence]:
    """The evidence rows of a fix, read in a worker."""
    points = [p for p in (store.get(PainPoint, i) for i in point_ids) if p is not None]
    points.sort(key=lambda p: (p.severity, p.created_at), reverse=True)
    rows = []
    for point in points[:EVIDENCE_SHOWN]:
        customer = store.get(Customer, point.customer_id)
        call = store.get(Call, point.call_id)
        rows.append(
            Evidence(
                point_id=point.id,
                when=f"{point.created_at:%Y-%m-%d}",
                severity=point.severity,
                step=point.step,
                segment=customer.segment if customer else "",
                channel=point.channel or (call.channel if call else ""),
                quote=point.quote,
                call_id=point.call_id if call else None,
                line_id=point.line_id if call else None,
            )
        )
    return rows


def fill_fixes(table: FittedTable, rows: list[RankedFix]) -> None:
    """Show the ranking in ``table``, titles cut to the room the other first columns leave."""
    firsts = (
        ["#", *(str(r.rank) for r in rows)],
        [_("Score"), *(_score(r) for r in rows)],
        [_("Cust."), *(str(r.customers) for r in rows)],
    )
    width = table.room(TITLE_CELLS, *firsts)
    cells = {row.fix.id: _fix_cells(row, width) for row in rows}
    _fill(table, FIX_COLUMNS, rows, lambda r: r.fix.id, lambda r: cells[r.fix.id], _to_edge(table, cells))


def _to_edge(table: FittedTable, cells: dict[str, list[Text]]) -> tuple[str, int] | None:
    """The title column's width when the columns after it do not all fit: the room the first
    columns and the whole ones after the title leave, so the first that does not fit starts past
    the panel's edge (cut there, 계획됨 read as 계); None when every column fits.
    """
    texts = [
        [_(label), *(row[i].plain for row in cells.values())] for i, (_key, label) in enumerate(FIX_COLUMNS)
    ]
    title = TITLE_INDEX
    needed = max(map(cell_len, texts[title]))
    shown = texts[:title]
    for column in texts[title + 1 :]:
        if table.room(EVERY_WIDTH, *shown, column) < needed:
            return "title", table.room(EVERY_WIDTH, *shown)
        shown.append(column)
    return None


def fill_evidence(table: FittedTable, rows: list[Evidence]) -> None:
    """Show the evidence in ``table``, quotes cut to the room severity (and the date, if it fits) leave.

    The date is kept in view beside the quote when the quote still gets :data:`QUOTE_WITH_DATE`
    cells; in a narrower panel the quote takes the room and the date follows to the right. The
    quote column is exactly that wide, so the next column starts past the panel's edge rather
    than peeking in (its header cut to "No" read as a word).
    """
    severity = [_("Sev"), *(str(e.severity) for e in rows)]
    width = table.room(QUOTE_CELLS, severity, [_("Noted"), *(e.when for e in rows)])
    fitted: tuple[str, int] | None = None
    if width < QUOTE_WITH_DATE:
        width = table.room(QUOTE_CELLS, severity)
        fitted = ("quote", width)
    _fill(
        table,
        EVIDENCE_COLUMNS,
        rows,
        lambda e: e.point_id,
        lambda e: _evidence_cells(e, width),
        fitted,
    )


def _fix_cells(row: RankedFix, title_width: int) -> list[Text]:
    return [
        Text(str(row.rank), justify="right"),
        Text(_score(row), justify="right"),
        Text(one_line(row.fix.title, title_width)),
        Text(str(row.customers), justify="right"),
        Text(str(len(row.pain_point_ids)), justify="right"),
        Text(labels.severity_mix(row.severity_mix)),
        Text(labels.steps_cell(row.steps)),
        Text(labels.fix_status(row.fix.status)),
        Text(f"{row.newest:%m-%d}" if row.newest else ""),
    ]


def _evidence_cells(e: Evidence, quote_width: int) -> list[Text]:
    step, channel = labels.step_slug(e.step), labels.channel(e.channel)
    cells = (str(e.severity), one_line(e.quote, quote_width), e.when, step, e.segment, channel)
    return [Text(cell) for cell in cells]


def _score(row: RankedFix) -> str:
    return f"{row.score:.2f}"


def _fill(
    table: FittedTable,
    columns: tuple[tuple[str, str], ...],
    rows: list[T],
    key: Callable[[T], str],
    cells: Callable[[T], list[Text]],
    fitted: tuple[str, int] | None = None,
) -> None:
    """Show ``rows`` in ``table``'s ``columns`` (labels translated here), changing only what changed.

    ``fitted``, if given, is (key, cells) of a column made exactly that wide, so it fills the
    room the others leave even when its texts are shorter. Columns are keyed, so code and
    tests find a column by name, not place.
    """
    made = [(name, _(label), fitted[1] if fitted and name == fitted[0] else None) for name, label in columns]
    table.fill(made, {key(row): cells(row) for row in rows})
