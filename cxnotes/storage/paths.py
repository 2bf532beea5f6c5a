"""Where the store lives. Functions, not import-time constants, so tests can redirect it."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CXNOTES_DATA_DIR"
"""Environment variable that overrides the data directory."""

LOCK_NAME = "cxnotes.lock"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the store's folder: ``override``, else ``$CXNOTES_DATA_DIR``, else the platform's."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs  # 5-10 ms to import: not paid when --data-dir or the variable names the folder

    return platformdirs.user_data_path("cxnotes", appauthor=False)


def lock_path(folder: Path) -> Path:
    """The file locked while a process creates or migrates the store."""
    return folder / LOCK_NAME
