"""Fixes and customers made twice while apart become one after a sync.

Two operators offline both file "결제 오류" as a new fix; both stores later meet on
the server with two fixes of one folded title (:func:`~cxnotes.storage.sqlite.name_key`:
case, spaces and Unicode form aside). Every member folds them the same way, with no
coordination: the **oldest** (earliest ``created_at``, then smallest id) stays; each
other is merged into it as the fix review's merge does (``merged_into`` set, its pain
points re-pointed and listed in ``merged_points``). Customers likewise, by folded
name: the oldest stays, the other's calls, pain points and promises point to it, and
it keeps ``merged_into`` so nothing about it is lost. The ranking then counts each
customer once across operators. Value-chain steps with the same slug (every store
starts with its own copy of the default chain) are one step too.

Because every member computes the same result from the same documents, the writes
they make are equal and the server keeps one (an equal version is no change there).
Only twins made on different members are folded: a store's own two customers of one
name (two people called 김민준 on one operator's machine) stay two.
"""

from __future__ import annotations

from typing import Any

from cxnotes.i18n import _
from cxnotes.storage.ledger import Ledger

Doc = dict[str, Any]


def fold(ledger: Ledger) -> list[str]:
    """Merge duplicate fixes and customers, and move pain points off merged fixes; say what was done."""
    done: list[str] = []
    writes: dict[tuple[str, str], Doc] = {}
    """Documents changed so far, by (table, id): a pain point may move to another fix and customer."""

    def change(table: str, doc: Doc, **fields: Any) -> Doc:
        new = {**writes.get((table, doc["id"]), doc), **fields}
        writes[table, doc["id"]] = new
        return new

    for key in ledger.duplicate_keys("fixes"):
        fixes = _twins(ledger, "fixes", key)
        if fixes:
            keeper, *others = sorted(fixes, key=_age)
            for other in others:
                points = ledger.find("pain_points", "lookup", other["id"])
                for point in points:
                    change("pain_points", point, fix_id=keeper["id"])
                moved = sorted({*other.get("merged_points", []), *(p["id"] for p in points)})
                change("fixes", other, merged_into=keeper["id"], merged_points=moved)
                done.append(_("fix “{title}” made one with its twin").format(title=other.get("title", "")))
    for fix in ledger.find_set("fixes", "merged_into"):  # points that arrived for a fix merged elsewhere
        points = [
            p
            for p in ledger.find("pain_points", "lookup", fix["id"])
            if ("pain_points", p["id"]) not in writes
        ]
        if points:
            for point in points:
                change("pain_points", point, fix_id=fix["merged_into"])
            moved = sorted({*fix.get("merged_points", []), *(p["id"] for p in points)})
            change("fixes", fix, merged_points=moved)
    for key in ledger.duplicate_keys("customers"):
        people = _twins(ledger, "customers", key)
        if people:
            keeper, *others = sorted(people, key=_age)
            for other in others:
                change("customers", other, merged_into=keeper["id"])
                for table, where in (
                    ("calls", "parent"),
                    ("promises", "lookup"),
                    ("pain_points", "$.customer_id"),
                ):
                    for doc in ledger.find(table, where, other["id"]):
                        change(table, doc, customer_id=keeper["id"])
                done.append(
                    _("customer “{name}” made one with their twin").format(name=other.get("name", ""))
                )
    gone = _twin_steps(ledger)
    if writes or gone:
        ledger.write_local([(table, doc) for (table, _id), doc in writes.items()], delete=gone)
    return done


def _twins(ledger: Ledger, table: str, key: str) -> list[Doc]:
    """The live, unmerged documents of ``table`` with the folded name ``key``, if they are twins.

    Twins are made on different members: some here and some pulled. Two customers
    one operator filed under the same name on one store (two people called 김민준)
    are left as they are; every member sees the same mix, so all decide alike.
    """
    found = [(doc, pulled) for doc, pulled in ledger.find_with_origin(table, "lookup", key)]
    live = [(doc, pulled) for doc, pulled in found if not doc.get("merged_into")]
    origins = {pulled for _doc, pulled in live}
    return [doc for doc, _pulled in live] if len(live) > 1 and len(origins) == 2 else []


def _age(doc: Doc) -> tuple[str, str]:
    return str(doc.get("created_at") or ""), str(doc.get("id"))


def _twin_steps(ledger: Ledger) -> list[tuple[str, str]]:
    """Value-chain steps with the same slug (each store starts with its own copy of the defaults).

    Pain points name a step by slug, never by id, so the copies are interchangeable:
    the one with the smallest id stays on every member and the others are deleted.
    A lead's rename or reorder made after joining then reaches everyone.
    """
    by_slug: dict[str, list[str]] = {}
    for step in ledger.find_set("steps", "slug"):
        by_slug.setdefault(str(step["slug"]), []).append(str(step["id"]))
    return [("steps", doc_id) for ids in by_slug.values() for doc_id in sorted(ids)[1:]]
