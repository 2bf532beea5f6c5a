"""The lead's view of a team: conflicts resolved in the app, who held each call, the [team] config."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from cxnotes.__main__ import make_app
from cxnotes.domain.models import Call, Fix, PainPoint, now
from cxnotes.screens.conflicts import ConflictsScreen
from cxnotes.services.conflicts import KEEP_MINE, TAKE_THEIRS, Resolution
from cxnotes.storage.store import Store
from cxnotes.team import connect
from cxnotes.team.sync import Member
from tests.pilot_helpers import Notes, plain, reopened, rows, run_command, stored, wait_until
from tests.team_pg import Cluster, pg_cluster, team_url  # noqa: F401  # fixtures
from tests.test_team_sync import joined, log


def set_status(folder: Path, title: str, status: str) -> None:
    store = Store.open(folder)
    try:
        fix = store.fix_titled(title)
        assert fix is not None
        fix.status = status
        store.put(fix)
    finally:
        store.close()


def shown(app: object, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static).render())


async def test_the_lead_keeps_the_version_that_lost_and_the_team_gets_it(
    tmp_path: Path,
    team_url: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both change a fix apart; A's lost. A's app lists it with both; m brings A's back everywhere."""
    a, b = joined(tmp_path / "a", team_url, "Mina"), joined(tmp_path / "b", team_url, "Jun")
    log(a.folder, "앱이 멈춰요", fix="App freezes", customer="박서준", operator="Mina")
    a.sync()
    b.sync()
    set_status(a.folder, "App freezes", "planned")
    set_status(b.folder, "App freezes", "in progress")
    a.sync()
    b.sync()  # B's push comes last and wins; A's "planned" is kept on A as a conflict
    a.sync()
    a.close()  # the app syncs A from now on
    monkeypatch.setenv(connect.OPERATOR_VAR, "Mina")
    app = make_app(a.folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.store is not None, "the store")
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictsScreen), "the conflicts screen")
        table = app.screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 1, "the conflict listed")
        assert rows(table)[0][1:] == ["Fix", "App freezes"]
        assert "status: planned" in shown(app, "#conflict-mine-text")
        assert "status: in progress" in shown(app, "#conflict-theirs-text")
        await pilot.press("m")
        await wait_until(pilot, lambda: table.row_count == 0, "the conflict settled")
        assert "No conflicts" in shown(app, "#conflicts-status")
        fix = stored(app).fix_titled("App freezes")
        assert fix is not None and fix.status == "planned"
        (resolution,) = stored(app).all(Resolution)
        assert (resolution.choice, resolution.table, resolution.record_id) == (KEEP_MINE, Fix.TABLE, fix.id)
        await wait_until(pilot, lambda: app.sub_title.startswith("Team: "), "the app's sync")
        await wait_until(pilot, lambda: b.sync().pulled > 0 or _status(b.folder) == "planned", "B pulls")
        await pilot.press("ctrl+q")
    b.close()
    with reopened(b.folder) as store:
        fix = store.fix_titled("App freezes")
        assert fix is not None and fix.status == "planned"
        assert [r.choice for r in store.all(Resolution)] == [KEEP_MINE]
        assert [r.operator for r in store.all(Resolution)] == ["Mina"]


def _status(folder: Path) -> str:
    with reopened(folder) as store:
        fix = store.fix_titled("App freezes")
        return fix.status if fix else ""


