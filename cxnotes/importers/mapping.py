"""Which spreadsheet column holds what: ``text=내용,customer=고객명,at=접수일시,channel=채널``.

A mapping given once is saved under a name (``default`` unless ``--map-name`` says
otherwise) in ``import-mappings.json`` beside the config file, owner-only, so the next
month's sheet imports with ``cxnotes import voc.xlsx`` alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from cxnotes.config import config_path
from cxnotes.domain.text import clean
from cxnotes.export.atomic import write_atomically
from cxnotes.export.errors import ExportError
from cxnotes.i18n import N_, _

FIELDS: dict[str, str] = {
    "text": N_("what the customer said (required)"),
    "at": N_("when (required): 2026-12-01 15:04, 2026. 12. 1. 오후 3:04, 2026년 12월 1일"),
    "customer": N_("the customer's name or id"),
    "segment": N_("the customer's segment"),
    "channel": N_("전화, 채팅, 이메일, phone, chat, email..."),
    "id": N_("the complaint's id, so re-imports update it"),
    "conversation": N_("rows with the same value are one conversation, one row a message"),
    "speaker": N_("who wrote the row: 고객/customer or 상담원/agent"),
    "tags": N_("tags, separated by , ; or |"),
    "rating": N_("satisfaction: 1-5 (2 or less is low) or 불만족/bad"),
    "subject": N_("a title for the conversation"),
}
"""Fields a column can be mapped to, and what they mean (for the help and the errors; ``_()`` them)."""

REQUIRED = ("text", "at")

DEFAULT_NAME = "default"


class MappingError(ValueError):
    """A mapping that cannot be used; ``str()`` is one line."""


def parse(spec: str) -> dict[str, str]:
    """``text=내용,at=접수일시`` as ``{"text": "내용", "at": "접수일시"}``.

    Raises:
        MappingError: a part is not ``field=column``, names an unknown field, or a required one is missing.
    """
    mapping: dict[str, str] = {}
    for part in clean(spec, multiline=False).split(","):
        if not part.strip():
            continue
        name, equals, column = part.partition("=")
        name, column = name.strip().casefold(), column.strip()
        if not equals or not column:
            raise MappingError(
                _("--map: {part!r} is not field=column (e.g. text=내용).").format(part=part.strip())
            )
        if name not in FIELDS:
            raise MappingError(
                _("--map: unknown field {name!r}; use: {fields}.").format(name=name, fields=", ".join(FIELDS))
            )
        mapping[name] = column
    missing = [name for name in REQUIRED if name not in mapping]
    if missing:
        raise MappingError(
            _("--map needs {fields} (e.g. text=내용,at=접수일시). Nothing was imported.").format(
                fields=_(" and ").join(missing)
            )
        )
    return mapping


def mappings_path() -> Path:
    """Where named mappings are saved: beside the config file."""
    return config_path().parent / "import-mappings.json"


def load(name: str) -> dict[str, str] | None:
    """The mapping saved under ``name``, or None."""
    try:
        saved = json.loads(mappings_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise MappingError(
            _("Cannot read {file}: {reason}.").format(file=mappings_path(), reason=error)
        ) from None
    found = saved.get(name) if isinstance(saved, dict) else None
    return dict(found) if isinstance(found, dict) else None


def save(name: str, mapping: dict[str, str]) -> Path:
    """Save ``mapping`` under ``name`` (replacing one of that name), atomically, owner-only."""
    path = mappings_path()
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    saved = saved if isinstance(saved, dict) else {}
    saved[name] = mapping
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return write_atomically(path, json.dumps(saved, ensure_ascii=False, indent=2).encode("utf-8"))
    except (OSError, ExportError) as error:
        raise MappingError(_("Cannot save the mapping: {error}").format(error=error)) from None
