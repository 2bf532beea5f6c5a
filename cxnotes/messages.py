"""Messages the app sends to every screen."""

from __future__ import annotations

from textual.message import Message


class StoreReady(Message):
    """The store is open; screens may read it now."""


class StoreChanged(Message):
    """Records changed in another process (the shell, another window, a browser tab)."""

    def __init__(self, tables: frozenset[str]) -> None:
        super().__init__()
        self.tables = tables
        """Names of the tables that changed (``"calls"``, ``"pain_points"``, ...)."""
