"""What a store holds in memory for a year of records stays small: values many records repeat are
kept once (the app's peak memory with 100,000 pain points is a benchmarked target)."""

from __future__ import annotations

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
