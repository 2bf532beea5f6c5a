"""``cxnotes followups``: whom to call back today, and which promises are due.

Read-only, so it works while the app has the store open. ``--format json`` is for
scripts and lists every field; the table is for a lead at the start of the day.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from rich.table import Table
from rich.text import Text

from cxnotes.cli import common
from cxnotes.domain import labels
from cxnotes.i18n import _, ngettext, pgettext
from cxnotes.services.customers import short_value
from cxnotes.services.followups import Followups, followups


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``followups`` subcommand."""
    parser = subparsers.add_parser(
        "followups",
        help=_("customers who left or are at risk with no reason on record, and promises due"),
        description=_(
            "The exit-interview queue: customers who churned, asked for a refund or are "
            "at-risk and have no pain point or call since; then promises overdue or due soon."
        ),
    )
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help=_("table (default) or json")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the queue and the promises due."""
    now = datetime.now().astimezone()
    with common.open_store(args, readonly=True) as store:
        found = followups(store, now=now)
    if args.format == "json":
        print(json.dumps(as_json(found), ensure_ascii=False, indent=2))
    else:
        _print_tables(found, now)
    return 0


def as_json(found: Followups) -> dict[str, object]:
    """The queue and promises as JSON-ready data."""
    return {
        "queue": [
            {
                "customer_id": leaver.customer_id,
                "name": leaver.name,
                "segment": leaver.segment,
                "value": leaver.value,
                "status": leaver.status,
                "since": leaver.since.isoformat(),
            }
            for leaver in found.queue
        ],
        "promises": [
            {
                "id": p.promise_id,
                "text": p.text,
                "customer": p.customer,
                "due": p.due.isoformat(),
                "overdue": p.overdue,
                "call_id": p.call_id,
            }
            for p in found.promises
        ],
    }


def ago(moment: datetime, now: datetime) -> str:
    """``today``, ``1 day ago``, ``12 days ago``."""
    days = (now.date() - moment.date()).days
    if days <= 0:
        return _("today")
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)


def _print_tables(found: Followups, now: datetime) -> None:
    console = common.stdout()
    lost = sum(leaver.lost for leaver in found.queue)
    if not found.queue:
        console.print(_("Nobody to call back: every customer who left or is at risk has a reason on record."))
    else:
        console.print(
            ngettext(
                "{n} customer to call back ({lost} churned or asked for a refund, {at_risk} at risk); "
                "no reason on record since their status changed.",
                "{n} customers to call back ({lost} churned or asked for a refund, {at_risk} at risk); "
                "no reason on record since their status changed.",
                len(found.queue),
            ).format(n=len(found.queue), lost=lost, at_risk=len(found.queue) - lost)
        )
        table = Table(
            _("Since"),
            pgettext("column", "Status"),
            pgettext("column", "Customer"),
            pgettext("column", "Segment"),
            pgettext("column", "Value"),
            box=None,
            pad_edge=False,
        )
        table.columns[0].no_wrap = True
        for leaver in found.queue:
            table.add_row(
                f"{leaver.since:%Y-%m-%d}, {ago(leaver.since, now)}",
                Text(labels.customer_status(leaver.status), style="bold red" if leaver.lost else "yellow"),
                Text(leaver.name),
                Text(leaver.segment),
                Text(short_value(leaver.value), justify="right"),
            )
        console.print(table)
    console.print()
    if not found.promises:
        console.print(_("No promise is overdue or due soon."))
        return
    overdue = sum(p.overdue for p in found.promises)
    console.print(
        ngettext(
            "{n} promise due soon, {overdue} of them overdue.",
            "{n} promises due soon, {overdue} of them overdue.",
            len(found.promises),
        ).format(n=len(found.promises), overdue=overdue)
    )
    table = Table(
        pgettext("column", "Due"),
        pgettext("column", "Promise"),
        pgettext("column", "Customer"),
        box=None,
        pad_edge=False,
    )
    for p in found.promises:
        flag = " " + _("OVERDUE") if p.overdue else ""
        due = Text(f"{p.due.isoformat()}{flag}", style="bold red" * p.overdue)
        table.add_row(due, Text(p.text), Text(p.customer))
    console.print(table)
