"""What a store holds in memory for a year of records stays small: values many records repeat are
kept once (the app's peak memory with 100,000 pain points is a benchmarked target)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from cxnotes.domain.models import Call, Customer, PainPoint
from cxnotes.storage.store import Store


def test_values_many_records_repeat_are_held_once_after_a_fresh_read(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    writer = Store.open(folder)
    try:
        customer = Customer(name="김민지", segment="연간 회원")
        call = Call(customer_id=customer.id, channel="chat", operator="Mira", outcome="refund requested")
        writer.put(customer, call)
        for quote in ("검색이 안 돼요", "앱이 멈춰요"):  # one batch each, as an operator logs them
            writer.put(PainPoint(quote=quote, step="use", channel="chat", call_id=call.id))
        writer.put(Customer(name="박서준", segment="연간 회원"))
        writer.put(Call(customer_id=customer.id, channel="chat", operator="Mira", outcome="refund requested"))
    finally:
        writer.close()
    reader = Store.open(folder, readonly=True)
    try:
        first, second = reader.docs(PainPoint)
        assert first["quote"] != second["quote"]
        for field in ("step", "channel", "call_id"):
            assert first[field] == second[field] and first[field] is second[field], field
        one, other = reader.docs(Call)
        for field in ("customer_id", "channel", "operator", "outcome"):
            assert one[field] is other[field], field
        kim, park = reader.docs(Customer)
        assert kim["segment"] is park["segment"]
    finally:
        reader.close()


def test_records_read_whole_are_held_as_key_sharing_dicts_equal_to_what_was_stored(tmp_path: Path) -> None:
    """The app's pain points take a third of a plain dict's memory each (``storage/shared_keys.py``)."""
    folder = tmp_path / "store"
    writer = Store.open(folder)
    try:
        points = [PainPoint(quote=f"{n}번째 불만", severity=n % 5 + 1, step="use") for n in range(3)]
        writer.put(*points)
        stored = {p.id: writer.docs_by_id(PainPoint, [p.id])[p.id] for p in points}  # plain, by id
    finally:
        writer.close()
    reader = Store.open(folder, readonly=True)
    try:
        held = {doc["id"]: doc for doc in reader.docs(PainPoint)}
        assert held == stored
        for doc_id, doc in held.items():
            assert type(doc) is dict and list(doc) == list(stored[doc_id]), "same keys, same order"
            assert sys.getsizeof(doc) < sys.getsizeof(dict(doc)) * 0.6
        assert reader.get(PainPoint, points[1].id) == points[1]
    finally:
        reader.close()


def test_documents_of_unusual_keys_are_held_as_they_were_written(tmp_path: Path) -> None:
    """Keys no Python attribute could be (written by an importer or TinyDB's API) stay a plain dict."""
    odd = {"id": "x1", "class": 1, "__dict__": 2, "a-b": 3, "_private": 4, "quote": "그대로"}
    many = {"id": "x2", **{f"field{n}": n for n in range(40)}}
    folder = tmp_path / "store"
    writer = Store.open(folder)
    try:
        writer.apply([(PainPoint.TABLE, "x1", odd), (PainPoint.TABLE, "x2", many)])
    finally:
        writer.close()
    reader = Store.open(folder, readonly=True)
    try:
        held = {doc["id"]: doc for doc in reader.docs(PainPoint)}
        assert held == {"x1": odd, "x2": many}
        assert list(held["x1"]) == list(odd) and list(held["x2"]) == list(many)
    finally:
        reader.close()


def test_records_read_whole_are_frozen_as_read_and_records_read_by_id_are_not(tmp_path: Path) -> None:
    """A table read whole lives as long as the store: frozen as it is read (``collector.Building``), so
    no young collection walks its documents after (a 70 ms pass at 100,000, the GIL held); a record
    read by id is soon garbage, and freezing it would keep whatever cycles died meanwhile."""
    folder = tmp_path / "store"
    writer = Store.open(folder)
    try:
        points = [PainPoint(quote=f"{n}번째 불만", step="use") for n in range(300)]
        writer.put(*points)
    finally:
        writer.close()
    gc.unfreeze()
    reader = Store.open(folder, readonly=True)
    try:
        frozen = gc.get_freeze_count()
        assert reader.get(PainPoint, points[5].id) == points[5]
        assert set(reader.docs_by_id(PainPoint, [points[3].id])) == {points[3].id}
        assert gc.get_freeze_count() == frozen
        assert len(list(reader.docs(PainPoint))) == 300
        assert gc.get_freeze_count() >= frozen + 300
    finally:
        reader.close()
        gc.unfreeze()
