"""After a CLI write, a detached push to the team: asked cheaply, never waited for.

A CLI write (``cxnotes log``) must return at once whether or not the server answers, so
:func:`push_soon` starts ``cxnotes sync --quiet`` as a detached process and leaves: when the
server is reachable the change is there a moment later; when it is not, the change waits in
the store for the next sync. Kept apart from :mod:`cxnotes.team.background` (the app's sync
thread and its dataclasses), which ``cxnotes log`` does not import.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from cxnotes.storage.errors import StoreError
from cxnotes.team.connect import URL_VAR, TeamError, configured

TYPE_CHECKING = False
if TYPE_CHECKING:
    from cxnotes.storage.store import Store


def joined(folder: Path, store: Store | None = None) -> bool:
    """Whether the store in ``folder`` syncs with a team (cheap: one small read, or the config file's).

    ``store`` is that store if this process has it open: asked through it, rather than through
    a connection of the sync's own, which would open the database's files again.
    A broken config file counts as no team here: reading the operator's name reports it.
    """
    if os.environ.get(URL_VAR):
        return True
    with contextlib.suppress(TeamError):
        if configured("url"):
            return True
    if store is not None:
        return bool(store.team_url())
    from cxnotes.storage.ledger import Ledger

    try:
        ledger = Ledger(folder)
    except StoreError:
        return False
    try:
        return bool(ledger.get("team.url"))
    finally:
        ledger.close()


def push_soon(folder: Path, store: Store | None = None) -> None:
    """Start a detached ``cxnotes sync`` for ``folder`` if it has joined a team; never wait for it.

    ``store``: as for :func:`joined`.
    """
    if not joined(folder, store):
        return
    import subprocess  # a few ms to import: only a store that has joined a team pays them

    command = [sys.executable, "-m", "cxnotes", "--data-dir", str(folder), "sync", "--quiet"]
    subprocess.Popen(  # noqa: S603  # our own interpreter and module
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
