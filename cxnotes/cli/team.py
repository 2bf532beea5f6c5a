"""``cxnotes team join URL`` and ``cxnotes team status``: which team, and how the sync stands."""

from __future__ import annotations

import argparse
import os
import time

from cxnotes.cli import common
from cxnotes.i18n import _
from cxnotes.storage import paths
from cxnotes.team.connect import URL_VAR, TeamError, configured, describe


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``team join`` and ``team status``."""
    parser = subparsers.add_parser("team", help=_("join a team server, or see how the sync stands"))
    sub = parser.add_subparsers(title=_("team commands"), metavar="ACTION", parser_class=common.Parser)
    parser.set_defaults(func=lambda _args: parser.error(_("say 'team join URL' or 'team status'")))
    join = sub.add_parser(
        "join",
        help=_("connect this store to a team's PostgreSQL database (creates its tables on first use)"),
        description=_("The password is never stored: give it in PGPASSWORD or ~/.pgpass."),
    )
    join.add_argument(
        "url",
        nargs="?",
        help=_(
            "postgresql://USER@HOST:PORT/DB (default: ${var}, else url in the config file's [team])"
        ).format(var=URL_VAR),
    )
    join.set_defaults(func=run_join)
    status = sub.add_parser("status", help=_("the server, the last sync, what is waiting, the conflicts"))
    status.set_defaults(func=run_status)


def run_join(args: argparse.Namespace) -> int:
    """Join the team and sync once."""
    from cxnotes.storage.store import Store
    from cxnotes.team.sync import Member

    url = args.url or os.environ.get(URL_VAR) or configured("url")
    if not url:
        raise common.UserError(
            _(
                "Give the team's URL (postgresql://USER@HOST:PORT/DB), set {var}, or write url in the "
                "config file's [team] table."
            ).format(var=URL_VAR)
        )
    folder = paths.data_dir(args.data_dir)
    Store.open(folder).close()
    member = Member(folder)
    try:
        kept, had_password = member.join(url)
        print(_("Joined the team at {server}.").format(server=describe(kept)))
        if had_password:
            print(_("The password was not stored: keep it in PGPASSWORD or ~/.pgpass for later syncs."))
        report = member.sync()
    finally:
        member.close()
    print(report.summary())
    return 0


def run_status(args: argparse.Namespace) -> int:
    """Print the server, the last sync, what waits to be pushed, and the latest conflicts."""
    from cxnotes.team.sync import Member

    member = Member(paths.data_dir(args.data_dir))
    try:
        url = member.url()
        if not url:
            print(_("This store has joined no team ('cxnotes team join URL')."))
            return 0
        synced = member.ledger.get("team.synced")
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(synced)) if synced else _("never")
        waiting = member.ledger.waiting()
        print(_("Server:   {server}").format(server=describe(url)))
        print(_("Synced:   {when}").format(when=when))
        print(_("Waiting:  {n} local change(s) not on the server yet").format(n=waiting))
        local = member.ledger.conflicts()
        try:
            seen = member.overview()
        except TeamError as error:
            print(_("Offline:  {error}").format(error=error))
            seen = None
        if seen is not None:
            operators = ", ".join(seen.operators) or "-"
            print(
                _("Team:     {n} member(s), operators: {operators}").format(
                    n=seen.members, operators=operators
                )
            )
            print(
                _("Conflicts on the server: {n} (latest first; the later version won)").format(
                    n=len(seen.conflicts)
                )
            )
            for table, doc_id, loser, winner, when in seen.conflicts:
                kept = _("{loser}'s version kept, {winner}'s won").format(
                    loser=loser or "?", winner=winner or "?"
                )
                print(f"  {when}  {table} {doc_id[:8]}: {kept}")
        print(_("Conflicts kept in this store: {n}").format(n=len(local)))
        for table, doc_id, when in local[-10:]:
            print(f"  {when}  {table} {doc_id[:8]}")
    finally:
        member.close()
    return 0
