"""No export may replace a store's file, a journal, a lock, a folder or a device (issue 14, item 1).

Through the real shell command and the real export screen: the store's bytes are compared
before and after, and the store must still open with its notes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from cxnotes.__main__ import main, make_app
from cxnotes.domain.models import PainPoint
from cxnotes.screens.export import ExportScreen
from cxnotes.storage.guard import is_store_file
from cxnotes.storage.store import Store
from tests.pilot_helpers import settle, wait_until
from tests.test_export_store import make_store


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a folder with its bytes, to prove nothing in it changed."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A closed store holding the fixed records (a snapshot, a journal and a lock)."""
    make_store(tmp_path / "store").close()
    return tmp_path / "store"


def export(store: Path, target: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--data-dir", str(store), "export", "--all", "--format", "md", "-o", target])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "name", ["cxnotes.json", "journal-000000.jsonl", "cxnotes.lock", "summary.md", "cxnotes.db"]
)
def test_export_into_the_stores_folder_is_refused_and_the_store_unchanged(
    store: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    before = files(store)
    assert any(is_store_file(n) for n in before)
    code, err = export(store, str(store / name), capsys)
    assert code == 2
    assert err == (
        f"cxnotes: {store / name} is in the folder of a cxnotes store ({store}); nothing was written. "
        "Write the export to another folder, e.g. ~/Documents.\n"
    )
    assert files(store) == before
    reopened = Store.open(store, readonly=True)
    assert reopened.count(PainPoint) > 0
    reopened.close()


def test_another_stores_files_and_a_link_to_the_folder_are_refused(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    make_store(other).close()
    link = tmp_path / "link"
    link.symlink_to(store)
    before, other_before = files(store), files(other)
    for target in (other / "cxnotes.json", other / "journal-000000.jsonl", link / "cxnotes.json"):
        code, err = export(store, str(target), capsys)
        assert code == 2 and "is in the folder of a cxnotes store" in err, err
    assert (files(store), files(other)) == (before, other_before)
    reopened = Store.open(other, readonly=True)
    assert reopened.count(PainPoint) > 0
    reopened.close()


def test_store_file_names_folders_and_devices_are_refused_anywhere(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code, err = export(store, str(out / "cxnotes.json"), capsys)
    assert (code, err) == (
        2,
        "cxnotes: cxnotes.json is the name of a cxnotes store file; nothing was written. "
        "Give the export another name, e.g. summary.md or backup-export.json.\n",
    )
    code, err = export(store, str(out), capsys)
    assert (code, err) == (2, f"cxnotes: {out} is a folder; give a file name to write to.\n")
    fifo = out / "pipe.md"
    os.mkfifo(fifo)
    code, err = export(store, str(fifo), capsys)
    assert code == 2 and "is not a regular file" in err
    assert sorted(p.name for p in out.iterdir()) == ["pipe.md"]
    code, err = export(store, str(out / "fine.md"), capsys)
    assert (code, err) == (0, f"Wrote {out / 'fine.md'}\n")


async def test_the_export_screen_refuses_the_stores_own_file(store: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        box = screen.query_one("#export-path", Input)
        box.focus()
        box.value = str(store / "cxnotes.db")
        await pilot.press("ctrl+s")

        def refused() -> bool:
            shown = str(screen.query_one("#export-status", Static).render())
            return "is in the folder of a cxnotes store" in shown

        await wait_until(pilot, refused, "the refusal in the status line")
    assert (store / "cxnotes.db").read_bytes().startswith(b"SQLite format 3\0"), "still the database"
    reopened = Store.open(store, readonly=True)
    assert reopened.count(PainPoint) > 0
    reopened.close()
