"""Which files belong to a cxnotes store, and the one rule that keeps every other write off them.

An export written with ``-o`` (or from the app's export screen) is renamed over its
target, so a careless path such as ``-o ~/.local/share/cxnotes/cxnotes.json`` would
replace the store with a summary. :func:`check_target` refuses such a path before
anything is rendered or written; :func:`is_store_file` is also how
:mod:`cxnotes.storage.folder` tells a store's folder from a folder of other files.

A store folder is recognised by its files, whatever version wrote them: the SQLite
database and its side files, the lock, v0.1's snapshot and journals (and the folder a
migration moves them to), and temporary or set-aside copies of them.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from cxnotes.i18n import _
from cxnotes.storage.errors import StoreError

_STORE_FILE = re.compile(
    r"""
    \.?                                          # temporary copies start with a dot
    (?: cxnotes\.(?:json|db|lock)(?:-wal|-shm|-journal)?
      | journal-\d+\.jsonl )
    (?: \.torn-.* | \.tmp-.* | \.damaged-.* )?   # set-aside or temporary copies
    """,
    re.VERBOSE,
)
"""Names of the files a store keeps in its folder (database, lock, v0.1's snapshot and journals, copies)."""

STORE_FOLDERS = frozenset({"v0.1-files"})
"""Folders a store keeps in its folder: where a migration moves v0.1's files (``legacy.MOVED_TO``)."""


class UnsafeTarget(StoreError):
    """A write was aimed at a store's file or folder, or at something that is not a file."""


def is_store_file(name: str) -> bool:
    """Whether a file called ``name`` is one a cxnotes store keeps in its folder."""
    return _STORE_FILE.fullmatch(name) is not None


def is_store_entry(name: str) -> bool:
    """Whether ``name`` is a file or folder a cxnotes store keeps in its folder."""
    return name in STORE_FOLDERS or is_store_file(name)


def holds_store(folder: Path) -> bool:
    """Whether ``folder`` holds a cxnotes store (any of its files); False if it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return any(is_store_entry(entry.name) for entry in entries)
    except OSError:
        return False


def check_target(path: str | os.PathLike[str], *, store_folder: Path | None = None) -> Path:
    """Refuse a path that a write (an export) must never replace; return it made absolute.

    Refused: a directory, a device, a FIFO or a socket; any file in a folder that holds a
    cxnotes store (this one or another, recognised by its files), whatever its name, since
    a foreign file would also make the store refuse its folder; any file named like a
    store's file (``cxnotes.json``, ``cxnotes.db``, ``cxnotes.lock``, ``journal-*.jsonl``),
    which would make its folder look like a store; and, whatever its name, any file in
    ``store_folder``, the folder of the store the caller has open. Symbolic links in the
    folder part are followed, so a link to a store's folder is refused too.

    Args:
        path: the file a user asked to write; ``~`` is expanded.
        store_folder: the folder of the store being exported, if any.

    Raises:
        UnsafeTarget: with a one-line message saying why and what to do instead.
    """
    target = Path(path).expanduser().absolute()
    folder = Path(os.path.realpath(target.parent))
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise UnsafeTarget(_("{target} is a folder; give a file name to write to.").format(target=target))
    if mode is not None and not stat.S_ISREG(mode):
        raise UnsafeTarget(
            _("{target} is not a regular file (a device, pipe or socket); give a file name.").format(
                target=target
            )
        )
    running = Path(os.path.realpath(store_folder)) if store_folder is not None else None
    if folder == running or holds_store(folder):
        raise UnsafeTarget(
            _(
                "{target} is in the folder of a cxnotes store ({folder}); nothing was written. "
                "Write the export to another folder, e.g. ~/Documents."
            ).format(target=target, folder=folder)
        )
    if is_store_file(target.name):
        raise UnsafeTarget(
            _(
                "{name} is the name of a cxnotes store file; nothing was written. "
                "Give the export another name, e.g. summary.md or backup-export.json."
            ).format(name=target.name)
        )
    return target
