"""``cxnotes log``: record a complaint from the shell, without a call.

For complaints that arrive by email, a survey or a colleague's message: one command
files a pain point, finding or creating its customer and fix, in one durable batch.
The rules live in :mod:`cxnotes.domain.filing` and the write in :mod:`cxnotes.services.filing`,
shared with the app's complaint form; this module only turns options into a call of
:func:`~cxnotes.services.filing.file_complaint`. It works on stored documents and never
imports the domain's dataclasses or :mod:`typing`: ``cxnotes log`` is held to the time of a
script inserting one SQLite row (``tests/test_startup.py`` lists what it must not load).
"""

from __future__ import annotations

import argparse

from cxnotes.cli import common
from cxnotes.domain import filing
from cxnotes.domain.shapes import CHANNELS, SEVERITIES
from cxnotes.i18n import _
from cxnotes.services.filing import file_complaint


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``log`` subcommand."""
    parser = subparsers.add_parser(
        "log",
        help=_("record a complaint (a pain point without a call); prints its id"),
        description=_("Record a complaint that did not come from a call. Prints the new pain point's id."),
    )
    parser.add_argument("text", help=_("the customer's words or a short description"))
    parser.add_argument("--step", required=True, help=_("value-chain step, e.g. billing"))
    parser.add_argument(
        "--severity", type=_severity, default=3, metavar="1-5", help=_("1 mild ... 5 made them leave (3)")
    )
    parser.add_argument("--customer", metavar="NAME", help=_("customer name or id; created if new"))
    parser.add_argument("--segment", metavar="S", help=_('customer segment, e.g. "1-year member"'))
    parser.add_argument(
        "--value",
        type=_value,
        metavar="N",
        help=_("customer's value (revenue or plan price), e.g. 2,000,000"),
    )
    parser.add_argument(
        "--channel",
        type=str.lower,
        choices=CHANNELS,
        metavar="C",
        help=_("one of: {choices}").format(choices=", ".join(CHANNELS)),
    )
    parser.add_argument("--fix", metavar="TITLE", help=_("fix to group it under; created if new"))
    parser.add_argument(
        "--at", metavar="WHEN", help=_('when it happened, e.g. "yesterday 14:30" (default now)')
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check every argument, then write the pain point and what it needs in one batch."""
    try:
        quote = filing.quote_text(args.text)
    except filing.ComplaintError:
        raise common.UserError(
            _("The complaint text is empty; give the customer's words in quotes.")
        ) from None
    customer = _one_line_arg(args.customer, "--customer")
    segment = _one_line_arg(args.segment, "--segment")
    fix = _one_line_arg(args.fix, "--fix")
    if segment is not None and customer is None:
        raise common.UserError(_("--segment needs --customer: say whose segment it is."))
    if args.value is not None and customer is None:
        raise common.UserError(_("--value needs --customer: say whose value it is."))
    try:
        at = filing.moment(args.at) if args.at is not None else None
    except filing.ComplaintError as error:
        raise common.UserError(f"--at: {error}") from None  # i18n: not shown (option name)
    with common.open_store(args, one_shot=True) as store:  # one connection; the next process folds the log
        try:
            filed = file_complaint(
                store, quote, args.step, args.severity, customer, segment, args.channel, fix, at, args.value
            )
        except filing.ComplaintError as error:
            raise common.UserError(str(error)) from None
    print(filed.point["id"])
    return 0


def _severity(value: str) -> int:
    """argparse type for ``--severity``: an integer from 1 to 5."""
    try:
        severity = int(value)
    except ValueError:
        severity = 0
    if severity not in SEVERITIES:
        raise argparse.ArgumentTypeError(
            _("severity must be a whole number from 1 to 5, not {value!r}").format(value=value)
        )
    return severity


def _value(text: str) -> float | None:
    """argparse type for ``--value``: a customer's value as :mod:`cxnotes.domain.money` reads it."""
    from cxnotes.domain.money import ValueTextError, parse_value  # its pattern compiles only for --value

    try:
        return parse_value(text)
    except ValueTextError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _one_line_arg(value: str | None, option: str) -> str | None:
    """A cleaned one-line option value; None if not given, an error if given but blank."""
    if value is None:
        return None
    value = filing.one_line_value(value)
    if not value:
        raise common.UserError(_("{option} is empty; leave it out or give a value.").format(option=option))
    return value
