"""Opening a store's database: made if new, a v0.1 store moved in first, the value chain seeded.

One process at a time creates or migrates, under the folder's lock; opening an existing store
takes no lock (a reader on a read-only file system could not create the lock file).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from cxnotes.domain import shapes
from cxnotes.storage import paths
from cxnotes.storage.errors import StoreError, no_store
from cxnotes.storage.sqlite import DB_NAME, SqliteStorage


def open_storage(folder: Path, *, readonly: bool, one_shot: bool = False) -> tuple[SqliteStorage, list[str]]:
    """The database in ``folder`` (created if needed, unless ``readonly``) and the damage found moving a
    v0.1 store into it; ``one_shot``: see :class:`SqliteStorage`.

    Raises:
        StoreCorrupt: a file in it is not valid cxnotes data; it was left untouched.
        StoreError: the folder cannot be used.
    """
    has_db = (folder / DB_NAME).exists()
    old = folder.is_dir() and _is_v1(folder)
    if readonly and not has_db and not old:
        raise StoreError(no_store(folder))
    creating = not has_db or old
    if creating:
        from cxnotes.storage.folder import prepare_folder  # its checks are for a new folder only

        prepare_folder(folder)
    damage: list[str] = []
    with _folder_lock(folder) if creating else contextlib.nullcontext():
        storage = SqliteStorage(folder, one_shot=one_shot)
        try:
            if _is_v1(folder):  # again, under the lock: another process may have moved them in
                from cxnotes.storage import legacy

                damage = legacy.migrate(folder, storage)
            # A reader writes nothing (the next writer seeds a store never seeded), nor can a
            # store opened on a full disk.
            if not readonly and not storage.frozen:
                storage.seed([(shapes.STEPS, str(s["id"]), s) for s in shapes.default_step_docs()])
        except BaseException:
            storage.close()
            raise
    return storage, damage


def _folder_lock(folder: Path) -> contextlib.AbstractContextManager[None]:
    """The lock held while creating or migrating the store (its module, with fcntl, only then)."""
    from cxnotes.storage.lock import folder_lock

    return folder_lock(paths.lock_path(folder))


def _is_v1(folder: Path) -> bool:
    """Whether ``folder`` holds a v0.1 store to migrate; :mod:`~cxnotes.storage.legacy` only if it may."""
    if not any(name.endswith((".json", ".jsonl")) for name in os.listdir(folder)):
        return False
    from cxnotes.storage import legacy

    return legacy.is_v1(folder)
