"""The shell in Korean: `cxnotes fixes`, the summary exports and the errors, as a Korean team meets them.

Each test runs the real ``cxnotes`` command in-process on a real store on disk, with the Korean
catalogue compiled from the ``.po`` the package ships (the ``.mo`` is built, never committed), and
puts English back afterwards: English stays the default every other test relies on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len

from cxnotes import i18n
from cxnotes.__main__ import main

PO = Path(i18n.__file__).parent / "locale" / "ko" / "LC_MESSAGES" / "cxnotes.po"


@pytest.fixture
def korean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Speak Korean from the shipped catalogue (compiled into tmp_path) for one test, then English."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with PO.open("rb") as source:
        catalogue = read_po(source, locale="ko")
    target = tmp_path / "locale" / "ko" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "cxnotes.mo").open("wb") as out:
        write_mo(out, catalogue)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    monkeypatch.setenv("CXNOTES_LANG", "ko")  # what `cxnotes` reads at start, as a Korean user sets it
    i18n.set_language("ko")
    try:
        yield
    finally:
        i18n.set_language("en")


def cx(capsys: pytest.CaptureFixture[str], *args: str, status: int = 0) -> tuple[str, str]:
    """Run ``cxnotes ARGS`` on the test's store; check the exit status; return (stdout, stderr)."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert code == status, err
    assert "Traceback" not in err
    return out, err


@pytest.fixture
def store(capsys: pytest.CaptureFixture[str]) -> None:
    """Three complaints logged from the shell: two on one fix, one customer churned."""
    for text, step, severity, who, fix in (
        ("결제가 두 번 됐어요", "billing", 5, "김민수", "중복 결제 자동 취소"),
        ("환불이 아직 안 들어왔어요", "billing", 4, "이지은", "중복 결제 자동 취소"),
        ("The app logs me out every day", "use", 3, "Sam", "Stop daily logouts"),
    ):
        cx(capsys, "log", text, "--step", step, "--severity", str(severity), "--customer", who, "--fix", fix)
    cx(capsys, "customer", "set", "김민수", "--status", "churned", "--value", "2000000")


