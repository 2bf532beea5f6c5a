"""Members sharing one ranked list through a real PostgreSQL server (see tests/team_pg.py)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from cxnotes.domain.models import Customer, Fix, PainPoint
from cxnotes.services import complaints, ranking, value_chain
from cxnotes.storage.store import Store
from cxnotes.team.sync import Member
from tests.team_pg import Cluster, pg_cluster, team_url  # noqa: F401  # fixtures


def joined(folder: Path, url: str, operator: str = "") -> Member:
    """A new store in ``folder`` joined to the team at ``url``."""
    Store.open(folder).close()
    member = Member(folder, operator)
    member.join(url)
    return member


def log(folder: Path, text: str, *, fix: str, customer: str, operator: str) -> None:
    """Log a complaint the way `cxnotes log` does, on a store not syncing by itself."""
    store = Store.open(folder, operator=operator)
    try:
        complaints.record(store, complaints.Complaint(text, "billing", 4, customer, None, None, fix))
    finally:
        store.close()


def read(folder: Path) -> Store:
    return Store.open(folder, readonly=True)


def server_rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()  # type: ignore[arg-type]


def test_two_members_log_and_see_one_ranking(tmp_path: Path, team_url: str) -> None:  # noqa: F811
    """Each member's evidence reaches the other; the fix counts both customers; who wrote it is kept."""
    a, b = joined(tmp_path / "a", team_url, "Mina"), joined(tmp_path / "b", team_url, "Jun")
    log(a.folder, "환불이 너무 늦어요", fix="환불 지연", customer="김민지", operator="Mina")
    log(b.folder, "Refund took three weeks", fix="환불 지연", customer="Lee", operator="Jun")
    assert a.sync().pushed > 0
    report = b.sync()
    assert report.pulled > 0
    a.sync()
    for folder in (a.folder, b.folder):
        store = read(folder)
        try:
            points = store.all(PainPoint)
            assert sorted(p.operator for p in points) == ["Jun", "Mina"]
            (top,) = [row for row in ranking.rank(store) if row.fix.title == "환불 지연"]
            assert top.customers == 2 and len(top.pain_point_ids) == 2
        finally:
            store.close()
    writers = server_rows(team_url, "SELECT operator, doc->>'operator' FROM docs WHERE tbl = 'pain_points'")
    assert sorted(writers) == [("Jun", "Jun"), ("Mina", "Mina")]
    a.close()
    b.close()


def test_same_title_fixes_and_same_customer_become_one(tmp_path: Path, team_url: str) -> None:  # noqa: F811
    """Made apart with titles differing in case, spaces and width: one fix, one customer, both points."""
    a, b = joined(tmp_path / "a", team_url), joined(tmp_path / "b", team_url)
    store = Store.open(a.folder)
    store.put(Customer(name="김민준"), Customer(name="김민준"))  # two people of one name on one store
    store.close()
    log(a.folder, "결제가 두 번 됐어요", fix="Double  Charge", customer="ＫＩＭ 민지", operator="Mina")
    log(b.folder, "charged twice", fix="double charge", customer="kim 민지", operator="Jun")
    for member in (a, b, a, b):
        member.sync()
    stores = [read(a.folder), read(b.folder)]
    try:
        for store in stores:
            live = [f for f in store.all(Fix) if not f.merged_into]
            assert len(live) == 1
            points = store.all(PainPoint)
            assert {p.fix_id for p in points} == {live[0].id}
            people = [c for c in store.all(Customer) if not c.merged_into and c.name != "김민준"]
            assert len(people) == 1
            assert len([c for c in store.all(Customer) if c.name == "김민준" and not c.merged_into]) == 2
            assert {p.customer_id for p in points} == {people[0].id}
            (top,) = ranking.rank(store)
            assert top.customers == 1 and len(top.pain_point_ids) == 2
        assert stores[0].all(Fix)[0].id in {f.id for f in stores[1].all(Fix)}
    finally:
        for store in stores:
            store.close()
    assert server_rows(team_url, "SELECT count(*) FROM conflicts") == [(0,)]


def test_offline_edits_on_both_sides_keep_the_loser(tmp_path: Path, team_url: str) -> None:  # noqa: F811
    """Both change one fix while apart: the later push wins everywhere, the other is kept as a conflict."""
    a, b = joined(tmp_path / "a", team_url), joined(tmp_path / "b", team_url)
    log(a.folder, "앱이 멈춰요", fix="App freezes", customer="Park", operator="Mina")
    a.sync()
    b.sync()
    for folder, status in ((a.folder, "planned"), (b.folder, "in progress")):
        store = Store.open(folder)
        fix = store.fix_titled("App freezes")
        assert fix is not None
        fix.status = status
        store.put(fix)
        store.close()
    a.sync()  # the server receives A's first ...
    b.sync()  # ... and B's last: B's wins
    a.sync()
    for folder in (a.folder, b.folder):
        store = read(folder)
        try:
            fix = store.fix_titled("App freezes")
            assert fix is not None and fix.status == "in progress"
        finally:
            store.close()
    lost = server_rows(team_url, "SELECT tbl, doc->>'status', replaced_by_store <> store_id FROM conflicts")
    assert lost == [("fixes", "planned", True)]
    store = read(a.folder)
    try:
        kept = [doc for table, _, _, doc in store.conflicts() if table == "fixes"]
        assert [doc["status"] for doc in kept if doc] == ["planned"]
    finally:
        store.close()
    assert a.ledger.waiting() == 0 and b.ledger.waiting() == 0


