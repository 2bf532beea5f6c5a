"""Text hygiene for everything a user types, pastes or imports.

Notes are shown in a terminal, so a pasted escape sequence could retitle the window,
recolour the screen or hide text; :func:`clean` removes those before text is stored.
It never drops printable characters: Korean, emoji and every other script pass
through unchanged (apart from NFC normalisation, which only recombines them).
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"
"""Marks text that :func:`one_line` shortened; one cell wide."""

# The patterns are kept as text and compiled by `re` when first used (it keeps them compiled):
# most text takes clean()'s fast path and needs none, and compiling them all on import cost
# every `cxnotes log` 3 ms.

_ESCAPES = r"""(?x)
    (?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]      # CSI: colours, cursor moves, ...
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])                  # OSC, DCS, SOS, PM, APC: a string
      [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)                   # ... up to BEL or ST
    | \x1b[\x20-\x2f]*[\x30-\x7e]                            # two-byte escapes (ESC c, ESC ( B)
    """
"""Whole terminal escape sequences; an unterminated one loses only its control bytes."""

_CONTROLS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
"""C0 controls except tab and newline, DEL, and the C1 block."""

_SURROGATES = r"[\ud800-\udfff]"
"""Lone surrogates (undecodable bytes in argv or a file) cannot be saved as UTF-8."""

_LINE_BREAKS = r"\r\n|[\r\u2028\u2029]"
"""Line endings other than ``\\n`` that terminals or Textual would still break lines on."""

_INVISIBLE = (
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U0001d173-\U0001d17a]"
)
"""Invisible format characters with no place in a note.

Bidi controls (U+202A-202E embeddings and overrides, U+2066-2069 isolates, U+200E/F and
U+061C marks) reorder what follows them, so "refund denied\u202e" could show as something
else in a terminal, a table or an exported file; zero-width spaces, word joiners, the BOM
and soft hyphens hide inside names ("김\u200b민지" is not "김민지" to a search) and are
drawn 0 or 1 cells wide depending on the terminal, which throws table columns out of line.
"""

_TAGS = "\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f|[\U000e0001\U000e0020-\U000e007f]"
"""A flag's tag sequence (kept whole: England's and Scotland's flags) or a stray tag character.

Stray tags are invisible ASCII look-alikes that can smuggle text past a reader.
"""

_JOINERS = "[\u200c\u200d]"
"""Zero-width (non-)joiners: kept only where they join (see :func:`_joiner`)."""

_EMOJI_MODIFIERS = frozenset("\ufe0e\ufe0f" + "".join(chr(c) for c in range(0x1F3FB, 0x1F400)))
"""Variation selectors and skin tones, which sit between an emoji and the joiner after it."""


def clean(text: str, *, multiline: bool = True) -> str:
    """Return ``text`` safe to store and show in a terminal.

    Removes whole escape sequences (``"\\x1b[31m"``, ``"\\x1b]0;title\\x07"``), then any
    other C0/C1 control character and DEL, keeping tabs and newlines; then bidi controls and
    zero-width characters (see :data:`_INVISIBLE`), keeping a zero-width joiner only inside an
    emoji sequence ("👩‍👩‍👧") or between letters of scripts that need one (Persian, Indic),
    never in Latin letters or Korean, where it only hides inside a name. Line endings become
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
    text = re.sub(_LINE_BREAKS, "\n", text)
    text = re.sub(_ESCAPES, "", text)
    text = re.sub(_CONTROLS, "", text)
    text = re.sub(_SURROGATES, "\ufffd", text)
    text = re.sub(_INVISIBLE, "", text)
    text = re.sub(_TAGS, lambda tag: tag[0] if len(tag[0]) > 1 else "", text)
    text = re.sub(_JOINERS, _joiner, text)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return unicodedata.normalize("NFC", text)


def _joiner(match: re.Match[str]) -> str:
    """Keep a joiner that joins: emoji to emoji (ZWJ), or two letters of a script that uses joiners."""
    text, at = match.string, match.start()
    before = at - 1
    while before >= 0 and text[before] in _EMOJI_MODIFIERS:
        before -= 1
    if before < 0 or match.end() >= len(text):
        return ""
    left, right = text[before], text[match.end()]
    if match[0] == "\u200d" and _is_emoji(left) and _is_emoji(right):
        return match[0]
    return match[0] if _needs_joiners(left) and _needs_joiners(right) else ""


def _is_emoji(char: str) -> bool:
    """Pictographs (U+2000 and above, category So): what emoji ZWJ sequences join."""
    return char >= "\u2000" and unicodedata.category(char) == "So"


def _needs_joiners(char: str) -> bool:
    """A letter or mark of a script where joiners change the shape (not ASCII, not Hangul)."""
    if char.isascii() or unicodedata.category(char)[0] not in "LM":
        return False
    return not ("\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f" or "\uac00" <= char <= "\ud7ff")


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
    from rich.cells import cell_len, get_character_cell_size  # 2 ms to import: `cxnotes log` shortens nothing

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
