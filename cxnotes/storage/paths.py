"""Where the store and the config file live. Functions, not import-time constants, so tests can redirect them.

The user's folders are the ones ``platformdirs`` names. On Linux that is the XDG Base
Directory rule, followed here (:func:`_xdg`) rather than asked of platformdirs: importing
it (its Unix module imports tempfile, shutil, bz2, lzma and random) cost ``cxnotes log``
7 ms, a fifth of what the whole command may take, and every command reads the config
file. ``tests/test_paths.py`` holds the two equal. Elsewhere (macOS, Windows, Android)
platformdirs decides.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_VAR = "CXNOTES_DATA_DIR"
"""Environment variable that overrides the data directory."""

LOCK_NAME = "cxnotes.lock"

APP_NAME = "cxnotes"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the store's folder: ``override``, else ``$CXNOTES_DATA_DIR``, else the platform's."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    found = _xdg("XDG_DATA_HOME", ".local/share")
    if found is not None:
        return found
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The user's config folder for cxnotes (``~/.config/cxnotes`` on Linux)."""
    found = _xdg("XDG_CONFIG_HOME", ".config")
    if found is not None:
        return found
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def lock_path(folder: Path) -> Path:
    """The file locked while a process creates or migrates the store."""
    return folder / LOCK_NAME


def _xdg(variable: str, default: str) -> Path | None:
    """``$variable/cxnotes`` if it is an absolute path, else ``~/default/cxnotes``; None off Linux.

    Home is ``$HOME`` if that is an absolute path, else the account's (as platformdirs reads it).
    """
    android = hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ
    if sys.platform != "linux" or android:
        return None
    base = os.environ.get(variable, "")
    if os.path.isabs(base):
        return Path(base, APP_NAME)
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home):
        import pwd

        home = pwd.getpwuid(os.getuid()).pw_dir
    return Path(home, default, APP_NAME)