@pytest.mark.usefixtures("store", "korean")
def test_fixes_speaks_korean_and_its_columns_line_up(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    out, err = cx(capsys, "fixes")
    lines = out.splitlines()
    assert err == ""
    assert lines[0].strip() == "개선 과제 (중요한 순)"
    header = lines[1]
    for heading in ("개선 과제", "단계", "고객", "불만 지점", "심각도", "최근", "상태", "점수"):
        assert heading in header
    assert not {"fix", "customers", "severity", "status", "score"} & set(header.split())
    rows = [line for line in lines[3:] if line.strip()]
    assert [row.split()[1] for row in rows] == ["중복", "Stop"]
    assert all(" 열림 " in row for row in rows), "the stored status 'open' is shown as 열림"
    assert "결제" in rows[0] and "billing" not in rows[0], "a default step is shown by its Korean name"
    out, _err = cx(capsys, "fixes", "--step", "결제·갱신")
    assert "중복 결제 자동 취소" in out and "Stop daily logouts" not in out, "--step takes the name shown"
    assert len({cell_len(line.rstrip()) for line in [header, *rows]}) == 1, "every row ends at one cell"
    assert max(cell_len(line) for line in lines) <= 120


@pytest.mark.usefixtures("store", "korean")
def test_fixes_says_in_korean_which_columns_it_left_out(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    out, _err = cx(capsys, "fixes")
    assert max(cell_len(line) for line in out.splitlines()) <= 60
    caption = " ".join(out.split("60칸에 맞추려고", 1)[1].split())
    assert caption.startswith("뺀 열: 단계, ") and caption.endswith("(--format json에는 모두 있습니다).")


@pytest.mark.usefixtures("store", "korean")
def test_markdown_summary_headings_are_korean(capsys: pytest.CaptureFixture[str]) -> None:
    out, _err = cx(capsys, "export", "--format", "md")
    headings = [line for line in out.splitlines() if line.startswith("#")]
    assert headings[:4] == ["# 고객 불만 요약", "## 달라진 점", "## 핵심 지표", "## 주요 개선 과제 2건"]
    for heading in (
        "## 단계별 불만 지점",
        "## 주별 불만 지점",
        "## 고객이 이탈하거나 환불을 요청한 이유",
        "## 이번 기간에 반영된 개선 과제",
        "## 지키지 않은 약속",
        "## 이번 기간 신규와 반복",
    ):
        assert heading in headings
    assert "### 1. 중복 결제 자동 취소 — 점수 " in out
    assert "상태: **열림** · 영향받은 고객: **2** · 불만 지점: 2 · 단계: 결제·갱신" in out
    assert "| 결제·갱신 | 2 |" in out, "default step names are shown in Korean"
    assert "| 상담 | 0 | 0 | ±0 |" in out and "| 불만 지점 | 3 | 0 | +3 |" in out
    for english in ("Headline numbers", "Top fixes", "Pain points", "What changed", "Status:", "Billing"):
        assert english not in out


@pytest.mark.usefixtures("store", "korean")
def test_html_and_csv_exports_are_korean(capsys: pytest.CaptureFixture[str]) -> None:
    page, _err = cx(capsys, "export", "--format", "html")
    assert '<html lang="ko">' in page and "<h1>고객 불만 요약</h1>" in page
    assert "<h2>핵심 지표</h2>" in page and "상태 <b>열림</b>" in page
    sheet, _err = cx(capsys, "export", "--format", "csv")
    rows = list(csv.reader(io.StringIO(sheet.lstrip("\ufeff"))))
    assert rows[0][:4] == ["불만 지점 id", "기록 시각", "상담", "상담 시작 시각"]
    by_quote = {row[10]: row for row in rows[1:]}
    assert by_quote["결제가 두 번 됐어요"][7:9] == ["billing", "결제·갱신"]
    assert by_quote["결제가 두 번 됐어요"][12:14] == ["열림", "아니요"]


@pytest.mark.usefixtures("store", "korean")
def test_mistakes_are_told_in_one_korean_line(capsys: pytest.CaptureFixture[str]) -> None:
    _out, err = cx(capsys, "log", "앱이 느려요", "--step", "nowhere", status=2)
    assert err.startswith('cxnotes: 알 수 없는 단계 "nowhere"입니다. 다음 중 하나를 쓰세요: discover,')
    _out, err = cx(capsys, "fixes", "--since", "32/13", status=2)
    assert (
        err == 'cxnotes: --since: "32/13"은(는) 달력에 없는 날짜입니다 (12/1처럼 월/일 순서로 적어 주세요).\n'
    )
    _out, err = cx(capsys, "export", "--since", "tomorrow", status=2)
    assert "이(가) 오늘(" in err and err.count("\n") == 1


@pytest.mark.usefixtures("korean")
def test_the_web_servers_refusal_page_is_korean() -> None:
    from cxnotes.web.server import CxServer

    page = CxServer.refuse().text or ""
    assert '<html lang="ko">' in page and "<h1>접근할 수 없습니다</h1>" in page
    assert "토큰이 든 링크(...?token=...)" in page


@pytest.mark.usefixtures("korean")
def test_the_team_syncs_lines_are_korean() -> None:
    from cxnotes.team.background import TeamState
    from cxnotes.team.sync import Report

    report = Report(pushed=2, pulled=1, conflicts=1, merged=["x"])
    assert report.summary() == "동기화했습니다: 변경 2건 올림, 1건 받음, 충돌 1건 보관, 1건 병합."
    assert TeamState(online=True, synced_at=100.0, members=3).line(now=103.0) == "팀: 팀원 3명, 3초 전 동기화"
    assert TeamState(offline_since=0.0, waiting=12).line(now=0.0).endswith(", 변경 12건 대기 중")
