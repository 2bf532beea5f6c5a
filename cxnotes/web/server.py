"""The web server of ``cxnotes serve``: textual-serve, with a token and the address the browser used.

Every browser tab that connects gets its own app process (textual-serve's
design), started with the same data folder, config and environment as the
server, so every tab works on the one store. textual-serve itself has no login:
anyone who reaches the port drives an app that reads every customer's words.
So :class:`CxServer` adds, through textual-serve's route handlers:

* a token, required whenever the server listens beyond this machine; checked
  (in constant time) on the page, on the websocket and on downloads. The page
  takes it from the link's ``?token=``; the websocket and downloads, which
  textual.js opens without it, from an HttpOnly cookie the page sets.
  A wrong or missing token gets a plain 403 page, and no app process starts.
* without a token (loopback only), the Host header must name this machine, so a
  web page the operator visits cannot reach the app through DNS rebinding; and
  a websocket must come from the server's own pages (the Origin header), which
  stops other sites from driving the app in the operator's browser.
* the page's websocket and static addresses are built from the address the
  browser used (or ``--public-url``), where stock textual-serve hands out the
  bind address (``ws://0.0.0.0:8000`` does not connect from another machine).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import socket
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from cxnotes.i18n import _, language

TEMPLATES = Path(__file__).parent / "templates"
"""Our page: textual-serve's, less the font fetched from Google, with keys taken at once."""

SHUTDOWN_WAIT = 10.0
"""Seconds Ctrl+C waits for the tabs' apps to save and quit."""

REFUSAL = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family: sans-serif; margin: 3em">
<h1>{heading}</h1>
<p>{why}</p>
</body></html>
"""
"""The 403 page; its words are filled in (escaped) in the server's language by :meth:`CxServer.refuse`."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, without port) is this machine only."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _hostname(netloc: str) -> str:
    """``example.com`` from ``example.com:8000``, ``::1`` from ``[::1]:8000``."""
    return urlsplit(f"//{netloc}").hostname or ""


class CxServer(Server):
    """textual-serve's server behind a token, handing browsers the address they used."""

    def __init__(
        self,
        command: str,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        token: str | None = None,
        public_url: str | None = None,
        title: str = "cxnotes",
    ) -> None:
        """``token`` None serves without one: only the caller decides that is safe (loopback)."""
        super().__init__(
            command, host=host, port=port, title=title, public_url=public_url, templates_path=TEMPLATES
        )
        self.token = token
        self.given_public_url = public_url.rstrip("/") if public_url else None
        """``--public-url``: where browsers reach us (a reverse proxy); None means the Host header."""
        self.cookie = f"cxnotes-token-{port}"
        """Per port, so two servers on one machine keep apart (cookies ignore the port)."""
        self._tabs: set[asyncio.Task[Any]] = set()
        """The running websocket handlers, one per tab (each drives an app process)."""

    def initialize_logging(self) -> None:
        """textual-serve's logging, less aiohttp's access log: it would print every link's token."""
        super().initialize_logging()
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    # -- who may come in ----------------------------------------------------------------------

    def token_ok(self, request: web.Request) -> bool:
        """The request carries the token (query or cookie), or none is needed and it names this machine."""
        if self.token is None:
            return is_loopback(_hostname(request.host))
        expected = self.token.encode()
        given = [request.query.get("token", ""), request.cookies.get(self.cookie, "")]
        # compare_digest on every candidate, so timing tells nothing about which was close.
        return any([hmac.compare_digest(candidate.encode(), expected) for candidate in given])

    def origin_ok(self, request: web.Request) -> bool:
        """A websocket opened by our own page: its Origin is the host it talks to (or --public-url)."""
        origin = request.headers.get("Origin")
        if origin is None:  # not a browser: the token alone decides
            return True
        allowed = {request.host.lower()}
        if self.given_public_url:
            allowed.add(urlsplit(self.given_public_url).netloc.lower())
        return urlsplit(origin).netloc.lower() in allowed

    @staticmethod
    def refuse() -> web.Response:
        """A plain 403 page saying what is missing."""
        why = _(
            "This cxnotes server needs the link with its token (...?token=...). "
            "Ask the person who runs 'cxnotes serve' for the link."
        )
        page = REFUSAL.format(
            lang=escape(language()),
            title=escape(_("cxnotes: not allowed")),
            heading=escape(_("Not allowed")),
            why=escape(why),
        )
        return web.Response(status=403, text=page, content_type="text/html")

    # -- textual-serve's handlers, checked ---------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        """The page, with the websocket address the browser can reach; a 403 page without the token."""
        if not self.token_ok(request):
            return self.refuse()
        response = aiohttp_jinja2.render_template("app_index.html", request, self._page(request))
        response.headers["Cache-Control"] = "no-store"  # the page names the token's cookie
        response.headers["X-Frame-Options"] = "DENY"
        if self.token is not None:
            response.set_cookie(
                self.cookie,
                self.token,
                httponly=True,
                samesite="Strict",
                secure=self._base(request).startswith("https"),
            )
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start an app process for this tab, only for a tab that may have one."""
        if not (self.token_ok(request) and self.origin_ok(request)):
            raise web.HTTPForbidden(text=_("Not allowed: open the link with the server's token."))
        task = asyncio.current_task()
        assert task is not None
        self._tabs.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self._tabs.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C: end every tab's app as closing the tab does (it saves and quits), then stop.

        textual-serve leaves open tabs running, and aiohttp would wait a minute for them.
        Cancelled, a tab's handler closes its websocket and tells its app to quit.
        """
        for task in self._tabs:
            task.cancel()
        if self._tabs:
            await asyncio.wait(self._tabs, timeout=SHUTDOWN_WAIT)

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """An export the app delivers; its key is secret too, but the token is still asked for."""
        if not self.token_ok(request):
            return self.refuse()
        return await super().handle_download(request)

    def _base(self, request: web.Request) -> str:
        """``http://host:port`` as this browser reached us, or ``--public-url``."""
        return self.given_public_url or f"{request.scheme}://{request.host}"

    def _page(self, request: web.Request) -> dict[str, Any]:
        base = self._base(request)
        scheme, rest = base.split("://", 1)
        websocket = ("wss" if scheme == "https" else "ws") + f"://{rest}/ws"
        try:
            font_size = int(request.query.get("fontsize", "16"))
        except ValueError:
            font_size = 16
        return {
            "websocket_url": websocket,
            "static_url": f"{base}/static/",
            "font_size": font_size,
            "lang": language(),
            "closed": _("The app has closed."),
            "open_again": _("Open again"),
        }

    async def on_startup(self, app: web.Application) -> None:
        """Say where to open the app (with the token); textual-serve's banner would print the bind address."""
        self.console.print(_("cxnotes is served. Open this in a browser:"), highlight=False)
        self.console.print(f"  {self.open_url()}", highlight=False, soft_wrap=True)
        self.console.print(_("Ctrl+C stops the server (each tab's notes are saved first)."), highlight=False)

    def open_url(self) -> str:
        """The link to print: --public-url, else this machine's name (or loopback) and the port."""
        if self.given_public_url:
            base = self.given_public_url
        else:
            host = self.host
            if host in ("0.0.0.0", "::", ""):
                host = socket.getfqdn()
            if ":" in host:
                host = f"[{host}]"
            base = f"http://{host}:{self.port}"
        return f"{base}/?token={self.token}" if self.token else f"{base}/"
