"""Messages the app sends to every screen."""

from __future__ import annotations

from textual.message import Message


class StoreReady(Message):
    """The store is open; screens may read it now."""
