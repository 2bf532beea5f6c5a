"""``cxnotes import`` as a function: round trip, no duplicates, conflicts reported, bad files refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_export_store import NOW, make_store

from cxnotes import export
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise, Step
from cxnotes.export import ExportError
from cxnotes.export.importer import import_export, read_export
from cxnotes.storage.store import Store


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    """The fixed store's json export of March 2026, as a file."""
    store = make_store(tmp_path / "source")
    try:
        return export.export_to_path(store, "json", tmp_path / "march.json", now=NOW)
    finally:
        store.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "target")
    yield store
    store.close()


def counts(store: Store) -> dict[str, int]:
    return {kind.TABLE: store.count(kind) for kind in (Step, Customer, Call, Line, PainPoint, Fix, Promise)}


def test_export_import_export_is_identical(exported: Path, target: Store) -> None:
    report = import_export(target, read_export(exported))
    assert report.conflicts == []
    assert report.added == {
        "customer": 4,
        "call": 3,
        "transcript line": 4,
        "pain point": 6,
        "fix": 4,
        "promise": 2,
    }
    again = export.render(target, "json", now=NOW)
    assert again == exported.read_text(encoding="utf-8")


def test_importing_twice_adds_nothing(exported: Path, target: Store) -> None:
    import_export(target, read_export(exported))
    before = counts(target)
    report = import_export(target, read_export(exported))
    assert counts(target) == before
    assert report.added == {} and report.conflicts == []
    assert report.unchanged == 8 + 4 + 3 + 4 + 6 + 4 + 2
    assert report.summary() == "Nothing new to import; 31 records already in the store."


def test_conflicting_edits_are_reported_and_the_store_kept(exported: Path, target: Store) -> None:
    import_export(target, read_export(exported))
    point = target.get(PainPoint, "p1")
    assert point is not None
    point.severity, point.quote = 2, "환불 받았어요"
    renamed = next(s for s in target.steps() if s.slug == "billing")
    renamed.name = "결제"
    target.put(point, renamed)

    report = import_export(target, read_export(exported))

    assert [str(c) for c in report.conflicts] == [
        "conflict: step billing: name differ; kept the store's version",
        "conflict: pain point p1: quote, severity differ; kept the store's version",
    ]
    assert "2 conflicts kept the store's version" in report.summary()
    kept = target.get(PainPoint, "p1")
    assert kept is not None and (kept.severity, kept.quote) == (2, "환불 받았어요")


def test_a_teammates_new_records_merge_in(exported: Path, target: Store) -> None:
    mine = PainPoint(quote="mine", step="use")
    target.put(mine)
    report = import_export(target, read_export(exported))
    assert report.added["pain point"] == 6
    assert target.get(PainPoint, mine.id) is not None
    assert target.get(Fix, "f4") is not None and target.get(Fix, "f4").merged_points == ["p6"]  # type: ignore[union-attr]


def test_control_characters_in_a_file_are_cleaned(exported: Path, target: Store) -> None:
    data = read_export(exported)
    data["pain_points"][0]["quote"] = "bad\x1b]0;owned\x07 quote\x1b[31m"
    import_export(target, data)
    point = target.get(PainPoint, data["pain_points"][0]["id"])
    assert point is not None and point.quote == "bad quote"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n", "is not a cxnotes export"),
        (b'{"app": "other", "kind": "export", "schema": 1}', "is not a cxnotes export"),
        (b"[1, 2]", "is not a cxnotes export"),
        (b'{"app": "cxnotes", "kind": "export", "schema": 99}', "newer cxnotes"),
        (b'{"app": "cxnotes", "kind": "export", "schema": 1, "calls": {}}', "is not a cxnotes export"),
    ],
)
def test_files_that_are_not_exports_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(ExportError, match=message):
        read_export(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["pain_points"][2].update(severity=9),
            r"pain_points\[2\] .*: severity is 9; use one",
        ),
        (
            lambda d: d["pain_points"][1].update(severity="5"),
            r"pain_points\[1\] .*: severity is '5', which",
        ),
        (
            lambda d: d["calls"][0].update(started_at="yesterday"),
            r"calls\[0\] .*: a date or time cannot be",
        ),
        (lambda d: d["customers"][1].pop("id"), r"customers\[1\] has no id"),
        (
            lambda d: d["fixes"][0].update(merged_points=[1]),
            r"fixes\[0\] .*: merged_points holds 1; it",
        ),
        (lambda d: d["calls"][1].update(transcript="none"), r"calls\[1\].transcript is not a list"),
        (lambda d: d["promises"].append("text"), r"promises\[2\] is 'text', not a record"),
    ],
)
def test_one_bad_record_imports_nothing(exported: Path, target: Store, change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = read_export(exported)
    change(data)
    before = counts(target)
    with pytest.raises(ExportError, match=message + ".*[Nn]othing was imported"):
        import_export(target, data)
    assert counts(target) == before


def test_a_bom_and_a_file_edited_by_hand_still_read(exported: Path, tmp_path: Path) -> None:
    data = json.loads(exported.read_text(encoding="utf-8"))
    path = tmp_path / "edited.json"
    path.write_text("\ufeff" + json.dumps(data, indent=4), encoding="utf-8")
    assert read_export(path)["pain_points"] == data["pain_points"]


def test_a_backup_of_customers_who_changed_status_restores(tmp_path: Path, target: Store) -> None:
    """A customer's dated status changes (churned in November) survive a json backup and restore.

    They are objects inside the customer's record; the import once refused them as "a list of
    empty", so no backup of a store with a churned customer could be restored.
    """
    from cxnotes.services import customers

    source = make_store(tmp_path / "source")
    try:
        name = source.all(Customer)[0].name
        someone = customers.apply_edit(
            source, customers.CustomerEdit(name, status="churned", at=NOW)
        ).customer
        backup = export.export_to_path(source, "json", tmp_path / "all.json", now=NOW)
    finally:
        source.close()
    report = import_export(target, read_export(backup))
    assert report.conflicts == []
    restored = target.get(Customer, someone.id)
    assert restored is not None and restored.status == "churned"
    assert restored.statuses == someone.statuses
