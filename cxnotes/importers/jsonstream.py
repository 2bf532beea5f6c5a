"""Read the records of a JSON export one at a time, whatever of the three shapes it has.

* JSON lines: one record per line (Zendesk's account export, ``jq -c`` output).
* An API page: ``{"tickets": [...], "next_page": ...}`` or ``{"conversations": [...]}``.
* A bare array of records.

Memory stays bounded by the largest record, not the file: the array is decoded item by
item with :meth:`json.JSONDecoder.raw_decode` over a sliding window of the text. That is
a few dozen lines of standard library instead of a streaming-parser dependency (``ijson``),
and it reads the only structure these exports have: one array of objects, at the top or
under one key of the top object. Other keys of a page (``count``, ``next_page``) are
read whole, so a page with a second huge array would be held in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cxnotes.i18n import _
from cxnotes.importers.base import ImportFormatError

CHUNK = 1 << 16
"""Characters read at a time."""

LONGEST_LINE = 1 << 24
"""Characters of the first line read to tell JSON lines from one JSON document."""

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\r\n"


class _Window:
    """A window of decoded text over the file, refilled as the parser moves on."""

    def __init__(self, file: IO[str], name: str) -> None:
        self.file = file
        self.name = name
        self.text = ""
        self.at = 0
        self.eof = False

    def more(self) -> bool:
        """Read another chunk; drop what was already parsed. False at end of file."""
        if self.eof:
            return False
        chunk = self.file.read(CHUNK)
        self.text = self.text[self.at :] + chunk
        self.at = 0
        self.eof = not chunk
        return bool(chunk)

    def peek(self) -> str:
        """The next non-blank character ('' at the end of the file)."""
        while True:
            while self.at < len(self.text) and self.text[self.at] in _WHITESPACE:
                self.at += 1
            if self.at < len(self.text):
                return self.text[self.at]
            if not self.more():
                return ""

    def expect(self, char: str, where: str) -> None:
        if self.peek() != char:
            raise ImportFormatError(
                _("{file}: {where}: expected '{char}'; the JSON is cut or broken.").format(
                    file=self.name, where=where, char=char
                )
            )
        self.at += 1

    def value(self, where: str) -> Any:
        """Decode the next whole JSON value, reading more text until it is complete."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                if self.more():
                    continue
                raise ImportFormatError(
                    _("{file}: {where} is not valid JSON ({error}).").format(
                        file=self.name, where=where, error=error.msg
                    )
                ) from None
            # A number at the end of the window may go on in the next chunk ("12" of "123").
            if end == len(self.text) and not self.eof and self.more():
                continue
            self.at = end
            return value


def iter_records(path: Path, keys: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """Yield ``(where, record)`` for each record of a JSON-lines file, API page or array.

    Args:
        path: the file (UTF-8, with or without a BOM).
        keys: the key of the records' array in an API page, e.g. ``("tickets",)``.

    Raises:
        ImportFormatError: the file is not JSON of one of the three shapes; names the line or item.
    """
    with path.open(encoding="utf-8-sig", newline="") as file:
        first = file.readline(LONGEST_LINE)
        file.seek(0)
        stripped = first.strip()
        lines = stripped.startswith("{") and first.endswith("\n") and _whole(stripped)
        if lines:
            record = json.loads(stripped)
            if not (isinstance(record, dict) and any(isinstance(record.get(k), list) for k in keys)):
                yield from _lines(file, path.name)
                return
        yield from _document(_Window(file, path.name), keys)


def _whole(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _lines(file: IO[str], name: str) -> Iterator[tuple[str, Any]]:
    import msgspec  # a third of the time json.loads takes; imported only for an import

    decode = msgspec.json.Decoder().decode
    for number, line in enumerate(file, start=1):
        if line.strip():
            try:
                record = decode(line)
            except ValueError:
                try:  # the standard library's message says where in the line it broke
                    record = json.loads(line)
                except ValueError as error:
                    raise ImportFormatError(
                        _("{file}: line {number} is not valid JSON ({error}).").format(
                            file=name, number=number, error=error
                        )
                    ) from None
            yield _("line {number}").format(number=number), record


def _document(window: _Window, keys: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    start = window.peek()
    if start == "[":
        yield from _array(window, "items")
    elif start == "{":
        window.at += 1
        first, found = True, False
        while window.peek() != "}":
            if not first:
                window.expect(",", _("the top object"))
            first = False
            key = window.value(_("a key of the top object"))
            window.expect(":", f'"{key}"')
            if key in keys and window.peek() == "[":
                found = True
                yield from _array(window, str(key))
            else:
                window.value(f'"{key}"')
        if not found:
            raise ImportFormatError(
                _("{file}: the file holds no {keys}.").format(file=window.name, keys=_(" or ").join(keys))
            )
    else:
        raise ImportFormatError(
            _("{file} is not JSON (it starts with {start!r}).").format(
                file=window.name, start=start or _("nothing")
            )
        )


def _array(window: _Window, name: str) -> Iterator[tuple[str, Any]]:
    window.expect("[", name)
    index = 0
    while window.peek() != "]":
        if index:
            window.expect(",", f"{name}[{index}]")
        where = f"{name}[{index}]"
        yield where, window.value(where)
        index += 1
    window.at += 1
