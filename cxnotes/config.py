"""The user's config file: today, the ranking's weights.

The file is TOML at ``platformdirs.user_config_path("cxnotes")/config.toml``, or
wherever ``$CXNOTES_CONFIG`` points. A missing file means the defaults; a file that
cannot be read, or that names a weight cxnotes does not know, is reported with its
path instead of being half-applied: a typo in a weight must not silently change
which fix comes first. Nothing is read at import time.

Example::

    [ranking]
    half_life_days = 60   # evidence two months old counts half
    churn = 10            # customers who left weigh more
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from pathlib import Path

import platformdirs

from cxnotes.ranking import Weights

ENV_VAR = "CXNOTES_CONFIG"
"""Environment variable naming the config file to use instead of the default."""


class ConfigError(ValueError):
    """The config file is broken; ``str()`` is one line naming the file."""


def config_path() -> Path:
    """Where the config file is (it may not exist)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path("cxnotes", appauthor=False) / "config.toml"


def load_weights(path: Path | None = None) -> Weights:
    """The ranking weights from the ``[ranking]`` table of the config file.

    Args:
        path: the file to read; :func:`config_path` if None.

    Returns:
        The defaults overridden by what the file sets.

    Raises:
        ConfigError: the file is not valid TOML, cannot be read, or sets an unknown
            key or a value that is not a non-negative number.
    """
    path = path or config_path()
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except FileNotFoundError:
        return Weights()
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML: {error}.") from error
    except OSError as error:
        raise ConfigError(f"Cannot read {path}: {error.strerror or error}.") from error
    table = data.get("ranking", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'ranking' must be a table ([ranking]).")
    known = {f.name for f in dataclasses.fields(Weights)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            f"{path}: unknown ranking weight {', '.join(unknown)}; known: {', '.join(sorted(known))}."
        )
    for key, value in table.items():
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value) or value < 0:
            raise ConfigError(f"{path}: ranking.{key} must be a number of 0 or more, not {value!r}.")
    return Weights(**{key: float(value) for key, value in table.items()})
