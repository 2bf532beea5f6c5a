"""Text hygiene for everything a user types, pastes or imports.

Notes are shown in a terminal, so a pasted escape sequence could retitle the window,
recolour the screen or hide text; :func:`clean` removes those before text is stored.
It never drops printable characters: Korean, emoji and every other script pass
through unchanged (apart from NFC normalisation, which only recombines them).
"""

from __future__ import annotations

import re
import unicodedata

from rich.cells import cell_len, get_character_cell_size

ELLIPSIS = "…"
"""Marks text that :func:`one_line` shortened; one cell wide."""

_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]      # CSI: colours, cursor moves, ...
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])                  # OSC, DCS, SOS, PM, APC: a string
      [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)                   # ... up to BEL or ST
    | \x1b[\x20-\x2f]*[\x30-\x7e]                            # two-byte escapes (ESC c, ESC ( B)
    """,
    re.VERBOSE,
)
"""Whole terminal escape sequences; an unterminated one loses only its control bytes."""

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls except tab and newline, DEL, and the C1 block."""

_SURROGATES = re.compile(r"[\ud800-\udfff]")
"""Lone surrogates (undecodable bytes in argv or a file) cannot be saved as UTF-8."""

_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029]")
"""Line endings other than ``\\n`` that terminals or Textual would still break lines on."""


def clean(text: str, *, multiline: bool = True) -> str:
    """Return ``text`` safe to store and show in a terminal.

    Removes whole escape sequences (``"\\x1b[31m"``, ``"\\x1b]0;title\\x07"``), then any
    other C0/C1 control character and DEL, keeping tabs and newlines. Line endings become
    ``"\\n"``; lone surrogates become U+FFFD; the result is NFC-normalised so that Korean
    typed as separate jamo (as macOS file names and some paste sources deliver it) matches
    the same word typed as syllables in search.

    Args:
        text: anything a user typed, pasted or imported.
        multiline: when False, newlines and tabs become spaces, for one-line fields such
            as a customer's name or a fix title.

    Returns:
        The cleaned text; leading and trailing spaces are kept (callers decide).
    """
    if text.isprintable() and unicodedata.is_normalized("NFC", text):
        return text  # most text: no control, break or surrogate to remove, nothing to recombine
    text = _LINE_BREAKS.sub("\n", text)
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return unicodedata.normalize("NFC", text)


def one_line(text: str, width: int) -> str:
    """Shorten text to at most ``width`` terminal cells, ending in an ellipsis if cut.

    Used for table cells and list rows. Widths are counted in cells, so a Korean
    syllable counts two; runs of whitespace (newlines included) collapse to one space.

    Args:
        text: any text; it is cleaned first.
        width: the number of cells available; 0 or less gives an empty string.

    Returns:
        The text on one line, no wider than ``width`` cells.
    """
    flat = " ".join(clean(text, multiline=False).split())
    if width <= 0:
        return ""
    if cell_len(flat) <= width:
        return flat
    room = width - cell_len(ELLIPSIS)
    kept: list[str] = []
    used = 0
    for char in flat:
        used += get_character_cell_size(char)
        if used > room:
            break
        kept.append(char)
    return "".join(kept).rstrip(" \u200d") + ELLIPSIS
