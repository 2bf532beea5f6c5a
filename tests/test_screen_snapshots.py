"""A picture of every screen and dialog at 80x24 and at 120x40, from the registry in ``screen_scenarios``.

Each scenario's docstring says what its picture must show. Regenerate after an intended change
with ``pytest tests/test_screen_snapshots.py --snapshot-update`` and look at the SVGs in
``tests/__snapshots__/test_screen_snapshots/`` before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sample_store import hold_time, sample_store
from screen_scenarios import SCENARIOS, Scenario

from cxnotes.__main__ import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample store, with every clock the screens read standing still."""
    hold_time(monkeypatch)
    sample_store(tmp_path)
    return tmp_path


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("case", [pytest.param(s, id=s.name) for s in SCENARIOS])
def test_screen(case: Scenario, size: tuple[int, int], sample: Path, snap_compare: Any) -> None:
    """The picture shows what ``case.shows`` (the scenario's docstring) says."""
    assert snap_compare(make_app(sample), terminal_size=size, run_before=case.setup), case.shows
