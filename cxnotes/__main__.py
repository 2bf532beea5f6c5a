"""The ``cxnotes`` command: opens the app, or runs a subcommand on the shell."""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from cxnotes.cli import common
from cxnotes.models import CHANNELS
from cxnotes.storage import paths
from cxnotes.storage.errors import StoreError

if TYPE_CHECKING:
    from cxnotes.app import CxNotesApp, StartCall

COMMANDS: tuple[str, ...] = ("log", "export", "importer", "fixes", "demo")
"""Modules under ``cxnotes.cli`` that add a subcommand."""


def version() -> str:
    """The installed version of cxnotes."""
    try:
        return metadata.version("cxnotes")
    except metadata.PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, subcommands included."""
    parser = common.Parser(
        prog="cxnotes",
        description="Keyboard-first notes for customer-experience teams.",
    )
    parser.add_argument("--version", action="version", version=f"cxnotes {version()}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"folder of the store (default: ${paths.ENV_VAR} or {paths.data_dir()})",
    )
    parser.set_defaults(func=run_app, start_call=None)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=common.Parser)

    call = sub.add_parser("call", help="open the app straight into a new live call")
    call.add_argument("customer", nargs="?", default="", help="customer name or id")
    call.add_argument("--segment", default="", help='segment, e.g. "1-year member"')
    call.add_argument(
        "--channel", default="phone", choices=CHANNELS, metavar="C", help="one of: " + ", ".join(CHANNELS)
    )
    call.set_defaults(func=run_call)

    where = sub.add_parser("where", help="print where the store is")
    where.set_defaults(func=run_where)

    for name in COMMANDS:
        module = __import__(f"cxnotes.cli.{name}", fromlist=["register"])
        module.register(sub)
    return parser


def make_app(data_dir: str | Path | None = None, start_call: StartCall | None = None) -> CxNotesApp:
    """Build the app on a store folder; the tests use this too."""
    from cxnotes.app import CxNotesApp

    return CxNotesApp(paths.data_dir(data_dir), start_call=start_call)


def run_app(args: argparse.Namespace) -> int:
    """Open the app and return its exit status."""
    app = make_app(args.data_dir, args.start_call)
    app.run()
    return app.return_code or 0


def run_call(args: argparse.Namespace) -> int:
    """Open the app into a new call."""
    from cxnotes.app import StartCall

    args.start_call = StartCall(customer=args.customer, segment=args.segment, channel=args.channel)
    return run_app(args)


def run_where(args: argparse.Namespace) -> int:
    """Print the store's folder."""
    print(paths.data_dir(args.data_dir))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (common.UserError, StoreError) as error:
        sys.stderr.write(f"cxnotes: {error}\n")
        return 2 if isinstance(error, common.UserError) else 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
