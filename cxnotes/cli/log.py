"""``cxnotes log``: record a complaint from the shell, without a call.

For complaints that arrive by email, a survey or a colleague's message: one command
files a pain point, finding or creating its customer and fix, in one durable batch.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta

from cxnotes.cli import common
from cxnotes.dates import DateError, parse_when
from cxnotes.models import CHANNELS, SEVERITIES, Customer, Fix, PainPoint, Record, Step
from cxnotes.storage.store import Store
from cxnotes.text import clean, one_line

FUTURE_SLACK = timedelta(minutes=1)
"""How far ahead of the clock ``--at`` may be, for a clock a little behind a colleague's."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``log`` subcommand."""
    parser = subparsers.add_parser(
        "log",
        help="record a complaint (a pain point without a call); prints its id",
        description="Record a complaint that did not come from a call. Prints the new pain point's id.",
    )
    parser.add_argument("text", help="the customer's words or a short description")
    parser.add_argument("--step", required=True, help="value-chain step, e.g. billing")
    parser.add_argument(
        "--severity", type=_severity, default=3, metavar="1-5", help="1 mild ... 5 made them leave (3)"
    )
    parser.add_argument("--customer", metavar="NAME", help="customer name or id; created if new")
    parser.add_argument("--segment", metavar="S", help='customer segment, e.g. "1-year member"')
    parser.add_argument(
        "--channel", type=str.lower, choices=CHANNELS, metavar="C", help="one of: " + ", ".join(CHANNELS)
    )
    parser.add_argument("--fix", metavar="TITLE", help="fix to group it under; created if new")
    parser.add_argument("--at", metavar="WHEN", help='when it happened, e.g. "yesterday 14:30" (default now)')
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check every argument, then write the pain point and what it needs in one batch."""
    quote = clean(args.text).strip()
    if not quote:
        raise common.UserError("The complaint text is empty; give the customer's words in quotes.")
    customer_name = _one_line_arg(args.customer, "--customer")
    segment = _one_line_arg(args.segment, "--segment")
    fix_title = _one_line_arg(args.fix, "--fix")
    if segment is not None and customer_name is None:
        raise common.UserError("--segment needs --customer: say whose segment it is.")
    at = _moment(args.at)

    with common.open_store(args) as store:
        step = _step(store, args.step)
        point = PainPoint(quote=quote, step=step.slug, severity=args.severity, channel=args.channel)
        if at is not None:
            point.created_at = at
        records: list[Record] = [point]
        if customer_name is not None:
            point.customer_id = _customer(store, customer_name, segment, records)
        if fix_title is not None:
            point.fix_id = _fix(store, fix_title, records)
        store.write(put=records)
    common.stdout().print(point.id)
    return 0


def _severity(value: str) -> int:
    """argparse type for ``--severity``: an integer from 1 to 5."""
    try:
        severity = int(value)
    except ValueError:
        severity = 0
    if severity not in SEVERITIES:
        raise argparse.ArgumentTypeError(f"severity must be a whole number from 1 to 5, not {value!r}")
    return severity


def _one_line_arg(value: str | None, option: str) -> str | None:
    """A cleaned one-line option value; None if not given, an error if given but blank."""
    if value is None:
        return None
    value = " ".join(clean(value, multiline=False).split())
    if not value:
        raise common.UserError(f"{option} is empty; leave it out or give a value.")
    return value


def _moment(text: str | None) -> datetime | None:
    """Parse ``--at``; a complaint cannot be logged before it happened."""
    if text is None:
        return None
    try:
        at = parse_when(text)
    except DateError as error:
        raise common.UserError(f"--at: {error}") from None
    if at > datetime.now().astimezone() + FUTURE_SLACK:
        raise common.UserError(
            f"--at {at:%Y-%m-%d %H:%M} is in the future; a complaint is logged after it happens."
        )
    return at


def _step(store: Store, wanted: str) -> Step:
    """The active step whose slug or display name is ``wanted`` (any case)."""
    key = clean(wanted, multiline=False).strip().casefold()
    steps = store.steps()
    for step in steps:
        if key in (step.slug.casefold(), step.name.casefold()):
            return step
    raise common.UserError(
        f'Unknown step "{one_line(wanted, 30)}"; use one of: {", ".join(s.slug for s in steps)}.'
    )


def _customer(store: Store, name: str, segment: str | None, changed: list[Record]) -> str:
    """Id of the customer called ``name`` (any case); a new or re-segmented one joins ``changed``."""
    customer = store.customer_named(name)
    if customer is None:
        customer = Customer(name=name, segment=segment or "")
        changed.append(customer)
    elif segment is not None and segment != customer.segment:
        customer.segment = segment
        changed.append(customer)
    return customer.id


def _fix(store: Store, title: str, changed: list[Record]) -> str:
    """Id of the fix titled ``title`` (any case, not merged away); a new one joins ``changed``."""
    fix = store.fix_titled(title)
    if fix is None:
        fix = Fix(title=title)
        changed.append(fix)
    return fix.id
