"""Reading a file handed to ``cxnotes import``: bounded, regular files only, UTF-8, bounded depth.

Why: the path comes from a user and may be anything. ``/dev/zero`` was read until memory
ran out, a FIFO blocked for ever, 200,000 nested brackets ended in a ``RecursionError``
traceback, and a file re-saved as UTF-16 by an editor was called "not a cxnotes export".
Each now ends in one line that says what the file is and what to do.
"""

from __future__ import annotations

import codecs
import json
import os
import shlex
import stat
from pathlib import Path
from typing import Any

from cxnotes.export.errors import ExportError
from cxnotes.i18n import _

MAX_IMPORT_BYTES = 256 * 1024 * 1024
"""Largest file ``cxnotes import`` reads: about four times the json export of a 100,000-pain-point store.

Parsing takes roughly ten times the file's size in memory, so this keeps an import
within a laptop's memory; a larger backup can be split by period (``--since``/``--until``).
"""

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
"""O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one."""


def load_json(path: str | os.PathLike[str]) -> Any:
    """The parsed JSON of a file, or :class:`ExportError` with one line saying why not.

    Nesting depth is bounded by the C decoder's recursion guard (the interpreter's
    recursion limit, about 1,000 levels; a cxnotes export has 4): deeper input is refused
    here instead of ending in a traceback. Nothing downstream recurses into values of
    unknown shape: :mod:`cxnotes.domain.validation` checks a field's type before using it.

    Raises:
        ExportError: not a regular file, larger than :data:`MAX_IMPORT_BYTES`, not UTF-8
            (the encoding it seems to be is named), nested too deeply, or not JSON.
    """
    name = Path(path)
    raw = _read(name)
    text = _decode(name, raw)
    not_json = _("{name} is not a cxnotes export (make one with: cxnotes export --format json).").format(
        name=name
    )
    try:
        return json.loads(text)
    except RecursionError:
        raise ExportError(
            _("{name} is nested far deeper than a cxnotes export; it was not imported.").format(name=name)
        ) from None
    except MemoryError:
        raise ExportError(
            _("{name} needs more memory to read than this machine has free.").format(name=name)
        ) from None
    except ValueError:
        raise ExportError(not_json) from None


def _read(name: Path) -> bytes:
    """The bytes of a regular file no larger than :data:`MAX_IMPORT_BYTES`, read without blocking."""
    try:
        before = os.stat(name)
        _check_kind(name, before)
        if before.st_size > MAX_IMPORT_BYTES:
            raise _too_large(name)
        fd = os.open(name, _FLAGS)
    except OSError as error:
        raise ExportError(_cannot_read(name, error)) from None
    with os.fdopen(fd, "rb") as file:
        _check_kind(name, os.fstat(fd))  # the name may have been swapped for a pipe since the stat
        try:
            raw = file.read(MAX_IMPORT_BYTES + 1)
        except OSError as error:
            raise ExportError(_cannot_read(name, error)) from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise _too_large(name)
    return raw


def _cannot_read(name: Path, error: OSError) -> str:
    return _("Cannot read {file}: {reason}.").format(file=name, reason=error.strerror or error)


def _check_kind(name: Path, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ExportError(
            _("{name} is a folder; give the json file made by 'cxnotes export --format json'.").format(
                name=name
            )
        )
    if not stat.S_ISREG(info.st_mode):
        raise ExportError(
            _(
                "{name} is not a regular file (a device, pipe or socket); "
                "save the export to a file and import that."
            ).format(name=name)
        )


def check_regular(name: str | os.PathLike[str]) -> None:
    """Refuse a folder, device, pipe or socket before anything opens the file (a pipe would block it).

    Every import calls this first, whatever the source: a helpdesk export is streamed, so
    only a whole-file cxnotes export is also held to :data:`MAX_IMPORT_BYTES`.
    """
    path = Path(name)
    try:
        info = os.stat(path)
    except OSError as error:
        raise ExportError(_cannot_read(path, error)) from None
    _check_kind(path, info)


def _too_large(name: Path) -> ExportError:
    limit = MAX_IMPORT_BYTES // (1024 * 1024)
    return ExportError(
        _(
            "{name} is larger than {limit} MB, the most cxnotes imports at once; "
            "export smaller periods with --since and --until and import each."
        ).format(name=name, limit=limit)
    )


_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16: its first two bytes are UTF-16 LE's mark
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


_OPENERS = frozenset(bytes([c]) for c in b"{[ \t\r\n")
"""First bytes of a JSON export: an opening bracket or white space."""


def _decode(name: Path, raw: bytes) -> str:
    """The file's text; an encoding other than UTF-8 is named, with the command that converts it.

    A binary file (no JSON opening, or NUL bytes) gives "" so that it is "not a cxnotes export".
    """
    found = next(((label, label) for bom, label in _BOMS if raw.startswith(bom)), None)
    if found is None and raw[:1] in _OPENERS and raw[1:2] == b"\x00":
        found = ("UTF-16", "UTF-16LE")  # JSON starts with ASCII: "{" then a NUL is UTF-16 without a mark
    elif found is None and raw[:1] == b"\x00" and raw[1:2] in _OPENERS:
        found = ("UTF-16", "UTF-16BE")
    if found is None:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            if raw.lstrip()[:1] not in (b"{", b"[") or b"\x00" in raw:
                return ""  # binary, not text in another encoding: "not a cxnotes export"
            found = _legacy(raw)
    label, iconv = found
    raise ExportError(
        _(
            "{name} is {encoding} text, but cxnotes exports are UTF-8. Convert it and import the copy: "
            "iconv -f {iconv} -t UTF-8 {quoted} > converted.json"
        ).format(name=name, encoding=label, iconv=iconv, quoted=shlex.quote(str(name)))
    )


def _legacy(raw: bytes) -> tuple[str, str]:
    """A guess at an 8-bit encoding, with iconv's name for it: Korean if it decodes as that, else Latin-1."""
    for codec, found in (
        ("euc_kr", (_("EUC-KR (Korean)"), "EUC-KR")),
        ("cp949", (_("CP949 (Korean)"), "CP949")),
    ):
        try:
            raw.decode(codec)
        except UnicodeDecodeError:
            continue
        return found
    return _("Latin-1 (ISO-8859-1 or Windows-1252)"), "WINDOWS-1252"
