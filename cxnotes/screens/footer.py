"""A footer that leaves some of the app's keys out, so a busy screen's own keys fit; F1 lists them first."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import App
from textual.binding import ActiveBinding
from textual.screen import Screen

APP_PAGES = frozenset({"log", "fixes", "export", "steps"})
"""Binding ids of the app's F5–F8 pages: F1 and the command palette still list them."""


class QuietFooter(Screen):
    """Mix in before the screen class; ``FOOTER_HIDES`` names the binding ids to leave out."""

    FOOTER_HIDES: ClassVar[frozenset[str]] = APP_PAGES

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The screen's and the app's bindings first, then the focused widget's.

        F1 lists them in this order: a text box has some thirty editing keys, and listed
        first they pushed the call's own keys out of sight. Those in ``FOOTER_HIDES`` are
        marked not to show in the footer (they still work, and F1 lists them).
        """
        found = [
            (key, active._replace(binding=replace(active.binding, show=False)))
            if active.binding.id in self.FOOTER_HIDES
            else (key, active)
            for key, active in super().active_bindings.items()
        ]
        found.sort(key=lambda item: not isinstance(item[1].node, (Screen, App)))
        return dict(found)
