"""Which language cxnotes speaks: the one rule, applied once when the process starts.

In order, the first that names a language wins:

1. ``--lang LANG`` on the command line;
2. ``$CXNOTES_LANG``;
3. ``[ui] lang = "ko"`` in the config file (:mod:`cxnotes.config`);
4. the locale: ``$LC_ALL``, ``$LC_MESSAGES``, ``$LANG`` (``ko_KR.UTF-8`` is Korean);
5. English.

The first three are the user's explicit choice: a language cxnotes has no catalogue for is an
error there. The locale is the machine's: a language without a catalogue is English.

:func:`start` runs before any parser or screen is built, because argparse and the app take
their words at construction. ``cxnotes serve`` hands the chosen language to every browser
tab's process on its command line (:func:`cxnotes.cli.serve.app_command`).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping, Sequence

from cxnotes import i18n
from cxnotes.i18n import _

ENV_VAR = "CXNOTES_LANG"
"""Environment variable choosing the language, after ``--lang``."""

OPTION = "--lang"
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")
"""The POSIX locale variables, in the order they override each other."""


class LanguageError(ValueError):
    """A language was asked for that cxnotes does not speak; ``str()`` is one line."""


def available() -> list[str]:
    """English and every language whose catalogue is built (``locale/<lang>/LC_MESSAGES/cxnotes.mo``)."""
    built = sorted(mo.parent.parent.name for mo in i18n.LOCALE_DIR.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.mo"))
    return ["en", *built]


def normalise(name: str) -> str:
    """``ko_KR.UTF-8``, ``ko-KR`` and ``KO`` are ``ko``; ``C`` and ``POSIX`` are English."""
    base = name.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return "en" if base in ("c", "posix", "") else base


def option_in(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` among the options before the subcommand, or None.

    Read before the parser is built: the parser's own words (``usage:``) are in that language.
    """
    for i, word in enumerate(argv):
        if word == OPTION and i + 1 < len(argv):
            return argv[i + 1]
        if word.startswith(OPTION + "="):
            return word.partition("=")[2]
    return None


def choose(option: str | None, environ: Mapping[str, str] = os.environ, *, use_config: bool = True) -> str:
    """The language to speak, by the rule of this module's docstring.

    ``use_config`` False skips the config file (it was found broken: see :func:`start_from`).

    Raises:
        LanguageError: ``--lang``, ``$CXNOTES_LANG`` or the config file names a language
            without a catalogue.
        cxnotes.config.ConfigError: the config file is consulted and cannot be read.
    """
    explicit = [(option, "--lang"), (environ.get(ENV_VAR), f"${ENV_VAR}")]
    for value, where in explicit:
        if value:
            return _known(value, where)
    if use_config:
        from cxnotes.config import config_path, load_language  # only when no option or variable chose

        configured = load_language()
        if configured:
            return _known(configured, str(config_path()))
    for name in LOCALE_VARS:
        if environ.get(name):
            language = normalise(environ[name])
            return language if _speaks(language) else "en"
    return "en"


def _speaks(language: str) -> bool:
    """Whether cxnotes speaks ``language`` (English always: the catalogues are looked for only for others)."""
    # Its own catalogue looked for, not every one (a glob: 0.2 ms of every Korean `cxnotes log`).
    return language == "en" or (language.isalpha() and i18n.catalogue_path(language).exists())


def _known(value: str, where: str) -> str:
    language = normalise(value)
    if not _speaks(language):
        raise LanguageError(
            _("{where}: cxnotes does not speak {language!r}; choose one of: {known}.").format(
                where=where, language=value, known=", ".join(available())
            )
        )
    return language


def start(language: str) -> None:
    """Speak ``language`` in this process, argparse's own words included.

    argparse looks up "usage:", "options", its error messages and the rest through the
    ``_`` and ``ngettext`` it imported from :mod:`gettext` (the process-wide C-locale
    domain, blind to our choice). Pointing those two names at our catalogue translates
    every such word; :mod:`cxnotes.i18n_borrowed` lists them for extraction.
    """
    i18n.set_language(language)
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def start_from(argv: Sequence[str], warn: Callable[[str], object]) -> None:
    """Choose the language for this command line and :func:`start` it: what ``cxnotes`` runs first.

    A config file that cannot be read is reported through ``warn`` and skipped: the operator
    still gets the app (in the locale's language), and the file's error is not kept quiet.

    Raises:
        LanguageError: ``--lang`` or ``$CXNOTES_LANG`` or the config names an unknown language.
    """
    from cxnotes.config import ConfigError, load_language

    option = option_in(argv)
    try:
        start(choose(option))
    except ConfigError:
        start(choose(option, use_config=False))
        try:  # read again, so the error is told in the language now chosen
            load_language()
        except ConfigError as error:
            warn(str(error))


def add_option(parser: argparse.ArgumentParser) -> None:
    """``--lang LANG`` on the top-level parser, so it is documented and accepted."""
    parser.add_argument(
        OPTION,
        metavar="LANG",
        help=_(
            "language of the interface: en or ko (default: ${var}, the config file, then the locale)"
        ).format(var=ENV_VAR),
    )
