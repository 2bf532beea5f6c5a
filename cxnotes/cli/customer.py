"""``cxnotes customer set``: a customer's value, plan, segment and dated status from the shell.

The rules (find-or-create by name, what a value or status may be) live in
:mod:`cxnotes.services.customers`, shared with the app's customer screen; this module turns
options into a :class:`~cxnotes.services.customers.CustomerEdit` and says what changed.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from cxnotes.cli import common
from cxnotes.domain import labels
from cxnotes.domain.models import CUSTOMER_STATUSES
from cxnotes.i18n import _, ngettext
from cxnotes.services import customer_import, customers


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``customer`` subcommand and its ``set`` action."""
    parser = subparsers.add_parser("customer", help=_("customer records: value, plan, segment, status"))
    actions = parser.add_subparsers(title=_("actions"), metavar="ACTION", parser_class=common.Parser)
    actions.required = True
    edit = actions.add_parser(
        "set",
        help=_("create or change a customer; prints what changed"),
        description=_(
            "Create or change a customer. A status is dated (--at, default now), so "
            '"churned in November" stays true after they come back.'
        ),
    )
    edit.add_argument("name", help=_("customer name or id (any case); created if new"))
    edit.add_argument("--value", type=_number, metavar="N", help=_("revenue or plan value (a number)"))
    edit.add_argument("--plan", metavar="P", help=_('plan or product, e.g. "Pro annual"'))
    edit.add_argument("--segment", metavar="S", help=_('segment, e.g. "1-year member"'))
    edit.add_argument(
        "--status", metavar="STATUS", help=_("one of: {choices}").format(choices=", ".join(CUSTOMER_STATUSES))
    )
    edit.add_argument(
        "--at", metavar="WHEN", help=_('when the status changed, e.g. "2026-11-03" (default now)')
    )
    edit.set_defaults(func=run_set)
    load = actions.add_parser(
        "import",
        help=_("create or update customers from a CSV (name, value, plan, segment, status, date)"),
        description=_(
            "Create or update customers from a CSV such as a billing system's export. "
            "Columns are found by header (English or Korean); every row is checked before anything "
            "is written, in one batch. Running it twice changes nothing the second time."
        ),
    )
    load.add_argument("file", help=_("the CSV file (UTF-8 or CP949)"))
    load.set_defaults(func=run_import)


def run_set(args: argparse.Namespace) -> int:
    """Check every option before opening the store, then write the customer in one batch."""
    now = datetime.now().astimezone()
    try:
        status = customers.read_status(args.status) if args.status is not None else None
        at = customers.read_moment(args.at, now) if args.at is not None else None
        value = customers.check_value(args.value) if args.value is not None else None
        edit = customers.CustomerEdit(args.name, value, args.plan, args.segment, status, at)
        with common.open_store(args) as store:
            found = customers.apply_edit(store, edit, now=now)
    except customers.CustomerError as error:
        raise common.UserError(str(error)) from None
    customer = found.customer
    facts = [
        _("status {status} since {day}").format(
            status=labels.customer_status(customer.status), day=f"{customer.status_since:%Y-%m-%d}"
        )
    ]
    if customer.value is not None:
        facts.append(_("value {value}").format(value=customers.short_value(customer.value)))
    if customer.plan:
        facts.append(_("plan {plan}").format(plan=customer.plan))
    if customer.segment:
        facts.append(_("segment {segment}").format(segment=customer.segment))
    if found.new:
        said = _("Created {name}: {facts}.")
    elif found.changed:
        said = _("Updated {name}: {facts}.")
    else:
        said = _("Unchanged: {name}: {facts}.")
    common.stdout().print(said.format(name=customer.name, facts=", ".join(facts)))
    return 0


def _number(text: str) -> float:
    """argparse type for ``--value``: a number (commas allowed: 1,200,000)."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a number: {text!r}").format(text=text)) from None


def run_import(args: argparse.Namespace) -> int:
    """Read and check every row, then write them in one batch; say what changed."""
    now = datetime.now().astimezone()
    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        raise common.UserError(
            _("Cannot read {file}: {reason}.").format(file=args.file, reason=error.strerror or error)
        ) from None
    try:
        edits = customer_import.read_rows(customer_import.decode(data), now)
        with common.open_store(args) as store:
            results = customers.apply_edits(store, edits, now=now)
    except customers.CustomerError as error:
        raise common.UserError(f"{args.file}: {error}") from None
    people = {id(found.customer): found for found in results}.values()
    new = sum(found.new for found in people)
    changed = sum(found.changed and not found.new for found in people)
    rows = ngettext("{n} row", "{n} rows", len(edits)).format(n=len(edits))
    common.stdout().print(
        ngettext(
            "{rows}: {new} new customer, {changed} updated, {unchanged} unchanged.",
            "{rows}: {new} new customers, {changed} updated, {unchanged} unchanged.",
            new,
        ).format(rows=rows, new=new, changed=changed, unchanged=len(people) - new - changed)
    )
    return 0
