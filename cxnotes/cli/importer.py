"""``cxnotes import FILE``: a cxnotes json export, or conversations from a helpdesk, chat tool or VOC sheet.

For a cxnotes export, each conflict (a record already in the store with different
content; the store's version is kept) is printed on stderr, and the summary line counts
them. Exit status: 0 when everything was merged, 1 when conflicts were reported (all
other records were still imported), 2 when the file cannot be imported (nothing imported).

For ``--from zendesk|intercom|channeltalk|csv`` (found from the file when left out), the
file is read once and checked whole (a bad row or record stops everything, named, before
anything is written), then saved in atomic batches: an import killed halfway is
completed by running it again, and a second run of the same file adds nothing. The store
is opened for writing, so the app must be closed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from cxnotes.cli.common import UserError, open_store
from cxnotes.cli.export import progress_bar
from cxnotes.export import ExportError
from cxnotes.export.import_file import check_regular
from cxnotes.export.importer import import_export, read_export
from cxnotes.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``import`` subcommand."""
    from cxnotes.importers import SOURCES
    from cxnotes.importers.mapping import DEFAULT_NAME, FIELDS

    fields = "; ".join(f"{name}: {_(meaning)}" for name, meaning in FIELDS.items())
    parser = subparsers.add_parser(
        "import",
        help=_("bring in a json export, or Zendesk, Intercom, Channel Talk or spreadsheet conversations"),
        description=_(
            "Load a cxnotes json export (a restore, or a teammate's notes), or conversations from "
            "Zendesk (JSON lines or API pages), Intercom (API conversations), Channel Talk (its "
            "password-protected XLSX download or JSON) or a VOC spreadsheet (CSV or XLSX with --map). "
            "Importing the same file twice adds nothing; changed conversations are updated. Tags "
            "become pain points through the [import.tags] table of the config file."
        ),
    )
    parser.add_argument("file", metavar="FILE", help=_("the file to import"))
    parser.add_argument(
        "--from", dest="source", choices=SOURCES, metavar="SOURCE",
        help=_("who wrote FILE: {sources} (default: found from the file)").format(sources=", ".join(SOURCES)),
    )  # fmt: skip
    parser.add_argument(
        "--map", metavar="FIELD=COLUMN,...",
        help=_("spreadsheet columns, e.g. text=내용,customer=고객명,at=접수일시,channel=채널 ({fields}); "
               "saved for next time under --map-name").format(fields=fields),
    )  # fmt: skip
    parser.add_argument(
        "--map-name", default=DEFAULT_NAME, metavar="NAME",
        help=_("name the mapping is saved under or read from (default: {name})").format(name=DEFAULT_NAME),
    )  # fmt: skip
    parser.add_argument(
        "--password", help=_("password of an encrypted XLSX (asked for when left out); never saved")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import a cxnotes export or a source's conversations."""
    from cxnotes.importers import ImportFormatError, detect

    path = Path(args.file).expanduser()
    try:
        check_regular(path)  # before anything opens it: sniffing a pipe for its source would block
    except ExportError as error:
        raise UserError(str(error)) from None
    try:
        source = args.source or detect(path)
    except ImportFormatError as error:
        if path.suffix.lower() != ".json" or not path.is_file():
            raise UserError(str(error)) from None
        source = "cxnotes"  # a .json that is no tool's export: the cxnotes import says what it expected
    if source == "cxnotes":
        return _run_export(args)
    return _run_conversations(args, path, source)


def _run_export(args: argparse.Namespace) -> int:
    """Check the whole file, merge it in one atomic batch, report conflicts and a summary."""
    with progress_bar() as progress:
        try:
            if progress:
                progress(_("reading the file"), 0, 0)
            data = read_export(args.file)
            if progress:
                progress(_("opening the store"), 0, 0)
            with open_store(args) as store:
                report = import_export(store, data, progress=progress)
        except ExportError as error:
            raise UserError(str(error)) from None
    for conflict in report.conflicts:
        sys.stderr.write(f"{conflict}\n")
    print(report.summary())
    return 1 if report.conflicts else 0


def _run_conversations(args: argparse.Namespace, path: Path, source: str) -> int:
    """Check the file whole, then save it in batches; print what was added and updated."""
    from cxnotes import importers
    from cxnotes.config import ConfigError, load_tag_steps
    from cxnotes.importers import ImportFormatError, mapping, writer
    from cxnotes.storage.errors import StoreWriteError

    try:
        columns = _mapping(args) if source == "csv" else None
        password = args.password or _ask_password(path)
        with progress_bar() as progress, open_store(args) as store:
            tag_steps = load_tag_steps(store.step_slugs())
            found = importers.read(source, path, mapping=columns, password=password)
            with writer.check(found, tag_steps=tag_steps, folder=store.folder, progress=progress) as checked:
                result = writer.write(store, checked, progress=progress)
        print(result.summary(source))
        if args.map and columns:
            saved = mapping.save(args.map_name, columns)
            said = _("Saved the mapping as '{name}' in {path}; next time --map can be left out.")
            sys.stderr.write(said.format(name=args.map_name, path=saved) + "\n")
    except (ImportFormatError, ConfigError) as error:
        raise UserError(_("{error} Nothing was imported.").format(error=error)) from None
    except mapping.MappingError as error:
        raise UserError(str(error)) from None
    except StoreWriteError as error:
        raise StoreWriteError(
            _("{error} What was saved before stays; run the same import again to finish it.").format(
                error=error
            )
        ) from None
    except OSError as error:
        raise UserError(
            _("Cannot read {path}: {reason}. Nothing was imported.").format(
                path=path, reason=error.strerror or error
            )
        ) from None
    return 0


def _mapping(args: argparse.Namespace) -> dict[str, str]:
    """The ``--map`` given (saved under ``--map-name`` once the import worked), or the one saved."""
    from cxnotes.importers import mapping

    if args.map:
        return mapping.parse(args.map)
    saved = mapping.load(args.map_name)
    if saved is None:
        raise mapping.MappingError(
            _(
                "A spreadsheet needs --map (e.g. --map text=내용,customer=고객명,at=접수일시,channel=채널); "
                "no mapping is saved as '{name}'. Nothing was imported."
            ).format(name=args.map_name)
        )
    return saved


def _ask_password(path: Path) -> str | None:
    """Ask for the password of an encrypted workbook when someone is at the terminal."""
    from cxnotes.importers.workbook import is_encrypted

    if path.suffix.lower() in (".xlsx", ".xlsm") and is_encrypted(path) and sys.stdin.isatty():
        return getpass.getpass(_("Password for {file}: ").format(file=path.name))
    return None
