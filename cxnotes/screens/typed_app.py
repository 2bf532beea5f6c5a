"""The typed way for a screen to reach the cxnotes app: its store, ``open_call``, ``leave``.

Textual types ``node.app`` as a plain ``App``, so mypy cannot check calls to what
:class:`~cxnotes.app.CxNotesApp` adds. Every cxnotes screen runs inside that app, so
screens go through :func:`cx_app` instead of ``self.app`` for those. The app module is
imported for type checking only: it imports the call screen, which imports this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from cxnotes.app import CxNotesApp


def cx_app(node: DOMNode) -> CxNotesApp:
    """The running cxnotes app, typed, for a screen or widget mounted in it."""
    return cast("CxNotesApp", node.app)
