"""The interface's language: gettext catalogues, one language per process at a time.

English is the source language: every user-visible string in the code is English, marked
for translation, and looked up in the chosen language's catalogue when it is shown.

How to mark a string:

- ``_("Saved")`` where the text is built at run time (in a function, a compose, a handler).
- ``N_("Save")`` where it is written at import time (a module constant, a class's
  ``BINDINGS``): ``N_`` only marks it for extraction; translate it with ``_()`` where it
  is shown. Never call ``_()`` at import time: the language is chosen after the import.
- ``pgettext("fix status", "open")`` where one English word means two things.
- ``ngettext("{n} call", "{n} calls", n).format(n=n)`` for counted nouns.
- Placeholders are named and filled with ``str.format`` after the lookup; f-strings cannot
  be extracted.

This module imports no Textual and nothing heavy: ``cxnotes log`` imports it.
"""

from __future__ import annotations

import contextlib
import gettext
import io
import sys
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` costs `cxnotes log` 3 ms to import: annotations only
    from collections.abc import Callable

DOMAIN = "cxnotes"
LOCALE_DIR = Path(__file__).parent / "locale"
"""``locale/<lang>/LC_MESSAGES/cxnotes.po`` (source) and ``.mo`` (built by the install)."""

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


class Catalogue(gettext.NullTranslations):
    """A built catalogue (``.mo``) whose translations are decoded when looked up, not all when opened.

    :class:`gettext.GNUTranslations` decodes all 1,200 of them as it opens: 3 ms of every
    Korean ``cxnotes log``, which looks up twenty. Here opening indexes the original strings
    (as bytes, in one pass over the file's table); lookups follow ``GNUTranslations``' rules
    (a plural entry is found by its singular, and gives ``gettext`` its form for 1; a context is
    ``context + "\\x04"``), and a file this reader does not take (another byte order or
    charset) is read by ``GNUTranslations``. ``tests/test_i18n_lookup.py`` holds every entry of
    the Korean catalogue equal in both.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__()
        if data[:4] != b"\xde\x12\x04\x95" or sys.byteorder != "little":  # words as this machine reads them
            raise ValueError("not a catalogue in this machine's byte order")
        words = memoryview(data)[: len(data) // 4 * 4].cast("I")
        count, originals, self._translations = words[2], words[3] // 4, words[4] // 4
        table = words[originals : originals + 2 * count]
        self._data, self._words = data, words
        self._index: dict[bytes, int] = {}
        """Each original's number, by its bytes (a plural entry's: its singular and a NUL)."""
        for number, (length, start) in enumerate(zip(table[0::2], table[1::2], strict=True)):
            singular, nul, _plural = data[start : start + length].partition(b"\0")
            self._index[singular + nul] = number
        header = self._text(b"")
        if header is not None and "charset=utf-8" not in header.lower().replace(" ", ""):
            raise ValueError("not a UTF-8 catalogue")
        self._plural = _plural_rule(header or "")

    def _text(self, key: bytes) -> str | None:
        """The translation stored for ``key`` (a plural entry's forms NUL-separated), or None."""
        number = self._index.get(key)
        if number is None:
            return None
        at = self._translations + 2 * number
        length, start = self._words[at], self._words[at + 1]
        return self._data[start : start + length].decode("utf-8")

    def _form(self, key: bytes, n: int) -> str | None:
        """The plural entry ``key``'s form for ``n``, or None."""
        found = self._text(key + b"\0")
        forms = [] if found is None else found.split("\0")
        number = self._plural(n)
        return forms[number] if number < len(forms) else None

    def _one(self, key: bytes, message: str) -> str:
        """The entry ``key`` translated; a plural entry's form for 1 (as gettext does); or ``message``."""
        found = self._text(key)
        if found is None:
            found = self._form(key, 1)
        return message if found is None else found

    def gettext(self, message: str) -> str:
        """``message`` translated, or as it is (argparse asks for ``None``: gettext gives it back)."""
        if not isinstance(message, str):
            return message
        return self._one(message.encode("utf-8"), message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """The form for ``n``, translated, or English's."""
        found = self._form(msgid1.encode("utf-8"), n)
        return found if found is not None else msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        """``message`` in ``context``, translated, or as it is."""
        return self._one(f"{context}\x04{message}".encode(), message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        """The form for ``n`` in ``context``, translated, or English's."""
        found = self._form(f"{context}\x04{msgid1}".encode(), n)
        return found if found is not None else msgid1 if n == 1 else msgid2


def _plural_rule(header: str) -> Callable[[int], int]:
    """The ``Plural-Forms`` rule of a catalogue's header, as ``GNUTranslations`` reads it."""
    for line in header.split("\n"):
        name, _colon, value = line.partition(":")
        if name.strip().lower() == "plural-forms" and "plural=" in value:
            return gettext.c2py(value.split(";")[1].split("plural=")[1])
    return lambda n: int(n != 1)


def set_language(language: str) -> None:
    """Speak ``language`` (``"ko"``, ``"en"``) from now on; English where it has no catalogue.

    The catalogue is opened by its path: gettext's own search imports :mod:`locale` and
    tries a dozen spellings of the name, and English, the source language, has none to open.
    """
    global _catalogue, _language
    _language = language
    _catalogue = gettext.NullTranslations()
    if language != "en":
        with contextlib.suppress(FileNotFoundError):
            data = catalogue_path(language).read_bytes()
            try:
                _catalogue = Catalogue(data)
            except ValueError:
                _catalogue = gettext.GNUTranslations(io.BytesIO(data))


def catalogue_path(language: str) -> Path:
    """The built catalogue of ``language`` (it may not exist)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def language() -> str:
    """The language chosen by :func:`set_language` (``"en"`` until then)."""
    return _language


def _(message: str) -> str:
    """``message`` in the current language."""
    return _catalogue.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return _catalogue.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English in other places.

    "open" as a fix's status and "open" as a command are one word in English, two in Korean.
    """
    return _catalogue.pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for the marker
    """Mark ``message`` for translation without translating it (for import-time text)."""
    return message
