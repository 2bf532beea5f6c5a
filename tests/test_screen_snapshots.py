"""A picture of every screen and dialog at 80x24 and at 120x40, in English and in Korean.

The scenarios come from the registry in ``screen_scenarios``; each one's docstring says what its
English picture must show, and its Korean picture shows the same in Korean. Korean is set as a
user sets it (``$CXNOTES_LANG=ko``, read by :func:`cxnotes.language.start_from` as ``cxnotes``
does at start), and every Korean picture is also checked for words cut at an edge
(:mod:`cut_words`). Regenerate after an intended change with
``pytest tests/test_screen_snapshots.py --snapshot-update`` and look at the SVGs in
``tests/__snapshots__/test_screen_snapshots/`` before committing them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cut_words import Vocabulary, catalogue_texts, literals_in, screen_text
from sample_store import hold_time, sample_store
from screen_scenarios import SCENARIOS, Scenario
from textual.pilot import Pilot

from cxnotes import i18n, language
from cxnotes.__main__ import make_app
from cxnotes.domain.dates import KO_WEEKDAY_NAMES
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise, Step
from cxnotes.storage.store import Store

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
CASES = [pytest.param(s, "en", id=s.name) for s in SCENARIOS] + [
    pytest.param(s, "ko", id=f"{s.name}-ko") for s in SCENARIOS
]
"""English pictures keep their scenario's name as id; Korean ones add ``-ko``."""

KNOWN_CUTS: dict[tuple[str, str], str] = {}
"""Korean pictures whose cut words are known and not fixed yet: the check must still find them (when
it no longer does, the entry goes), and the test is marked xfail with the reason."""

KO = Path(i18n.__file__).parent / "locale" / "ko" / "LC_MESSAGES"


def speak(lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start ``lang`` as ``cxnotes`` does; Korean from the installed catalogue (``make catalog``), or
    from the shipped .po compiled into ``tmp_path`` when the installed one is missing or older."""
    monkeypatch.setenv(language.ENV_VAR, lang)
    mo, po = KO / f"{i18n.DOMAIN}.mo", KO / f"{i18n.DOMAIN}.po"
    if lang == "ko" and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        locale = tmp_path.with_name(tmp_path.name + "-locale")  # beside the store: its folder holds only it
        target = locale / "ko" / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source, (target / mo.name).open("wb") as out:
            write_mo(out, read_po(source, locale="ko"))
        monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    language.start_from([], warn=pytest.fail)  # conftest's `english` fixture speaks English again after


@cache
def korean_words(store_text: tuple[str, ...]) -> Vocabulary:
    """The words a Korean picture may show whole: the catalogue's, the sample store's, those typed."""
    typed = literals_in(Path(__file__).parent / "screen_scenarios.py")
    weekdays = " ".join(KO_WEEKDAY_NAMES)  # 화 11월 24일: the days cxnotes writes, one syllable each
    return Vocabulary.of([*catalogue_texts(KO / f"{i18n.DOMAIN}.po"), weekdays], [*store_text, *typed])


def store_text(folder: Path) -> tuple[str, ...]:
    """Every string held in the store at ``folder`` (names, quotes, lines, titles, steps…)."""
    store = Store.open(folder)
    try:
        kinds = (Call, Customer, Fix, Line, PainPoint, Promise, Step)
        return tuple(sorted({v for kind in kinds for doc in store.docs(kind) for v in _strings(doc)}))
    finally:
        store.close()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("case", "lang"), CASES)
def test_screen(
    case: Scenario,
    lang: str,
    size: tuple[int, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    snap_compare: Any,
) -> None:
    """The picture shows what ``case.shows`` (the scenario's docstring) says; in Korean, no word is cut."""
    speak(lang, tmp_path, monkeypatch)
    hold_time(monkeypatch)
    sample_store(tmp_path)
    shown: list[str] = []

    async def setup(pilot: Pilot[None]) -> None:
        await case.setup(pilot)
        shown.append(screen_text(pilot.app))

    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=setup), case.shows
    if lang == "ko":
        cut = korean_words(store_text(tmp_path)).cut_words(shown[0])
        known = KNOWN_CUTS.get((case.name, f"{size[0]}x{size[1]}"))
        if known:
            assert cut, f"{case.name}: no cut found any more; remove it from KNOWN_CUTS"
            pytest.xfail(f"{known}: {cut}")
        assert not cut, f"{case.name} at {size[0]}x{size[1]} cuts Korean words: {cut}\n{shown[0]}"
