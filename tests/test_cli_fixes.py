"""``cxnotes fixes`` and the config file, run in-process against a real store on disk."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from rich.cells import cell_len

from cxnotes.__main__ import main
from cxnotes.config import ConfigError, load_weights
from cxnotes.domain.models import Customer, Fix, PainPoint, now
from cxnotes.services.ranking import Weights
from cxnotes.storage.store import Store


@pytest.fixture
def config(config_file: Path) -> Path:
    """The config file path the shared autouse fixture set (not created)."""
    return config_file


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A store with three open fixes, one shipped, and Korean text."""
    folder = tmp_path / "store"
    store = Store.open(folder)
    ann, bob = Customer(name="Ann Lee"), Customer(name="Bob")
    top, korean = Fix(title="Double charge"), Fix(title="환불이 너무 느려요 [bold]x[/bold]")
    quiet, done = Fix(title="Typo on page"), Fix(title="Old bug", status="shipped")
    store.put(ann, bob, top, korean, quiet, done)
    store.put(
        PainPoint(fix_id=top.id, customer_id=ann.id, severity=5, step="billing"),
        PainPoint(fix_id=top.id, customer_id=bob.id, severity=4, step="billing"),
        PainPoint(fix_id=korean.id, customer_id=ann.id, severity=4, step="cancel"),
        PainPoint(fix_id=quiet.id, severity=1, step="use", created_at=now() - timedelta(days=40)),
        PainPoint(fix_id=done.id, severity=5, step="use"),
    )
    store.close()
    return folder


def fixes(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["--data-dir", str(folder), "fixes", *args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def as_json(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    code, out, err = fixes(folder, capsys, "--format", "json", *args)
    assert (code, err) == (0, "")
    return json.loads(out)["fixes"]


def test_json_ranking_with_exact_breakdown(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = as_json(folder, capsys)
    assert [r["title"] for r in rows] == [
        "Double charge",
        "환불이 너무 느려요 [bold]x[/bold]",
        "Typo on page",
    ]
    assert [r["rank"] for r in rows] == [1, 2, 3]
    top = rows[0]
    assert (top["customers"], len(top["pain_points"]), top["status"], top["steps"]) == (
        2,
        2,
        "open",
        ["billing"],
    )
    for row in rows:
        assert set(row) >= {"rank", "id", "title", "score", "breakdown", "customers", "pain_points", "status"}
        assert sum(Decimal(str(v)) for v in row["breakdown"].values()) == Decimal(str(row["score"]))


def test_filters(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert [r["title"] for r in as_json(folder, capsys, "--top", "1")] == ["Double charge"]
    assert [r["title"] for r in as_json(folder, capsys, "--status", "shipped")] == ["Old bug"]
    assert [r["title"] for r in as_json(folder, capsys, "--step", "Cancel / refund")] == [
        "환불이 너무 느려요 [bold]x[/bold]"
    ]
    assert [r["title"] for r in as_json(folder, capsys, "--until", "30 days ago")] == ["Typo on page"]
    assert len(as_json(folder, capsys, "--since", "yesterday")) == 2


def test_table_shows_user_text_verbatim(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    code, out, err = fixes(folder, capsys)
    assert (code, err) == (0, "")
    assert "[bold]x[/bold]" in out
    assert "5×1 4×1" in out
    assert "Ann Lee" not in out
    assert out.index("Double charge") < out.index("Typo on page")


def test_works_while_the_app_holds_the_store(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    writer = Store.open(folder)
    try:
        assert len(as_json(folder, capsys)) == 3
    finally:
        writer.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "someday"), "--since: Cannot read"),
        (("--since", "today", "--until", "yesterday"), "swap them"),
        (("--step", "nowhere"), 'Unknown step "nowhere"'),
        (("--top", "0"), "--top needs a whole number"),
        (("--status", "done"), "invalid choice"),
    ],
)
def test_mistakes_are_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = fixes(folder, capsys, *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1


def test_config_weights_change_the_ranking(
    folder: Path, config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config.write_text("[ranking]\nseverity_base = 1\nhalf_life_days = 0\n", encoding="utf-8")
    assert load_weights() == Weights(severity_base=1.0, half_life_days=0.0)
    scores = {r["title"]: r["score"] for r in as_json(folder, capsys)}
    assert scores["Typo on page"] == 1.0
    assert scores["Double charge"] == 2.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[ranking\n", "is not valid TOML"),
        ("[ranking]\nseverty = 2\n", "unknown ranking weight severty"),
        ("[ranking]\nchurn = -1\n", "ranking.churn must be a number"),
        ('[ranking]\nchurn = "high"\n', "ranking.churn must be a number"),
        ("[ranking]\nchurn = nan\n", "ranking.churn must be a number"),
        ("[ranking]\nchurn = inf\n", "ranking.churn must be a number"),
        ("ranking = 3\n", "must be a table"),
    ],
)
def test_broken_config_is_named(
    folder: Path, config: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_weights()
    code, out, err = fixes(folder, capsys)
    assert code == 2
    assert str(config) in err and message in err
    assert err.count("\n") == 1


def test_missing_config_means_defaults(config: Path) -> None:
    assert not config.exists()
    assert load_weights() == Weights()


def table_lines(out: str) -> list[str]:
    """The rows of the printed table: the lines after the rule under the header."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"}) + 1
    return [line for line in lines[start:] if line[:3].strip().isdigit()]


@pytest.mark.parametrize("columns", ["80", "100", "120"])
def test_table_fits_the_terminal_with_korean_titles_lined_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    folder = tmp_path / "store"
    store = Store.open(folder)
    long_korean = Fix(title="환불 요청이 세 번이나 거절되어 고객이 해지하겠다고 합니다 정말로")
    long_english = Fix(title="Customers cannot find where to change the billing address after moving")
    short = Fix(title="한글 검색")
    store.put(long_korean, long_english, short)
    for severity, fix in ((5, long_korean), (4, long_english), (1, short)):
        store.put(PainPoint(fix_id=fix.id, customer_id=Customer(name="x").id, severity=severity, step="use"))
    store.close()
    monkeypatch.setenv("COLUMNS", columns)
    code, out, err = fixes(folder, capsys)
    assert (code, err) == (0, "")
    assert max(cell_len(line) for line in out.splitlines()) <= int(columns)
    rows = table_lines(out)
    assert len(rows) == 3
    assert len({cell_len(line.rstrip()) for line in rows}) == 1, "rows end at the same cell: lined up"
    for row in as_json(folder, capsys):
        assert f"{row['score']:.2f}" in out
    assert "환불 요청이" in rows[0] and "…" in rows[0]
    assert "Customers cannot" in rows[1] and "…" in rows[1]


def test_not_a_terminal_means_80_columns(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    code, out, err = fixes(folder, capsys)
    assert (code, err) == (0, "")
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert "Left out to fit 80 columns: steps" in out
    korean = next(line for line in out.splitlines() if "환불이 너무 느려요" in line)
    assert "…" in korean and "[bold]x[/bold]" not in korean
