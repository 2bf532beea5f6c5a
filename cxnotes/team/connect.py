"""Reaching the team server: its URL without the password, a short timeout, one-line errors.

The URL a store joins is kept in the store without its password (``team.url``); the
password comes from ``$PGPASSWORD`` or ``~/.pgpass`` (libpq reads both), never from the
store, never printed. ``$CXNOTES_TEAM_URL`` names a server for one run instead.
psycopg is imported only here, when a server is actually used: ``cxnotes log`` on a
store with no team pays nothing for it.
"""

from __future__ import annotations

import os

from cxnotes.i18n import _

TYPE_CHECKING = False  # not `typing`'s: importing it costs `cxnotes log` 3 ms
if TYPE_CHECKING:
    from typing import Any

    import psycopg

URL_VAR = "CXNOTES_TEAM_URL"
"""Environment variable naming the team server for this run."""

OPERATOR_VAR = "CXNOTES_OPERATOR"
"""Environment variable naming the operator (``--operator`` sets it for its run)."""

CONNECT_TIMEOUT = 3
"""Seconds to wait for the server before working offline: a CLI write never waits longer."""


class TeamError(Exception):
    """The team server cannot be used now; ``str()`` is one line saying what to do."""


def operator() -> str:
    """The operator's name for what this process writes.

    ``--operator`` / ``$CXNOTES_OPERATOR``, else ``operator`` in the config file's ``[team]``.

    Raises:
        TeamError: the config file had to be read and is broken (one line naming it).
    """
    named = os.environ.get(OPERATOR_VAR)
    return " ".join((configured("operator") if named is None else named).split())


def signing() -> tuple[str, list[str]]:
    """The operator's name and what is wrong with the config file, for the app, which opens anyway."""
    try:
        return operator(), []
    except TeamError as error:
        return "", [str(error)]


def configured(key: str) -> str:
    """``operator`` or ``url`` from the config file's ``[team]`` table ("" when unset).

    Read only when the environment does not say: the file costs a TOML parse.

    Raises:
        TeamError: the config file is broken (one line naming it).
    """
    from cxnotes.config import ConfigError, load_team

    try:
        return load_team()[key]
    except ConfigError as error:
        raise TeamError(str(error)) from None


def without_password(url: str) -> tuple[str, bool]:
    """``url`` with any password taken out, and whether it had one.

    Raises:
        TeamError: it is not a PostgreSQL connection string.
    """
    from psycopg import conninfo

    try:
        parts = conninfo.conninfo_to_dict(url)
    except Exception as error:  # psycopg raises ProgrammingError; any failure means the same
        raise TeamError(
            _("That is not a PostgreSQL URL; write it like postgresql://USER@HOST:5432/DATABASE.")
        ) from error
    had = parts.pop("password", None) is not None
    return conninfo.make_conninfo("", **{k: v for k, v in parts.items() if v is not None}), had


def describe(url: str) -> str:
    """Where ``url`` points, for messages: ``user@host:port/db`` (never a password)."""
    from psycopg import conninfo

    try:
        parts = conninfo.conninfo_to_dict(url)
    except Exception:
        return _("the team server")
    host = parts.get("host") or "localhost"
    port = parts.get("port") or "5432"
    user = f"{parts['user']}@" if parts.get("user") else ""
    return f"{user}{host}:{port}/{parts.get('dbname') or parts.get('user') or ''}"


def connect(url: str, *, timeout: int = CONNECT_TIMEOUT) -> psycopg.Connection[Any]:
    """An open connection to the team server.

    Raises:
        TeamError: it cannot be reached or refused us; the message says what to do.
    """
    import psycopg

    try:
        return psycopg.connect(url, connect_timeout=timeout, application_name="cxnotes")
    except psycopg.Error as error:
        raise TeamError(explain(error, url)) from None


def explain(error: BaseException, url: str) -> str:
    """A connection or server error as one line naming the server and what to do."""
    text = " ".join(str(error).split())
    where = describe(url)
    if "password" in text or "authentication" in text:
        return _(
            "The team server {where} refused the login: set PGPASSWORD or add the password to "
            "~/.pgpass, then run 'cxnotes sync'."
        ).format(where=where)
    if "does not exist" in text and "database" in text:
        return _("The team database {where} does not exist: ask the lead to create it (createdb).").format(
            where=where
        )
    return _(
        "Cannot reach the team server {where} ({error}). Your notes are kept here; "
        "check the server and the URL ('cxnotes team join URL'), then run 'cxnotes sync'."
    ).format(where=where, error=text[:120])
