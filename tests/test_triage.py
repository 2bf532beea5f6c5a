"""Triage operations on a real store: attach, merge and undo, split, status, get-back list."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from cxnotes.domain.models import Call, Customer, Fix, PainPoint, Promise, now
from cxnotes.services import ranking, triage
from cxnotes.services.triage import TriageError
from cxnotes.storage.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store on disk."""
    opened = Store.open(tmp_path / "store")
    yield opened
    opened.close()


def reopened(store: Store) -> Store:
    """The same folder opened again: what is on disk, not in memory."""
    store.close()
    return Store.open(store.folder)


def test_queue_attach_detach_and_move(store: Store) -> None:
    mild, bad = PainPoint(severity=2), PainPoint(severity=5)
    billing = triage.create_fix(store, "  Double   charge\x1b[31m ", answer="We refund within 3 days.")
    store.put(mild, bad)
    assert billing.title == "Double charge"
    assert [p.id for p in triage.queue(store)] == [bad.id, mild.id]

    fix = triage.attach(store, [bad.id, mild.id], billing.id)
    assert fix.answer == "We refund within 3 days."
    assert triage.queue(store) == []
    other = triage.create_fix(store, "Slow refunds")
    triage.move(store, [mild.id], other.id)
    triage.detach(store, [bad.id])
    store = reopened(store)
    assert store.get(PainPoint, mild.id).fix_id == other.id
    assert [p.id for p in triage.queue(store)] == [bad.id]
    store.close()


def test_titles_are_checked(store: Store) -> None:
    triage.create_fix(store, "결제 오류")
    with pytest.raises(TriageError, match="already a fix"):
        triage.create_fix(store, unicodedata.normalize("NFD", "결제 오류"))
    with pytest.raises(TriageError, match="needs a title"):
        triage.create_fix(store, " \n ")
    with pytest.raises(TriageError, match="201 characters; keep it under 200"):  # as `cxnotes log --fix`
        triage.create_fix(store, "환" * 201)
    fix = triage.create_fix(store, "Login")
    assert triage.rename(store, fix.id, "login").title == "login"
    with pytest.raises(TriageError, match="already"):
        triage.rename(store, fix.id, "결제 오류")
    assert store.get(Fix, fix.id).title == "login"


def test_merge_counts_each_customer_once_and_undo_restores_exactly(store: Store) -> None:
    ann, bob = Customer(name="ann"), Customer(name="bob")
    store.put(ann, bob)
    a = triage.create_fix(store, "Refund slow")
    b = triage.create_fix(store, "Refund takes weeks")
    a_points = [PainPoint(customer_id=ann.id, severity=3, fix_id=a.id)]
    b_points = [
        PainPoint(customer_id=ann.id, severity=4, fix_id=b.id),
        PainPoint(customer_id=bob.id, fix_id=b.id),
    ]
    store.put(*a_points, *b_points)
    before = {r.fix.id: (r.customers, r.score) for r in ranking.rank(store)}

    triage.merge(store, b.id, a.id)
    store = reopened(store)
    (row,) = ranking.rank(store)
    assert (row.fix.id, row.customers, len(row.pain_point_ids)) == (a.id, 2, 3)
    assert row.breakdown["severity"] == 8 + 4
    assert [f.id for f in triage.merged_into(store, a.id)] == [b.id]
    with pytest.raises(TriageError, match="merged"):
        triage.rename(store, b.id, "x")

    moved_by_hand = PainPoint(fix_id=a.id)
    store.put(moved_by_hand)
    triage.undo_merge(store, b.id)
    store = reopened(store)
    after = {r.fix.id: (r.customers, r.score) for r in ranking.rank(store) if r.fix.id == b.id}
    assert after == {b.id: before[b.id]}
    assert store.get(Fix, b.id).merged_points == []
    assert {p.id for p in store.where(PainPoint, fix_id=a.id)} == {a_points[0].id, moved_by_hand.id}
    with pytest.raises(TriageError, match="nothing to undo"):
        triage.undo_merge(store, b.id)
    with pytest.raises(TriageError, match="itself"):
        triage.merge(store, a.id, a.id)
    store.close()


def test_split_points_into_a_new_fix(store: Store) -> None:
    fix = triage.create_fix(store, "Everything about billing")
    one, two, three = (PainPoint(fix_id=fix.id) for _ in range(3))
    store.put(one, two, three)
    new = triage.split(store, "Invoice PDF is blank", [two.id, three.id])
    assert {p.id for p in store.where(PainPoint, fix_id=new.id)} == {two.id, three.id}
    assert [p.id for p in store.where(PainPoint, fix_id=fix.id)] == [one.id]


def test_status_answer_and_effort(store: Store) -> None:
    fix = triage.create_fix(store, "Login loop")
    for status in ("planned", "in progress", "shipped"):
        assert triage.set_status(store, fix.id, status).status == status
    with pytest.raises(TriageError, match="Unknown status"):
        triage.set_status(store, fix.id, "done")
    assert triage.set_answer(store, fix.id, "Clear cookies\x07 for now.\n").answer == "Clear cookies for now."
    assert triage.set_effort(store, fix.id, 2.5).effort == 2.5
    with pytest.raises(TriageError, match="must be from 0.01 to"):
        triage.set_effort(store, fix.id, 0)
    assert ranking.rank(store) == []
    assert store.get(Fix, fix.id).effort == 2.5


def test_customers_to_get_back_to_with_their_promises(store: Store) -> None:
    ann, bob = Customer(name="ann"), Customer(name="bob")
    call_ann, call_bob = Call(customer_id=ann.id), Call(customer_id=bob.id)
    fix = triage.create_fix(store, "Refund slow")
    start = now()
    store.put(ann, bob, call_ann, call_bob)
    store.put(
        PainPoint(customer_id=bob.id, call_id=call_bob.id, fix_id=fix.id, created_at=start),
        PainPoint(
            customer_id=ann.id, call_id=call_ann.id, fix_id=fix.id, created_at=start - timedelta(days=1)
        ),
        PainPoint(customer_id=ann.id, call_id=call_ann.id, fix_id=fix.id, created_at=start),
        PainPoint(fix_id=fix.id, created_at=start),
        Promise(text="Call back when fixed", customer_id=ann.id, call_id=call_ann.id),
        Promise(text="Already done", customer_id=ann.id, call_id=call_ann.id, done=True),
    )
    back = triage.customers_to_get_back_to(store, fix.id)
    assert [b.customer.name if b.customer else None for b in back] == ["ann", "bob", None]
    assert [p.text for p in back[0].promises] == ["Call back when fixed"]
    assert len(back[0].pain_points) == 2
    assert back[1].promises == []


def test_fuzzy_title_search(store: Store) -> None:
    for title in ("Refund is slow", "환불 지연", "Login loop", "Invoice PDF blank"):
        triage.create_fix(store, title)
    closed = triage.create_fix(store, "Refund form broken")
    triage.set_status(store, closed.id, "shipped")
    assert [f.title for f in triage.search_fixes(store, "REFUND")] == ["Refund is slow"]
    assert [f.title for f in triage.search_fixes(store, "refnd")] == ["Refund is slow"]
    assert [f.title for f in triage.search_fixes(store, unicodedata.normalize("NFD", "환불"))] == [
        "환불 지연"
    ]
    assert [f.title for f in triage.search_fixes(store, "logn lop")] == ["Login loop"]
    assert triage.search_fixes(store, "zzzz") == []
    assert len(triage.search_fixes(store, "")) == 4
