"""The app with a team: it syncs in the background and says how the team stands in its header."""

from __future__ import annotations

from pathlib import Path

from cxnotes.__main__ import make_app
from cxnotes.domain.models import PainPoint
from cxnotes.services import complaints
from cxnotes.storage.store import Store
from cxnotes.team.sync import Member
from tests.pilot_helpers import wait_until
from tests.team_pg import Cluster, pg_cluster, team_url  # noqa: F401  # fixtures


def join(folder: Path, url: str) -> None:
    Store.open(folder).close()
    member = Member(folder)
    try:
        member.join(url)
        member.sync()
    finally:
        member.close()


async def test_a_members_complaint_reaches_the_open_app(
    tmp_path: Path,
    pg_cluster: Cluster,  # noqa: F811
    team_url: str,  # noqa: F811
) -> None:
    """B logs and syncs; A's open app takes it in; the header says synced, then offline with the count."""
    a, b = tmp_path / "a", tmp_path / "b"
    join(a, team_url)
    join(b, team_url)
    app = make_app(a)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.sub_title.startswith("Team: 2 members, synced"), "the team line")
        store = Store.open(b)
        complaints.record(store, complaints.Complaint("배송이 안 와요", "use", 4, "최지우", None, None, None))
        store.close()
        member = Member(b)
        member.sync()
        member.close()
        await wait_until(
            pilot,
            lambda: app.store is not None and app.store.count(PainPoint) == 1,
            "B's complaint in A's app",
        )
        assert app.store is not None and app.store.customer_named("최지우") is not None
        pg_cluster.stop("fast")
        try:
            assert app.store is not None
            complaints.record(app.store, complaints.Complaint("또 늦어요", "use", 3, None, None, None, None))
            await wait_until(
                pilot, lambda: app.sub_title.startswith("Offline since "), "the header to say it is offline"
            )
            await wait_until(
                pilot, lambda: app.sub_title.endswith(", 1 change waiting"), "the change waiting"
            )
        finally:
            pg_cluster.start()
        await wait_until(
            pilot, lambda: app.sub_title.startswith("Team: "), "the team line back after the server"
        )
        await pilot.press("ctrl+q")
