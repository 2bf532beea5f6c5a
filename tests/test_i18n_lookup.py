"""The catalogue read on demand (:class:`cxnotes.i18n.Catalogue`) says what gettext's own reader says.

Every entry of the shipped Korean catalogue is looked up both ways: singular, plural (for
several counts) and with a context; and strings the catalogue lacks fall back to English in both.
"""

from __future__ import annotations

import gettext
import io

import pytest
from babel.messages.pofile import read_po

from cxnotes import i18n

KOREAN_PO = i18n.LOCALE_DIR / "ko" / "LC_MESSAGES" / "cxnotes.po"


@pytest.fixture(scope="module")
def readers() -> tuple[i18n.Catalogue, gettext.GNUTranslations]:
    data = i18n.catalogue_path("ko").read_bytes()
    return i18n.Catalogue(data), gettext.GNUTranslations(io.BytesIO(data))


def test_every_korean_entry_reads_the_same_as_with_gettext(
    readers: tuple[i18n.Catalogue, gettext.GNUTranslations],
) -> None:
    ours, theirs = readers
    with KOREAN_PO.open("rb") as file:
        messages = [m for m in read_po(file) if m.id]
    assert len(messages) > 1000
    checked = 0
    for message in messages:
        if isinstance(message.id, tuple):
            one, many = message.id
            for n in (0, 1, 2, 11):
                if message.context:
                    said = ours.npgettext(message.context, one, many, n)
                    assert said == theirs.npgettext(message.context, one, many, n)
                else:
                    assert ours.ngettext(one, many, n) == theirs.ngettext(one, many, n)
            assert ours.gettext(one) == theirs.gettext(one)  # the form for 1, as gettext gives it
        elif message.context:
            said = ours.pgettext(message.context, message.id)
            assert said == theirs.pgettext(message.context, message.id) != message.id
        else:
            assert ours.gettext(message.id) == theirs.gettext(message.id) == message.string
        checked += 1
    assert checked == len(messages)


def test_what_the_catalogue_lacks_is_english_in_both(
    readers: tuple[i18n.Catalogue, gettext.GNUTranslations],
) -> None:
    ours, theirs = readers
    assert (
        ours.gettext("No such message, 없음")
        == theirs.gettext("No such message, 없음")
        == "No such message, 없음"
    )
    assert (
        ours.ngettext("{n} zebra", "{n} zebras", 1)
        == "{n} zebra"
        == theirs.ngettext("{n} zebra", "{n} zebras", 1)
    )
    assert (
        ours.ngettext("{n} zebra", "{n} zebras", 3)
        == "{n} zebras"
        == theirs.ngettext("{n} zebra", "{n} zebras", 3)
    )
    assert ours.pgettext("animal", "zebra") == "zebra" == theirs.pgettext("animal", "zebra")
    assert ours.gettext(None) is None is theirs.gettext(None)  # type: ignore[arg-type]  # argparse asks


def test_korean_is_spoken_through_the_reader_on_demand() -> None:
    try:
        i18n.set_language("ko")
        assert isinstance(i18n._catalogue, i18n.Catalogue)
        assert i18n._("print where the store is") == "저장소 위치를 출력합니다"
    finally:
        i18n.set_language("en")
