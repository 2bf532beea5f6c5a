"""Text hygiene: hostile input loses its control bytes and nothing else."""

from __future__ import annotations

import random
import unicodedata

import pytest
from rich.cells import cell_len

from cxnotes.domain.text import ELLIPSIS, clean, one_line


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("환불해 주세요 😡", "환불해 주세요 😡"),
        ("👩‍👩‍👧 family plan", "👩‍👩‍👧 family plan"),
        ("[b]x[/b] =SUM(A1)", "[b]x[/b] =SUM(A1)"),
        ("\x1b[31mred\x1b[0m text", "red text"),
        ("\x1b[1;38;5;196mbold\x1b[m", "bold"),
        ("\x1b]0;pwned\x07title", "title"),
        ("\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("\x1bP+q544e\x1b\\after", "after"),
        ("\x9b31mC1 CSI", "C1 CSI"),
        ("\x9d0;eight-bit osc\x9cok", "ok"),
        ("\x1bcreset", "reset"),
        ("\x1b(Bcharset", "charset"),
        ("\x1b]0;unterminated", "0;unterminated"),
        ("bell\x07 null\x00 bs\x08 del\x7f nel\x85", "bell null bs del nel"),
        ("tab\tstays", "tab\tstays"),
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("para\u2029line\u2028end", "para\nline\nend"),
        ("bad byte \udcff here", "bad byte \ufffd here"),
        ("", ""),
    ],
)
def test_clean_strips_controls_and_keeps_text(raw: str, expected: str) -> None:
    assert clean(raw) == expected


def test_clean_single_line_turns_breaks_and_tabs_into_spaces() -> None:
    assert clean("김민수\r\n고객\t센터\n", multiline=False) == "김민수 고객 센터 "


def test_clean_recombines_decomposed_korean() -> None:
    decomposed = unicodedata.normalize("NFD", "환불")
    assert len(decomposed) > 2
    assert clean(decomposed) == "환불"


def test_clean_output_has_no_control_characters_at_all() -> None:
    hostile = "".join(chr(c) for c in range(0x00, 0xA0)) + "끝"
    result = clean(hostile)
    assert "끝" in result
    assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in result)


ALPHABET = "a Z=@-+[]/\t\n\r\x1b\x07\x9b\x9c\x00\x7f\u2028\u00a0\u200d\udcff환불ㅎㅘㄴ\u1112\u1161😡é\u0301"
"""Plain and Korean letters, decomposed jamo and accents, controls, escapes, odd spaces and breaks."""


def test_clean_random_text_is_clean_and_clean_text_is_kept_as_it_is() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        raw = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        for multiline in (True, False):
            result = clean(raw, multiline=multiline)
            assert clean(result, multiline=multiline) == result, repr(raw)
            assert unicodedata.is_normalized("NFC", result), repr(raw)
            kept = "\n\t" if multiline else ""
            banned = ("Cc", "Cs", "Zl", "Zp")
            assert all(ch in kept or unicodedata.category(ch) not in banned for ch in result)
            if raw.isprintable() and unicodedata.is_normalized("NFC", raw):
                assert result == raw


@pytest.mark.parametrize(
    ("raw", "width", "expected"),
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("hello world", 8, "hello w…"),
        ("hello world", 6, "hello…"),
        ("환불해 주세요", 13, "환불해 주세요"),
        ("환불해 주세요", 6, "환불…"),
        ("환불해 주세요", 5, "환불…"),
        ("환불해", 1, ELLIPSIS),
        ("anything", 0, ""),
        ("line one\n\n  line two", 40, "line one line two"),
        ("\x1b[31mred\x1b[0m alert", 20, "red alert"),
    ],
)
def test_one_line_fits_display_width(raw: str, width: int, expected: str) -> None:
    result = one_line(raw, width)
    assert result == expected
    assert cell_len(result) <= max(width, 0)


def test_one_line_never_exceeds_width_for_mixed_scripts() -> None:
    text = "고객이 화가 났어요 angry 😡 customer 환불 요청"
    for width in range(0, cell_len(text) + 2):
        assert cell_len(one_line(text, width)) <= width