async def test_taking_theirs_keeps_the_current_version_and_records_the_choice(tmp_path: Path) -> None:
    """Two windows on one store change a pain point; the palette opens the list; t keeps the later one."""
    folder = tmp_path / "store"
    point = PainPoint(quote="원래 문장", severity=2)
    first = Store.open(folder)
    first.put(point)
    second = Store.open(folder)
    assert first.count(PainPoint) == second.count(PainPoint) == 1
    first.put(PainPoint(id=point.id, quote="첫 번째 창의 [b]수정[/b]", severity=3))
    second.put(PainPoint(id=point.id, quote="두 번째 창의 수정", severity=5))
    first.close()
    second.close()
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.store is not None, "the store")
        await run_command(pilot, "conflicts", "Conflicts")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictsScreen), "the conflicts screen")
        table = app.screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 1, "the conflict listed")
        assert rows(table)[0][1:] == ["Pain point", "두 번째 창의 수정"]
        mine = shown(app, "#conflict-mine-text")
        assert "quote: 첫 번째 창의 [b]수정[/b]" in mine and "severity: 3" in mine  # never read as markup
        assert "severity: 5" in shown(app, "#conflict-theirs-text")
        await pilot.press("t")
        await wait_until(pilot, lambda: table.row_count == 0, "the conflict settled")
        assert stored(app).get(PainPoint, point.id).quote == "두 번째 창의 수정"  # type: ignore[union-attr]
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    with reopened(folder) as store:
        (resolution,) = store.all(Resolution)
        assert (resolution.choice, resolution.record_id) == (TAKE_THEIRS, point.id)
        assert len(store.conflicts()) == 1  # the replaced version stays on disk; it is settled, not erased


async def test_the_calls_list_says_who_held_each_call(tmp_path: Path) -> None:
    """Calls written by two operators (one through the config file's [team] table) show their names."""
    folder = tmp_path / "store"
    for operator in ("김민지", "Jun"):
        store = Store.open(folder, operator=operator)
        store.put(Call(ended_at=now(), outcome="resolved"))  # ended: the list opens no unfinished call
        store.close()
    app = make_app(folder)
    async with app.run_test(size=(140, 40)) as pilot:
        table = app.screen.query_one("#calls", DataTable)
        await wait_until(pilot, lambda: table.row_count == 2, "both calls")
        assert sorted(row[-1] for row in rows(table)) == ["Jun", "김민지"]
        await pilot.press("ctrl+q")


def test_the_config_file_names_the_operator_and_the_team(
    tmp_path: Path, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[team] operator and url are used when neither --operator nor the environment says otherwise."""
    from cxnotes.__main__ import main

    config_file.write_text('[team]\noperator = " 최지우 "\nurl = "postgresql://cx@127.0.0.1:1/team"\n')
    monkeypatch.delenv(connect.OPERATOR_VAR, raising=False)
    monkeypatch.delenv(connect.URL_VAR, raising=False)
    folder = tmp_path / "store"
    assert main(["--data-dir", str(folder), "log", "택배가 안 와요", "--step", "use"]) == 0
    with reopened(folder) as store:
        assert [p.operator for p in store.all(PainPoint)] == ["최지우"]
    member = Member(folder)
    try:
        assert member.url() == "postgresql://cx@127.0.0.1:1/team"
    finally:
        member.close()
    monkeypatch.setenv(connect.OPERATOR_VAR, "Jun")
    assert main(["--data-dir", str(folder), "--operator", "Mina", "log", "또 안 와요", "--step", "use"]) == 0
    with reopened(folder) as store:
        assert sorted(p.operator for p in store.all(PainPoint)) == ["Mina", "최지우"]


def test_a_broken_team_table_is_one_line_naming_the_file(
    tmp_path: Path, config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A password in the config file, or a number for a name, is refused with the file's path."""
    from cxnotes.__main__ import main

    monkeypatch.delenv(connect.OPERATOR_VAR, raising=False)
    folder = tmp_path / "store"
    for text, says in (
        ('[team]\nurl = "postgresql://cx:secret@db/team"\n', "must not hold a password"),
        ("[team]\noperator = 5\n", "team.operator must be text"),
    ):
        config_file.write_text(text)
        assert main(["--data-dir", str(folder), "log", "안 돼요", "--step", "use"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(config_file) in err and says in err and "secret" not in err


async def test_the_app_opens_with_a_broken_team_table_and_says_why(
    tmp_path: Path, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """operator = 5 in [team]: the app still opens its store, shows the file's problem, signs nothing."""
    monkeypatch.delenv(connect.OPERATOR_VAR, raising=False)
    config_file.write_text("[team]\noperator = 5\n")
    notes = Notes()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(120, 40), message_hook=notes) as pilot:
        await wait_until(pilot, lambda: app.store is not None, "the store")
        await wait_until(
            pilot, lambda: any("team.operator must be text" in text for _, text in notes.shown), "the notice"
        )
        assert stored(app).operator == ""
        await pilot.press("ctrl+q")
