"""``cxnotes export``: the CEO summary (md, html), a csv of pain points or a json backup.

Without ``-o`` the export goes to stdout, html included (so it can be piped); with
``-o FILE`` it is written to a temporary file beside FILE and renamed over it, so a
failed export never leaves half a file. Without ``--format`` the format comes from
FILE's extension, else md. The default period is the last 30 days, today included;
``--all`` takes every record whatever its date (a full backup).
The store is opened read-only, so this works while the app is open.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from cxnotes import export
from cxnotes.cli.common import UserError, open_store
from cxnotes.export.period import DEFAULT_DAYS
from cxnotes.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` subcommand."""
    parser = subparsers.add_parser(
        "export",
        help=_("write a summary (md, html), a csv of pain points or a json backup"),
        description=_(
            "Export a period (default: the last {days} days, today included). md and html are a "
            "one-page summary that shows customers by segment unless --include-names; csv has one row "
            "per pain point; json holds every record of the period, names included, for "
            "'cxnotes import'; --all exports every record whatever its date (a full backup). "
            "Without -o the export goes to stdout."
        ).format(days=DEFAULT_DAYS),
    )
    parser.add_argument("--since", metavar="WHEN", help=_("first day, e.g. 2026-11-01, '2 weeks ago'"))
    parser.add_argument("--until", metavar="WHEN", help=_("last day (default: today)"))
    parser.add_argument(
        "--all",
        action="store_true",
        help=_("every record whatever its date, for a full json backup (md/html: oldest record to today)"),
    )
    parser.add_argument(
        "--format",
        choices=export.FORMATS,
        help=_("md, html, csv, json (a backup) or summary-json (default: -o's extension, else md)"),
    )
    parser.add_argument("-o", "--output", metavar="FILE", help=_("file to write (default: stdout)"))
    parser.add_argument(
        "--top",
        type=int,
        default=export.DEFAULT_TOP,
        metavar="N",
        help=_("fixes in the summary (default: {top})").format(top=export.DEFAULT_TOP),
    )
    parser.add_argument("--include-names", action="store_true", help=_("name customers in md, html and csv"))
    parser.add_argument(
        "--by",
        metavar="OPERATOR",
        default="",
        help=_("summaries count and rank only what this operator logged (default: the whole team)"),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Render the export and write it to the file or stdout."""
    if args.all and (args.since is not None or args.until is not None):
        raise UserError(_("--all takes every record whatever its date; leave out --since and --until."))
    now = datetime.now().astimezone()
    since = _day(args.since, "--since", now)
    until = _day(args.until, "--until", now)
    if args.output == "-":
        args.output = None  # "-o -" means standard output, as for most shell tools
    fmt = args.format or _format_of(args.output)
    options = dict(
        since=since, until=until, top=args.top, include_names=args.include_names, now=now, everything=args.all
    )
    options["operator"] = args.by
    with progress_bar() as progress:
        if progress:
            progress(_("opening the store"), 0, 0)
        with open_store(args, readonly=True) as store:
            try:
                if args.output:
                    path = export.export_to_path(store, fmt, args.output, progress=progress, **options)
                else:
                    content = export.render(store, fmt, progress=progress, **options)
            except export.ExportError as error:
                raise UserError(str(error)) from None
    if args.output:
        sys.stderr.write(_("Wrote {path}").format(path=path) + "\n")
    else:
        sys.stdout.buffer.write(content.encode("utf-8"))
        sys.stdout.flush()
    return 0


def _day(text: str | None, option: str, now: datetime) -> date | None:
    if text is None:
        return None
    from cxnotes.domain.dates import DateError, parse_date  # only here: dateutil and zoneinfo cost 8 ms

    try:
        return parse_date(text, now.date())
    except DateError as error:
        raise UserError(f"{option}: {error}") from None


def _format_of(output: str | None) -> str:
    """The format a file name asks for (``.md``, ``.markdown``, ``.html``, ``.htm``, ``.csv``, ``.json``)."""
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    suffix = {"markdown": "md", "htm": "html"}.get(suffix, suffix)
    return suffix if suffix in export.FORMATS else export.FORMATS[0]


@contextmanager
def progress_bar() -> Iterator[export.Progress | None]:
    """A Rich progress bar on stderr when it is a terminal; None (no output) otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    # Only here: Rich's console and progress cost an export to a file or a pipe 50 ms to import.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(_("starting"), total=None)
        shown = _("starting")

        def update(stage: str, done: int, total: int) -> None:
            nonlocal task, shown
            if stage != shown:
                # A new task, because Rich's update() cannot turn a known total back into "unknown".
                bar.remove_task(task)
                task = bar.add_task(stage, total=total or None, completed=done)
                shown = stage
            else:
                bar.update(task, completed=done, total=total or None)

        yield update
