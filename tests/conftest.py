"""Fixtures every cxnotes test shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxnotes.storage import paths


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default store at a fresh folder so no test ever touches the real home."""
    folder = tmp_path / "data"
    monkeypatch.setenv(paths.ENV_VAR, str(folder))
    return folder
