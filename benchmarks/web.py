"""Key-to-screen latency and open-to-first-key in a browser: cxnotes served beside a bare Textual app.

Both apps are served the same way (:class:`cxnotes.web.server.CxServer`, one app
process per tab) and driven by the same headless Chromium in the same run, so the
ratio says what cxnotes adds on top of Textual and textual-serve on this machine.

Key latency: from the key's first event in the page (keydown) to the animation
frame that paints its echo (see :data:`benchmarks.browser.RECORDER`). Every key is
a different Hangul syllable, so its first appearance in what the app sends back
can only be its echo. Keys go one at a time with a short random pause; the two
apps take turns in blocks of keys, so a noisy neighbour slows both alike. cxnotes
runs ``cxnotes call`` (the typing box of a live call); an Enter (not timed) ends a
transcript line every :data:`LINE_KEYS` keys.

Open to first key: from opening the URL (the page's time origin) to the frame
that paints a key typed as soon as the page has loaded, with no click; the app
process starts when the page connects. The median of :data:`LAUNCHES` opens.

Run with ``python -m benchmarks.web`` (``CXNOTES_BENCH_QUICK=1`` for a tenth of
the keys). It prints a table; it is not part of ``make bench`` yet.
"""

from __future__ import annotations

import random
import shlex
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from benchmarks.browser import VIEWPORT, Tab, chromium_missing, free_port, launch, serve_argv, served
from benchmarks.common import percentile, samples
from benchmarks.pty_app import unique_keys

KEYS = 300
"""Keys timed per app."""
BLOCK = 25
"""Keys typed into one app before the other takes its turn."""
LINE_KEYS = 40
"""Keys per transcript line in cxnotes: an Enter (not timed) follows every this many."""
PAUSE = (0.03, 0.08)
"""Seconds between keys, drawn at random from this range."""
LAUNCHES = 5
"""Opens per app for open-to-first-key; the median is reported."""
TARGET = 1.2
"""cxnotes' p99 key latency may be at most this many times the bare app's."""


def commands(data_dir: Path) -> dict[str, str]:
    """The app command each server runs per tab: cxnotes in a live call, and the bare TextArea app."""
    python = shlex.quote(sys.executable)
    return {
        "cxnotes": f"{python} -m cxnotes --data-dir {shlex.quote(str(data_dir))} call",
        "bare Textual TextArea": f"{python} -m benchmarks.bare_app",
    }


def open_to_key(browser: object, url: str, key: str) -> float:
    """Milliseconds from opening ``url`` to the frame painting ``key``, typed as soon as the page loaded."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
    try:
        tab = Tab(context.new_page())
        tab.page.goto(url, wait_until="load")
        tab.arm(key)
        tab.type_key(key)
        tab.page.wait_for_function("window.cx.painted !== null", timeout=60_000, polling="raf")
        return float(tab.page.evaluate("window.cx.painted"))  # since the page's time origin: opening it
    finally:
        context.close()


def main() -> int:
    why = chromium_missing()
    if why:
        print(f"benchmarks.web: {why}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    keys = iter(unique_keys(4 * KEYS + 4 * LAUNCHES))
    rng = random.Random(12)
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as stack:
        urls = {}
        for name, command in commands(Path(scratch) / "store").items():
            port = free_port()
            stack.enter_context(served(serve_argv(command, port), port, Path(scratch) / f"{port}.log"))
            urls[name] = f"http://127.0.0.1:{port}/"
        playwright = stack.enter_context(sync_playwright())
        browser = launch(playwright)

        opened: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(samples(LAUNCHES)):
            for name, url in urls.items():
                opened[name].append(open_to_key(browser, url, next(keys)))

        tabs = {}
        for name, url in urls.items():
            tabs[name] = Tab(browser.new_context(viewport=VIEWPORT).new_page())
            tabs[name].open(url)
        latency: dict[str, list[float]] = {name: [] for name in urls}
        total = samples(KEYS)
        while any(len(times) < total for times in latency.values()):
            for name, tab in tabs.items():
                for _ in range(min(BLOCK, total - len(latency[name]))):
                    if latency[name] and len(latency[name]) % LINE_KEYS == 0:
                        tab.page.keyboard.press("Enter")
                    tab.page.wait_for_timeout(rng.uniform(*PAUSE) * 1000)
                    latency[name].append(tab.time_key(next(keys)))
        browser.close()

    ours, bare = latency["cxnotes"], latency["bare Textual TextArea"]
    print(f"Key to screen in the browser, {total} keys each (ms):")
    print("| app | p50 | p99 | open URL to first key (median) |")
    print("|---|---|---|---|")
    for name in urls:
        times = latency[name]
        first = percentile(opened[name], 0.5)
        print(f"| {name} | {percentile(times, 0.5):.1f} | {percentile(times, 0.99):.1f} | {first:.0f} |")
    ratio = percentile(ours, 0.99) / percentile(bare, 0.99)
    print(f"p99 ratio cxnotes / bare: {ratio:.2f} (target <= {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
