"""The store's folder: created owner-only, and only ever a folder of cxnotes' own.

Why a rule of its own: ``--data-dir`` takes any path. Changing the mode of an existing
folder would take the sticky bit off a shared ``/tmp`` or lock colleagues out of a
project folder, and a store dropped among other files makes those files look like
parts of the store (and an export beside them look like a foreign file). So cxnotes
creates what is missing as 0700, parents included (``mkdir -p`` would give them the
umask's mode, 0777 under umask 000), changes the mode of nothing it did not create, and
refuses a folder that holds anything but a store's files.
"""

from __future__ import annotations

import os
from pathlib import Path

from cxnotes.domain.text import one_line
from cxnotes.i18n import _
from cxnotes.storage.errors import StoreError
from cxnotes.storage.guard import STORE_FOLDERS, is_store_entry, is_store_file

OWNER_ONLY = 0o700
"""Mode of every folder cxnotes creates: notes hold customers' words."""


def prepare_folder(folder: Path) -> None:
    """Make ``folder`` ready to hold a store, creating it (and missing parents) owner-only.

    Raises:
        StoreError: it is a file, cannot be created or written, or already holds files
            that are not cxnotes'; the message names the folder and what to do.
    """
    if not os.path.lexists(folder):
        _create(folder)
    elif not folder.is_dir():
        raise StoreError(
            _("{folder} is not a folder; give a folder for the store with --data-dir.").format(folder=folder)
        )
    else:
        _check_contents(folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            _("Cannot write to {folder}; check its permissions or use --data-dir.").format(folder=folder)
        )


def require_folder(folder: Path) -> None:
    """For reading a store: say plainly that ``folder`` is missing, rather than that the store is.

    Raises:
        StoreError: ``folder`` does not exist or is not a folder.
    """
    if not folder.exists():
        raise StoreError(
            _(
                "The folder {folder} does not exist, so there is no store to read. "
                "Check --data-dir or $CXNOTES_DATA_DIR ('cxnotes where' prints the folder in use)."
            ).format(folder=folder)
        )
    if not folder.is_dir():
        raise StoreError(
            _("{folder} is not a folder; give the store's folder with --data-dir.").format(folder=folder)
        )


def _create(folder: Path) -> None:
    """Create ``folder`` and its missing parents as 0700, whatever the umask; existing ones are left be."""
    missing = [folder, *(parent for parent in folder.parents if not os.path.lexists(parent))]
    missing = [path for path in missing if not os.path.lexists(path)]
    for path in reversed(missing):
        try:
            os.mkdir(path, OWNER_ONLY)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs, so its mode is not ours to set
        except OSError as error:
            raise StoreError(
                _("Cannot create {path} for the store: {reason}.").format(
                    path=path, reason=error.strerror or error
                )
            ) from None
        try:
            os.chmod(path, OWNER_ONLY)  # a umask such as 0o277 takes bits away even from 0o700
        except OSError as error:
            raise StoreError(
                _("Cannot set the mode of {path}: {reason}.").format(
                    path=path, reason=error.strerror or error
                )
            ) from None


def _check_contents(folder: Path) -> None:
    """Refuse a folder holding anything a store does not keep there, or a store file that is not a file.

    A store file that is a symbolic link would send the store's writes elsewhere: the lock
    is truncated when taken, so ``cxnotes.lock`` linked to someone's file in a shared folder
    would empty that file.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        raise StoreError(
            _("Cannot use {folder} for the store: {reason}.").format(
                folder=folder, reason=error.strerror or error
            )
        ) from None
    for entry in entries:
        if entry.name in STORE_FOLDERS:
            plain = entry.is_dir(follow_symlinks=False)
        else:
            plain = not is_store_file(entry.name) or entry.is_file(follow_symlinks=False)
        if not plain:
            raise StoreError(
                _(
                    "{path} is a link or not what cxnotes keeps there; cxnotes will not write "
                    "through it. Remove it, or give a folder of cxnotes' own with --data-dir."
                ).format(path=folder / entry.name)
            )
    foreign = [entry.name for entry in entries if not is_store_entry(entry.name)]
    if foreign:
        first = one_line(foreign[0], 40)
        said = (
            _(
                '{folder} holds files that are not cxnotes\' ("{first}" and {more} more); '
                "a store needs a folder of its own. Give a new or empty folder with --data-dir."
            )
            if len(foreign) > 1
            else _(
                '{folder} holds files that are not cxnotes\' ("{first}"); '
                "a store needs a folder of its own. Give a new or empty folder with --data-dir."
            )
        )
        raise StoreError(said.format(folder=folder, first=first, more=len(foreign) - 1))
