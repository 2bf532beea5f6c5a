"""Fixtures every cxnotes test shares."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxnotes import config, language
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


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read English whatever the machine's locale; a test that wants Korean asks for it.

    ``$CXNOTES_LANG`` wins over the locale (cxnotes.language), for this process and the
    ``cxnotes`` processes it starts; the language is English again after each test.
    """
    monkeypatch.setenv(language.ENV_VAR, "en")
    yield
    language.start("en")
