"""Keys for the app in a browser: browsers keep some keys for themselves.

F5 reloads the page, F11 and F12 toggle full screen and the developer tools,
Ctrl+W, Ctrl+T and Ctrl+N close and open tabs and windows, Ctrl+Tab switches tabs.
A page never sees them, so an action bound only to one of them could not be reached.
Every such action also has a key that browsers pass through (in its Binding, so the
terminal has it too); in a browser :data:`WEB_KEYMAP` leaves only that key, so the
footer and F1 show the key that works there.
"""

from __future__ import annotations

BROWSER_KEYS = frozenset({"f5", "f11", "f12", "ctrl+w", "ctrl+t", "ctrl+n", "ctrl+tab"})
"""Keys a browser acts on itself and never hands to the page."""

WEB_KEYMAP: dict[str, str] = {
    "log": "f9",
    "speaker": "ctrl+o",
}
"""Binding id -> the keys it keeps in a browser (an App keymap, see ``App.set_keymap``)."""
