"""What the browser tests share: a real ``cxnotes serve``, a real Chromium, the store on disk.

Screenshots are kept in :data:`ARTIFACTS` (``test-artifacts/web/``, not committed)
for a person to look at; CI keeps the folder as the run's artifacts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

from benchmarks.browser import REPO, Tab, chromium_missing, free_port, launch, served
from cxnotes.storage.errors import StoreError
from cxnotes.storage.store import Store

ARTIFACTS = REPO / "test-artifacts" / "web"
"""Screenshots of the pages the browser tests drove (named in the README)."""
T = TypeVar("T")


def need_chromium() -> None:
    """Skip where no browser can run, except in CI, where a missing browser is a failure."""
    why = chromium_missing()
    if why is None:
        return
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium for a test module (each test gets its own context)."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@dataclass
class Server:
    """A running ``cxnotes serve`` on a test's store."""

    url: str
    """The page, as ``cxnotes serve`` would print it (with ``?token=`` when one is required)."""
    port: int
    process: subprocess.Popen[bytes]
    data_dir: Path

    @property
    def pid(self) -> int:
        return self.process.pid


def cxnotes_serve(data_dir: Path, log: Path, *options: str, token: str | None = None) -> Iterator[Server]:
    """``cxnotes serve`` on a free port of 127.0.0.1, until the generator is closed."""
    port = free_port()
    env = dict(os.environ)
    if token:
        env["CXNOTES_SERVE_TOKEN"] = token
    argv = [sys.executable, "-m", "cxnotes", "--data-dir", str(data_dir), "serve", "--port", str(port)]
    with served([*argv, *options], port, log, env=env) as process:
        query = f"?token={token}" if token else ""
        yield Server(f"http://127.0.0.1:{port}/{query}", port, process, data_dir)


def app_processes(server_pid: int) -> list[int]:
    """The processes the server started (each tab's app, and the shell textual-serve runs it through)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [server_pid]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


def wait_for(what: str, probe: Callable[[], T | None], timeout: float = 15) -> T:
    """Poll ``probe`` until it returns something (not None/False), for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.05)


def stored(data_dir: Path) -> Store:
    """The store the served app writes, opened read-only by this test process (the store is many-process)."""
    return wait_for("the store to exist", lambda: _open(data_dir))


def _open(data_dir: Path) -> Store | None:
    try:
        return Store.open(data_dir, readonly=True)
    except StoreError:  # not created yet by the app
        return None


def screenshot(tab: Tab, name: str) -> Path:
    """Keep a picture of the page, once the app has finished drawing, for a person to look at."""
    tab.settle()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.page.screenshot(path=str(path))
    return path
