"""The keys' descriptions in the interface's language, and a footer that leaves keys out so a busy
screen's own keys fit (more under 100 columns); F1 lists them.

Binding descriptions are written in English with ``N_()`` at class level (the language is
chosen after the classes are built). :class:`KeysInLanguage` translates them where Textual
reads them, ``active_bindings``, so the footer shows them translated; F1 and the command
palette read the English through :func:`english_bindings` and translate it themselves (the
palette finds an action by either name).
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.cells import cell_len
from textual.app import App
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen

from cxnotes.i18n import _

HELP = "help"
"""Binding id of F1 (the app's): always in the footer, since it lists the keys left out."""

APP_PAGES = frozenset({"log", "fixes", "export", "steps"})
"""Binding ids of the app's F5–F8 pages: F1 and the command palette still list them."""


def translated(active: ActiveBinding) -> ActiveBinding:
    """``active`` with its description and tooltip in the current language."""
    binding = active.binding
    description = _(binding.description) if binding.description else ""
    tooltip = _(active.tooltip) if active.tooltip else ""
    if description == binding.description and tooltip == active.tooltip:
        return active  # English, or nothing to translate: no copy
    return active._replace(binding=replace(binding, description=description), tooltip=tooltip)


class KeysInLanguage(Screen):
    """Mix in before the screen class of every screen with a footer: its keys speak the language."""

    @property
    def bindings_in_english(self) -> dict[str, ActiveBinding]:
        """Textual's ``active_bindings``, as written in the code (F1 and the palette start here)."""
        return super().active_bindings

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """:attr:`bindings_in_english`, translated, and only as many shown as fit: what the footer shows."""
        return fitted(self, {key: translated(active) for key, active in self.bindings_in_english.items()})

    def on_resize(self) -> None:
        """The width changed: let the footer pick the keys that fit again."""
        self.refresh_bindings()


def fitted(screen: Screen[object], found: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """``found`` with the keys that would run past the footer's right edge marked not to show.

    Textual's footer cuts the last key where the screen ends (``f7 내보``, a wide character
    halved); a key left out whole still works, and F1 and the palette list it. Widths follow
    the footer's own padding (``app.tcss`` makes it compact under 100 columns), and the
    palette's key, docked right, keeps its room, and so does F1, which lists every key.
    """
    width = screen.size.width
    if not width:
        return found
    narrow = screen.has_class("-narrow")
    app = screen.app
    palette = found.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE and not narrow else None
    if palette is not None:
        width -= cell_len(app.get_key_display(palette.binding)) + cell_len(palette.binding.description) + 5
    padding = 2 if narrow else 3

    def cells(binding: Binding) -> int:
        return cell_len(app.get_key_display(binding)) + cell_len(binding.description) + padding

    help_key = next((a.binding for a in found.values() if a.binding.id == HELP and a.binding.show), None)
    room, actions = width - (cells(help_key) if help_key else 0), {help_key.action} if help_key else set()
    kept: dict[str, ActiveBinding] = {}
    left_out: set[str] = set()
    for key, active in found.items():
        binding = active.binding
        if binding.show and binding.action not in actions:  # the footer shows one key per action
            actions.add(binding.action)
            room -= cells(binding)
            if room < 0:
                left_out.add(binding.action)
        if binding.show and binding.action in left_out:  # F5 left out: F9 (its twin) too
            active = active._replace(binding=replace(binding, show=False))
        kept[key] = active
    return kept


def english_bindings(screen: Screen[object]) -> dict[str, ActiveBinding]:
    """The screen's active bindings as written in the code (a dialog's are never translated by Textual)."""
    return screen.bindings_in_english if isinstance(screen, KeysInLanguage) else screen.active_bindings


class QuietFooter(KeysInLanguage):
    """Mix in before the screen class; ``FOOTER_HIDES`` names the binding ids to leave out."""

    FOOTER_HIDES: ClassVar[frozenset[str]] = APP_PAGES
    FOOTER_HIDES_NARROW: ClassVar[frozenset[str]] = frozenset()
    """Binding ids also left out under 100 columns (the app's ``-narrow``), where the footer holds
    some 80 cells: a key cut in half (``m Merge in``) reads as neither key."""

    @property
    def bindings_in_english(self) -> dict[str, ActiveBinding]:
        """The screen's and the app's bindings first, then the focused widget's.

        F1 lists them in this order: a text box has some thirty editing keys, and listed
        first they pushed the call's own keys out of sight. Those in ``FOOTER_HIDES`` are
        marked not to show in the footer (they still work, and F1 lists them), and so are
        those in ``FOOTER_HIDES_NARROW`` under 100 columns.
        """
        hides = self.FOOTER_HIDES | (self.FOOTER_HIDES_NARROW if self.has_class("-narrow") else frozenset())
        found = [
            (key, active._replace(binding=replace(active.binding, show=False)))
            if active.binding.id in hides
            else (key, active)
            for key, active in super().bindings_in_english.items()
        ]
        found.sort(key=lambda item: not isinstance(item[1].node, (Screen, App)))
        return dict(found)
