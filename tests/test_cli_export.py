"""``cxnotes export`` and ``cxnotes import`` on the shell: formats, one-line errors, nothing half-written."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from test_export_store import make_store

from cxnotes.__main__ import main
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise
from cxnotes.storage.store import Store

MARCH = ("--since", "2026-03-02", "--until", "2026-03-31")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A closed store holding the fixed records."""
    make_store(tmp_path / "store").close()
    return tmp_path / "store"


def run(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["--data-dir", str(folder), *args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def leftovers(directory: Path) -> list[str]:
    """Files in a folder other than the ones a test made on purpose: temporary files, partial exports."""
    return sorted(p.name for p in directory.iterdir())


def test_format_from_the_extension_and_file_mode(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for name, start in [("s.md", b"# Customer pain summary"), ("s.htm", b"<!DOCTYPE html>")]:
        code, out, err = run(folder, capsys, "export", *MARCH, "-o", str(out_dir / name))
        assert (code, out) == (0, "")
        assert err == f"Wrote {out_dir / name}\n"
        assert (out_dir / name).read_bytes().startswith(start)
        assert (out_dir / name).stat().st_mode & 0o777 == 0o600, "exports hold customers' words"
    run(folder, capsys, "export", *MARCH, "-o", str(out_dir / "rows.csv"))
    assert (out_dir / "rows.csv").read_bytes().startswith("\ufeffpain_point,".encode())
    assert leftovers(out_dir) == ["rows.csv", "s.htm", "s.md"]


def test_stdout_by_default(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    sys.stdout.flush()
    code, out, err = run(folder, capsys, "export", *MARCH, "--format", "json")
    assert (code, err) == (0, "")
    assert [p["id"] for p in json.loads(out)["pain_points"]] == ["p1", "p2", "p3", "p4", "p6", "p5"]


def test_json_export_then_import_round_trips(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    exported = tmp_path / "e.json"
    assert run(folder, capsys, "export", *MARCH, "--format", "json", "-o", str(exported))[0] == 0
    other = tmp_path / "other"
    code, out, err = run(other, capsys, "import", str(exported))
    assert (code, err) == (0, "")
    assert out.startswith(
        "Imported 4 customers, 3 calls, 4 transcript lines, 6 pain points, 4 fixes, 2 promises;"
    )
    code, out, err = run(other, capsys, "import", str(exported))
    assert (code, out, err) == (0, "Nothing new to import; 31 records already in the store.\n", "")
    again = tmp_path / "again.json"
    run(other, capsys, "export", *MARCH, "--format", "json", "-o", str(again))
    strip = lambda text: [line for line in text.splitlines() if '"exported_at"' not in line]  # noqa: E731
    assert strip(again.read_text(encoding="utf-8")) == strip(exported.read_text(encoding="utf-8"))


KINDS = (Customer, Call, Line, PainPoint, Fix, Promise)
"""Every kind of record a backup holds besides the steps every store seeds."""


def test_all_is_a_full_backup_that_restores_into_an_empty_store(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(folder)
    old = Customer(name="옛 고객", created_at=datetime(2019, 5, 1, 9, 30, tzinfo=UTC))
    ancient = PainPoint(quote="2019년 일", customer_id=old.id, step="use", created_at=old.created_at)
    store.put(old, ancient)
    held = {kind: sorted(d["id"] for d in store.docs(kind)) for kind in KINDS}
    store.close()
    code, out, err = run(folder, capsys, "export", "--format", "json")
    assert (code, err) == (0, "") and ancient.id not in out, "without --all, the last 30 days only"

    backup = tmp_path / "backup.json"
    assert run(folder, capsys, "export", "--all", "-o", str(backup))[0] == 0
    doc = json.loads(backup.read_text(encoding="utf-8"))
    assert doc["period"]["since"] == "2019-05-01"
    assert {kind: sorted(r["id"] for r in doc[kind.TABLE]) for kind in KINDS if kind is not Line} == {
        kind: ids for kind, ids in held.items() if kind is not Line
    }
    code, out, err = run(folder, capsys, "export", "--all", "--format", "csv")
    assert code == 0 and "2019년 일" in out

    restored = tmp_path / "restored"
    code, out, err = run(restored, capsys, "import", str(backup))
    assert (code, err) == (0, "")
    again = Store.open(restored, readonly=True)
    try:
        assert {kind: sorted(d["id"] for d in again.docs(kind)) for kind in KINDS} == held
        assert again.get(PainPoint, ancient.id) == ancient
    finally:
        again.close()
    copy = tmp_path / "copy.json"
    assert run(restored, capsys, "export", "--all", "-o", str(copy))[0] == 0
    strip = lambda text: [line for line in text.splitlines() if '"exported_at"' not in line]  # noqa: E731
    assert strip(copy.read_text(encoding="utf-8")) == strip(backup.read_text(encoding="utf-8"))


def test_all_summarises_from_the_oldest_record_to_today(folder: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(folder)
    store.put(Call(customer_id="c1", started_at=datetime(2020, 2, 3, 23, 30, tzinfo=UTC)))
    store.close()
    code, out, err = run(folder, capsys, "export", "--all", "--format", "md")
    assert (code, err) == (0, "")
    assert f"**Period:** 2020-02-03 – {date.today().isoformat()}" in out


def test_import_reports_conflicts_with_exit_status_1(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    exported = tmp_path / "e.json"
    run(folder, capsys, "export", *MARCH, "--format", "json", "-o", str(exported))
    store = Store.open(folder)
    point = store.get(PainPoint, "p5")
    assert point is not None
    point.severity = 1
    store.put(point)
    store.close()
    code, out, err = run(folder, capsys, "import", str(exported))
    assert code == 1
    assert err == "conflict: pain point p5: severity differ; kept the store's version\n"
    assert out == (
        "Nothing new to import; 30 records already in the store; "
        "1 conflict kept the store's version (listed above).\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "next blursday"), 'cxnotes: --since: Cannot read "next blursday" as a date;'),
        (("--until", "2026-02-30"), "cxnotes: --until:"),
        (
            ("--since", "2026-03-10", "--until", "2026-03-01"),
            "cxnotes: The end date 2026-03-01 is before the start date 2026-03-10.",
        ),
        (("--since", "2099-01-01"), "cxnotes: The start date 2099-01-01 is after today"),
        (("--top", "0"), "cxnotes: --top must be at least 1."),
        (("--all", "--since", "2026-03-01"), "cxnotes: --all takes every record whatever its date;"),
        (("--until", "today", "--all"), "cxnotes: --all takes every record whatever its date;"),
        (("--format", "pdf"), "cxnotes export: argument --format: invalid choice: 'pdf'"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    folder: Path,
    tmp_path: Path,
    capsys,
    args: tuple[str, ...],
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = run(folder, capsys, "export", *args, "-o", str(out_dir / "s.md"))
    assert code == 2
    assert out == ""
    assert err.startswith(message) and err.count("\n") == 1, err
    assert leftovers(out_dir) == []


def test_unwritable_output_is_one_line_and_leaves_the_old_file(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me", encoding="utf-8")
    code, out, err = run(folder, capsys, "export", "-o", str(a_file / "s.md"))
    assert (code, out) == (2, "")
    assert err == f"cxnotes: Cannot write {a_file / 's.md'}: {a_file} is a file, not a folder.\n"
    code, out, err = run(folder, capsys, "export", "-o", str(tmp_path / "missing" / "s.md"))
    assert code == 2 and err.endswith(f"the folder {tmp_path / 'missing'} does not exist.\n")
    code, out, err = run(folder, capsys, "export", "-o", str(tmp_path))
    assert code == 2 and err == f"cxnotes: {tmp_path} is a folder; give a file name to write to.\n"
    assert a_file.read_text(encoding="utf-8") == "keep me"


def test_failed_export_keeps_the_previous_file_whole(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "s.md"
    target.write_text("last month's summary", encoding="utf-8")
    code, _, _ = run(
        folder, capsys, "export", "--since", "2026-03-10", "--until", "2026-03-01", "-o", str(target)
    )
    assert code == 2
    assert target.read_text(encoding="utf-8") == "last month's summary"
    assert leftovers(out_dir) == ["s.md"]


@pytest.mark.parametrize(
    "content", [b"", b"not json at all", b'{"app": "cxnotes"}', "한국어".encode("euc-kr")]
)
def test_importing_a_file_that_is_not_an_export(folder: Path, tmp_path: Path, capsys, content: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.json"
    path.write_bytes(content)
    store_files = sorted(p.name for p in folder.iterdir())
    code, out, err = run(folder, capsys, "import", str(path))
    assert (code, out) == (2, "")
    assert err == f"cxnotes: {path} is not a cxnotes export (make one with: cxnotes export --format json).\n"
    assert sorted(p.name for p in folder.iterdir()) == store_files


def test_importing_a_missing_file(folder: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(folder, capsys, "import", str(tmp_path / "nope.json"))
    assert (code, out) == (2, "")
    assert err == f"cxnotes: Cannot read {tmp_path / 'nope.json'}: No such file or directory.\n"


def test_a_terminal_sees_a_progress_bar(folder: Path, tmp_path: Path) -> None:
    """stderr on a real pseudo-terminal: Rich draws the stages; the file is still written."""
    master, slave = pty.openpty()
    target = tmp_path / "e.json"
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    command = [
        sys.executable,
        "-m",
        "cxnotes",
        "--data-dir",
        str(folder),
        "export",
        *MARCH,
        "-o",
        str(target),
    ]
    with subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env
    ) as proc:
        os.close(slave)
        drawn = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
        assert proc.wait(timeout=60) == 0
    os.close(master)
    text = drawn.decode("utf-8", "replace")
    assert "saving the file" in text and "━" in text, text
    assert f"Wrote {target}" in text
    assert json.loads(target.read_text(encoding="utf-8"))["app"] == "cxnotes"
