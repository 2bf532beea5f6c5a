"""Write a file so that readers see the old content or the new, never half of it."""

from __future__ import annotations

import os
from pathlib import Path

from cxnotes.export.errors import ExportError
from cxnotes.i18n import _
from cxnotes.storage.guard import UnsafeTarget, check_target


def checked_target(path: str | os.PathLike[str], store_folder: Path | None = None) -> Path:
    """``path`` made absolute, or :class:`ExportError` if no export may be written there.

    The rule (never a store's file or folder, a directory or a device) is
    :func:`cxnotes.storage.guard.check_target`; this only gives its refusal the export's error type.
    """
    try:
        return check_target(path, store_folder=store_folder)
    except UnsafeTarget as error:
        raise ExportError(str(error)) from None


def write_atomically(path: str | os.PathLike[str], data: bytes, *, store_folder: Path | None = None) -> Path:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it over ``path``.

    Why: an export interrupted by a full disk or Ctrl-C must not leave a truncated summary
    that looks complete. The temporary file lives in the target folder so the rename is
    atomic (same file system); it is removed if anything fails. New files are created
    readable by the owner only (0600) because exports hold customers' words. A rename
    replaces whatever had the name, so the target is checked first (:func:`checked_target`):
    never a store's file or folder.

    Args:
        path: where the file should end up; ``~`` is expanded.
        data: the whole content.
        store_folder: the folder of the store the data comes from; nothing is written into it.

    Returns:
        The absolute path written.

    Raises:
        ExportError: the folder is missing or not writable, or ``path`` may not be replaced.
    """
    target = checked_target(path, store_folder)
    if not target.parent.exists():
        raise ExportError(
            _("Cannot write {file}: the folder {folder} does not exist.").format(
                file=target, folder=target.parent
            )
        )
    if not target.parent.is_dir():
        raise ExportError(
            _("Cannot write {file}: {folder} is a file, not a folder.").format(
                file=target, folder=target.parent
            )
        )
    temp = target.with_name(f".{target.name}.tmp-{os.getpid()}-{os.urandom(3).hex()}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise ExportError(_cannot_write(target, error)) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise ExportError(_cannot_write(target, error)) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)
    return target


def _cannot_write(target: Path, error: OSError) -> str:
    return _("Cannot write {file}: {reason}.").format(file=target, reason=error.strerror or error)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot, which is not an error."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
