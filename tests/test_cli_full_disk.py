"""``cxnotes log`` on a full disk: one line that says nothing was saved (issue 14, item 6).

The app keeps unsaved text in memory and retries; a shell command ends at once, so its
message must say that nothing was saved, not promise that the text is kept. A real tmpfs is
filled up (:mod:`tests.test_faults`' disk; root only, elsewhere the test skips and says why).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.test_faults import Disk, disk  # noqa: F401  (the fixture)


def log(folder: Path, text: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cxnotes", "--data-dir", str(folder), "log", text, "--step", "billing"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_log_on_a_full_disk_says_nothing_was_saved_and_a_retry_works(disk: Disk) -> None:  # noqa: F811
    folder = disk.root / "store"
    assert log(folder, "first").returncode == 0
    disk.fill()
    refused = log(folder, "환불이 두 번 청구됐어요 " * 400)
    assert (refused.returncode, refused.stdout) == (1, "")
    said = refused.stderr
    assert said.startswith("cxnotes: Could not ") and str(folder) in said and said.count("\n") == 1, said
    assert "kept" not in said and "memory" not in said, "a command that ends cannot keep the text"
    disk.free()
    assert log(folder, "second").returncode == 0
