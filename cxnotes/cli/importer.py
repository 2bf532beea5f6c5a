"""``cxnotes import FILE.json``: merge a json export into the store.

Each conflict (a record already in the store with different content; the store's
version is kept) is printed on stderr, and the summary line counts them. Exit
status: 0 when everything was merged, 1 when conflicts were reported (all other
records were still imported), 2 when the file is not a cxnotes export (nothing
imported). The store is opened for writing, so the app must be closed.
"""

from __future__ import annotations

import argparse
import sys

from cxnotes.cli.common import UserError, open_store
from cxnotes.cli.export import progress_bar
from cxnotes.export import ExportError
from cxnotes.export.importer import import_export, read_export


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``import`` subcommand."""
    parser = subparsers.add_parser(
        "import",
        help="merge a json export (cxnotes export --format json) into the store",
        description=(
            "Load a json export into the store: a restore, or a teammate's notes. Importing the same "
            "file twice adds nothing; records that differ from the store's are reported as conflicts "
            "and the store's version is kept."
        ),
    )
    parser.add_argument("file", metavar="FILE.json", help="a file written by 'cxnotes export --format json'")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the whole file, merge it in one atomic batch, report conflicts and a summary."""
    with progress_bar() as progress:
        try:
            if progress:
                progress("reading the file", 0, 0)
            data = read_export(args.file)
            if progress:
                progress("opening the store", 0, 0)
            with open_store(args) as store:
                report = import_export(store, data, progress=progress)
        except ExportError as error:
            raise UserError(str(error)) from None
    for conflict in report.conflicts:
        sys.stderr.write(f"{conflict}\n")
    print(report.summary())
    return 1 if report.conflicts else 0
