"""A footer that leaves some of the app's keys out, so a busy screen's own keys fit."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.binding import ActiveBinding
from textual.screen import Screen

APP_PAGES = frozenset({"log", "fixes", "export", "steps"})
"""Binding ids of the app's F5–F8 pages: F1 and the command palette still list them."""


class QuietFooter(Screen):
    """Mix in before the screen class; ``FOOTER_HIDES`` names the binding ids to leave out."""

    FOOTER_HIDES: ClassVar[frozenset[str]] = APP_PAGES

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The screen's bindings, those in ``FOOTER_HIDES`` marked not to show (they still work)."""
        return {
            key: active._replace(binding=replace(active.binding, show=False))
            if active.binding.id in self.FOOTER_HIDES
            else active
            for key, active in super().active_bindings.items()
        }
