"""A real browser on a served app: Debian's headless Chromium driven by Playwright.

Shared by the browser tests (``tests/test_web*.py``) and the web benchmark
(:mod:`benchmarks.web`). Playwright's own browser download cannot work on the
project's machines; the Debian ``chromium`` package is launched by its path
(``make test`` installs it where it is missing).

The page is a terminal drawn on a canvas, so what it shows cannot be read from the
DOM. :data:`RECORDER` (an init script) keeps the text of everything the app sent
over the websocket in ``window.cx.text``: a word the app drew is in it. It also
times keys: :meth:`Tab.time_key` measures from the key's first browser event to the
frame that paints its echo.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, CDPSession, Download, Page, Playwright

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CXNOTES_CHROMIUM", "/usr/bin/chromium"))
"""The Debian chromium; ``$CXNOTES_CHROMIUM`` names another build."""
VIEWPORT = {"width": 1280, "height": 800}
"""About 140x44 cells at the page's 16 px font."""

RECORDER = """
(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  const cx = (window.cx = { text: "", want: null, start: null, painted: null, seen: 0, since: 0 });
  // The first event a key makes (keydown, or input for text an IME or a paste inserts).
  for (const type of ["keydown", "beforeinput"]) {
    document.addEventListener(type, () => {
      if (cx.want && cx.start === null) cx.start = performance.now();
    }, true);
  }
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (typeof event.data === "string") return;
        const text = decoder.decode(event.data, { stream: true });
        cx.text += text;
        if (cx.want && text.includes(cx.want)) {
          cx.want = null;
          // This listener runs before textual.js hands the bytes to xterm, which parses them
          // in a task of its own and draws in the next animation frame: two tasks later, a
          // frame callback runs in the frame that draws the echo.
          const paint = () => requestAnimationFrame(() => { cx.painted = performance.now(); });
          setTimeout(() => setTimeout(paint));
        }
      });
    }
  };
})();
"""


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here (None when they can)."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: apt-get install chromium (make test does it as root)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -e '.[test]'"
    return None


def launch(playwright: Playwright) -> Browser:
    """Headless Chromium from Debian's package, never a downloaded build."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_listening(port: int, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Return once ``port`` accepts connections; fail at once if the server died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {timeout:.0f}s")


@contextlib.contextmanager
def served(
    argv: list[str], port: int, log: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a server command until the block ends, then stop it as Ctrl+C does (tabs' apps save and quit).

    What it prints (and its tabs' apps print when they end) goes to the file ``log``.
    """
    with log.open("ab") as output:
        process = subprocess.Popen(
            argv, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_listening(port, process)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def serve_argv(command: str, port: int) -> list[str]:
    """A web server for any app command, the way ``cxnotes serve`` serves cxnotes (loopback, no token)."""
    code = f"from cxnotes.web.server import CxServer; CxServer({command!r}, port={port}).serve()"
    return [sys.executable, "-c", code]


class Tab:
    """One browser tab on the served app, with what the app drew so far."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._cdp: CDPSession | None = None
        page.add_init_script(RECORDER)

    def open(self, url: str, timeout: float = 30) -> None:
        """Open the page and wait for the app's first frame (no click: keys go to the app at once)."""
        self.page.goto(url)
        self.page.wait_for_selector("body.-first-byte", timeout=timeout * 1000)

    def drawn(self) -> int:
        """How much the app has drawn so far: a mark for :meth:`wait_text`."""
        return int(self.page.evaluate("window.cx.text.length"))

    def wait_text(self, text: str, since: int = 0, timeout: float = 15) -> None:
        """Wait until the app draws ``text`` (after the mark ``since``)."""
        self.page.wait_for_function(
            "([text, since]) => window.cx.text.indexOf(text, since) >= 0",
            arg=[text, since],
            timeout=timeout * 1000,
            polling=20,
        )

    def press_then_wait(self, key: str, text: str, timeout: float = 15) -> None:
        """Press ``key`` and wait until the app draws ``text`` after it (a dialog's title, a screen's)."""
        mark = self.drawn()
        self.page.keyboard.press(key)
        self.wait_text(text, mark, timeout)

    def settle(self, quiet: float = 0.3, timeout: float = 10) -> None:
        """Wait until the app has drawn nothing for ``quiet`` seconds and the page has painted it."""
        self.page.wait_for_function(
            """([quiet]) => {
              const cx = window.cx;
              if (cx.text.length !== cx.seen) { cx.seen = cx.text.length; cx.since = performance.now(); }
              return performance.now() - cx.since >= quiet * 1000;
            }""",
            arg=[quiet],
            timeout=timeout * 1000,
            polling="raf",
        )

    def download(self, start: Callable[[], None], timeout: float = 15) -> Download:
        """Run ``start`` and return the download it causes.

        textual.js opens each download in a new tab (``window.open``) that closes at once;
        Playwright reports the download on the page that opened it.
        """
        with self.page.expect_download(timeout=timeout * 1000) as download:
            start()
        return download.value

    def type_key(self, key: str) -> None:
        """One key making ``key`` (any character, Hangul too) through Chrome's input pipeline.

        Playwright presses only keys of a US keyboard; Chrome's DevTools protocol sends a
        keydown carrying the character, as a keyboard layout that types it directly does.
        """
        if self._cdp is None:
            self._cdp = self.page.context.new_cdp_session(self.page)
        self._cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": key, "text": key})
        self._cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key})

    def time_key(self, key: str, timeout: float = 10) -> float:
        """Milliseconds from ``key``'s first event in the page to the frame that paints it."""
        self.arm(key)
        self.type_key(key)
        self.page.wait_for_function("window.cx.painted !== null", timeout=timeout * 1000, polling="raf")
        return float(self.page.evaluate("window.cx.painted - window.cx.start"))

    def arm(self, key: str) -> None:
        """Watch for ``key``'s echo: its first event and the frame that paints it are timed."""
        self.page.evaluate("(key) => Object.assign(window.cx, {want: key, start: null, painted: null})", key)
