"""A short lock held while a process creates or migrates a store.

Writing needs no lock of ours (SQLite serialises writers); but two processes
opening a new or a v0.1 store at the same moment must not both create it or both
move its old files. ``fcntl.flock`` is released by the kernel when the holder
dies, so a ``kill -9`` never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cxnotes.i18n import _
from cxnotes.storage.errors import StoreWriteError


@contextmanager
def folder_lock(path: Path) -> Iterator[None]:
    """Hold the lock file ``path`` exclusively for the ``with`` block, waiting for it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)  # never through a link
    except OSError as error:
        raise StoreWriteError(
            _(
                "Cannot open {path}: {reason}. Make the folder writable, or use --data-dir for another one."
            ).format(path=path, reason=error.strerror or error)
        ) from error
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
