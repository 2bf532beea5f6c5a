"""Every action of cxnotes can be reached in a browser, which keeps some keys for itself."""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import cxnotes
from cxnotes.web.keys import BROWSER_KEYS, WEB_KEYMAP


def cxnotes_bindings() -> list[tuple[str, Binding]]:
    """(class name, binding) for every binding a cxnotes class declares itself."""
    for module in pkgutil.walk_packages(cxnotes.__path__, "cxnotes."):
        if not module.name.startswith("cxnotes.web"):
            importlib.import_module(module.name)
    found = []
    classes: list[type] = [DOMNode]
    while classes:
        cls = classes.pop()
        classes += cls.__subclasses__()
        if cls.__module__.startswith("cxnotes.") and "BINDINGS" in vars(cls):
            found += [(cls.__name__, b) for b in cls.BINDINGS if isinstance(b, Binding)]
    return found


def test_every_action_has_a_key_browsers_pass_through() -> None:
    bindings = cxnotes_bindings()
    assert len(bindings) > 40, "the walk found cxnotes' screens"
    for owner, binding in bindings:
        keys = set((WEB_KEYMAP.get(binding.id or "") or binding.key).split(","))
        assert keys - BROWSER_KEYS, f"{owner}: {binding.action} only has keys a browser keeps ({binding.key})"


def test_the_web_keys_are_also_the_terminal_s() -> None:
    """A key learnt in the browser works in the terminal: each web key is one of the binding's own."""
    by_id = {b.id: b for _, b in cxnotes_bindings() if b.id}
    for binding_id, keys in WEB_KEYMAP.items():
        assert binding_id in by_id, f"no binding has the id {binding_id!r}"
        assert set(keys.split(",")) <= set(by_id[binding_id].key.split(",")), binding_id
        assert not set(keys.split(",")) & BROWSER_KEYS


def test_a_download_is_named_from_the_box_in_characters_a_header_keeps() -> None:
    from cxnotes.screens.export import download_name

    fallback = "cxnotes-summary-2026-11-01-to-2026-11-30.html"
    assert download_name("board-summary.html", fallback) == "board-summary.html"
    assert download_name("/home/kim/Documents/q4 report.md", fallback) == "q4-report.md"
    assert download_name('x"; filename=evil.exe\r\n.html', fallback) == "x-filename-evil.exe.html"
    assert download_name("요약 보고서.html", fallback) == fallback
    assert download_name("  ", fallback) == fallback
    assert download_name(".html", fallback) == fallback
