"""``cxnotes demo``: fill a store with realistic synthetic data to try the app on.

It refuses a store that already holds customers, calls or pain points, so a
newcomer cannot bury real notes under thousands of made-up ones by accident;
``--force`` adds the demo records anyway (a second run with the same seed
replaces its own records instead of doubling them).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from cxnotes.cli import common
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise
from cxnotes.i18n import _, ngettext
from cxnotes.services import demo

MOST = 1_000_000
"""Largest store the demo makes: every pain point is held in memory while the app runs."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` subcommand."""
    parser = subparsers.add_parser(
        "demo",
        help=_("fill the store with demo data (customers, calls, pain points, fixes)"),
        description=_(
            "Fill the store with realistic synthetic data in Korean and English, to try cxnotes on."
        ),
    )
    parser.add_argument(
        "--pain-points",
        type=_count,
        default=2_000,
        metavar="N",
        help=_("how many pain points to make (2000)"),
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help=_("same seed, same data (1)"))
    parser.add_argument(
        "--short-calls",
        action="store_true",
        help=_("calls of 6-12 lines (v0.1's demo) instead of realistic lengths (median 60, up to 300)"),
    )
    parser.add_argument(
        "--force", action="store_true", help=_("add demo data even though the store already holds notes")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Fill the store, reporting progress on stderr and what was made on stdout."""
    with common.open_store(args) as store:
        held = sum(store.count(kind) for kind in (Customer, Call, PainPoint))
        if held and not args.force:
            raise common.UserError(
                _(
                    "The store in {folder} already holds {held} customers, calls and pain points. "
                    "Use --data-dir for a new folder, or --force to add demo data to them."
                ).format(folder=store.folder, held=f"{held:,}")
            )

        def progress(written: Counter[str]) -> None:
            count = sum(written.values())
            said = ngettext("{n} record written", "{n} records written", count).format(n=f"{count:,}")
            sys.stderr.write(f"\rcxnotes demo: {said}")  # i18n: not shown (the program's name)
            sys.stderr.flush()

        written = demo.fill(
            store, args.pain_points, seed=args.seed, short_calls=args.short_calls, progress=progress
        )
        sys.stderr.write("\n")
        folder = store.folder
    count = {kind: written[kind.TABLE] for kind in (PainPoint, Customer, Call, Fix, Promise, Line)}
    made = ", ".join(
        text.format(n=f"{count[kind]:,}")
        for kind, text in (
            (PainPoint, ngettext("{n} pain point", "{n} pain points", count[PainPoint])),
            (Customer, ngettext("{n} customer", "{n} customers", count[Customer])),
            (Call, ngettext("{n} call", "{n} calls", count[Call])),
            (Fix, ngettext("{n} fix", "{n} fixes", count[Fix])),
            (Promise, ngettext("{n} promise", "{n} promises", count[Promise])),
            (Line, ngettext("{n} transcript line", "{n} transcript lines", count[Line])),
        )
    )
    common.stdout().print(
        _("Demo data in {folder}: {made}.").format(folder=folder, made=made), soft_wrap=True
    )
    return 0


def _count(value: str) -> int:
    """argparse type for ``--pain-points``: a whole number from 1 to :data:`MOST`."""
    try:
        count = int(value.replace(",", "").replace("_", ""))
    except ValueError:
        count = 0
    if not 1 <= count <= MOST:
        raise argparse.ArgumentTypeError(
            _("must be a whole number from 1 to {most}, not {value!r}").format(most=f"{MOST:,}", value=value)
        )
    return count
