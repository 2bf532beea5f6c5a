"""Bring in conversations that already exist: helpdesk tickets, chats and VOC spreadsheets.

One module per source reads its file lazily into :class:`~cxnotes.importers.base.Conversation`
objects; :mod:`cxnotes.importers.writer` saves them as calls through the store's public API.
No Textual here. :func:`detect` tells the source from the file when ``--from`` is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from cxnotes.i18n import _
from cxnotes.importers.base import Conversation, ImportFormatError

SOURCES = ("cxnotes", "zendesk", "intercom", "channeltalk", "csv")
"""What ``--from`` accepts; ``cxnotes`` is cxnotes' own json export."""

SNIFF_CHARS = 1 << 16
"""Characters of a JSON file looked at to tell whose export it is."""

_SIGNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cxnotes", re.compile(r'"app"\s*:\s*"cxnotes"')),
    ("channeltalk", re.compile(r'"userChats"\s*:')),
    ("intercom", re.compile(r'"conversation_parts"\s*:|"type"\s*:\s*"conversation(\.list)?"')),
    ("zendesk", re.compile(r'"tickets"\s*:|"requester_id"\s*:')),
)
"""A key only that source's JSON has near its start, in the order they are tried."""


def detect(path: Path) -> str:
    """The source that wrote ``path``, from its extension and first bytes.

    Raises:
        ImportFormatError: the file cannot be read, or looks like none of the sources.
    """
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".tsv", ".txt"):
            return "csv"
        if suffix in (".xlsx", ".xlsm"):
            return _workbook_source(path)
        with path.open(encoding="utf-8-sig", errors="replace") as file:
            head = file.read(SNIFF_CHARS)
    except OSError as error:
        raise ImportFormatError(
            _("Cannot read {file}: {reason}.").format(file=path, reason=error.strerror or error)
        ) from None
    for source, sign in _SIGNS:
        if sign.search(head):
            return source
    raise ImportFormatError(
        _("Cannot tell which tool wrote {file}; say it with --from {sources}.").format(
            file=path.name, sources="|".join(SOURCES)
        )
    )


def _workbook_source(path: Path) -> str:
    """Channel Talk's downloads are encrypted or have its ``UserChat data`` sheet; other sheets are VOC."""
    from cxnotes.importers import channeltalk
    from cxnotes.importers.workbook import is_encrypted

    if is_encrypted(path):
        return "channeltalk"
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError):
        raise ImportFormatError(_("{file} is not an XLSX workbook.").format(file=path.name)) from None
    return "channeltalk" if f'name="{channeltalk.CHATS_SHEET}"' in workbook else "csv"


def read(source: str, path: Path, *, mapping: dict[str, str] | None = None, password: str | None = None
         ) -> Iterator[Conversation]:  # fmt: skip
    """The conversations of ``path`` as ``source`` writes them, read lazily."""
    if source == "zendesk":
        from cxnotes.importers import zendesk

        return zendesk.read(path)
    if source == "intercom":
        from cxnotes.importers import intercom

        return intercom.read(path)
    if source == "channeltalk":
        from cxnotes.importers import channeltalk

        return channeltalk.read(path, password)
    if source == "csv":
        from cxnotes.importers import spreadsheet

        if mapping is None:
            raise ImportFormatError(_("A spreadsheet needs --map (e.g. --map text=내용,at=접수일시)."))
        return spreadsheet.read(path, mapping, password)
    raise ImportFormatError(
        _("Unknown source {source!r}; use one of: {sources}.").format(
            source=source, sources=", ".join(SOURCES)
        )
    )


__all__ = ["SOURCES", "Conversation", "ImportFormatError", "detect", "read"]
