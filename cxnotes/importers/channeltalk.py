"""Channel Talk's chat data download: the password-protected XLSX and its JSON form.

The download guide (docs.channel.io, "상담 통계 다운로드" / "Chat Data Download") documents
the sheets ``UserChat data`` (``id``: the chat id the ``Message data`` sheet refers to,
``userId``, ``name``: the customer's name, ``description``, ``state``...), ``User data``,
``Manager data``, ``UserChatTag data`` and ``Message data``, and caps a download at 10,000
chats. Columns read from each sheet, by their header:

* ``UserChat data``: ``id``, ``userId``, ``createdAt`` required; ``name``, ``tags``,
  ``closedAt`` when present.
* ``Message data``: ``chatId``, ``personType``, ``createdAt``, ``plainText`` required
  (the field names of Channel Talk's message model); ``id`` when present. ``personType``
  ``user`` is the customer; ``manager`` and ``bot`` are us.

A sheet or column that is not there is an error naming it, not a guess. The JSON form is
an object with ``userChats`` and ``messages`` arrays of records with the same fields.

Messages come in their own sheet, in no promised order, so the chats are held in memory
while the messages are read: bounded by the 10,000-chat cap of a download. There is no
satisfaction column in the documented sheets, so nothing is flagged from a score.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cxnotes.i18n import _
from cxnotes.importers.base import Conversation, ImportFormatError, Message, text_of
from cxnotes.importers.when import parse_moment
from cxnotes.importers.workbook import header, open_workbook

SOURCE = "channeltalk"

CHATS_SHEET = "UserChat data"
MESSAGES_SHEET = "Message data"
CHAT_COLUMNS = ("id", "userId", "createdAt")
MESSAGE_COLUMNS = ("chatId", "personType", "createdAt", "plainText")
CUSTOMER_TYPES = frozenset({"user"})
"""``personType`` of the customer; ``manager`` and ``bot`` speak for the team."""

_TAG_SPLIT = re.compile(r"[,;|\n]")

Record = tuple[str, dict[str, Any]]
"""A chat or message as (where it is in the file, its fields by name)."""


def read(path: Path, password: str | None = None) -> Iterator[Conversation]:
    """Each chat with its messages in time order, in the order of the chats sheet."""
    if path.suffix.lower() == ".json":
        yield from _join(*_json(path))
        return
    book = open_workbook(path, password)
    try:
        chats = list(_sheet(book, CHATS_SHEET, CHAT_COLUMNS, path.name))
        yield from _join(chats, _sheet(book, MESSAGES_SHEET, MESSAGE_COLUMNS, path.name))
    finally:
        book.close()


def _json(path: Path) -> tuple[list[Record], list[Record]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ImportFormatError(
            _("{file} is not a Channel Talk JSON download ({error}).").format(file=path.name, error=error)
        ) from None
    if not isinstance(data, dict):
        raise ImportFormatError(
            _("{file} is not a Channel Talk JSON download ({error}).").format(
                file=path.name, error=_("no userChats")
            )
        )
    found = []
    for key, required in (("userChats", CHAT_COLUMNS), ("messages", MESSAGE_COLUMNS)):
        items = data.get(key)
        if not isinstance(items, list):
            raise ImportFormatError(_("{file} has no {key} list.").format(file=path.name, key=key))
        for index, item in enumerate(items):
            where = f"{path.name} {key}[{index}]"
            if not isinstance(item, dict):
                raise ImportFormatError(_("{where} is not an object.").format(where=where))
            missing = [name for name in required if item.get(name) in (None, "")]
            if missing:
                raise ImportFormatError(_("{where} has no {name}.").format(where=where, name=missing[0]))
        found.append([(f"{path.name} {key}[{i}]", item) for i, item in enumerate(items)])
    return found[0], found[1]


def _sheet(book: Any, title: str, required: tuple[str, ...], name: str) -> Iterator[Record]:
    """The rows of one sheet as dicts by header, each with where it is."""
    if title not in book.sheetnames:
        raise ImportFormatError(
            _("{file} has no sheet {sheet!r}; is it a Channel Talk chat download?").format(
                file=name, sheet=title
            )
        )
    rows = book[title].iter_rows(values_only=True)
    columns = header(next(rows, ()))
    missing = [column for column in required if column not in columns]
    if missing:
        raise ImportFormatError(
            _("{file}: sheet {sheet!r} has no column {column!r}.").format(
                file=name, sheet=title, column=missing[0]
            )
        )
    for number, row in enumerate(rows, start=2):
        if any(value not in (None, "") for value in row):
            record = dict(zip(columns, row, strict=False))
            where = _("{file} sheet {sheet!r} row {number}").format(file=name, sheet=title, number=number)
            empty = [column for column in required if record.get(column) in (None, "")]
            if empty:
                raise ImportFormatError(_("{where}: {name} is empty.").format(where=where, name=empty[0]))
            yield where, record


def _join(chats: Iterable[Record], messages: Iterable[Record]) -> Iterator[Conversation]:
    conversations: dict[str, Conversation] = {}
    for where, chat in chats:
        chat_id = text_of(chat["id"], where, "id")
        user = text_of(chat["userId"], where, "userId")
        tags = text_of(chat.get("tags"), where, "tags")
        closed = chat.get("closedAt")
        conversations[chat_id] = Conversation(
            source=SOURCE,
            id=chat_id,
            where=_("{where} (chat {id})").format(where=where, id=chat_id),
            started_at=parse_moment(chat["createdAt"], f"{where} createdAt"),
            ended_at=parse_moment(closed, f"{where} closedAt") if closed not in (None, "") else None,
            channel="chat",
            customer_id=user,
            customer_name=text_of(chat.get("name"), where, "name") or user,
            tags=[tag.strip() for tag in _TAG_SPLIT.split(tags) if tag.strip()],
        )
    for where, message in messages:
        chat_id = text_of(message["chatId"], where, "chatId")
        conversation = conversations.get(chat_id)
        if conversation is None:
            raise ImportFormatError(
                _("{where}: chat {id} is not in the chats ({sheet}).").format(
                    where=where, id=chat_id, sheet=CHATS_SHEET
                )
            )
        text = text_of(message["plainText"], where, "plainText")
        if text:
            person = text_of(message["personType"], where, "personType")
            conversation.messages.append(Message(
                at=parse_moment(message["createdAt"], f"{where} createdAt"),
                speaker="customer" if person in CUSTOMER_TYPES else "operator",
                text=text,
                id=text_of(message.get("id"), where, "id"),
            ))  # fmt: skip
    for conversation in conversations.values():
        conversation.messages.sort(key=lambda message: message.at)
        if conversation.messages and conversation.ended_at is None:
            conversation.ended_at = conversation.messages[-1].at
        yield conversation
