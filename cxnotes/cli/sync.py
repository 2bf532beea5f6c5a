"""``cxnotes sync``: one push-and-pull with the team server; prints what moved."""

from __future__ import annotations

import argparse
import sys

from cxnotes.i18n import _
from cxnotes.storage import paths


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``sync`` subcommand."""
    parser = subparsers.add_parser(
        "sync",
        help=_("push this store's changes to the team server and pull everyone else's"),
        description=_("One push-and-pull with the team server ('cxnotes team join URL' first)."),
    )
    parser.add_argument("--quiet", action="store_true", help=_("print nothing (a CLI write runs this)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Sync once; say what moved (or, in one line, why it could not)."""
    from cxnotes.storage.store import Store
    from cxnotes.team.sync import Member

    folder = paths.data_dir(args.data_dir)
    Store.open(folder).close()  # creates or migrates the store if needed, as every command does
    member = Member(folder)
    try:
        report = member.sync(progress=None if args.quiet else _progress)
    finally:
        member.close()
    if not args.quiet:
        if sys.stderr.isatty():
            sys.stderr.write("\r\033[K")  # i18n: not shown (clears the line)
        print(report.summary())
        for line in report.merged:
            print(f"  {line}")
    for notice in report.damage:
        sys.stderr.write(f"cxnotes: {notice}\n")
    return 0


def _progress(what: str, done: int) -> None:
    """A one-line progress count on a terminal (nothing when piped)."""
    if sys.stderr.isatty():
        sys.stderr.write("\r" + _("{what} {rows} rows…").format(what=what, rows=f"{done:,}"))
        sys.stderr.flush()
