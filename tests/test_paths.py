"""The user's folders: cxnotes follows the XDG rule itself on Linux, and lands where platformdirs would."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from cxnotes import config
from cxnotes.storage import paths

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="elsewhere platformdirs itself decides")


@pytest.mark.parametrize("home", ["absolute", "relative"])
@pytest.mark.parametrize("xdg", [None, "absolute", "relative", ""])
def test_the_data_and_config_folders_are_platformdirs_own(
    xdg: str | None, home: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative $XDG_*_HOME is ignored, a relative $HOME means the account's home: platformdirs' rules."""
    monkeypatch.delenv(paths.ENV_VAR)  # the test suite's own store folder
    monkeypatch.setenv("HOME", str(tmp_path / "home") if home == "absolute" else "home")
    for variable, folder in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config")):
        values = {"absolute": str(tmp_path / folder), "relative": folder, "": ""}
        if xdg is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, values[xdg])
    assert paths.data_dir() == platformdirs.user_data_path("cxnotes", appauthor=False)
    assert paths.config_dir() == platformdirs.user_config_path("cxnotes", appauthor=False)


def test_the_config_file_is_in_the_config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.ENV_VAR)  # the test suite's own config file
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    assert config.config_path() == tmp_path / "conf" / "cxnotes" / "config.toml"
