"""F1: what each key does on the screen underneath, in cxnotes' words, over the screen (never beside it).

Textual's key panel listed the focused widget's keys as Textual names them (``↑ Scroll
Up`` in the typing box, where ↑ walks back through the lines) and squeezed the typing
box to make room. This screen lists the screen's own keys first: the ones a screen
describes itself (:attr:`HELP_FIRST`: Enter, Tab, Delete, ↑, which act differently in
each part of the screen), then every bound action with its keys and the first line of
its docstring, then the keys that work everywhere. It scrolls, so it fits at 80x24.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from cxnotes.i18n import N_, _
from cxnotes.screens.footer import english_bindings

HELP_FIRST = "HELP_FIRST"
"""Name of the class attribute a screen lists its own (keys, what they do) rows in, shown first."""


_NAMES = {"escape": "Esc", "up": "↑", "down": "↓", "left": "←", "right": "→", "delete": "Delete"}


def key_name(key: str) -> str:
    """A key as printed on a keyboard: "ctrl+g" is "Ctrl+G", "f2" is "F2", "escape" is "Esc"."""
    *modifiers, last = key.split("+")
    shown = _NAMES.get(last, last.upper() if len(last) == 1 or last[0] == "f" else last.capitalize())
    return "+".join([*(m.capitalize() for m in modifiers), shown])


def key_rows(screen: Screen[object]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(keys, what) rows of ``screen``: its own keys, and the app's keys that work everywhere.

    Widgets' own keys (cursor movement, scrolling) are left out: they do what they do in any
    program, and in Textual's words they misled (``↑ Scroll Up``). What a key does is in the
    interface's language (:func:`what_it_does`); :data:`HELP_FIRST` rows are written with ``N_()``.
    """
    first: list[tuple[str, str]] = [(keys, _(what)) for keys, what in getattr(screen, HELP_FIRST, [])]
    described = {name for keys, _what in first for name in keys.split(" / ")}
    keys: dict[tuple[int, str], list[str]] = {}
    found: list[tuple[DOMNode, Binding]] = []
    for key, active in english_bindings(screen).items():
        node, binding = active.node, active.binding
        if not binding.description or not isinstance(node, Screen | App) or key_name(key) in described:
            continue
        which = (id(node), binding.action)
        if which not in keys:
            keys[which] = []
            found.append((node, binding))
        keys[which].append(key_name(key))
    own, everywhere = first, list[tuple[str, str]]()
    for node, binding in found:
        row = (" / ".join(keys[(id(node), binding.action)]), what_it_does(node, binding))
        (everywhere if isinstance(node, App) else own).append(row)
    return own, everywhere


def what_it_does(node: DOMNode, binding: Binding) -> str:
    """The first line of the action's docstring, translated; else the key's description, translated.

    The docstrings' first lines are in the catalogue (the extraction takes them, see
    :mod:`cxnotes.i18n_catalog`); one not translated yet gives way to a translated
    description rather than show English.
    """
    method = getattr(node, f"action_{binding.action.split('(')[0]}", None)
    about = (method.__doc__ or "").strip().split("\n")[0] if method else ""
    described = _(binding.description) if binding.description else ""
    if about and (_(about) != about or described == binding.description):
        return _(about)
    return described or about


def _table(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    # A read-only call binds eight keys to one action: they wrap, instead of squeezing what they do.
    table.add_column(style="bold", max_width=22)
    table.add_column(ratio=1)
    for keys, what in rows:
        table.add_row(Text(keys), Text(what, overflow="fold"))
    return table


class KeysScreen(ModalScreen[None]):
    """Every key of the screen underneath, with what it does there; F1 or Esc closes it."""

    BINDINGS = [Binding("escape,f1,q", "dismiss(None)", N_("Close"), id="keys-close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.own, self.everywhere = key_rows(under)
        self.under_title = under.title or type(under).__name__

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="keys"):
            yield Label(_("Keys · {screen}").format(screen=self.under_title), classes="dialog-title")
            yield Static(_table(self.own), id="keys-here")
            yield Label(_("Everywhere"), classes="dialog-title keys-everywhere")
            yield Static(_table(self.everywhere), id="keys-everywhere")
            yield Label(_("F1 or Esc closes · ↑/↓ scroll"), classes="dialog-help")
