"""The store's folder: created owner-only, never a folder of other files, never re-moded (issue 14, item 5).

:func:`prepare_folder` directly, and through ``cxnotes log`` on the real shell entry point.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxnotes.__main__ import main
from cxnotes.storage import legacy
from cxnotes.storage.errors import StoreError
from cxnotes.storage.folder import prepare_folder
from cxnotes.storage.guard import STORE_FOLDERS
from cxnotes.storage.store import Store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_000() -> Iterator[None]:
    """The most careless umask: without care, every folder made would be 0777."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def log(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--data-dir", str(folder), "log", "Charged twice", "--step", "billing"])
    return code, capsys.readouterr().err


def test_missing_parents_are_created_owner_only_under_umask_000(tmp_path: Path, umask_000: None) -> None:
    tmp_path.chmod(0o755)
    prepare_folder(tmp_path / "a" / "b" / "store")
    assert [mode(p) for p in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "store")] == [
        0o700
    ] * 3
    assert mode(tmp_path) == 0o755, "a folder that was there is not re-moded"


def test_the_shell_creates_the_store_owner_only_under_umask_000(
    tmp_path: Path, umask_000: None, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "new" / "store"
    assert log(folder, capsys)[0] == 0
    assert (mode(folder.parent), mode(folder)) == (0o700, 0o700)
    assert {mode(p) for p in folder.iterdir()} == {0o600}


def test_a_folder_of_other_files_is_refused_and_keeps_its_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    project.chmod(0o755)
    (project / "notes.txt").write_text("mine")
    (project / "plan.md").write_text("mine too")
    code, err = log(project, capsys)
    assert (code, err) == (
        1,
        f'cxnotes: {project} holds files that are not cxnotes\' ("notes.txt" and 1 more); '
        "a store needs a folder of its own. Give a new or empty folder with --data-dir.\n",
    )
    assert mode(project) == 0o755
    assert sorted(p.name for p in project.iterdir()) == ["notes.txt", "plan.md"]


def test_a_shared_sticky_folder_keeps_its_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert log(shared, capsys)[0] == 0, "an empty folder may hold a store"
    assert mode(shared) == 0o1777, "the sticky bit and the others' access stay as they were"
    assert {mode(p) for p in shared.iterdir()} == {0o600}
    assert log(shared, capsys)[0] == 0, "a folder holding a store (and only that) is used again"


def test_a_file_in_place_of_the_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match=r"is not a folder; give a folder for the store with --data-dir\.$"):
        prepare_folder(tmp_path / "file")
    with pytest.raises(StoreError, match=r"^Cannot create .*file/store for the store: Not a directory\.$"):
        prepare_folder(tmp_path / "file" / "store")


def test_reading_from_a_missing_folder_says_it_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo"
    for command in (["export"], ["fixes"]):
        code = main(["--data-dir", str(missing), *command])
        assert (code, capsys.readouterr().err) == (
            1,
            f"cxnotes: The folder {missing} does not exist, so there is no store to read. "
            "Check --data-dir or $CXNOTES_DATA_DIR ('cxnotes where' prints the folder in use).\n",
        )
    assert not missing.exists()


def test_a_store_made_by_cxnotes_opens_again(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s")
    store.close()
    Store.open(tmp_path / "s").close()


def test_a_store_file_linked_elsewhere_is_refused_and_its_target_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a shared folder, ``cxnotes.lock`` linked to someone's file would have been truncated."""
    victim = tmp_path / "bashrc"
    victim.write_text("export PATH=...\n")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "cxnotes.lock").symlink_to(victim)
    code, err = log(shared, capsys)
    assert (code, err) == (
        1,
        f"cxnotes: {shared / 'cxnotes.lock'} is a link or not what cxnotes keeps there; cxnotes will not "
        "write through it. Remove it, or give a folder of cxnotes' own with --data-dir.\n",
    )
    assert victim.read_text() == "export PATH=...\n"


def test_the_folder_a_migration_moves_v01_files_to_counts_as_the_stores(tmp_path: Path) -> None:
    """A migration cut short leaves ``v0.1-files/`` beside the database: the next open must finish it."""
    assert legacy.MOVED_TO in STORE_FOLDERS
    folder = tmp_path / "store"
    (folder / legacy.MOVED_TO).mkdir(parents=True)
    (folder / "cxnotes.json").write_text("{}")
    prepare_folder(folder)
    (folder / "v0.1-files-old").mkdir()
    with pytest.raises(StoreError, match=r'holds files that are not cxnotes\' \("v0.1-files-old"\)'):
        prepare_folder(folder)
