"""The ranking read from the store's narrow projection equals the ranking read from the documents.

A process that holds the pain points (the app) ranks from their documents; a one-shot command
(``cxnotes fixes``, ``cxnotes export``) ranks from the projection SQLite keeps beside them
(:mod:`cxnotes.storage.projection`). Both run the one scorer; here they must agree exactly, on a
real store on disk shaped by the edits that happen: merges, deletes, a severity or fix changed,
a store made before the projection existed.
"""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cxnotes.domain.models import Call, Customer, Fix, PainPoint, StatusChange
from cxnotes.services import ranking
from cxnotes.services.ranking import Filters
from cxnotes.storage import best, projection
from cxnotes.storage.sqlite import DB_NAME
from cxnotes.storage.store import Store
from tests.test_faults import Disk, big_disk  # noqa: F401  (the fixture)

NOW = datetime(2026, 10, 15, 12, 0).astimezone()

FILTERS = (
    Filters(),
    Filters(statuses=("open", "planned", "in progress", "shipped", "won't fix")),
    Filters(steps=("billing", "use")),
    Filters(segment="기업"),
    Filters(channel="chat"),
    Filters(since=date(2026, 9, 1), until=date(2026, 10, 10)),
    Filters(operator="김 민지"),
    Filters(text="환불"),
)
"""The open ranking, every status, and each evidence filter alone (words in quotes last)."""


def fill(store: Store, seed: int = 7) -> list[PainPoint]:
    """Fixes, customers (some lost), calls and pain points drawn at random, then edited as users do."""
    draw = random.Random(seed)
    fixes = [
        Fix(title=f"fix {i}", status=draw.choice(ranking.OPEN_STATUSES + ("shipped",))) for i in range(9)
    ]
    fixes[0].effort = 4.0
    people = [
        Customer(
            name=f"c{i}", segment=draw.choice(["기업", "personal", ""]), value=draw.choice([None, 0, 5e5])
        )
        for i in range(40)
    ]
    people[3].statuses = [StatusChange("churned", NOW - timedelta(days=3))]
    calls = [
        Call(
            customer_id=draw.choice(people).id,
            channel=draw.choice(["phone", "chat"]),
            outcome=draw.choice([None, "resolved", "churned", "refund requested"]),
            operator=draw.choice(["김 민지", "Sam"]),
        )
        for _ in range(30)
    ]
    points = [
        PainPoint(
            quote=draw.choice(["환불해 주세요", "The app logs me out", "요금이 두 번 나갔어요"]),
            step=draw.choice(["billing", "use", "cancel"]),
            severity=draw.randint(1, 5),
            customer_id=draw.choice([None, *(p.id for p in people)]),
            call_id=draw.choice([None, *(c.id for c in calls)]),
            channel=draw.choice([None, "email"]),
            created_at=NOW - timedelta(days=draw.randint(0, 90), minutes=draw.randint(0, 600)),
            fix_id=draw.choice([None, *(f.id for f in fixes)]),
            involuntary=draw.random() < 0.2,
            operator=draw.choice(["김 민지", "Sam", ""]),
        )
        for _ in range(400)
    ]
    store.put(*fixes, *people, *calls, *points)
    merged = dataclasses.replace(fixes[1], merged_into=fixes[2].id)
    moved = [dataclasses.replace(p, fix_id=fixes[2].id) for p in points if p.fix_id == fixes[1].id]
    store.put(merged, *moved)
    store.delete(*points[:25])
    store.put(*(dataclasses.replace(p, severity=6 - p.severity) for p in points[25:60]))
    store.put(*(dataclasses.replace(p, fix_id=draw.choice(fixes).id) for p in points[60:90]))
    store.put(*(dataclasses.replace(p, fix_id=None) for p in points[90:100]))
    return points


def rows(store: Store, filters: tuple[Filters, ...] = FILTERS) -> list[list[dict[str, object]]]:
    """The ranking under each of ``filters``, as plain data."""
    return [[dataclasses.asdict(r) for r in ranking.rank(store, filters=f, now=NOW)] for f in filters]


