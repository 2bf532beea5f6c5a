"""Words cxnotes shows that argparse and Textual wrote: marked here so the catalogue translates them.

Nothing imports this module; extraction reads it. argparse looks its words up through our
catalogue once :func:`cxnotes.language.start` has run; Textual's key descriptions are
translated where cxnotes shows them (the footer hook in :mod:`cxnotes.screens.footer`, F1,
the command palette). The English must match the library's text exactly (Python 3.11's
argparse, Textual 8): a word that does not match is shown in English, and the catalogue
check cannot see it, so compare them when upgrading either.
"""

from __future__ import annotations

from cxnotes.i18n import N_

ARGPARSE = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
"""argparse's messages and headings a user of ``cxnotes`` can meet (its one counted message,
"expected %s arguments", is for ``nargs=N`` options, which cxnotes has none of)."""


TEXTUAL = (
    N_("palette"),
    N_("Open the command palette"),
    N_("Exit the command palette"),
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    N_("Open link"),
    N_("Quit"),
    N_("Quit the app and return to the command prompt."),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Hide the keys and widget help panel"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)
"""Textual's key descriptions, tooltips and system commands that cxnotes' screens show."""
