"""``cxnotes fixes``: the ranked fix list on the shell, the same ranking as the review screen.

The store is opened read-only, so this works while the app has it open. ``--format
json`` is for scripts: each fix's ``breakdown`` adds up exactly to its ``score``. The
table fits the terminal (80 columns when output is not a terminal).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable
from datetime import date

from rich.cells import cell_len

from cxnotes.cli import common, text_table
from cxnotes.config import ConfigError, load_weights
from cxnotes.domain import labels
from cxnotes.domain.models import FIX_STATUSES
from cxnotes.domain.text import clean, one_line
from cxnotes.i18n import _, pgettext
from cxnotes.services import ranking
from cxnotes.storage.store import Store

TITLE_WIDTH = 48
"""Most cells a fix title gets in the table; Korean characters count two."""

TITLE_MIN = 20
"""Fewest cells a title is cut to before less needed columns are left out instead."""

COLUMNS: tuple[tuple[str, str, Callable[[ranking.RankedFix], str] | None], ...] = (
    ("#", "right", lambda row: str(row.rank)),
    ("fix", "left", None),
    ("steps", "left", lambda row: labels.steps_cell(row.steps)),
    ("customers", "right", lambda row: str(row.customers)),
    ("points", "right", lambda row: str(len(row.pain_point_ids))),
    ("severity", "left", lambda row: labels.severity_mix(row.severity_mix)),
    ("newest", "left", lambda row: f"{row.newest:%Y-%m-%d}" if row.newest else ""),
    ("status", "left", lambda row: labels.fix_status(row.fix.status)),
    ("score", "right", lambda row: f"{row.score:.2f}"),
)
"""(name, justification, cell) of each column; the title's cell (None) is cut to fit."""


def heading(name: str) -> str:
    """A column's heading as shown (the names above are the keys: the caption lists headings)."""
    return {
        "fix": pgettext("fixes column", "fix"),
        "steps": pgettext("fixes column", "steps"),
        "customers": pgettext("fixes column", "customers"),
        "points": pgettext("fixes column", "points"),
        "severity": pgettext("fixes column", "severity"),
        "newest": pgettext("fixes column", "newest"),
        "status": pgettext("fixes column", "status"),
        "score": pgettext("fixes column", "score"),
    }.get(name, name)


LEAST_NEEDED = ("steps", "newest", "severity", "status")
"""Columns left out, first to last, when titles would get under :data:`TITLE_MIN` cells."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``fixes`` subcommand."""
    parser = subparsers.add_parser(
        "fixes",
        help=_("print the ranked fix list"),
        description=_("Print the fixes ranked by score (open ones unless --status says otherwise)."),
    )
    parser.add_argument("--top", type=_positive, metavar="N", help=_("show only the first N fixes"))
    parser.add_argument(
        "--status",
        action="append",
        choices=FIX_STATUSES,
        metavar="S",
        help=_("status to show, repeatable: {choices} (default: the open ones)").format(
            choices=", ".join(FIX_STATUSES)
        ),
    )
    parser.add_argument("--step", action="append", metavar="STEP", help=_("value-chain step, repeatable"))
    parser.add_argument("--since", metavar="WHEN", help=_('evidence from this day on, e.g. "30 days ago"'))
    parser.add_argument("--until", metavar="WHEN", help=_('evidence up to this day, e.g. "last monday"'))
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help=_("table (default) or json")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the arguments, rank, print."""
    since, until = _day(args.since, "--since"), _day(args.until, "--until")
    if since and until and since > until:
        raise common.UserError(
            _("--since {since} is after --until {until}; swap them.").format(since=since, until=until)
        )
    try:
        weights = load_weights()
    except ConfigError as error:
        raise common.UserError(str(error)) from None
    with common.open_store(args, readonly=True) as store:
        filters = ranking.Filters(
            steps=tuple(_step(store, step) for step in args.step or ()),
            since=since,
            until=until,
            statuses=tuple(args.status or ranking.OPEN_STATUSES),
        )
        rows = ranking.rank(store, weights=weights, filters=filters, top=args.top)
    if args.format == "json":
        print(json.dumps({"fixes": [_json(row) for row in rows]}, ensure_ascii=False, indent=2))
    else:
        styled = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        lines = table(rows, shutil.get_terminal_size((80, 24)).columns, styled=styled)
        sys.stdout.write("".join(f"{line}\n" for line in lines))
    return 0


def _positive(value: str) -> int:
    """argparse type for ``--top``: a whole number of 1 or more."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(
            _("--top needs a whole number of 1 or more, not {value!r}").format(value=value)
        )
    return int(value)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    from cxnotes.domain.dates import DateError, parse_date  # only here: dateutil and zoneinfo cost 8 ms

    try:
        return parse_date(text)
    except DateError as error:
        raise common.UserError(f"{option}: {error}") from None


