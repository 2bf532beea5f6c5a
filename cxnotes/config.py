"""The user's config file: the interface's language, the ranking's weights, the trends' spike
threshold, and how imported tags map to steps.

The file is TOML at ``config.toml`` in the user's config folder (``~/.config/cxnotes`` on
Linux, see :func:`cxnotes.storage.paths.config_dir`), or wherever ``$CXNOTES_CONFIG``
points. A missing file means the defaults; a file that cannot be read, or that names a
weight cxnotes does not know, is reported with its path instead of being half-applied: a
typo in a weight must not silently change which fix comes first. Nothing is read at import time.

Example::

    [ui]
    lang = "ko"           # the interface in Korean (after --lang and $CXNOTES_LANG; see cxnotes.language)

    [ranking]
    half_life_days = 60   # evidence two months old counts half
    churn = 10            # customers who left weigh more

    [trends]
    spike_z = 2.5         # flag a week 2.5 spreads above the 8 before it

    [import.tags]         # a conversation imported with this tag gets a pain point on that step
    "환불" = "cancel"     # keys that are not plain ASCII words need quotes in TOML
    "login" = "use"

    [team]                # the team sync (cxnotes/team): --operator and $CXNOTES_OPERATOR,
    operator = "김민지"   # $CXNOTES_TEAM_URL and 'cxnotes team join URL' come first
    url = "postgresql://cx@db.example.com:5432/cxnotes"   # no password here: ~/.pgpass
"""

from __future__ import annotations

import os
from pathlib import Path

from cxnotes.i18n import _
from cxnotes.storage import paths

TYPE_CHECKING = False  # not `typing`'s: importing it costs `cxnotes log` 3 ms
if TYPE_CHECKING:  # imported where used: `cxnotes log` reads the language from here and must start fast
    from cxnotes.services.ranking import Weights
    from cxnotes.services.trends import TrendSettings

ENV_VAR = "CXNOTES_CONFIG"
"""Environment variable naming the config file to use instead of the default."""


class ConfigError(ValueError):
    """The config file is broken; ``str()`` is one line naming the file."""


