"""A v0.1 snapshot is read in chunks of whole lines (for migration); any chunk size gives the same tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxnotes.domain.models import Customer, Fix, PainPoint
from cxnotes.storage import legacy
from cxnotes.storage.errors import StoreCorrupt
from tests.v01_store import snapshot_bytes, tables_of


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    """A v0.1 snapshot whose text holds newlines and braces inside strings."""
    fix = Fix(title="한글 검색 지원")
    points = [PainPoint(quote=f"검색이 안 돼요 {i}\n두 줄", fix_id=fix.id) for i in range(30)]
    path = tmp_path / "cxnotes.json"
    path.write_bytes(snapshot_bytes(tables_of(fix, *points, Customer(name="김민지 }\n{"))))
    return path


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1000, 1 << 20])
def test_any_chunk_size_reads_the_same_tables(
    snapshot_file: Path, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(legacy, "_CHUNK", chunk)
    with snapshot_file.open("rb") as file:
        streamed = legacy._parse_layout(file)  # the fast path itself, not the plain-JSON fallback
    assert streamed == json.loads(snapshot_file.read_text(encoding="utf-8"))


def test_a_snapshot_cut_short_is_refused(snapshot_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(legacy, "_CHUNK", 5)
    raw = snapshot_file.read_bytes()
    for cut in (len(raw) // 3, len(raw) // 2, len(raw) - 4, len(raw) - 2):
        snapshot_file.write_bytes(raw[:cut])
        with pytest.raises(StoreCorrupt):
            legacy.read_snapshot(snapshot_file)


def test_a_table_after_the_last_one_is_not_our_layout_but_still_json(snapshot_file: Path) -> None:
    raw = snapshot_file.read_bytes()
    tampered = raw[: -len(b"}\n}\n")] + b'},\n"extra": {\n"a": {"id": "a"}\n}\n}\n'
    snapshot_file.write_bytes(tampered)
    assert legacy.read_snapshot(snapshot_file)["extra"] == {"a": {"id": "a"}}
