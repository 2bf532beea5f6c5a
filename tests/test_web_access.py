"""Who may reach a served cxnotes: the token, the Host and the Origin, on a real ``cxnotes serve``.

textual-serve starts an app process for every websocket, and the app reads every
customer's words: a refused request must get a plain 403 page and start nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from web_support import Server, app_processes, cxnotes_serve, wait_for

from benchmarks.browser import free_port, served
from cxnotes.cli.common import UserError
from cxnotes.cli.serve import choose_token

TOKEN = "correct-horse-battery-staple-42"


@pytest.fixture
def guarded(data_dir: Path, tmp_path: Path) -> Iterator[Server]:
    """A server that requires :data:`TOKEN` (given through the environment, as in production)."""
    yield from cxnotes_serve(data_dir, tmp_path / "serve.log", token=TOKEN)


@pytest.fixture
def open_local(data_dir: Path, tmp_path: Path) -> Iterator[Server]:
    """The default: loopback, no token."""
    yield from cxnotes_serve(data_dir, tmp_path / "serve.log")


async def status_of(url: str, **headers: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as response:
        return response.status, await response.text()


async def websocket_status(url: str, **headers: str) -> int:
    """The status a websocket handshake gets: 101 when it connected (then closed at once)."""
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers=headers) as socket:
                await socket.close()
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


async def test_a_wrong_or_missing_token_gets_a_refusal_and_no_app(guarded: Server) -> None:
    base = f"http://127.0.0.1:{guarded.port}"
    for url in (f"{base}/", f"{base}/?token=wrong", f"{base}/?token={TOKEN[:-1]}"):
        status, page = await status_of(url)
        assert status == 403 and "Not allowed" in page, url
        assert "textual.js" not in page
    ws = f"ws://127.0.0.1:{guarded.port}/ws"
    assert await websocket_status(ws) == 403
    assert await websocket_status(f"{ws}?token=wrong") == 403
    assert await websocket_status(ws, Cookie=f"cxnotes-token-{guarded.port}=wrong") == 403
    assert (await status_of(f"{base}/download/0123456789abcdef"))[0] == 403
    assert app_processes(guarded.pid) == [], "a refused request started an app"

    status, page = await status_of(guarded.url)
    assert status == 200 and f"ws://127.0.0.1:{guarded.port}/ws" in page
    assert await websocket_status(f"{ws}?token={TOKEN}") == 101
    wait_for("the tab's app to quit", lambda: not app_processes(guarded.pid))


async def test_a_websocket_from_another_site_is_refused(open_local: Server) -> None:
    ws = f"ws://127.0.0.1:{open_local.port}/ws"
    assert await websocket_status(ws, Origin="https://evil.example") == 403
    assert app_processes(open_local.pid) == []
    assert await websocket_status(ws, Origin=f"http://127.0.0.1:{open_local.port}") == 101


async def test_without_a_token_only_this_machine_names_are_served(open_local: Server) -> None:
    """DNS rebinding: a site whose name resolves to 127.0.0.1 sends its own name as Host."""
    status, _ = await status_of(open_local.url, Host=f"evil.example:{open_local.port}")
    assert status == 403
    status, page = await status_of(open_local.url.replace("127.0.0.1", "localhost"))
    assert status == 200 and f"ws://localhost:{open_local.port}/ws" in page, "the address the browser used"


async def test_any_other_address_needs_a_token_printed_in_the_link(data_dir: Path, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    argv = [sys.executable, "-m", "cxnotes", "--data-dir", str(data_dir), "serve", "--host", "0.0.0.0"]
    with served([*argv, "--port", str(port)], port, log):
        link = wait_for("the printed link", lambda: re.search(r"http://\S+/\?token=(\S+)", log.read_text()))
        token = link.group(1)
        assert len(token) >= 24
        status, _ = await status_of(f"http://127.0.0.1:{port}/")
        assert status == 403, "bound beyond loopback, even this machine needs the token"
        status, page = await status_of(f"http://127.0.0.1:{port}/?token={token}")
        assert status == 200
        assert "0.0.0.0" not in page, "the page hands out the address the browser used"


def test_token_rules() -> None:
    assert choose_token("127.0.0.1", None) is None
    assert choose_token("localhost", None) is None
    assert choose_token("::1", None) is None
    made = choose_token("0.0.0.0", None)
    assert made and len(made) >= 24 and made != choose_token("0.0.0.0", None)
    assert choose_token("127.0.0.1", TOKEN) == TOKEN
    assert choose_token("127.0.0.1", None, "https://notes.example.com"), "behind a proxy, others come in"
    with pytest.raises(UserError, match="at least 16"):
        choose_token("0.0.0.0", "short")


def test_serve_refuses_a_bad_public_url_in_one_line(data_dir: Path) -> None:
    argv = [
        sys.executable,
        "-m",
        "cxnotes",
        "--data-dir",
        str(data_dir),
        "serve",
        "--public-url",
        "notes.example",
    ]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "cxnotes: --public-url must start with http:// or https://."


def test_the_terminal_commands_do_not_load_the_web_server() -> None:
    """``cxnotes call`` and ``cxnotes log`` start fast: aiohttp and textual-serve stay unloaded."""
    code = (
        "import sys; from cxnotes.__main__ import build_parser; import cxnotes.app\n"
        "for argv in (['call', 'x'], ['log', 'x', '--step', 'use']): build_parser(argv).parse_args(argv)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'textual_serve', 'jinja2')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_serve_refuses_a_damaged_store_in_one_line_before_serving(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "cxnotes.db").write_bytes(b"not a database")
    argv = [sys.executable, "-m", "cxnotes", "--data-dir", str(folder), "serve", "--port", str(free_port())]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "damaged or not a cxnotes store" in result.stderr
    assert "served" not in result.stdout
