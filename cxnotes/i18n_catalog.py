"""The message catalogues' build: extract the marked strings, refresh the ``.po`` files, compile ``.mo``.

One definition of what is extracted (:data:`KEYWORDS`, the mapping in ``babel.cfg``), used by the
install (``setup.py`` compiles the ``.mo`` files), by ``make catalog`` / ``make po`` and by the
catalogue check in the tests, so what the check compares is what a developer refreshes.

Besides the strings marked with :mod:`cxnotes.i18n`'s ``_``, ``N_``, ``pgettext`` and
``ngettext``, the first line of every ``action_*`` method's docstring is extracted: F1 and the
command palette show it as what a key does, so it is user-visible text too.

Run from the project's folder (a developer's tool; nothing here runs when the app starts)::

    python -m cxnotes.i18n_catalog update    # .po files follow the code: new msgids, stale ones dropped
    python -m cxnotes.i18n_catalog update other.po ...  # ... and empty entries filled from these
    python -m cxnotes.i18n_catalog compile   # .po -> .mo next to them (the install does this too)

Merging branches that each translated strings: keep either side's ``.po`` and run ``update`` with
the other sides' ``.po`` files (``git show BRANCH:cxnotes/locale/ko/LC_MESSAGES/cxnotes.po``);
msgids they translate differently are listed on stderr.

Babel is imported inside the functions: it is a build-time tool here.
"""

from __future__ import annotations

import ast
import io
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAIN = "cxnotes"
KEYWORDS: dict[str, Any] = {
    "_": None,
    "N_": None,
    "pgettext": ((1, "c"), 2),
    "ngettext": (1, 2),
}
"""Babel's keyword specs; on the command line ``-k _ -k N_ -k pgettext:1c,2 -k ngettext:1,2``."""

ROOT = Path(__file__).resolve().parent.parent
"""The project folder (holding ``babel.cfg``) when run from a checkout."""

HEADER_COMMENT = "# Korean messages of cxnotes. Glossary: README.md, section Language."


def python_and_actions(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator:
    """Babel extractor: the marked strings of a Python file, and its ``action_*`` docstrings' first lines.

    Registered in ``babel.cfg`` as ``cxnotes = cxnotes.i18n_catalog:python_and_actions``; the
    signature is Babel's.
    """
    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)  # type: ignore[arg-type]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("action_"):
            doc = ast.get_docstring(node)
            if doc and doc.strip():
                yield node.body[0].lineno, None, doc.strip().split("\n")[0], ["what a key does (F1, palette)"]


def extract(root: Path = ROOT) -> Catalog:
    """Every message marked in ``root/cxnotes`` (tests excluded), as a template catalogue."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (root / "babel.cfg").open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    template = Catalog(domain=DOMAIN, project="cxnotes", charset="utf-8")
    found = extract_from_dir(
        str(root / "cxnotes"), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    )
    for filename, lineno, message, comments, context in found:
        path = f"cxnotes/{Path(filename).as_posix()}"
        template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def po_files(root: Path = ROOT) -> list[Path]:
    """The source catalogues: ``cxnotes/locale/<lang>/LC_MESSAGES/cxnotes.po``."""
    return sorted((root / "cxnotes" / "locale").glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def update(root: Path = ROOT, borrow: Sequence[Path] = ()) -> list[str]:
    """Bring every ``.po`` in line with the code: add new msgids (empty), drop stale ones.

    No fuzzy matching: a guessed translation of a changed string reads as right and is wrong.
    ``borrow`` names other ``.po`` files (another branch's, when merging) whose translations
    fill entries still empty here; the first one that has a msgid wins.

    Returns:
        One line per msgid the borrowed files translate differently from the one kept.
    """
    from babel.messages.pofile import read_po, write_po

    template = extract(root)
    donors = []
    for path in borrow:
        with path.open("rb") as file:
            donors.append(read_po(file))
    disagreements: list[str] = []
    for po in po_files(root):
        with po.open("rb") as file:
            catalog = read_po(file)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        for message in catalog:
            offered = [d.get(message.id, message.context) for d in donors]
            texts = [m.string for m in offered if m is not None and m.string and not m.fuzzy]
            empty = not (all(message.string) if isinstance(message.string, tuple) else message.string)
            if message.id and texts and empty:
                message.string = texts[0]
            if message.id and any(text != message.string for text in texts):
                disagreements.append(f"{po.parent.parent.name}: {message.id!r}: kept {message.string!r}")
        with po.open("wb") as file:
            write_po(file, catalog, width=110, sort_by_file=True, include_previous=False)
    return disagreements


def compile_catalogues(source: Path, target: Path) -> list[Path]:
    """Compile ``source/<lang>/LC_MESSAGES/cxnotes.po`` into ``target/<lang>/LC_MESSAGES/cxnotes.mo``.

    Fuzzy and empty entries are left out (English is shown for them). Returns the files written.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(source.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as file:
            catalog = read_po(file, locale=po.parent.parent.name)
        with mo.open("wb") as file:
            write_mo(file, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def main(argv: list[str]) -> int:
    """``update`` or ``compile`` (see the module docstring)."""
    locale_dir = ROOT / "cxnotes" / "locale"
    if argv[:1] == ["update"]:
        for line in update(borrow=[Path(name) for name in argv[1:]]):
            sys.stderr.write(f"translated differently elsewhere: {line}\n")
    elif argv == ["compile"]:
        compile_catalogues(locale_dir, locale_dir)
    else:
        sys.stderr.write("usage: python -m cxnotes.i18n_catalog update [OTHER.po ...] | compile\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