def test_renamed_step_reaches_the_other_member(tmp_path: Path, team_url: str) -> None:  # noqa: F811
    """Each store starts with its own default chain; after joining there is one, and a rename travels."""
    a, b = joined(tmp_path / "a", team_url), joined(tmp_path / "b", team_url)
    for member in (a, b, a):
        member.sync()
    store = Store.open(a.folder)
    value_chain.rename_step(store, "billing", "결제 / 갱신", "청구서와 갱신")
    store.close()
    a.sync()
    b.sync()
    store = read(b.folder)
    try:
        steps = store.steps(include_retired=True)
        assert len(steps) == len({s.slug for s in steps}) == 8
        assert [s.name for s in steps if s.slug == "billing"] == ["결제 / 갱신"]
    finally:
        store.close()
    assert len(server_rows(team_url, "SELECT id FROM docs WHERE tbl = 'steps' AND doc IS NOT NULL")) == 8


def fill(folder: Path, count: int) -> set[str]:
    """``count`` pain points written as local batches of 2,000; their ids."""
    store = Store.open(folder)
    ids: set[str] = set()
    try:
        for start in range(0, count, 2000):
            points = [
                PainPoint(quote=f"고객 불만 {n}", step="use") for n in range(start, min(count, start + 2000))
            ]
            store.put(*points)
            ids |= {p.id for p in points}
    finally:
        store.close()
    return ids


def point_ids(folder: Path) -> set[str]:
    store = read(folder)
    try:
        return {p.id for p in store.all(PainPoint)}
    finally:
        store.close()


def test_server_stopped_mid_sync_then_started(
    tmp_path: Path,
    pg_cluster: Cluster,  # noqa: F811
    team_url: str,  # noqa: F811
) -> None:
    """The server dies between two push batches and between two pulled pages; the next sync completes."""
    from cxnotes.team import sync
    from cxnotes.team.connect import TeamError

    a, b = joined(tmp_path / "a", team_url), joined(tmp_path / "b", team_url)
    ids = fill(a.folder, 3 * sync.BATCH)

    def stop_after_first(what: str, done: int) -> None:
        if done == sync.BATCH:
            pg_cluster.stop("immediate")

    waiting = a.ledger.waiting()
    try:
        with pytest.raises(TeamError, match="Cannot reach the team server"):
            a.sync(progress=stop_after_first)
        assert a.ledger.waiting() == waiting - sync.BATCH  # the first batch, and nothing more, is there
    finally:
        pg_cluster.start()
    a.sync()
    assert a.ledger.waiting() == 0
    try:
        with pytest.raises(TeamError):
            b.sync(progress=stop_after_first)
    finally:
        pg_cluster.start()
    assert 0 < len(point_ids(b.folder)) < len(ids)
    b.sync()
    assert point_ids(b.folder) == ids
    (count,) = server_rows(team_url, "SELECT count(*) FROM docs WHERE tbl = 'pain_points'")
    assert count == (len(ids),)


def _sync_process(folder: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "cxnotes", "--data-dir", str(folder), "sync", "--quiet"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_kill_9_during_sync_loses_nothing_and_duplicates_nothing(tmp_path: Path, team_url: str) -> None:  # noqa: F811
    """A sync process killed at random moments, pushing and then pulling; the next sync completes it.

    After every kill the local "pushed" position is never ahead of what the server
    committed (it moves only after the commit).
    """
    a, b = joined(tmp_path / "a", team_url), joined(tmp_path / "b", team_url)
    ids = fill(a.folder, 60_000)  # enough that a sync takes seconds even on a quiet machine
    rng = random.Random(11)
    cut_short = 0
    for folder in (a.folder, b.folder) * 3:
        process = _sync_process(folder)
        time.sleep(rng.uniform(0.2, 0.8))
        process.kill()
        cut_short += process.wait() == -signal.SIGKILL
        query = f"SELECT pushed_seq, pushed_tbl, pushed_id FROM stores WHERE store_id = '{a.store_id()}'"
        committed = server_rows(team_url, query) or [(0, "", "")]
        assert a.ledger.pushed() <= tuple(committed[0])
        assert point_ids(b.folder) <= ids
    assert cut_short >= 3, "the kills came after the syncs had finished: the test proved nothing"
    a.sync()
    b.sync()
    assert a.ledger.waiting() == 0
    assert point_ids(b.folder) == ids
    assert server_rows(
        team_url, "SELECT count(*), count(DISTINCT id) FROM docs WHERE tbl = 'pain_points'"
    ) == [(len(ids), len(ids))]
    assert server_rows(team_url, "SELECT count(*) FROM conflicts") == [(0,)]


def test_a_store_moving_to_another_team_brings_everything(tmp_path: Path, pg_cluster: Cluster) -> None:  # noqa: F811
    """What the store pulled from its old team is its own to share with the new one."""
    first, second = pg_cluster.create_database("team_one"), pg_cluster.create_database("team_two")
    a, b = joined(tmp_path / "a", first), joined(tmp_path / "b", first)
    log(a.folder, "포인트가 사라졌어요", fix="Points vanish", customer="Yoon", operator="Mina")
    a.sync()
    b.sync()
    b.join(second)
    b.sync()
    quotes = server_rows(
        second, "SELECT doc->>'quote' FROM docs WHERE tbl = 'pain_points' AND doc IS NOT NULL"
    )
    assert quotes == [("포인트가 사라졌어요",)]