def _step(store: Store, wanted: str) -> str:
    """The slug of the step named ``wanted`` (slug or display name, any case)."""
    key = clean(wanted, multiline=False).strip().casefold()
    steps = store.steps(include_retired=True)
    for step in steps:
        shown = (labels.step_slug(step.slug).casefold(), labels.step_name(step).casefold())
        if key in (step.slug.casefold(), step.name.casefold(), *shown):
            return step.slug
    known = ", ".join(s.slug for s in steps if not s.retired)
    raise common.UserError(
        _('Unknown step "{step}"; use one of: {known}.').format(step=one_line(wanted, 30), known=known)
    )


def _json(row: ranking.RankedFix) -> dict[str, object]:
    return {
        "rank": row.rank,
        "id": row.fix.id,
        "title": row.fix.title,
        "score": row.score,
        "breakdown": row.breakdown,
        "customers": row.customers,
        "pain_points": row.pain_point_ids,
        "status": row.fix.status,
        "steps": row.steps,
        "severity_mix": {str(severity): count for severity, count in row.severity_mix.items()},
        "newest": row.newest.isoformat() if row.newest else None,
        "effort": row.fix.effort,
    }


def table(rows: list[ranking.RankedFix], width: int, *, styled: bool = False) -> list[str]:
    """The ranking as lines of a table no wider than ``width`` cells (:mod:`cxnotes.cli.text_table`).

    A table wider than the terminal wraps every row over several lines, so titles are
    cut (in cells: a Korean character counts two) to the room the other columns leave.
    When that room is under :data:`TITLE_MIN`, the least needed columns are left out
    instead, and the caption says which. Numbers are never cut. ``styled``: for a terminal.
    """
    names = [name for name, _justify, _cell in COLUMNS]
    longest = max((cell_len(one_line(row.fix.title, TITLE_WIDTH)) for row in rows), default=0)
    room = _title_room(rows, names, width)
    for name in LEAST_NEEDED:
        if room >= min(TITLE_MIN, longest):
            break
        names.remove(name)
        room = _title_room(rows, names, width)
    left_out = [name for name, _justify, _cell in COLUMNS if name not in names]
    caption = ""
    if not rows:
        caption = _("No fixes match. Shipped and won't-fix ones show with --status.")
    elif left_out:
        caption = _("Left out to fit {width} columns: {columns} (all in --format json).").format(
            width=width, columns=", ".join(heading(name) for name in left_out)
        )
    columns, cells = _grid(rows, names, max(1, min(TITLE_WIDTH, room)))
    return text_table.lines(columns, cells, _("Fixes, most important first"), caption, styled)


def _title_room(rows: list[ranking.RankedFix], names: list[str], width: int) -> int:
    """Cells a title may take in a table of ``names`` that is ``width`` cells wide."""
    return width - text_table.width(*_grid(rows, names, 0)) + cell_len(heading("fix"))


def _grid(
    rows: list[ranking.RankedFix], names: list[str], title_width: int
) -> tuple[list[text_table.Column], list[list[str]]]:
    """The columns ``names`` and the rows' cells in them, titles cut to ``title_width`` cells."""
    chosen = [(name, justify, cell) for name, justify, cell in COLUMNS if name in names]
    columns = [text_table.Column(heading(name), right=justify == "right") for name, justify, _cell in chosen]
    cells = [
        [
            one_line(row.fix.title, title_width) if cell is None else cell(row)
            for _name, _justify, cell in chosen
        ]
        for row in rows
    ]
    return columns, cells
