"""An advisory lock that lets one process at a time write a store.

``fcntl.flock`` is released by the kernel when the holder dies, so a ``kill -9``
never leaves a stale lock behind. The holder's pid is written into the file so
the refusal message can name it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from cxnotes.storage.errors import StoreLocked, StoreWriteError


class StoreLock:
    """Hold the store's write lock until :meth:`release`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`StoreLocked` naming the holder."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StoreWriteError(
                f"Cannot open {self.path}: {error.strerror or error}. "
                "Make the folder writable, or use --data-dir for another one."
            ) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise StoreLocked(
                f"The store in {self.path.parent} is open in another cxnotes (pid {holder}). "
                "Close that one first, or use --data-dir for a separate store."
            ) from None
        with contextlib.suppress(OSError):  # the pid only names the holder; a full disk may refuse it
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock (idempotent)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
