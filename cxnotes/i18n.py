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
from pathlib import Path

DOMAIN = "cxnotes"
LOCALE_DIR = Path(__file__).parent / "locale"
"""``locale/<lang>/LC_MESSAGES/cxnotes.po`` (source) and ``.mo`` (built by the install)."""

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def set_language(language: str) -> None:
    """Speak ``language`` (``"ko"``, ``"en"``) from now on; English where it has no catalogue.

    The catalogue is opened by its path: gettext's own search imports :mod:`locale` and
    tries a dozen spellings of the name, and English, the source language, has none to open.
    """
    global _catalogue, _language
    _language = language
    _catalogue = gettext.NullTranslations()
    if language != "en":
        with contextlib.suppress(FileNotFoundError), catalogue_path(language).open("rb") as file:
            _catalogue = gettext.GNUTranslations(file)


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
