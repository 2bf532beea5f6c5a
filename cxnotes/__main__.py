"""The ``cxnotes`` command: opens the app, or runs a subcommand on the shell."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from cxnotes import __version__, language
from cxnotes.cli import common
from cxnotes.i18n import _
from cxnotes.storage import paths
from cxnotes.storage.errors import StoreError
from cxnotes.team import connect

TYPE_CHECKING = False  # not `typing`'s: importing it costs `cxnotes log` 3 ms
if TYPE_CHECKING:
    from cxnotes.app import CxNotesApp, StartCall
    from cxnotes.services.calls_list import CallsPage
    from cxnotes.storage.store import Store

COMMANDS: dict[str, str] = {
    "log": "log",
    "export": "export",
    "import": "importer",
    "fixes": "fixes",
    "customer": "customer",
    "followups": "followups",
    "trends": "trends",
    "triage": "triage",
    "demo": "demo",
    "serve": "serve",
    "sync": "sync",
    "team": "team",
}
"""Subcommand name -> module under ``cxnotes.cli`` that adds it.

They are imported only when the command line names one (or asks for help): opening
the app, the first thing an operator does when the phone rings, skips them.
"""


class _VersionAction(argparse.Action):
    """``--version``, reading the installed version only when asked."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **_unused: object) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=_("print the version")
        )

    def __call__(self, parser: argparse.ArgumentParser, *_unused: object) -> None:
        print(f"cxnotes {version()}")
        parser.exit()


def version() -> str:
    """The version of cxnotes, from ``cxnotes/__init__.py``.

    The package's metadata takes it from there too; asking :mod:`importlib.metadata` instead
    cost ``--version`` 40 ms (it imports email and zipfile and reads every installed package).
    """
    return __version__


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line; ``call`` and the subcommands of :data:`COMMANDS` only if ``argv`` may use them.

    ``argv`` None means every subcommand (for help and for tests).
    """
    parser = common.Parser(
        prog="cxnotes",
        description=_("Keyboard-first notes for customer-experience teams."),
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("folder of the store (default: ${variable}, else your data folder: 'cxnotes where')").format(
            variable=paths.ENV_VAR
        ),
    )
    parser.add_argument(
        "--operator",
        metavar="NAME",
        help=_("who is writing: recorded with each call and pain point (default: ${variable})").format(
            variable=connect.OPERATOR_VAR
        ),
    )
    language.add_option(parser)
    parser.set_defaults(func=run_app, start_call=None)
    sub = parser.add_subparsers(title=_("commands"), metavar="COMMAND", parser_class=common.Parser)
    needed = _subcommands_needed(argv)
    if "call" in needed:
        _add_call(sub)
    where = sub.add_parser("where", help=_("print where the store is"))
    where.set_defaults(func=run_where)
    for name in needed:
        if name in COMMANDS:
            module = importlib.import_module(f"cxnotes.cli.{COMMANDS[name]}")
            module.register(sub)
    return parser


def _add_call(sub: argparse._SubParsersAction[common.Parser]) -> None:
    """Add ``call``, the app's own subcommand."""
    # Its channels come with the domain's dataclasses (10 ms to import): `where` and `--version` skip them.
    from cxnotes.domain.models import CHANNELS

    call = sub.add_parser("call", help=_("open the app straight into a new live call"))
    call.add_argument("customer", nargs="?", default="", help=_("customer name or id"))
    call.add_argument("--segment", default="", help=_('segment, e.g. "1-year member"'))
    call.add_argument(
        "--channel",
        default="phone",
        choices=CHANNELS,
        metavar="C",
        help=_("one of: {choices}").format(choices=", ".join(CHANNELS)),
    )
    call.set_defaults(func=run_call)


def _subcommands_needed(argv: list[str] | None) -> list[str]:
    """``call`` and the subcommands of :data:`COMMANDS` that ``argv`` may use: the one it names, or all.

    All for help, for a name that is not a command (so the error lists them) and for
    tests (``argv`` None); none for ``where``, ``--version`` and opening the app.
    """
    every = ["call", *COMMANDS]
    if argv is None or "-h" in argv or "--help" in argv:
        return every
    rest = list(argv)
    while rest and rest[0].startswith("-"):
        if rest.pop(0) in ("--data-dir", "--operator", language.OPTION) and rest:
            rest.pop(0)
    if not rest or rest[0] == "where":
        return []
    return [rest[0]] if rest[0] in every else every


def make_app(data_dir: str | Path | None = None, start_call: StartCall | None = None) -> CxNotesApp:
    """Build the app on a store folder; the tests use this too.

    Opening on the calls list, the store is opened and the list's rows read in a thread started
    before Textual is imported (:mod:`cxnotes.services.store_opening`): the list's first frame
    has its rows. `cxnotes call` opens the store after its first paint instead (see
    :meth:`CxNotesApp.opens_early`).
    """
    from cxnotes.services.store_opening import StoreOpening

    folder = paths.data_dir(data_dir)
    opening = StoreOpening(folder, _calls_page).start() if start_call is None else None
    from cxnotes.app import CxNotesApp

    return CxNotesApp(folder, start_call=start_call, opening=opening)


def _calls_page(store: Store) -> CallsPage:
    """The calls list's first screenful, read in the opening thread (which imports what it needs, not
    the main thread): the rest is read once the list is drawn."""
    from cxnotes.services import calls_list

    return calls_list.read_page(store, calls_list.FIRST)


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
    words = sys.argv[1:] if argv is None else argv
    try:  # before the parser is built: argparse takes its words ("usage:") at construction
        language.start_from(words, warn=lambda problem: sys.stderr.write(f"cxnotes: {problem}\n"))
    except language.LanguageError as error:
        sys.stderr.write(f"cxnotes: {error}\n")
        return 2
    args = build_parser(words).parse_args(words)
    if args.operator is not None:  # the app and every store this process opens sign with it
        os.environ[connect.OPERATOR_VAR] = " ".join(args.operator.split())
    try:
        return int(args.func(args))
    except (common.UserError, StoreError, connect.TeamError) as error:
        sys.stderr.write(f"cxnotes: {error}\n")
        return 2 if isinstance(error, common.UserError) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `cxnotes fixes | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
