"""``cxnotes team join``, ``sync``, ``team status`` and a CLI write pushing at once, on a real server."""

from __future__ import annotations

import re
import time
from pathlib import Path

import psycopg
import pytest

from cxnotes.__main__ import main
from cxnotes.domain.models import PainPoint
from cxnotes.storage.store import Store
from cxnotes.team.connect import OPERATOR_VAR, URL_VAR
from tests.team_pg import PASSWORD, Cluster, pg_cluster, team_url  # noqa: F401  # fixtures


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--operator`` sets the variable for its process: keep it from leaking into other tests."""
    monkeypatch.setenv(OPERATOR_VAR, "")
    monkeypatch.delenv(URL_VAR, raising=False)


def cli(folder: Path, *args: str) -> int:
    return main(["--data-dir", str(folder), *args])


def wait_for(url: str, sql: str, expected: object, seconds: float = 20) -> object:
    """Poll the server until ``sql`` gives ``expected`` (a detached push is on its way)."""
    found: object = None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with psycopg.connect(url) as conn:
            found = conn.execute(sql).fetchall()  # type: ignore[arg-type]
        if found == expected:
            break
        time.sleep(0.2)
    return found


def test_join_log_sync_status(tmp_path: Path, team_url: str, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    """The password is used but never kept; a logged complaint reaches the server without a sync."""
    a, b = tmp_path / "a", tmp_path / "b"
    with_password = team_url.replace("cxnotes@", f"cxnotes:{PASSWORD}@")
    assert cli(a, "team", "join", with_password) == 0
    out = capsys.readouterr().out
    assert "Joined the team at cxnotes@127.0.0.1:" in out and "password was not stored" in out
    assert PASSWORD not in out
    for file in a.iterdir():
        assert PASSWORD.encode() not in file.read_bytes(), file

    assert (
        cli(a, "--operator", "Mina", "log", "환불이 늦어요", "--step", "billing", "--fix", "환불 지연") == 0
    )
    point_id = capsys.readouterr().out.strip()
    sql = f"SELECT doc->>'operator', operator FROM docs WHERE id = '{point_id}'"
    assert wait_for(team_url, sql, [("Mina", "Mina")]) == [("Mina", "Mina")]

    assert cli(b, "team", "join", team_url) == 0
    out = capsys.readouterr().out
    assert re.search(r"^Synced: pushed \d+ changes, pulled \d+\.$", out, re.M)
    store = Store.open(b, readonly=True)
    try:
        fix = store.fix_titled("환불 지연")
        assert fix is not None
        assert [p.operator for p in store.where(PainPoint, fix_id=fix.id)] == ["Mina"]
    finally:
        store.close()

    assert cli(a, "sync") == 0
    assert capsys.readouterr().out.startswith("Synced: pushed 0 changes, pulled ")
    assert cli(a, "team", "status") == 0
    out = capsys.readouterr().out
    assert "Server:   cxnotes@127.0.0.1:" in out
    assert "Waiting:  0 local change(s)" in out
    assert "Team:     2 member(s), operators: Mina" in out
    assert PASSWORD not in out


def test_unreachable_server_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing listens on the port: one line saying what to do, no traceback, the store still works."""
    assert cli(tmp_path / "a", "team", "join", "postgresql://cxnotes@127.0.0.1:9/team") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("cxnotes: Cannot reach the team server cxnotes@127.0.0.1:9/team")
    assert "cxnotes sync" in err and "Traceback" not in err
    assert cli(tmp_path / "a", "sync") == 1
    assert "has joined no team" in capsys.readouterr().err


def test_offline_member_keeps_writing_and_catches_up(
    tmp_path: Path,
    pg_cluster: Cluster,  # noqa: F811
    team_url: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Server down: `log` still records at once, `team status` says what waits; the next sync sends it."""
    a = tmp_path / "a"
    assert cli(a, "team", "join", team_url) == 0
    pg_cluster.stop("fast")
    try:
        assert cli(a, "log", "앱이 멈춰요", "--step", "use") == 0
        assert cli(a, "team", "status") == 0
        out = capsys.readouterr().out
        assert "Waiting:  1 local change(s)" in out and "Offline:  Cannot reach" in out
    finally:
        pg_cluster.start()
    assert cli(a, "sync") == 0  # (the detached push of `log` may have got there first, or not)
    assert capsys.readouterr().out.startswith("Synced: pushed ")
    assert cli(a, "team", "status") == 0
    assert "Waiting:  0 local change(s)" in capsys.readouterr().out
    found = wait_for(team_url, "SELECT doc->>'quote' FROM docs WHERE tbl = 'pain_points'", [("앱이 멈춰요",)])
    assert found == [("앱이 멈춰요",)]
