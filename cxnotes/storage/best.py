"""Each customer's most severe pain point on each fix, kept by SQLite as pain points change.

The fix ranking counts every customer once per fix, by their most severe pain point on it
(the newest of equals, the first by id of those; a point without a customer is its own):
see :mod:`cxnotes.services.ranking`. Picking those points among 50,000 attached ones took
SQLite longer than all the rest of ``cxnotes fixes``, so the table ``pain_points_best`` holds
them, one row per (fix, customer), and triggers on the projection
(:mod:`cxnotes.storage.projection`) keep it as points are written (a point replaces the kept one it
beats) and deleted (the kept one is picked again among the customer's other points on the fix): a few
indexed statements in the transaction that writes the document, so the table is as right as the
projection, crash or not. The one-shot ranking reads
it when no filter narrows the evidence (:mod:`cxnotes.services.ranking_sql`, which picks them
itself among the points a filter passes); ``tests/test_ranking_projection.py`` holds it equal
to picking them afresh after merges, moves, deletes and edits.
"""

from __future__ import annotations

import sqlite3

TABLE = "pain_points_best"

DAY = "julianday(substr(created_at, 1, 10))"
"""The local day a point was noted, as a day number: kept, so that ranking computes no date per row."""

_KEY = "CASE WHEN {row}.customer_id <> '' THEN {row}.customer_id ELSE {row}.id END"
"""Whose point it is: the customer, or for a point without one, the point itself."""

_COLUMNS = "fix_id, customer, customer_id, severity, created_at, involuntary, id, day"

_PUT = (
    "INSERT INTO pain_points_best("
    + _COLUMNS
    + ") SELECT NEW.fix_id, "
    + _KEY.format(row="NEW")
    + ", NEW.customer_id, NEW.severity, NEW.created_at, NEW.involuntary, NEW.id, "
    "julianday(substr(NEW.created_at, 1, 10)) WHERE NEW.fix_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
    "pain_points_best AS b "
    "WHERE b.fix_id = NEW.fix_id AND b.customer = "
    + _KEY.format(row="NEW")
    + " AND (b.severity > NEW.severity "
    "OR b.severity = NEW.severity AND (b.created_at > NEW.created_at "
    "OR b.created_at = NEW.created_at AND b.id < NEW.id))) ON CONFLICT (fix_id, customer) DO UPDATE SET "
    "customer_id = excluded.customer_id, severity = excluded.severity, created_at = excluded.created_at, "
    "involuntary = excluded.involuntary, id = excluded.id, day = excluded.day;"
)
"""A point written: it is its (fix, customer)'s unless the kept one beats it (more severe, newer of
equals, first by id of those). An upsert, as ``OR REPLACE`` in a trigger gives way to the policy of
the statement that fired it."""

_TAKE = (
    "DELETE FROM pain_points_best WHERE fix_id = OLD.fix_id AND customer = "
    + _KEY.format(row="OLD")
    + " AND id = OLD.id;"
    "INSERT INTO pain_points_best(" + _COLUMNS + ") SELECT fix_id, customer_id, customer_id, severity, "
    "created_at, involuntary, id, " + DAY + " FROM pain_points_facts WHERE OLD.customer_id <> '' "
    "AND fix_id = OLD.fix_id AND customer_id = OLD.customer_id AND NOT EXISTS (SELECT 1 FROM "
    "pain_points_best WHERE fix_id = OLD.fix_id AND customer = OLD.customer_id) "
    "ORDER BY severity DESC, created_at DESC, id LIMIT 1;"
)
"""A point deleted: if it was the kept one, its customer's next is picked among their points on the fix
(a point without a customer was its own)."""

MAKE = (
    "CREATE TABLE IF NOT EXISTS pain_points_best(fix_id TEXT NOT NULL, customer TEXT NOT NULL, "
    "customer_id, severity, created_at, involuntary, id, day, PRIMARY KEY (fix_id, customer)) WITHOUT ROWID",
    "CREATE TRIGGER IF NOT EXISTS pain_points_best_insert AFTER INSERT ON pain_points_facts "
    f"WHEN NEW.fix_id IS NOT NULL BEGIN {_PUT} END",
    "CREATE TRIGGER IF NOT EXISTS pain_points_best_delete AFTER DELETE ON pain_points_facts "
    f"WHEN OLD.fix_id IS NOT NULL BEGIN {_TAKE} END",
    "CREATE TRIGGER IF NOT EXISTS pain_points_best_update AFTER UPDATE ON pain_points_facts "
    f"WHEN OLD.fix_id IS NOT NULL OR NEW.fix_id IS NOT NULL BEGIN {_TAKE} {_PUT} END",
)
"""The table and the triggers that keep it (the projection deletes and inserts its rows; an update,
which no cxnotes makes, is kept right too)."""

FILL = (
    "INSERT OR REPLACE INTO pain_points_best SELECT p.fix_id, "
    + _KEY.format(row="p")
    + f", p.customer_id, p.severity, p.created_at, p.involuntary, p.id, {DAY} FROM pain_points_facts AS p "
    "WHERE p.fix_id IS NOT NULL AND p.id = CASE WHEN p.customer_id <> '' THEN (SELECT id FROM "
    "pain_points_facts WHERE fix_id = p.fix_id AND customer_id = p.customer_id ORDER BY severity DESC, "
    "created_at DESC, id LIMIT 1) ELSE p.id END"
)
"""Every (fix, customer)'s point, picked as the triggers pick it: once, when a store gets the table."""


def make(conn: sqlite3.Connection) -> None:
    """Give the store the table, filled, and its triggers (in the caller's transaction)."""
    for statement in MAKE:
        conn.execute(statement)
    conn.execute("DELETE FROM pain_points_best")
    conn.execute(FILL)
