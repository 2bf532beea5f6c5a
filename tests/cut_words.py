"""Find Korean words cut at an edge in a picture of the screen: the check every Korean snapshot gets.

A Korean label that does not fit is cut mid-word (``상담 분`` for ``상담 분리``), or shortened
with "…" where the layout gave it too little room. A word on screen is *cut* when it is not a
word cxnotes or its user wrote but is the beginning of one: a strict prefix of a word in the
Korean catalogue's msgstrs or in the sample store's own text (or typed by a scenario).

"…" after a Hangul word is fine where the catalogue itself writes it (``병합…``) and where user
text was shortened on purpose (a quote in a table cell); it is a cut when the word before it is
only the beginning of a catalogue word, i.e. a label was shortened to fit.

Words are maximal runs of Hangul syllables, so ``요금이`` and ``청구됐어요`` are words and the
punctuation, digits and Latin letters around them are not part of them.
"""

from __future__ import annotations

import ast
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from textual.app import App
from textual.screen import ModalScreen

HANGUL = re.compile(r"[\uac00-\ud7a3]+")
"""A word: a maximal run of Hangul syllables."""

ELLIPSIS = "…"


def words_in(texts: Iterable[str]) -> set[str]:
    """Every Hangul word in ``texts``."""
    return {word for text in texts for word in HANGUL.findall(text)}


def catalogue_texts(po: Path) -> list[str]:
    """Every msgstr of a .po file (plural forms included), as written."""
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalogue = read_po(source, locale="ko")
    texts: list[str] = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        texts += [s for s in strings if s]
    return texts


def literals_in(source: Path) -> list[str]:
    """The string literals of a Python file that are not docstrings: the text a scenario types."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@dataclass(frozen=True)
class Vocabulary:
    """The words a Korean screen may show whole: the catalogue's, and the user's."""

    labels: frozenset[str]
    """Words of the catalogue's msgstrs."""
    shortened_labels: frozenset[str]
    """Words the catalogue itself writes with "…" after them (``병합…``): not a cut."""
    user: frozenset[str]
    """Words of the sample store's text and of what scenarios type."""

    @classmethod
    def of(cls, catalogue: list[str], user: Iterable[str]) -> Vocabulary:
        shortened = {
            m.group(1) for text in catalogue for m in re.finditer(f"({HANGUL.pattern}){ELLIPSIS}", text)
        }
        return cls(frozenset(words_in(catalogue)), frozenset(shortened), frozenset(words_in(user)))

    def cut_words(self, screen: str) -> list[str]:
        """The words of ``screen`` cut at an edge, each as "word" or "word…", in screen order."""
        whole = self.labels | self.user
        found: list[str] = []
        for match in HANGUL.finditer(screen):
            word = match.group()
            ellipsis = screen.startswith(ELLIPSIS, match.end())
            if ellipsis:
                if word in self.shortened_labels or word in self.user or _begins(word, self.user):
                    continue  # the catalogue writes it so, or user text shortened on purpose
                if word in self.labels or _begins(word, self.labels):
                    found.append(word + ELLIPSIS)  # a label shortened to fit
            elif word not in whole and _begins(word, whole):
                found.append(word)
        return found


def _begins(word: str, words: Iterable[str]) -> bool:
    """Whether ``word`` is the strict beginning of one of ``words``."""
    return any(len(other) > len(word) and other.startswith(word) for other in words)


def screen_text(app: App[object]) -> str:
    """What the app's top screen shows now, as plain text, one line per row.

    The render ``App.export_screenshot`` turns into the snapshot's SVG, printed as text. Over a
    dialog, only the dialog's own region: it covers the words of the screen under it at its
    edges, and that screen is checked in its own picture.
    """
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    lines = console.export_text().splitlines()
    if not isinstance(app.screen, ModalScreen):
        return "\n".join(lines)
    regions = [w.region for w in app.screen.query("*") if not w.children and w.region.area]
    x0, y0 = min(r.x for r in regions), min(r.y for r in regions)
    x1, y1 = max(r.right for r in regions), max(r.bottom for r in regions)
    return "\n".join(_cells(line, x0, x1) for line in lines[y0:y1])


def _cells(line: str, start: int, end: int) -> str:
    """The characters of ``line`` in the cells from ``start`` to ``end`` (a wide one counts two)."""
    out, at = [], 0
    for char in line:
        if start <= at < end:
            out.append(char)
        at += cell_len(char)
    return "".join(out)
