"""Fixtures every cxnotes test shares."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxnotes import config
from cxnotes.storage import paths


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default store at a fresh folder so no test ever touches the real home."""
    folder = tmp_path / "data"
    monkeypatch.setenv(paths.ENV_VAR, str(folder))
    return folder


@pytest.fixture(autouse=True)
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the config file at tmp_path (not created: defaults) so the user's weights stay out."""
    path = tmp_path / "config.toml"
    monkeypatch.setenv(config.ENV_VAR, str(path))
    return path
