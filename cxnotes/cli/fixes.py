"""``cxnotes fixes``: the ranked fix list on the shell, the same ranking as the review screen.

The store is opened read-only, so this works while the app has it open. ``--format
json`` is for scripts: each fix's ``breakdown`` adds up exactly to its ``score``.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from rich.table import Table
from rich.text import Text

from cxnotes import ranking
from cxnotes.cli import common
from cxnotes.config import ConfigError, load_weights
from cxnotes.dates import DateError, parse_date
from cxnotes.models import FIX_STATUSES
from cxnotes.storage.store import Store
from cxnotes.text import clean, one_line
from cxnotes.widgets.fix_charts import severity_mix, steps_cell

TITLE_WIDTH = 48
"""Cells of a fix title in the table; Korean characters count two."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``fixes`` subcommand."""
    parser = subparsers.add_parser(
        "fixes",
        help="print the ranked fix list",
        description="Print the fixes ranked by score (open ones unless --status says otherwise).",
    )
    parser.add_argument("--top", type=_positive, metavar="N", help="show only the first N fixes")
    parser.add_argument(
        "--status",
        action="append",
        choices=FIX_STATUSES,
        metavar="S",
        help="status to show, repeatable: " + ", ".join(FIX_STATUSES) + " (default: the open ones)",
    )
    parser.add_argument("--step", action="append", metavar="STEP", help="value-chain step, repeatable")
    parser.add_argument("--since", metavar="WHEN", help='evidence from this day on, e.g. "30 days ago"')
    parser.add_argument("--until", metavar="WHEN", help='evidence up to this day, e.g. "last monday"')
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help="table (default) or json"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the arguments, rank, print."""
    since, until = _day(args.since, "--since"), _day(args.until, "--until")
    if since and until and since > until:
        raise common.UserError(f"--since {since} is after --until {until}; swap them.")
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
        rows = ranking.rank(store, weights=weights, filters=filters)[: args.top]
    if args.format == "json":
        print(json.dumps({"fixes": [_json(row) for row in rows]}, ensure_ascii=False, indent=2))
    else:
        common.stdout().print(table(rows))
    return 0


def _positive(value: str) -> int:
    """argparse type for ``--top``: a whole number of 1 or more."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"--top needs a whole number of 1 or more, not {value!r}")
    return int(value)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return parse_date(text)
    except DateError as error:
        raise common.UserError(f"{option}: {error}") from None


def _step(store: Store, wanted: str) -> str:
    """The slug of the step named ``wanted`` (slug or display name, any case)."""
    key = clean(wanted, multiline=False).strip().casefold()
    steps = store.steps(include_retired=True)
    for step in steps:
        if key in (step.slug.casefold(), step.name.casefold()):
            return step.slug
    known = ", ".join(s.slug for s in steps if not s.retired)
    raise common.UserError(f'Unknown step "{one_line(wanted, 30)}"; use one of: {known}.')


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


def table(rows: list[ranking.RankedFix]) -> Table:
    """The ranking as a Rich table; user text goes in as ``Text``, never as markup."""
    grid = Table(title="Fixes, most important first", title_justify="left")
    for name, justify in (("#", "right"), ("fix", "left"), ("steps", "left"), ("customers", "right"),
                          ("points", "right"), ("severity", "left"), ("newest", "left"),
                          ("status", "left"), ("score", "right")):  # fmt: skip
        grid.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        grid.add_row(
            str(row.rank),
            Text(one_line(row.fix.title, TITLE_WIDTH)),
            Text(steps_cell(row.steps)),
            str(row.customers),
            str(len(row.pain_point_ids)),
            severity_mix(row.severity_mix),
            f"{row.newest:%Y-%m-%d}" if row.newest else "",
            row.fix.status,
            f"{row.score:.2f}",
        )
    if not rows:
        grid.caption = "No fixes match. Shipped and won't-fix ones show with --status."
    return grid
