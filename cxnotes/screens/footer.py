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

from textual.app import App
from textual.binding import ActiveBinding
from textual.screen import Screen

from cxnotes.i18n import _

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
        """:attr:`bindings_in_english`, translated: what the footer shows."""
        return {key: translated(active) for key, active in self.bindings_in_english.items()}


def english_bindings(screen: Screen[object]) -> dict[str, ActiveBinding]:
    """The screen's active bindings as written in the code (a dialog's are never translated by Textual)."""
    return screen.bindings_in_english if isinstance(screen, KeysInLanguage) else screen.active_bindings


class QuietFooter(KeysInLanguage):
    """Mix in before the screen class; ``FOOTER_HIDES`` names the binding ids to leave out."""

    FOOTER_HIDES: ClassVar[frozenset[str]] = APP_PAGES
    FOOTER_HIDES_NARROW: ClassVar[frozenset[str]] = frozenset()
    """Binding ids also left out under 100 columns (the app's ``-narrow``), where the footer holds
    some 80 cells: a key cut in half (``m Merge in``) reads as neither key."""

    def on_resize(self) -> None:
        """The width may have crossed 100 columns: let the footer pick its keys again."""
        self.refresh_bindings()

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
