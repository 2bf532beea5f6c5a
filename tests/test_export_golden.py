"""Exports of the fixed store, byte for byte, and what each format does with hostile text.

md, csv and json are compared with ``tests/golden/``; after a deliberate change of a
format, rewrite them with ``CXNOTES_UPDATE_GOLDEN=1 pytest tests/test_export_golden.py``
and read the diff before committing it. html is parsed instead: its checks (escaping,
nothing loaded from anywhere, phone and print CSS) say more than a byte comparison.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from test_export_store import NOW, make_store

from cxnotes import export
from cxnotes.export.csv_export import BOM, FORMULA_STARTS
from cxnotes.storage.store import Store

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = ("<script>", "[b]", "\x1b", "\x07")
"""What must never reach a reader unescaped: html, Rich markup, a terminal escape, a bell."""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = make_store(tmp_path / "store")
    yield opened
    opened.close()


def render(store: Store, fmt: str, **options: object) -> str:
    return export.render(store, fmt, now=NOW, **options)  # type: ignore[arg-type]


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CXNOTES_UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8"), f"{name} changed; see the module docstring"


@pytest.mark.parametrize(
    ("fmt", "name", "names"),
    [
        ("md", "summary.md", False),
        ("md", "summary-names.md", True),
        ("csv", "pain-points.csv", False),
        ("json", "export.json", False),
    ],
)
def test_golden(store: Store, fmt: str, name: str, names: bool) -> None:
    check_golden(name, render(store, fmt, include_names=names))


def test_the_summary_counts_what_a_ceo_asks_for(store: Store) -> None:
    md = render(store, "md")
    # c4 only wrote an email (a pain point without a call): still a customer heard.
    assert "| Customers heard | 4 | 1 | +3 |" in md
    assert "| Calls | 3 | 1 | +2 |" in md
    assert "| Pain points | 6 | 1 | +5 |" in md
    assert "| 2026-03-20 | 환불 확인 전화 드리기 | 1년 회원 | **OVERDUE** |" in md
    assert "| 2026-03-30 (2 of 7 days) | 0 |  |" in md
    assert "- “Our company closed down” — 1 customer, severity up to 5" in md.split("**Involuntary**")[1]


def test_names_only_when_asked(store: Store) -> None:
    for fmt in ("md", "html", "csv"):
        assert "김민지" not in render(store, fmt), fmt
        assert "김민지" in render(store, fmt, include_names=True), fmt
    assert "김민지" in render(store, "json"), "json is a backup: it keeps names"


def test_markdown_renders_user_text_as_text(store: Store) -> None:
    html = MarkdownIt("gfm-like").render(render(store, "md"))
    assert "<script" not in html and "<b>" not in html
    assert "<a " not in html, "a quoted address or email must not become a link"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[b]crash[/b]" in html
    assert not any(code in html for code in ("\x1b", "\x07"))
    assert "환불이 2주째 안 됐어요. 너무 화나요!" in html


class Page(HTMLParser):
    """Collects what the checks look at: tags with their attributes, text, style and meta."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.text.append(data)


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def test_html_is_one_self_contained_escaped_page(store: Store) -> None:
    page = parse(render(store, "html"))
    names = [tag for tag, _ in page.tags]
    assert "script" not in names, "user text became a script tag"
    assert not {"link", "img", "iframe", "object", "embed", "base"} & set(names)
    for tag, attrs in page.tags:
        for attribute in ("src", "href", "xlink:href", "action"):
            assert attribute not in attrs, f"<{tag} {attribute}> loads or links something"
    assert "url(" not in page.style and "@import" not in page.style
    assert names.count("svg") == 2, "the step and week charts are inline SVG"
    csp = next(a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in (csp["content"] or "")
    text = "".join(page.text)
    assert "Export <script>alert(1)</script> [b]crash[/b]" in text, "shown literally, as typed"
    assert "enterprise <b>" in text
    assert "환불 처리 지연" in text and "“Our company closed down”" in text
    assert not any(code in text for code in ("\x1b", "\x07"))


def test_html_headline_colours_only_news_that_is_good_or_bad(store: Store) -> None:
    page = render(store, "html")
    assert '<b>3</b>Calls<span class=""> ▲ 2</span>' in page, "more calls is neither good nor bad"
    assert '<b>6</b>Pain points<span class="worse"> ▲ 5</span>' in page


def test_html_reads_on_a_phone_and_prints_on_a4(store: Store) -> None:
    page = parse(render(store, "html"))
    viewport = next(a for t, a in page.tags if t == "meta" and a.get("name") == "viewport")
    assert viewport["content"] == "width=device-width, initial-scale=1"
    assert "@page { size: A4" in page.style
    assert "@media print" in page.style
    assert "auto-fit" in page.style, "headline cards and lists reflow to the width"
    assert ("meta", {"charset": "utf-8"}) in page.tags


def test_csv_neutralises_formulas_and_keeps_korean(store: Store) -> None:
    text = render(store, "csv", include_names=True)
    assert text.startswith(BOM)
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert len(rows) == 1 + 6
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
            assert not any(code in cell for code in ("\x1b", "\x07")), cell
    cells = {cell for row in rows for cell in row}
    assert '\'=HYPERLINK("http://evil.example","click")' in cells, "neutralised, not dropped"
    assert "'=SUM(A1:A9) pricing page" in cells
    assert "'-1 star, @everyone\tknows the price is hidden" in cells
    assert "'+82 메일로 문의했는데\n답이 없어요 | see www.evil.example" in cells
    assert '\'Bob =HYPERLINK("http://evil.example")' not in cells, "a name not starting with = is kept as is"
    assert 'Bob =HYPERLINK("http://evil.example")' in cells
    assert "환불이 2주째 안 됐어요. 너무 화나요!" in cells


def test_json_holds_the_period_with_transcripts_and_clean_text(store: Store) -> None:
    data = json.loads(render(store, "json"))
    assert (data["app"], data["kind"], data["schema"]) == ("cxnotes", "export", 1)
    assert data["period"] == {"since": "2026-03-02", "until": "2026-03-31"}
    calls = {c["id"]: c for c in data["calls"]}
    assert sorted(calls) == ["k1", "k2", "k3"]
    assert calls["k3"]["ended_at"] is None, "unfinished calls are exported too"
    assert [line["text"] for line in calls["k3"]["transcript"]] == ["Where is the <pricing> page?"]
    assert [p["id"] for p in data["pain_points"]] == ["p1", "p2", "p3", "p4", "p6", "p5"]
    quote = next(p["quote"] for p in data["pain_points"] if p["id"] == "p3")
    assert quote == "[b]Export[/b] crashes <script>alert('x')</script> red bell"
    assert {f["id"]: f["merged_points"] for f in data["fixes"]}["f4"] == ["p6"]