def config_path() -> Path:
    """Where the config file is (it may not exist)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return paths.config_dir() / "config.toml"


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
    import dataclasses  # here, with the weights: `cxnotes where` reads the language from this module

    from cxnotes.services.ranking import Weights

    path = path or config_path()
    table = _read(path).get("ranking", {})
    if not isinstance(table, dict):
        raise ConfigError(
            _("{path}: '{table}' must be a table ([{table}]).").format(path=path, table="ranking")
        )
    known = {f.name for f in dataclasses.fields(Weights)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            _("{path}: unknown ranking weight {unknown}; known: {known}.").format(
                path=path, unknown=", ".join(unknown), known=", ".join(sorted(known))
            )
        )
    for key, value in table.items():
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not 0 <= value < float("inf"):  # NaN and infinity too
            raise ConfigError(
                _("{path}: ranking.{key} must be a number of 0 or more, not {value!r}.").format(
                    path=path, key=key, value=value
                )
            )
    return Weights(**{key: float(value) for key, value in table.items()})


def load_tag_steps(steps: list[str], path: Path | None = None) -> dict[str, str]:
    """The ``[import.tags]`` table: an imported tag (case-folded) -> the slug of its step.

    Args:
        steps: the store's step slugs; a tag mapped to another step is an error, not a dropped point.
        path: the file to read; :func:`config_path` if None.

    Raises:
        ConfigError: the file is broken, the table is not a table of strings, or names an unknown step.
    """
    path = path or config_path()
    section = _read(path).get("import", {})
    table = section.get("tags", {}) if isinstance(section, dict) else None
    if not isinstance(table, dict):
        raise ConfigError(
            _("{path}: '{table}' must be a table ([{table}]).").format(path=path, table="import.tags")
        )
    mapping: dict[str, str] = {}
    for tag, step in table.items():
        if not isinstance(step, str) or step not in steps:
            raise ConfigError(
                _("{path}: import.tags.{tag} = {step!r} is not a step; use one of: {steps}.").format(
                    path=path, tag=tag, step=step, steps=", ".join(steps)
                )
            )
        mapping[tag.strip().casefold()] = step
    return mapping


def _read(path: Path) -> dict[str, object]:
    """The parsed file; empty when it does not exist (the common case, with no TOML parser imported)."""
    try:
        file = path.open("rb")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ConfigError(
            _("Cannot read {file}: {reason}.").format(file=path, reason=error.strerror or error)
        ) from error
    import tomllib

    try:
        with file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(_("{path} is not valid TOML: {error}.").format(path=path, error=error)) from error
    except OSError as error:
        raise ConfigError(
            _("Cannot read {file}: {reason}.").format(file=path, reason=error.strerror or error)
        ) from error


def load_trend_settings(path: Path | None = None) -> TrendSettings:
    """The spike settings from the ``[trends]`` table, checked as strictly as the weights.

    Raises:
        ConfigError: the file is broken, or the table sets an unknown key or a value that is not
            a positive number (whole for ``baseline_weeks`` and ``min_count``).
    """
    import dataclasses

    from cxnotes.services.trends import TrendSettings

    path = path or config_path()
    table = _read(path).get("trends", {})
    if not isinstance(table, dict):
        raise ConfigError(
            _("{path}: '{table}' must be a table ([{table}]).").format(path=path, table="trends")
        )
    fields = {f.name: f.type for f in dataclasses.fields(TrendSettings)}
    unknown = sorted(set(table) - set(fields))
    if unknown:
        raise ConfigError(
            _("{path}: unknown trends setting {unknown}; known: {known}.").format(
                path=path, unknown=", ".join(unknown), known=", ".join(fields)
            )
        )
    for key, value in table.items():
        whole = fields[key] == "int"
        number = isinstance(value, int) if whole else isinstance(value, int | float)
        if not number or isinstance(value, bool) or not 0 < value < float("inf"):  # NaN too
            said = (
                _("{path}: trends.{key} must be a whole number above 0, not {value!r}.")
                if whole
                else _("{path}: trends.{key} must be a number above 0, not {value!r}.")
            )
            raise ConfigError(said.format(path=path, key=key, value=value))
    return TrendSettings(**table)


def load_language(path: Path | None = None) -> str | None:
    """The ``lang`` of the ``[ui]`` table (``"ko"``, ``"en"``), or None when it sets none.

    Raises:
        ConfigError: the file is broken, or ``ui.lang`` is not a string.
    """
    path = path or config_path()
    if not path.is_file():  # the common case costs no TOML parser
        return None
    table = _read(path).get("ui", {})
    if not isinstance(table, dict):
        raise ConfigError(_("{path}: 'ui' must be a table ([ui]).").format(path=path))
    lang = table.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise ConfigError(
            _('{path}: ui.lang must be a language such as "ko", not {lang!r}.').format(path=path, lang=lang)
        )
    return lang or None


TEAM_KEYS = ("operator", "url")
"""What the ``[team]`` table may set."""


def load_team(path: Path | None = None) -> dict[str, str]:
    """The ``[team]`` table: the operator's name and the team server's URL, each "" when unset.

    A URL with a password in it is refused: the file is plain text (use ``~/.pgpass``).

    Raises:
        ConfigError: the file is broken, or the table sets an unknown key, a value that is
            not text, or a URL carrying a password.
    """
    path = path or config_path()
    table = _read(path).get("team", {})
    if not isinstance(table, dict):
        raise ConfigError(_("{path}: 'team' must be a table ([team]).").format(path=path))
    unknown = sorted(set(table) - set(TEAM_KEYS))
    if unknown:
        raise ConfigError(
            _("{path}: unknown team setting {keys}; known: {known}.").format(
                path=path, keys=", ".join(unknown), known=", ".join(TEAM_KEYS)
            )
        )
    found = {key: table.get(key, "") for key in TEAM_KEYS}
    for key, value in found.items():
        if not isinstance(value, str):
            raise ConfigError(
                _("{path}: team.{key} must be text in quotes, not {value!r}.").format(
                    path=path, key=key, value=value
                )
            )
    if _has_password(found["url"]):
        raise ConfigError(
            _("{path}: team.url must not hold a password; put it in ~/.pgpass or $PGPASSWORD.").format(
                path=path
            )
        )
    return {"operator": " ".join(found["operator"].split()), "url": found["url"].strip()}


def _has_password(url: str) -> bool:
    """Whether a PostgreSQL URL or key=value string carries a password (read without psycopg)."""
    from urllib.parse import urlsplit

    if "://" in url:
        try:
            return urlsplit(url).password is not None
        except ValueError:
            return False  # not a URL at all: the connection says so when it is used
    return "password=" in url.replace(" ", "")
