"""The catalogue check: every user-visible string is marked, and the Korean catalogue matches the code.

What fails, each listed by name: a msgid in the code missing from ``ko/cxnotes.po``, an
entry with an empty or fuzzy msgstr (or placeholders that do not match), an entry the code
no longer has (stale or obsolete), and a user-visible literal in ``cxnotes/`` that is not
marked (:mod:`i18n_lint`). Fix with ``make po`` (refresh the .po from the code), then write
the msgstr; see README "Adding a string".
"""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from i18n_lint import f_strings_in_markers, unmarked

from cxnotes.i18n_catalog import ROOT, compile_catalogues, extract, update

KOREAN = ROOT / "cxnotes" / "locale" / "ko" / "LC_MESSAGES" / "cxnotes.po"


def _key(context: str | None, msgid: str | tuple[str, ...]) -> str:
    singular = msgid[0] if isinstance(msgid, tuple) else msgid
    return f"{context}|{singular}" if context else singular


@pytest.fixture(scope="module")
def code_and_catalogue() -> tuple[dict[str, str], object]:
    template = extract()
    found = {_key(m.context, m.id): f"{m.locations[0][0]}:{m.locations[0][1]}" for m in template if m.id}
    with KOREAN.open("rb") as file:
        return found, read_po(file)


def test_every_msgid_of_the_code_is_in_the_korean_catalogue(code_and_catalogue) -> None:
    found, catalogue = code_and_catalogue
    present = {_key(m.context, m.id) for m in catalogue if m.id}
    missing = [f"{where}: {key!r}" for key, where in found.items() if key not in present]
    assert not missing, f"{len(missing)} msgid(s) missing from {KOREAN.name} (run `make po`):\n" + "\n".join(
        missing
    )


def test_every_korean_entry_is_translated_and_not_fuzzy(code_and_catalogue) -> None:
    _found, catalogue = code_and_catalogue
    untranslated = [
        f"{_key(m.context, m.id)!r}" + (" (fuzzy)" if m.fuzzy else " (empty)")
        for m in catalogue
        if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))
    ]
    broken = [f"{_key(m.context, m.id)!r}: {'; '.join(map(str, errors))}" for m, errors in catalogue.check()]
    assert not untranslated, f"{len(untranslated)} entry(ies) not translated:\n" + "\n".join(untranslated)
    assert not broken, "msgstr placeholders do not match the msgid:\n" + "\n".join(broken)


def test_no_korean_entry_is_stale(code_and_catalogue) -> None:
    found, catalogue = code_and_catalogue
    stale = [repr(_key(m.context, m.id)) for m in catalogue if m.id and _key(m.context, m.id) not in found]
    stale += [f"{_key(m.context, m.id)!r} (obsolete #~)" for m in catalogue.obsolete.values()]
    assert not stale, f"{len(stale)} entry(ies) the code no longer has (run `make po`):\n" + "\n".join(stale)


def test_every_user_visible_string_is_marked() -> None:
    findings = unmarked(ROOT / "cxnotes") + f_strings_in_markers(ROOT / "cxnotes")
    assert not findings, f"{len(findings)} user-visible string(s) not marked for translation:\n" + "\n".join(
        map(str, findings)
    )


SAMPLE = """
from cxnotes.i18n import N_, _
log.error("Store failed: %s", why)                   # logging: not shown
widget = Static(id="calls-list", classes="big")      # ids and classes
self.notify(_("Saved"), severity="warning")          # marked
self.notify(f"Saved {n} lines")                      # unmarked f-string          <- 6
BINDINGS = [Binding("ctrl+s", "save", N_("Save")), Binding("f2", "x", "Promise")]  #  <- 7
yield Label("—")                                     # no words
self.sub_title = "ended " + when                     # unmarked                  <- 9
raise StoreError("Cannot write {path}".format(path=p))  # unmarked              <- 10
data = {"status": "open", "title": "Fix"}             # dict keys and values
table.add_column("term")  # i18n: not shown
parser.add_argument("--at", help=_("when"), metavar="WHEN")
sys.stderr.write(f"cxnotes: {error}\\n")                # only the product's name
self.notify(_(f"Saved {n}"))                          # f-string inside _()     <- 15
Text.assemble("☐ ", (_("due"), "dim"), ("overdue", "red"))  # the last part          <- 16
"""


def test_the_unmarked_check_finds_what_a_user_sees_and_nothing_else(tmp_path: Path) -> None:
    package = tmp_path / "cxnotes"
    (package / "cli").mkdir(parents=True)
    (package / "storage.py").write_text("class StoreError(Exception):\n    pass\n", encoding="utf-8")
    (package / "cli" / "sample.py").write_text(SAMPLE, encoding="utf-8")
    ast.parse(SAMPLE)
    found = {(f.path, f.line) for f in unmarked(package) + f_strings_in_markers(package)}
    assert found == {("cxnotes/cli/sample.py", line) for line in (6, 7, 9, 10, 15, 16)}


def test_make_po_follows_the_code_and_borrows_translations_and_the_mo_is_read(tmp_path: Path) -> None:
    """`make po` adds new msgids, drops stale ones, fills from another branch's .po; compile makes a .mo."""
    package = tmp_path / "cxnotes"
    package.mkdir()
    (tmp_path / "babel.cfg").write_bytes((ROOT / "babel.cfg").read_bytes())
    (package / "screen.py").write_text(
        "from cxnotes.i18n import _\n\n\nclass S:\n"
        '    def action_go(self) -> None:\n        """Go to the call."""\n'
        '        self.notify(_("Saved"))\n        self.notify(_("Not quitting"))\n',
        encoding="utf-8",
    )
    po = package / "locale" / "ko" / "LC_MESSAGES" / "cxnotes.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Language: ko\\n"\n\nmsgid "Gone"\nmsgstr "없음"\n', encoding="utf-8")
    other = tmp_path / "other.po"
    other.write_text('msgid "Saved"\nmsgstr "저장했습니다"\n', encoding="utf-8")
    assert update(tmp_path, borrow=[other]) == []
    with po.open("rb") as file:
        entries = {m.id: m.string for m in read_po(file) if m.id}
    assert entries == {"Go to the call.": "", "Saved": "저장했습니다", "Not quitting": ""}
    compile_catalogues(package / "locale", tmp_path / "built")
    korean = gettext.translation("cxnotes", tmp_path / "built", languages=["ko"])
    assert korean.gettext("Saved") == "저장했습니다"