def from_documents(folder: Path) -> list[list[dict[str, object]]]:
    """The ranking as a process holding the pain points (and calls and customers) computes it."""
    store = Store.open(folder, readonly=True)
    try:
        for kind in (PainPoint, Call, Customer):
            store.docs(kind)
            assert store.holds(kind)
        return rows(store)
    finally:
        store.close()


def from_projection(folder: Path) -> list[list[dict[str, object]]]:
    """The ranking as a one-shot command computes it, checking that it read the projection."""
    store = Store.open(folder, readonly=True)
    try:
        facts = list(store.facts(PainPoint, ("id",)))
        assert facts and all(isinstance(f, projection.Facts) for f in facts)
        ranked = rows(store, FILTERS[:-1])
        assert not store.holds(PainPoint) and not store.holds(Customer) and not store.holds(Call)
        return ranked + rows(store, FILTERS[-1:])  # words in quotes are searched in the documents
    finally:
        store.close()


def test_the_projection_ranks_exactly_as_the_documents_after_merges_deletes_and_edits(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = Store.open(folder)
    fill(store)
    store.close()
    expected = from_documents(folder)
    assert [len(r) for r in expected][:2] != [0, 0] and all(expected)
    assert from_projection(folder) == expected


def test_the_projection_follows_every_write_as_it_commits(tmp_path: Path) -> None:
    """A write by another process (here: a second store) is in the projection when it commits; a
    process that read the rows keeps them, as it keeps a held table, until it looks for news."""
    folder = tmp_path / "store"
    writer, reader = Store.open(folder), None
    fields = ("id", "severity", "fix_id")
    try:
        points = fill(writer)
        reader = Store.open(folder, readonly=True)
        before = {f["id"]: (f["severity"], f["fix_id"]) for f in reader.facts(PainPoint, fields)}
        assert before == {p.id: (p.severity, p.fix_id) for p in writer.all(PainPoint)}
        writer.put(dataclasses.replace(points[200], severity=5, fix_id=None))
        writer.delete(points[201])
        assert {f["id"]: (f["severity"], f["fix_id"]) for f in reader.facts(PainPoint, fields)} == before
        assert PainPoint.TABLE in reader.refresh()
        after = {f["id"]: (f["severity"], f["fix_id"]) for f in reader.facts(PainPoint, fields)}
        assert after[points[200].id] == (5, None)
        assert points[201].id not in after
        assert len(after) == len(before) - 1
    finally:
        writer.close()
        if reader is not None:
            reader.close()
    assert from_projection(folder) == from_documents(folder)


def forget_projection(folder: Path) -> None:
    """Make the store as a cxnotes from before the projection left it: no table, no triggers, no mark."""
    conn = sqlite3.connect(folder / DB_NAME)
    with conn:
        for table in projection.FIELDS:
            facts = projection.table_of(table)
            for trigger in ("insert", "update", "delete"):
                conn.execute(f"DROP TRIGGER {facts}_{trigger}")
            conn.execute(f"DROP TABLE {facts}")
        conn.execute("DELETE FROM meta WHERE key LIKE 'projection:%'")
    conn.close()


def damage_one_pain_point(folder: Path) -> str:
    """Change one pain point document's bytes (still JSON) without its checksum; its id."""
    conn = sqlite3.connect(folder / DB_NAME)
    with conn:
        doc_id, doc = conn.execute(
            "SELECT id, doc FROM docs WHERE tbl = 'pain_points' AND doc IS NOT NULL "
            "AND json_extract(CAST(doc AS TEXT), '$.fix_id') IS NOT NULL"
        ).fetchone()
        conn.execute("UPDATE docs SET doc = ? WHERE tbl = 'pain_points' AND id = ?",
                     (bytes(doc).replace(b'"severity":', b'"severity": '), doc_id))  # fmt: skip
    conn.close()
    return str(doc_id)


def test_a_store_from_before_the_projection_gets_it_on_open_and_ranks_the_same(tmp_path: Path) -> None:
    """Filled from the documents whose checksum matches: a damaged one is left out, as the documents'
    reader leaves it out (and says so)."""
    folder = tmp_path / "store"
    store = Store.open(folder)
    fill(store)
    store.close()
    forget_projection(folder)
    damaged = damage_one_pain_point(folder)
    held = Store.open(folder, readonly=True)
    try:
        assert damaged not in {doc["id"] for doc in held.docs(PainPoint)}
        assert any(damaged in said for said in held.damage)
    finally:
        held.close()
    expected = from_documents(folder)
    assert from_projection(folder) == expected
    opened = Store.open(folder, readonly=True)
    try:
        assert damaged not in {f["id"] for f in opened.facts(PainPoint, ("id",))}
    finally:
        opened.close()


def test_an_old_store_that_cannot_be_written_is_ranked_from_its_documents(big_disk: Disk) -> None:  # noqa: F811
    """A full disk: the projection cannot be made, so the documents are read, as before it."""
    folder = big_disk.root / "store"
    store = Store.open(folder)
    fill(store)
    store.close()
    expected = from_documents(folder)
    forget_projection(folder)
    big_disk.fill()
    store = Store.open(folder, readonly=True)
    try:
        assert not any(isinstance(f, projection.Facts) for f in store.facts(PainPoint, ("id",)))
        assert rows(store) == expected
    finally:
        store.close()
    big_disk.free()
    conn = sqlite3.connect(folder / DB_NAME)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE '%_facts%'").fetchone() == (0,)
    conn.close()


def test_unknown_fields_are_refused_rather_than_read_as_missing(tmp_path: Path) -> None:
    Store.open(tmp_path / "store").close()
    store = Store.open(tmp_path / "store", readonly=True)
    try:
        with pytest.raises(ValueError, match="quote"):
            list(store.facts(PainPoint, ("id", "quote")))
    finally:
        store.close()


def test_the_app_s_writable_store_reads_documents_and_holds_them(tmp_path: Path) -> None:
    """The app holds what it reads: projection rows read beside the documents would be held twice."""
    folder = tmp_path / "store"
    store = Store.open(folder)
    try:
        fill(store)
        assert not store.holds(PainPoint)
        ranking.rank(store)
        assert store.holds(PainPoint) and store.holds(Customer) and store.holds(Call)
    finally:
        store.close()


WEIGHTS = (
    ranking.Weights(),
    ranking.Weights(half_life_days=0, effort=1.0, involuntary=0.0),
    ranking.Weights(severity=0.5, severity_base=3.0, value=5.0, churn=0.0, half_life_days=7, involuntary=1.0),
)
"""The defaults, decay off with a steeper effort divisor, and every knob turned."""

MORE_FILTERS = (
    Filters(steps=("billing",), since=date(2026, 8, 1)),
    Filters(segment="기업", channel="phone", until=date(2026, 9, 30)),
    Filters(operator=" 김  민지 ", statuses=("shipped", "open")),
    Filters(segment="nobody's segment"),
)
"""Filters together, an operator written with other spaces, a segment no customer is in."""


def add_ties(store: Store, seed: int) -> None:
    """Points a ranking must break ties on: one customer's points of equal severity and time that differ
    in being involuntary, points with an empty customer, a future date, and a customer who left."""
    draw = random.Random(seed)
    fixes = sorted(store.all(Fix), key=lambda f: f.title)
    person = Customer(name="tie", segment="기업", value=123.0)
    noted = NOW - timedelta(days=draw.randint(0, 20))
    twins = [
        PainPoint(quote="twin", step="billing", severity=4, customer_id=person.id, created_at=noted,
                  fix_id=fixes[0].id, involuntary=flag)
        for flag in (draw.random() < 0.5, True, False)
    ]  # fmt: skip
    blank = [PainPoint(quote="blank", customer_id="", fix_id=fixes[2].id, severity=2) for _ in range(3)]
    future = PainPoint(quote="soon", fix_id=fixes[3].id, created_at=NOW + timedelta(days=3))
    gone = Call(customer_id="no-such-customer", outcome="churned")
    dangling = PainPoint(quote="who?", customer_id="no-such-customer", fix_id=fixes[3].id, severity=5)
    store.put(person, *twins, *blank, future, gone, dangling)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_sql_and_python_rank_equal_under_every_weight_filter_and_top(tmp_path: Path, seed: int) -> None:
    """The one-shot command's ranking summed by SQLite (:mod:`cxnotes.services.ranking_sql`) and the app's
    summed in Python agree on every row and field, with ``top`` cutting both alike."""
    folder = tmp_path / "store"
    store = Store.open(folder)
    fill(store, seed)
    add_ties(store, seed)
    store.close()
    held, fresh = Store.open(folder, readonly=True), Store.open(folder, readonly=True)
    try:
        for kind in (PainPoint, Call, Customer):
            held.docs(kind)
        assert fresh.projects(PainPoint) and not held.projects(PainPoint)
        for weights in WEIGHTS:
            for filters in (*FILTERS[:-1], *MORE_FILTERS):
                for top in (None, 1, 3):
                    expected = ranking.rank(held, weights=weights, filters=filters, now=NOW, top=top)
                    got = ranking.rank(fresh, weights=weights, filters=filters, now=NOW, top=top)
                    assert [dataclasses.asdict(r) for r in got] == [dataclasses.asdict(r) for r in expected]
        assert not fresh.holds(PainPoint) and not fresh.holds(Customer)
        assert any(ranking.rank(fresh, now=NOW)), "the store ranks something"
    finally:
        held.close()
        fresh.close()


def test_a_store_without_the_ranking_index_gets_it_once_and_ranks_through_it(tmp_path: Path) -> None:
    """The index the SQL ranking reads in order is made by the next open of a store made before it (the
    first ``cxnotes fixes`` where the store can be written), and SQLite then sorts nothing to rank."""
    folder = tmp_path / "store"
    store = Store.open(folder)
    fill(store)
    store.close()
    conn = sqlite3.connect(folder / DB_NAME)
    with conn:
        conn.execute("DROP INDEX pain_points_facts_by_fix")
        conn.execute("DELETE FROM meta WHERE key = 'projection:indexes'")
    conn.close()
    ranked = from_projection(folder)
    conn = sqlite3.connect(folder / DB_NAME)
    try:
        assert conn.execute("SELECT value FROM meta WHERE key = 'projection:indexes'").fetchone() == (2,)
        plan = " ".join(
            str(step) for step in conn.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM (SELECT fix_id, "
            "max(severity || created_at) FROM pain_points_facts WHERE fix_id IS NOT NULL GROUP BY fix_id, "
            "customer_id)")
        )  # fmt: skip
        assert "COVERING INDEX pain_points_facts_by_fix" in plan and "TEMP B-TREE" not in plan
    finally:
        conn.close()
    assert ranked == from_documents(folder)


def test_the_kept_best_points_are_those_picked_afresh_after_every_kind_of_write(tmp_path: Path) -> None:
    """``pain_points_best`` (kept by triggers, :mod:`cxnotes.storage.best`) holds for each (fix, customer)
    the point the app's ranking picks from the documents, after merges, moves, deletes, severity changes,
    ties and points without a customer, and the same again once filled anew."""
    folder = tmp_path / "store"
    store = Store.open(folder)
    points = fill(store, 5)
    add_ties(store, 5)
    alone, unattached = points[300], points[301]
    store.put(dataclasses.replace(alone, customer_id=None), dataclasses.replace(unattached, fix_id=None))
    by_fix: dict[str, list[tuple[object, ...]]] = {}
    for doc in sorted(store.docs(PainPoint), key=lambda d: d["id"]):
        if doc["fix_id"]:
            by_fix.setdefault(doc["fix_id"], []).append(tuple(doc[f] for f in ranking._PICK))
    expected = sorted(
        (fix_id, row[-1]) for fix_id, rows in by_fix.items() for row in ranking._most_severe(rows)
    )
    store.close()
    conn = sqlite3.connect(folder / DB_NAME)
    try:
        kept = sorted(conn.execute("SELECT fix_id, id FROM pain_points_best").fetchall())
        with conn:
            best.make(conn)
        assert kept == expected == sorted(conn.execute("SELECT fix_id, id FROM pain_points_best").fetchall())
    finally:
        conn.close()
