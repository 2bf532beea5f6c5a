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
from cxnotes.services.customers import short_value
from cxnotes.services.followups import Followups, followups


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``followups`` subcommand."""
    parser = subparsers.add_parser(
        "followups",
        help="customers who left or are at risk with no reason on record, and promises due",
        description="The exit-interview queue: customers who churned, asked for a refund or are "
        "at-risk and have no pain point or call since; then promises overdue or due soon.",
    )
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help="table (default) or json"
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
    return "today" if days <= 0 else "1 day ago" if days == 1 else f"{days} days ago"


def _print_tables(found: Followups, now: datetime) -> None:
    console = common.stdout()
    lost = sum(leaver.lost for leaver in found.queue)
    if not found.queue:
        console.print("Nobody to call back: every customer who left or is at risk has a reason on record.")
    else:
        console.print(
            f"{len(found.queue)} customers to call back ({lost} churned or asked for a refund, "
            f"{len(found.queue) - lost} at risk); no reason on record since their status changed."
        )
        table = Table("Since", "Status", "Customer", "Segment", "Value", box=None, pad_edge=False)
        table.columns[0].no_wrap = True
        for leaver in found.queue:
            table.add_row(
                f"{leaver.since:%Y-%m-%d}, {ago(leaver.since, now)}",
                Text(leaver.status, style="bold red" if leaver.lost else "yellow"),
                Text(leaver.name),
                Text(leaver.segment),
                Text(short_value(leaver.value), justify="right"),
            )
        console.print(table)
    console.print()
    if not found.promises:
        console.print("No promise is overdue or due soon.")
        return
    overdue = sum(p.overdue for p in found.promises)
    console.print(f"{len(found.promises)} promises due soon, {overdue} of them overdue.")
    table = Table("Due", "Promise", "Customer", box=None, pad_edge=False)
    for p in found.promises:
        due = Text(f"{p.due.isoformat()}{' OVERDUE' if p.overdue else ''}", style="bold red" * p.overdue)
        table.add_row(due, Text(p.text), Text(p.customer))
    console.print(table)
