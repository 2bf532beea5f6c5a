"""A VOC spreadsheet (CSV or XLSX) with a column mapping: one row a complaint, or one row a message.

Without a ``conversation`` column each row is one complaint: a conversation of one
customer message. With it, consecutive rows sharing its value are one conversation, in
row order (a value that comes back after other rows is refused: sort the sheet first).

CSV encoding is found from the bytes: a UTF-8 BOM, else UTF-8 if the first megabyte
decodes as UTF-8, else CP949 (a superset of EUC-KR, what Korean Excel writes with "CSV").
The delimiter is a comma, or a tab when the header has more tabs than commas.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cxnotes.domain.text import one_line
from cxnotes.i18n import _
from cxnotes.importers.base import Conversation, ImportFormatError, Message, channel_of, content_key, text_of
from cxnotes.importers.when import parse_moment
from cxnotes.importers.workbook import header, open_workbook

SOURCE = "csv"

SNIFF_BYTES = 1 << 20
"""Bytes read to tell UTF-8 from CP949."""

SPEAKERS = {
    **dict.fromkeys(("customer", "user", "client", "고객", "고객님", "회원", "손님"), "customer"),
    **dict.fromkeys(("operator", "agent", "manager", "admin", "staff", "상담원", "상담사", "매니저", "직원",
                     "담당자"), "operator"),
}  # fmt: skip
"""Words a speaker column uses -> cxnotes speaker."""

LOW_WORDS = frozenset({"bad", "poor", "불만족", "매우 불만족", "매우불만족", "불만"})
LOW_SCORE = 2
"""Scores of this or less (1 to 5) are low satisfaction."""

_TAG_SPLIT = re.compile(r"[,;|]")


def encoding_of(path: Path) -> str:
    """``utf-8-sig``, ``utf-8`` or ``cp949``, from the file's first bytes."""
    with path.open("rb") as file:
        head = file.read(SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp949"
    return "utf-8"


def read(path: Path, mapping: dict[str, str], password: str | None = None) -> Iterator[Conversation]:
    """The conversations of a CSV or XLSX file, read row by row."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        yield from _conversations(_xlsx_rows(path, password), mapping, path.name)
    else:
        yield from _conversations(_csv_rows(path), mapping, path.name)


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    encoding = encoding_of(path)
    with path.open(encoding=encoding, newline="") as file:
        first = file.readline()
        file.seek(0)
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
        rows = csv.reader(file, delimiter=delimiter)
        number = 0
        try:
            for number, row in enumerate(rows, start=1):
                yield number, list(row)
        except UnicodeDecodeError:
            raise ImportFormatError(
                _("{file}: row {number} is not {encoding} text.").format(
                    file=path.name, number=number + 1, encoding=encoding
                )
            ) from None
        except csv.Error as error:
            raise ImportFormatError(
                _("{file}: row {number}: {error}.").format(file=path.name, number=number + 1, error=error)
            ) from None


def _xlsx_rows(path: Path, password: str | None) -> Iterator[tuple[int, list[Any]]]:
    book = open_workbook(path, password)
    try:
        for number, row in enumerate(book.active.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        book.close()


def _conversations(rows: Iterable[tuple[int, list[Any]]], mapping: dict[str, str], name: str
                   ) -> Iterator[Conversation]:  # fmt: skip
    rows = iter(rows)
    number, first = next(rows, (0, []))
    columns = header(tuple(first))
    index: dict[str, int] = {}
    for field, column in mapping.items():
        if column not in columns:
            found = ", ".join(c for c in columns if c) or _("none")
            raise ImportFormatError(
                _("{file}: no column {column!r} (mapped to {field}); the columns are: {found}.").format(
                    file=name, column=column, field=field, found=found
                )
            )
        index[field] = columns.index(column)
    grouped = "conversation" in index
    current: Conversation | None = None
    seen: set[str] = set()
    for number, row in rows:
        cells = {field: row[i] if i < len(row) else None for field, i in index.items()}
        if all(value in (None, "") for value in row):
            continue
        where = _("{file} row {number}").format(file=name, number=number)
        message = _message(cells, where)
        if not grouped:
            yield _conversation(cells, where, message, key=_row_key(cells, message))
            continue
        key = text_of(cells["conversation"], where, "conversation")
        if not key:
            raise ImportFormatError(
                _("{where}: the conversation column ({column}) is empty.").format(
                    where=where, column=mapping["conversation"]
                )
            )
        if current is not None and current.id == key:
            current.messages.append(message)
            current.ended_at = max(current.ended_at or message.at, message.at)
            continue
        if key in seen:
            raise ImportFormatError(
                _(
                    "{where}: conversation {key} comes back after other rows; "
                    "sort the sheet by {column} first."
                ).format(where=where, key=one_line(key, 30), column=mapping["conversation"])
            )
        seen.add(key)
        if current is not None:
            yield current
        current = _conversation(cells, where, message, key=key)
    if current is not None:
        yield current


def _message(cells: dict[str, Any], where: str) -> Message:
    text = text_of(cells["text"], where, "text")
    if not text:
        raise ImportFormatError(_("{where}: the text is empty.").format(where=where))
    speaker = "customer"
    if "speaker" in cells:
        said = text_of(cells["speaker"], where, "speaker").casefold()
        if said not in SPEAKERS:
            raise ImportFormatError(
                _("{where}: speaker {speaker!r} is neither 고객/customer nor 상담원/agent.").format(
                    where=where, speaker=one_line(said, 20)
                )
            )
        speaker = SPEAKERS[said]
    return Message(at=parse_moment(cells["at"], where), speaker=speaker, text=text)


def _row_key(cells: dict[str, Any], message: Message) -> str:
    """The row's id column, or a digest of when, who and what: the same row always gets the same id."""
    given = text_of(cells.get("id"), "", "id")
    if given:
        return given
    return content_key(message.at.isoformat(), text_of(cells.get("customer"), "", "customer"), message.text)


def _conversation(cells: dict[str, Any], where: str, message: Message, *, key: str) -> Conversation:
    customer = text_of(cells.get("customer"), where, "customer")
    rating = text_of(cells.get("rating"), where, "rating")
    tags = text_of(cells.get("tags"), where, "tags")
    return Conversation(
        source=SOURCE,
        id=key,
        where=where,
        started_at=message.at,
        ended_at=message.at,
        channel=channel_of(text_of(cells.get("channel"), where, "channel"))
        if "channel" in cells
        else "other",
        messages=[message],
        customer_id=customer,
        customer_name=customer,
        customer_segment=text_of(cells.get("segment"), where, "segment"),
        subject=text_of(cells.get("subject"), where, "subject"),
        tags=[tag.strip() for tag in _TAG_SPLIT.split(tags) if tag.strip()],
        rating=rating,
        low_rating=_low(rating),
    )


def _low(rating: str) -> bool:
    if rating.casefold() in LOW_WORDS:
        return True
    try:
        return float(rating) <= LOW_SCORE
    except ValueError:
        return False
