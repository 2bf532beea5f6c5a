"""``cxnotes log`` on a full disk: one line that says nothing was saved (issue 14, item 6).

The app keeps unsaved text in memory and retries; a shell command ends at once, so its
message must say that nothing was saved, not promise that the text is kept. A real tmpfs is filled up (root
only; elsewhere the test skips and says why).
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs (root only; elsewhere the test skips and says why)."""
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("this test mounts a small file system, which needs root")
    mounted = run("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(where))
    if mounted.returncode != 0:
        pytest.skip(f"mounting is not permitted here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        if run("umount", str(where)).returncode != 0:
            run("umount", "-l", str(where))


def fill(where: Path) -> Path:
    """Take every free page of the disk; the next write that needs one fails with ENOSPC."""
    filler = where / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (1 << 20, 1 << 16, 1 << 12, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as error:
                    assert error.errno == errno.ENOSPC
                    break
    finally:
        os.close(fd)
    return filler


def log(folder: Path, text: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cxnotes", "--data-dir", str(folder), "log", text, "--step", "billing"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_log_on_a_full_disk_says_nothing_was_saved_and_a_retry_works(disk: Path) -> None:
    folder = disk / "store"
    assert log(folder, "first").returncode == 0
    filler = fill(disk)
    refused = log(folder, "환불이 두 번 청구됐어요 " * 400)
    assert (refused.returncode, refused.stdout) == (1, "")
    said = refused.stderr
    assert said.startswith("cxnotes: Could not ") and str(folder) in said and said.count("\n") == 1, said
    assert "kept" not in said and "memory" not in said, "a command that ends cannot keep the text"
    filler.unlink()
    assert log(folder, "second").returncode == 0
