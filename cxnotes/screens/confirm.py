"""A question asked before an operator's note is removed, so a stray key cannot lose one.

Delete removes the highlighted pain point or promise of a live call; an operator typing
fast can hit it by accident and, with no undo, lose a tagged point without noticing. So
the dialog names what would go, as plain text: a quote holding ``[bold]`` shows those characters.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _

QUOTE_CELLS = 40
"""Cells of the quote the question shows: with its words it stays on one line at 80 columns."""


class ConfirmRemoval(ModalScreen[bool]):
    """Asks before removing: y or Enter removes (True), n or Esc keeps (False)."""

    BINDINGS = [
        Binding("y,enter", "dismiss(True)", N_("Remove"), id="confirm-remove"),
        Binding("n,escape", "dismiss(False)", N_("Keep"), id="confirm-keep"),
    ]

    def __init__(self, what: str, text: str) -> None:
        """Ask ``Remove pain point 3 “환불이 너무 늦어요…”?``, the quote cut to one line (in cells).

        Args:
            what: what would go, as the operator sees it listed ("pain point 3", "promise").
            text: its words; shortened, never read as markup.
        """
        super().__init__()
        quote = one_line(text, QUOTE_CELLS)
        asked = _("Remove {what} “{quote}”?") if quote else _("Remove {what}?")
        self.question = Text(asked.format(what=what, quote=quote))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            yield Label(_("y or Enter: remove · n or Esc: keep"), classes="dialog-help")
