"""``cxnotes trends``: complaints per week by step, channel, segment or operator, spikes first.

Read-only, so it works while the app has the store open. The spike threshold is the
config file's ``[trends]`` table (see :mod:`cxnotes.config`).
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from rich.table import Table
from rich.text import Text

from cxnotes.cli import common
from cxnotes.config import ConfigError, load_trend_settings
from cxnotes.i18n import _, ngettext, pgettext
from cxnotes.services.trends import DIMENSIONS, Trends, dimension_label, sparkline, trends

MAX_WEEKS = 260
"""Five years of weeks: more is a typo, and would count every complaint for nothing."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``trends`` subcommand."""
    parser = subparsers.add_parser(
        "trends",
        help=_("complaints per week and the weeks that jumped (spikes)"),
        description=_(
            "Complaints per week by step, channel, segment or operator. A week standing "
            "well above the weeks before it is flagged as a spike, with its top quotes."
        ),
    )
    parser.add_argument(
        "--by",
        choices=DIMENSIONS,
        default="step",
        help=_("what to count by: {choices} (step)").format(choices=", ".join(DIMENSIONS)),
    )
    parser.add_argument(
        "--weeks", type=_weeks, default=12, metavar="N", help=_("weeks to show, up to this one (12)")
    )
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help=_("table (default) or json")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Count, flag and print."""
    try:
        settings = load_trend_settings()
    except ConfigError as error:
        raise common.UserError(str(error)) from None
    with common.open_store(args, readonly=True) as store:
        found = trends(
            store, (args.by,), weeks=args.weeks, now=datetime.now().astimezone(), settings=settings
        )
    result = found[args.by]
    if args.format == "json":
        print(json.dumps(as_json(result), ensure_ascii=False, indent=2))
    else:
        _print(result)
    return 0


def as_json(result: Trends) -> dict[str, object]:
    """Weeks, per-key counts and spikes as JSON-ready data."""
    return {
        "by": result.dimension,
        "weeks": [monday.isoformat() for monday in result.weeks],
        "series": [{"key": s.key, "label": s.label, "counts": s.counts} for s in result.series],
        "spikes": [
            {
                "key": spike.key,
                "label": spike.label,
                "week": spike.week.isoformat(),
                "count": spike.count,
                "baseline": round(spike.baseline, 2),
                "z": round(spike.z, 2),
                "quotes": [{"text": text, "severity": severity} for text, severity in spike.quotes],
            }
            for spike in result.spikes
        ],
    }


def _print(result: Trends) -> None:
    console = common.stdout()
    weeks = result.weeks
    console.print(
        ngettext(
            "Complaints per week by {dimension}, {n} week from {first} "
            "(this week, from {last}, is still going).",
            "Complaints per week by {dimension}, {n} weeks from {first} "
            "(this week, from {last}, is still going).",
            len(weeks),
        ).format(
            dimension=dimension_label(result.dimension),
            n=len(weeks),
            first=weeks[0].isoformat(),
            last=weeks[-1].isoformat(),
        )
    )
    if result.spikes:
        console.print(
            "\n"
            + ngettext("What changed: {n} spike.", "What changed: {n} spikes.", len(result.spikes)).format(
                n=len(result.spikes)
            )
        )
        for spike in result.spikes:
            console.print(Text("• " + spike.sentence(), style="bold"))
            for quote, severity in spike.quotes:
                said = _("“{quote}” (severity {severity})").format(quote=quote, severity=severity)
                console.print(Text("    " + said))
    else:
        console.print("\n" + _("No spike: no week stood well above the weeks before it."))
    table = Table(
        "",
        pgettext("column", "Total"),
        pgettext("column", "Weeks"),
        pgettext("column", "Last week"),
        pgettext("column", "This week"),
        box=None,
        pad_edge=False,
    )
    for series in result.series:
        line = Text(sparkline(series.counts))
        for i in series.spikes:
            line.stylize("bold red", i, i + 1)
        last = series.counts[-2] if len(series.counts) > 1 else 0
        table.add_row(Text(series.label), str(series.total), line, str(last), str(series.counts[-1]))
    console.print()
    console.print(table)


def _weeks(text: str) -> int:
    """argparse type for ``--weeks``: a whole number from 1 to :data:`MAX_WEEKS`."""
    try:
        weeks = int(text)
    except ValueError:
        weeks = 0
    if not 1 <= weeks <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(
            _("weeks must be a whole number from 1 to {most}, not {text!r}").format(most=MAX_WEEKS, text=text)
        )
    return weeks
