"""``cxnotes log`` on a full disk: one line that says nothing was saved (issue 14, item 6).

The store's refusal is written for the app, which keeps unsaved text in memory and retries;
a shell command ends at once, so it must not promise that. A real tmpfs is filled up (root
only, as in :mod:`tests.test_faults`; elsewhere the test skips and says why).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_faults import Disk, tmpfs


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    yield from tmpfs(tmp_path / "disk", "2m")


def log(folder: Path, text: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cxnotes", "--data-dir", str(folder), "log", text, "--step", "billing"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_log_on_a_full_disk_says_nothing_was_saved_and_a_retry_works(disk: Disk) -> None:
    folder = disk.root / "store"
    assert log(folder, "first").returncode == 0
    disk.fill()
    refused = log(folder, "환불이 두 번 청구됐어요 " * 400)
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr == (
        f"cxnotes: Could not save to {folder}: No space left on device. Nothing from this command was "
        "saved; make room on the disk (or make the folder writable) and run it again.\n"
    )
    disk.free()
    assert log(folder, "second").returncode == 0
