"""Every field checked on every way in: import, the shell's dates, the app's numbers (issue 14, item 3).

Values that used to pass the door and break everything behind it (``Infinity`` as a customer
value, year 1, a time without a zone) are refused with one line naming the record, and a
refused import leaves the store byte-identical.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from cxnotes.__main__ import main
from cxnotes.domain.dates import DateError, parse_date, parse_when
from cxnotes.domain.models import Customer, Fix, PainPoint
from cxnotes.domain.validation import InvalidRecord, check_record
from cxnotes.storage.store import Store
from tests.test_export_store import make_store

ANN = {"id": "new1", "name": "Ann", "segment": "", "value": 5.0, "created_at": "2026-03-02T10:00:00+09:00"}


def export_with(tmp_path: Path, **records: list[dict[str, Any]]) -> Path:
    """A minimal cxnotes export file holding these records (``json.dumps`` writes NaN and Infinity)."""
    data = {"app": "cxnotes", "kind": "export", "schema": 1, **records}
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.fixture
def store(tmp_path: Path) -> Path:
    make_store(tmp_path / "store").close()
    return tmp_path / "store"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({**ANN, "value": math.inf}, r'customers\[0\] \(id "new1"\): value is inf; give a finite number\.'),
        ({**ANN, "value": math.nan}, r'customers\[0\] \(id "new1"\): value is nan; give a finite number\.'),
        ({**ANN, "value": -1}, r": value is -1; it must be from 0 to 1,000,000,000,000"),
        (
            {**ANN, "created_at": "0001-01-01T10:00:00+09:00"},
            r'customers\[0\] \(id "new1"\): created_at 0001-01-01 is outside the years 1900 to 2999\.',
        ),
        (
            {**ANN, "created_at": "2026-03-02T10:00:00"},
            r'customers\[0\] \(id "new1"\): created_at 2026-03-02T10:00:00 has no time zone',
        ),
    ],
)
def test_a_bad_customer_is_refused_by_name_and_the_store_is_unchanged(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], record: dict[str, Any], message: str
) -> None:
    before = files(store)
    code, err = cli(
        capsys, "--data-dir", str(store), "import", str(export_with(tmp_path, customers=[record]))
    )
    assert code == 2
    assert err.count("\n") == 1 and err.endswith(" Nothing was imported.\n")
    assert re.search(message, err), err
    assert files(store) == before
    opened = Store.open(store, readonly=True)
    assert opened.get(Customer, "new1") is None
    opened.close()


@pytest.mark.parametrize(
    ("kind", "record", "field"),
    [
        ("fixes", {"id": "f1", "title": "x", "effort": math.inf, "created_at": ANN["created_at"]}, "effort"),
        ("fixes", {"id": "f1", "title": "x", "status": "done", "created_at": ANN["created_at"]}, "status"),
        (
            "pain_points",
            {"id": "p1", "quote": "x", "channel": "fax", "created_at": ANN["created_at"]},
            "channel",
        ),
        ("promises", {"id": "r1", "text": "x", "due": "0001-01-01", "created_at": ANN["created_at"]}, "due"),
        ("calls", {"id": "k1", "started_at": ANN["created_at"], "outcome": "happy"}, "outcome"),
        (
            "fixes",
            {"id": "f1", "title": "x", "merged_points": [None], "created_at": ANN["created_at"]},
            "merged_points",
        ),
        (
            "calls",
            {"id": "k1", "started_at": ANN["created_at"], "transcript": [{"id": "l1", "offset": -5}]},
            "offset",
        ),
    ],
)
def test_every_kind_of_record_is_checked_field_by_field(
    store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    record: dict[str, Any],
    field: str,
) -> None:
    before = files(store)
    code, err = cli(
        capsys, "--data-dir", str(store), "import", str(export_with(tmp_path, **{kind: [record]}))
    )
    assert code == 2 and f": {field} " in err and err.count("\n") == 1, err
    assert files(store) == before


def test_year_one_on_the_shell_is_one_line(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = files(store)
    code, err = cli(capsys, "--data-dir", str(store), "export", "--since", "0001-01-01")
    assert (code, err) == (
        2,
        'cxnotes: --since: "0001-01-01" is 0001-01-01, outside the years 1900 to 2999 cxnotes keeps.\n',
    )
    for when in ("0001-01-01 10:00", "0001-01-01", "200 years ago"):
        code, err = cli(capsys, "--data-dir", str(store), "log", "x", "--step", "billing", "--at", when)
        assert code == 2 and err.startswith(f'cxnotes: --at: "{when}" ') and err.count("\n") == 1, err
    assert files(store) == before


def test_the_date_parser_keeps_to_the_calendar_cxnotes_keeps() -> None:
    with pytest.raises(DateError, match=r"outside the years 1900 to 2999"):
        parse_date("in 2000 years")
    with pytest.raises(DateError, match=r'^"0001-01-01T00:30\+09:00" is outside the years 1900 to 2999'):
        parse_when("0001-01-01T00:30+09:00")
    assert parse_date("1900-01-01").year == 1900
    assert parse_date("2999-12-31").year == 2999


def test_records_built_in_code_are_checked_the_same_way() -> None:
    with pytest.raises(InvalidRecord, match=r"^fix: effort is 0; it must be from 0.01 to 1,000,000\.$"):
        check_record(Fix(title="x", effort=0.0))
    with pytest.raises(InvalidRecord, match=r"^painpoint: severity is 7; use one of: 1, 2, 3, 4, 5\.$"):
        check_record(PainPoint(severity=7))
    assert check_record(Customer(name="김민지", value=1200.0)).name == "김민지"
