"""Reading a batch of records at once (what an import compares with the store), on a real store on disk."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cxnotes.domain.models import Call, Line
from cxnotes.storage.store import Store

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def call_with_lines(store: Store, n: int) -> tuple[Call, list[Line]]:
    call = Call(started_at=AT, ended_at=AT, summary="환불 문의")
    lines = [
        Line(call_id=call.id, index=i, offset=float(i), speaker="customer", text=f"{i}번") for i in range(n)
    ]
    store.put(call, *lines)
    return call, lines


def test_a_batch_read_finds_what_exists_by_id_and_the_lines_of_calls(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    try:
        first, first_lines = call_with_lines(store, 3)
        second, second_lines = call_with_lines(store, 1)
        call_with_lines(store, 2)  # a third call, not asked for
        ids = [first.id, "0" * 32, second.id]
        assert set(store.docs_by_id(Call, ids)) == {first.id, second.id}
        found = store.docs_by_id(Line, [first.id, second.id], of_calls=True)
        assert set(found) == {line.id for line in first_lines + second_lines}
        assert found[first_lines[2].id]["text"] == "2번"
        store.delete(first_lines[0])
        assert first_lines[0].id not in store.docs_by_id(Line, [first.id], of_calls=True)
        assert store.docs_by_id(Call, []) == {}
    finally:
        store.close()


def test_a_record_another_process_changed_after_a_batch_read_is_kept_as_a_conflict(tmp_path: Path) -> None:
    """The import's write wins, the app's version is kept and announced: nothing is lost silently."""
    folder = tmp_path / "store"
    app = Store.open(folder)
    importer = Store.open(folder)
    try:
        call, _ = call_with_lines(app, 1)
        read = importer.docs_by_id(Call, [call.id])[call.id]
        app.put(Call(id=call.id, started_at=AT, ended_at=AT, summary="the app's edit", reviewed=True))
        importer.apply([(Call.TABLE, call.id, {**read, "summary": "from the source"})])
        importer.forget(Call, [call.id])
        ((table, doc_id, _, replaced),) = importer.conflicts()
        assert (table, doc_id) == (Call.TABLE, call.id)
        assert replaced is not None and replaced["summary"] == "the app's edit"
        assert "Another cxnotes process" in importer.take_notices()[0]
        assert importer.get(Call, call.id).summary == "from the source"  # type: ignore[union-attr]
    finally:
        app.close()
        importer.close()
