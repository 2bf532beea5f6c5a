"""The Korean snapshots' cut-word check finds a cut label and lets whole words and shortened quotes be."""

from __future__ import annotations

from cut_words import Vocabulary

WORDS = Vocabulary.of(
    ["상담 분리…", "병합 대상", "불만 지점", "{what} {rows}행…", "고객을 불러오는 중…"],
    user=["안녕하세요, 이번 달 요금이 두 번 청구됐어요"],
)


def test_a_label_cut_at_the_screen_edge_is_found() -> None:
    assert WORDS.cut_words(" f4 병합 대상  f10 상담 분│") == ["분"]
    assert WORDS.cut_words("불만 지") == ["지"]


def test_a_label_shortened_with_an_ellipsis_is_found() -> None:
    assert WORDS.cut_words("병합 대…") == ["대…"]
    assert WORDS.cut_words("불만 지점…") == ["지점…"]


def test_whole_words_and_the_catalogues_own_ellipsis_pass() -> None:
    assert WORDS.cut_words("상담 분리… · 병합 대상 · 불만 지점 · 3행… · 고객을 불러오는 중…") == []


def test_user_text_shortened_on_purpose_passes() -> None:
    assert WORDS.cut_words("“안녕하세요, 이번 달 요금이 두 번 청구됐…”") == []
    assert WORDS.cut_words("안녕하세요, 이번 달…") == []


def test_words_neither_cxnotes_nor_the_user_wrote_are_not_judged() -> None:
    assert WORDS.cut_words("월요일 오후") == []
