"""``cxnotes serve``: the app in a browser, for people who do not live in a terminal.

The web server (aiohttp, textual-serve) is imported only when this command runs.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shlex
import sys

from cxnotes.cli import common
from cxnotes.i18n import _, language
from cxnotes.storage import paths

TOKEN_ENV = "CXNOTES_SERVE_TOKEN"
"""Environment variable holding the token, so it need not show in ``ps``."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help=_("serve the app to web browsers (one app per tab, on this store)"),
        description=_(
            "Serve the app to web browsers: each tab runs the app on this store. On 127.0.0.1 "
            "(the default) only this machine can connect; any other address needs a secret token, "
            "generated and printed in the link unless given. Put it behind an HTTPS reverse proxy "
            "before opening it to a network (see the README)."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help=_("address to listen on (127.0.0.1)"))
    parser.add_argument("--port", type=_port, default=8000, help=_("port to listen on (8000)"))
    parser.add_argument(
        "--token",
        metavar="T",
        help=_("secret every browser must bring (default: ${variable}, or generated)").format(
            variable=TOKEN_ENV
        ),
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help=_("where browsers reach the server, e.g. https://notes.example.com behind a reverse proxy"),
    )
    parser.set_defaults(func=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a port number: {text!r}").format(text=text)) from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(_("a port is 1 to 65535, not {port}").format(port=port))
    return port


def choose_token(host: str, given: str | None, public_url: str | None = None) -> str | None:
    """The token to require: the one given, else a new one, else None on loopback with no public URL.

    A ``--public-url`` means a reverse proxy brings other machines in, though the server
    listens on loopback: a token is needed then too.

    Raises:
        common.UserError: the token given is too short to be a secret.
    """
    from cxnotes.web.server import is_loopback

    if given is not None:
        if len(given) < 16:
            raise common.UserError(_("The token must be at least 16 characters; leave it out to get one."))
        return given
    return None if is_loopback(host) and not public_url else secrets.token_urlsafe(24)


def app_command(data_dir: str | None) -> str:
    """The shell command each tab runs: this Python, this cxnotes, this store, this language."""
    folder = str(paths.data_dir(data_dir))
    return shlex.join([sys.executable, "-m", "cxnotes", "--data-dir", folder, "--lang", language()])


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C."""
    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        raise common.UserError(_("--public-url must start with http:// or https://."))
    # The tabs' app processes inherit the environment: the token stays with the server.
    token = choose_token(args.host, args.token or os.environ.pop(TOKEN_ENV, None) or None, args.public_url)
    with common.open_store(args):  # a store that cannot be opened is said here, once, not in every tab
        pass
    from cxnotes.web.server import CxServer

    server = CxServer(
        app_command(args.data_dir), host=args.host, port=args.port, token=token, public_url=args.public_url
    )
    try:
        server.serve()
    except OSError as error:  # the port is taken, or the address is not this machine's
        why = error.strerror or error
        raise common.UserError(
            _("Cannot listen on {host}:{port}: {reason}").format(host=args.host, port=args.port, reason=why)
        ) from None
    return 0
