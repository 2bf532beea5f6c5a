"""Find user-visible strings in cxnotes' code that are not marked for translation.

A precise check, not a complete one: it looks only where text goes straight to a user (a
widget, a notification, a key's description, a title, argparse's help, what the CLI prints,
the message of one of cxnotes' own error classes) and reports a literal with words in it
(a plain string, an f-string, a ``"...".format()``, a ``+`` of them) that is not inside
``_()``, ``N_()``, ``pgettext()`` or ``ngettext()``. Text built in a variable first and
shown later is not followed. Literals without letters (``" · "``, ``"—"``) need no
translation; ids, CSS classes, keys, styles and logging are never looked at.

A literal that reaches such a call and is still never shown (a Rich table column whose
header is hidden) says so on its line with :data:`NOT_SHOWN`.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MARKERS = frozenset({"_", "N_", "pgettext", "ngettext"})
"""cxnotes.i18n's functions: a string inside one is marked."""

SAME_IN_EVERY_LANGUAGE = frozenset({"cxnotes"})
"""Names that are never translated (the product's)."""

ARG0 = frozenset({"Label", "Static", "Button", "Checkbox", "RadioButton", "TabPane", "Text", "notify"})
"""Calls whose first argument is shown as it is."""

KEYWORDS: dict[str, frozenset[str]] = {
    "notify": frozenset({"message", "title"}),
    "Input": frozenset({"placeholder"}),
    "Select": frozenset({"prompt"}),
    "Collapsible": frozenset({"title"}),
    "Binding": frozenset({"description", "tooltip"}),
    "add_argument": frozenset({"help"}),
    "add_parser": frozenset({"help", "description", "epilog"}),
    "add_subparsers": frozenset({"title", "description", "help"}),
    "add_argument_group": frozenset({"title", "description"}),
    "ArgumentParser": frozenset({"description", "epilog"}),
    "Parser": frozenset({"description", "epilog"}),
}
"""Calls whose keyword arguments of these names are shown."""

SHOWN_ATTRIBUTES = frozenset({"title", "sub_title", "border_title", "border_subtitle", "TITLE", "SUB_TITLE"})
"""Attributes (and class attributes) whose value a screen or widget shows."""

NOT_SHOWN = "# i18n: not shown"
"""The comment that exempts one line, for a literal a user never sees."""

PRINTING_FOLDERS = ("cli/", "__main__.py")
"""Where ``print()``, ``sys.stderr.write()`` and a console's ``.print()`` talk to a user."""

_WORD = re.compile(r"[^\W\d_]")
"""A letter of any script (a Korean literal in a widget is as unmarked as an English one)."""


@dataclass(frozen=True)
class Finding:
    """One unmarked string: where, and what it starts with."""

    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def error_classes(files: list[Path]) -> frozenset[str]:
    """cxnotes' own exception classes (their messages are shown), and argparse's type error."""
    bases: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {_name(base) for base in node.bases}
    found = {"ArgumentTypeError"}
    roots = {"Exception", "ValueError"}
    while True:
        more = {name for name, parents in bases.items() if parents & (roots | found)} - found
        if not more:
            return frozenset(found)
        found |= more


def unmarked(root: Path) -> list[Finding]:
    """Every unmarked user-visible literal under ``root`` (the ``cxnotes`` package folder)."""
    files = [p for p in sorted(root.rglob("*.py")) if p.name != "i18n_catalog.py"]
    errors = error_classes(files)
    findings: list[Finding] = []
    for path in files:
        relative = path.relative_to(root.parent).as_posix()
        printing = any(part in relative for part in PRINTING_FOLDERS)
        lines = path.read_text(encoding="utf-8").splitlines()
        for _node, value in _shown(_tree(path), errors, printing):
            text = _words(value)
            if text and NOT_SHOWN not in lines[value.lineno - 1]:
                findings.append(Finding(relative, value.lineno, text[:60]))
    return findings


def _shown(tree: ast.AST, errors: frozenset[str], printing: bool) -> Iterator[tuple[ast.AST, ast.expr]]:
    """(node, expression) pairs whose expression a user sees."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield from ((node, arg) for arg in _shown_arguments(node, errors, printing))
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_name(target) in SHOWN_ATTRIBUTES for target in targets):
                yield node, node.value


def _shown_arguments(call: ast.Call, errors: frozenset[str], printing: bool) -> list[ast.expr]:
    name = _name(call.func)
    args: list[ast.expr] = []
    if name in ARG0 or name in errors or name == "from_markup":
        args += call.args[:1]
    if name == "Binding":
        args += call.args[2:3]
    if name == "add_columns":
        args += call.args
    if name == "assemble":  # Text.assemble("text", ("text", "style"), ...)
        args += [arg.elts[0] if isinstance(arg, ast.Tuple) and arg.elts else arg for arg in call.args]
    if name in ("add_column", "add_argument_group"):
        args += call.args[:2] if name == "add_argument_group" else call.args[:1]
    if name == "update" and call.args and isinstance(call.args[0], ast.Constant | ast.JoinedStr):
        args += call.args[:1]  # a widget's text; a dict's update is never given a string
    if name == "error" and "parser" in _name(getattr(call.func, "value", call.func)).lower():
        args += call.args[:1]
    if printing and (name == "print" or (name == "write" and _is_std(call))):
        args += call.args
    keywords = KEYWORDS.get(name, frozenset())
    args += [kw.value for kw in call.keywords if kw.arg in keywords]
    return args


def _is_std(call: ast.Call) -> bool:
    """``sys.stderr.write`` / ``sys.stdout.write``."""
    owner = getattr(call.func, "value", None)
    return isinstance(owner, ast.Attribute) and owner.attr in ("stderr", "stdout")


def _words(node: ast.expr) -> str:
    """The literal text with words that ``node`` shows without translation ("" if none)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.strip() if _has_words(node.value) else ""
    if isinstance(node, ast.JoinedStr):  # format specs ({at:%Y-%m-%d}) are not text
        parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        joined = "{…}".join(parts).strip()
        return joined if _has_words(joined) else ""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _words(node.left) or _words(node.right)
    if isinstance(node, ast.IfExp):
        return _words(node.body) or _words(node.orelse)
    if isinstance(node, ast.Call):
        if _name(node.func) in MARKERS:
            return ""
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
            return _words(node.func.value)
    return ""


def _has_words(text: str) -> bool:
    """Letters left once the product's name is taken out ("cxnotes: {error}" has none)."""
    for name in SAME_IN_EVERY_LANGUAGE:
        text = re.sub(rf"\b{name}\b", "", text)
    return bool(_WORD.search(text))


@functools.cache
def _tree(path: Path) -> ast.Module:
    """The parsed file, once per run (three checks walk every file)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def f_strings_in_markers(root: Path) -> list[Finding]:
    """``_(f"...")``: an f-string cannot be extracted (its text changes with its values)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and _name(node.func) in MARKERS:
                for arg in node.args:
                    if isinstance(arg, ast.JoinedStr):
                        found.append(
                            Finding(path.relative_to(root.parent).as_posix(), arg.lineno, "f-string")
                        )
    return found
