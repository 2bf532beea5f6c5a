"""Fixes and customers made twice while apart become one after a sync.

Two operators offline both file "결제 오류" as a new fix; both stores later meet on
the server with two fixes of one folded title (:func:`~cxnotes.storage.sqlite.name_key`:
case, spaces and Unicode form aside). Every member folds them the same way, with no
coordination: the **oldest** (earliest ``created_at``, then smallest id) stays; each
other is merged into it as the fix review's merge does (``merged_into`` set, its pain
points re-pointed and listed in ``merged_points``). Customers likewise, by folded
name: the oldest stays, the other's calls, pain points and promises point to it, and
it keeps ``merged_into`` so nothing about it is lost. The ranking then counts each
customer once across operators.

Because every member computes the same result from the same documents, the writes
they make are equal and the server keeps one (an equal version is no change there).
"""

from __future__ import annotations

from typing import Any

from cxnotes.storage.ledger import Ledger

Doc = dict[str, Any]


def fold(ledger: Ledger) -> list[str]:
    """Merge duplicate fixes and customers, and move pain points off merged fixes; say what was done."""
    done: list[str] = []
    writes: list[tuple[str, Doc]] = []
    for key in ledger.duplicate_keys("fixes"):
        fixes = [d for d in ledger.find("fixes", "lookup", key) if not d.get("merged_into")]
        if len(fixes) > 1:
            keeper, *others = sorted(fixes, key=_age)
            for other in others:
                writes += _merge_fix(ledger, other, keeper)
                done.append(f"fix “{other.get('title', '')}” made one with its twin")
    for key in ledger.duplicate_keys("customers"):
        people = [d for d in ledger.find("customers", "lookup", key) if not d.get("merged_into")]
        if len(people) > 1:
            keeper, *others = sorted(people, key=_age)
            for other in others:
                writes += _merge_customer(ledger, other, keeper)
                done.append(f"customer “{other.get('name', '')}” made one with their twin")
    writes += _strays(ledger, {doc["id"] for _, doc in writes})
    if writes:
        ledger.write_local(writes)
    return done


def _age(doc: Doc) -> tuple[str, str]:
    return str(doc.get("created_at") or ""), str(doc.get("id"))


def _merge_fix(ledger: Ledger, fix: Doc, keeper: Doc) -> list[tuple[str, Doc]]:
    points = [{**p, "fix_id": keeper["id"]} for p in ledger.find("pain_points", "lookup", fix["id"])]
    moved = sorted({*fix.get("merged_points", []), *(p["id"] for p in points)})
    merged = {**fix, "merged_into": keeper["id"], "merged_points": moved}
    return [("fixes", merged), *(("pain_points", p) for p in points)]


def _merge_customer(ledger: Ledger, person: Doc, keeper: Doc) -> list[tuple[str, Doc]]:
    writes: list[tuple[str, Doc]] = [("customers", {**person, "merged_into": keeper["id"]})]
    for table, where in (("calls", "parent"), ("promises", "lookup"), ("pain_points", "$.customer_id")):
        for doc in ledger.find(table, where, person["id"]):
            writes.append((table, {**doc, "customer_id": keeper["id"]}))
    return writes


def _strays(ledger: Ledger, written: set[str]) -> list[tuple[str, Doc]]:
    """Pain points that arrived pointing at a fix merged away elsewhere: they follow the merge."""
    writes: list[tuple[str, Doc]] = []
    for fix in ledger.find_set("fixes", "merged_into"):
        target = fix["merged_into"]
        points = [p for p in ledger.find("pain_points", "lookup", fix["id"]) if p["id"] not in written]
        if points:
            moved = sorted({*fix.get("merged_points", []), *(p["id"] for p in points)})
            writes.append(("fixes", {**fix, "merged_points": moved}))
            writes += [("pain_points", {**p, "fix_id": target}) for p in points]
    return writes
