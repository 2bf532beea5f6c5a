"""Where the store lives. Functions, not import-time constants, so tests can redirect it."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "CXNOTES_DATA_DIR"
"""Environment variable that overrides the data directory."""

SNAPSHOT_NAME = "cxnotes.json"
LOCK_NAME = "cxnotes.lock"
JOURNAL_PREFIX = "journal-"
JOURNAL_SUFFIX = ".jsonl"
TEMP_MARK = ".tmp-"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the store's folder: ``override``, else ``$CXNOTES_DATA_DIR``, else the platform's."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return platformdirs.user_data_path("cxnotes", appauthor=False)


def snapshot_path(folder: Path) -> Path:
    """The compacted TinyDB JSON file."""
    return folder / SNAPSHOT_NAME


def lock_path(folder: Path) -> Path:
    """The file whose lock marks the store as open for writing."""
    return folder / LOCK_NAME


def journal_path(folder: Path, generation: int) -> Path:
    """The append-only journal of changes made after snapshot ``generation``."""
    return folder / f"{JOURNAL_PREFIX}{generation:06d}{JOURNAL_SUFFIX}"


def journal_generations(folder: Path) -> list[int]:
    """Generations of the journals present in ``folder``, oldest first."""
    found = []
    for path in folder.glob(f"{JOURNAL_PREFIX}*{JOURNAL_SUFFIX}"):
        middle = path.name[len(JOURNAL_PREFIX) : -len(JOURNAL_SUFFIX)]
        if middle.isdigit():
            found.append(int(middle))
    return sorted(found)


def temp_path(target: Path) -> Path:
    """A temporary sibling of ``target``, swept at the next open if left behind."""
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{os.urandom(3).hex()}")
