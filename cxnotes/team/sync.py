"""One push-and-pull between a member's store and the team server.

:class:`Member` is a store joined to a team. :meth:`Member.sync` pushes every local
change the server has not committed, in batches of :data:`BATCH` rows (each batch one
server transaction, and the local "pushed" position moves only after it commits),
then pulls the other members' changes in pages (each page one local batch), then
folds duplicate fixes and customers (:mod:`cxnotes.team.fold`) and pushes what that
changed. Any step may be
interrupted; the next sync carries on from the last committed position on each side.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxnotes.i18n import _, ngettext, pgettext
from cxnotes.storage.ledger import Ledger
from cxnotes.team import fold, server
from cxnotes.team.connect import URL_VAR, TeamError, configured, connect, explain, without_password
from cxnotes.team.connect import operator as default_operator

if TYPE_CHECKING:
    import psycopg

BATCH = 5000
"""Rows per push transaction and per pulled page."""

Progress = Callable[[str, int], None]
"""Told ("pushed" or "pulled", how many rows so far) after each batch."""


@dataclass
class Report:
    """What one sync moved."""

    pushed: int = 0
    """Local changes the server took in (a repeat of a batch it had already is not counted)."""
    pulled: int = 0
    conflicts: int = 0
    """Local versions replaced by a newer one from the team, kept in the local conflicts table."""
    merged: list[str] = field(default_factory=list)
    """Fixes and customers found twice and made one, as sentences."""
    damage: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: what moved."""
        parts = [
            ngettext("pushed {n} change", "pushed {n} changes", self.pushed).format(n=self.pushed),
            _("pulled {n}").format(n=self.pulled),
        ]
        if self.conflicts:
            parts.append(
                ngettext("{n} conflict kept", "{n} conflicts kept", self.conflicts).format(n=self.conflicts)
            )
        if self.merged:
            parts.append(_("{n} merged").format(n=len(self.merged)))
        return _("Synced: {parts}.").format(parts=", ".join(parts))


class Member:
    """A local store as a member of a team (its sync bookkeeping lives in the store)."""

    def __init__(self, folder: Path, operator: str | None = None) -> None:
        self.folder = folder
        self.ledger = Ledger(folder)
        self.ledger.prepare()
        self.operator = operator if operator is not None else default_operator()
        """Recorded on the server as the writer of every version this member pushes: the one
        named now, else the last one named on this store."""
        if not self.operator:
            self.operator = str(self.ledger.get("team.operator", ""))
        elif self.operator != self.ledger.get("team.operator"):
            self.ledger.set(team_operator=self.operator)
        self._conn: psycopg.Connection[Any] | None = None

    def close(self) -> None:
        """Close the server connection and the ledger."""
        self.disconnect()
        self.ledger.close()

    def disconnect(self) -> None:
        """Drop the server connection (the next sync opens a new one)."""
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):  # a broken connection has nothing left to close
                conn.close()

    # -- settings -------------------------------------------------------------------

    def url(self) -> str | None:
        """The team server: ``$CXNOTES_TEAM_URL``, else the one this store joined, else the config file's."""
        return os.environ.get(URL_VAR) or self.ledger.get("team.url") or configured("url") or None

    def store_id(self) -> str:
        """This store's id on the team (made once, on first use)."""
        found = self.ledger.get("team.store_id")
        if found is None:
            found = os.urandom(16).hex()
            self.ledger.set(team_store_id=found)
        return str(found)

    def join(self, url: str) -> tuple[str, bool]:
        """Join the team at ``url``: create its schema if new, remember it without the password.

        Returns: the URL as kept, and whether a password had to be left out of it.

        Raises:
            TeamError: the server cannot be reached or used.
        """
        kept, had_password = without_password(url)
        conn = connect(url)
        try:
            self._ensure_schema(conn, url)
        finally:
            conn.close()
        if kept != self.ledger.get("team.url"):  # a new team: start from its beginning
            self.disconnect()
            self.ledger.start_team(kept)
        self.store_id()
        return kept, had_password

    # -- syncing --------------------------------------------------------------------

    def connection(self) -> psycopg.Connection[Any]:
        """The open server connection, made (and the schema checked) if needed."""
        if self._conn is not None and not self._conn.closed:
            return self._conn
        url = self.url()
        if not url:
            raise TeamError(_("This store has joined no team: run 'cxnotes team join URL' first."))
        conn = connect(url)
        try:
            self._ensure_schema(conn, url)
        except BaseException:
            conn.close()
            raise
        import msgspec
        from psycopg.types.json import set_json_loads

        set_json_loads(msgspec.json.decode, conn)  # pulled documents: twice as fast as json.loads
        self._conn = conn
        return conn

    def sync(self, progress: Progress | None = None) -> Report:
        """Push, then pull, then fold duplicates. Raises :class:`TeamError` when the server is gone."""
        report = Report()
        try:
            conn = self.connection()
            report.pushed = self._push(conn, report, progress)
            self._pull(conn, report, progress)
            report.merged = fold.fold(self.ledger)
            report.pushed += self._push(conn, report, progress)  # the fold's merges, if any
        except TeamError:
            self.disconnect()
            raise
        except Exception as error:
            import psycopg

            if not isinstance(error, psycopg.Error):
                raise
            self.disconnect()
            raise TeamError(explain(error, self.url() or "")) from None
        self.ledger.set(team_synced=time.time())
        return report

    def _push(self, conn: psycopg.Connection[Any], report: Report, progress: Progress | None) -> int:
        store_id, name = self.store_id(), self.operator
        total = 0
        while True:
            after = self.ledger.pushed()
            rows = self.ledger.unpushed(after, BATCH, report.damage)
            if not rows:
                return total
            pulled = int(self.ledger.get("team.pulled", 0))
            total += server.push(conn, rows, store_id=store_id, operator=name, pulled=pulled)
            self.ledger.mark_pushed(rows[-1][0])  # only once the server has committed
            if progress:
                progress(pgettext("sync progress", "pushed"), total)

    def _pull(self, conn: psycopg.Connection[Any], report: Report, progress: Progress | None) -> None:
        store_id = self.store_id()
        while True:
            after = int(self.ledger.get("team.pulled", 0))
            page = server.pull(conn, after=after, store_id=store_id, limit=BATCH)
            if not page.rows:
                return
            applied, kept = self.ledger.apply_pulled(page.rows, page.last)
            report.pulled += applied
            report.conflicts += kept
            if progress:
                progress(pgettext("sync progress", "pulled"), report.pulled)
            if len(page.rows) < BATCH or int(self.ledger.get("team.pulled", 0)) <= after:
                return

    @staticmethod
    def _ensure_schema(conn: psycopg.Connection[Any], url: str) -> None:
        import psycopg

        try:
            server.ensure_schema(conn)
        except server.SchemaTooNew as error:
            raise TeamError(str(error)) from None
        except psycopg.Error as error:
            raise TeamError(explain(error, url)) from None

    # -- status ---------------------------------------------------------------------

    def overview(self) -> server.Overview:
        """The server's members and latest conflicts."""
        import psycopg

        try:
            return server.overview(self.connection())
        except psycopg.Error as error:
            self.disconnect()
            raise TeamError(explain(error, self.url() or "")) from None
