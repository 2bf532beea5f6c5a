"""What every subcommand shares: the parser type, user errors and opening the store."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from cxnotes.cli.help_format import CellWidthHelpFormatter
from cxnotes.i18n import _
from cxnotes.storage import paths
from cxnotes.team import connect

TYPE_CHECKING = False  # not `typing`'s: importing it costs `cxnotes log` 3 ms
if TYPE_CHECKING:
    from typing import Any, NoReturn

    from rich.console import Console

    from cxnotes.storage.store import Store


class UserError(Exception):
    """A mistake of the user's: printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse that reports a mistake in one line instead of a usage dump, and wraps Korean help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", CellWidthHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Print ``cxnotes CMD: MESSAGE (see --help)`` and exit 2."""
        hint = _("(see '{command} --help')").format(command=self.prog)
        sys.stderr.write(f"{self.prog}: {message} {hint}\n")
        raise SystemExit(2)


def stdout() -> Console:
    """A console for results; user text is never read as markup."""
    from rich.console import Console  # 20-40 ms to import: only the commands that print tables pay

    return Console(markup=False, highlight=False, emoji=False)


@contextmanager
def open_store(
    args: argparse.Namespace, *, readonly: bool = False, one_shot: bool = False
) -> Iterator[Store]:
    """Open the store named by ``--data-dir`` / ``$CXNOTES_DATA_DIR`` / the default.

    ``one_shot``, for a command that writes one batch (``cxnotes log``): one connection to the
    database (see :meth:`Store.open`), and SQLite's write-ahead log left for the next process (see
    :meth:`Store.close`).
    """
    from cxnotes.storage.store import Store  # not at import: opening the app does not need it yet

    folder = paths.data_dir(args.data_dir)
    if readonly:
        from cxnotes.storage.folder import require_folder  # its checks are for reading only

        require_folder(folder)
    store = Store.open(folder, readonly=readonly, operator=connect.operator(), one_shot=one_shot)
    try:
        yield store
        if not readonly:
            from cxnotes.team.push import push_soon

            push_soon(folder, store)  # asked while the store is open: its files are not opened again
    finally:
        store.close(fold_log=not one_shot)
        for notice in store.take_notices():  # damage found while reading: never kept quiet
            sys.stderr.write(f"cxnotes: {notice}\n")
