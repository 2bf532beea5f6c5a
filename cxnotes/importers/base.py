"""The shape every importer yields: a conversation as the source told it, before it is a call.

Each source module (``zendesk``, ``intercom``, ``channeltalk``, ``spreadsheet``) reads
its file lazily and yields :class:`Conversation` objects; :mod:`cxnotes.importers.writer`
turns them into records. Nothing here touches the store or Textual.

A record the importer cannot read is an :class:`ImportFormatError` whose message names
where it is (``line 12``, ``row 5``, ``tickets[3]``) and what is wrong, in one line.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cxnotes.domain.text import clean, one_line
from cxnotes.i18n import _

ID_NAMESPACE = uuid.UUID("6f1c9a52-3d0e-4b7a-9a51-0c7e2f3b8d11")
"""Namespace of the ids imported records get, so the same source record always gets the same id."""
_NAMESPACE_BYTES = ID_NAMESPACE.bytes


class ImportFormatError(ValueError):
    """The file is not what its source writes; ``str()`` is one line naming the row or record."""


@dataclass
class Message:
    """One message of a conversation."""

    at: datetime
    speaker: str
    """``customer`` or ``operator`` (:data:`cxnotes.domain.models.SPEAKERS`)."""
    text: str
    id: str = ""
    """The message's id in the source, if it has one; else its position is used."""


@dataclass
class Conversation:
    """A ticket, chat or spreadsheet row as the source gave it."""

    source: str
    """``zendesk``, ``intercom``, ``channeltalk`` or ``csv``."""
    id: str
    """Its id in the source (unique within that source)."""
    where: str
    """Where it is in the file, for messages: ``line 3``, ``row 12``, ``conversations[4]``."""
    started_at: datetime
    channel: str = "chat"
    """One of :data:`cxnotes.domain.models.CHANNELS`."""
    messages: list[Message] = field(default_factory=list)
    customer_id: str = ""
    """The customer's id in the source; empty when the source names nobody."""
    customer_name: str = ""
    customer_segment: str = ""
    subject: str = ""
    tags: list[str] = field(default_factory=list)
    rating: str = ""
    """The satisfaction score as the source wrote it; empty if none."""
    low_rating: bool = False
    """The source's score says the customer was unhappy: the call is flagged for review."""
    ended_at: datetime | None = None


def stable_id(*parts: str) -> str:
    """A record id that is the same every time the same source record is imported.

    32 hex digits like the uuid4 ids of records made here; a SHA-1 of the namespace and
    the parts, as ``uuid5`` computes it, without building a UUID object per record.
    """
    return hashlib.sha1(_NAMESPACE_BYTES + "\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def content_key(*parts: str) -> str:
    """An id for a source record that has none (a spreadsheet row): a digest of what it says."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def text_of(value: Any, where: str, name: str) -> str:
    """A text field cleaned of control characters; numbers (ids) become text.

    Raises:
        ImportFormatError: the value is a list, an object or a boolean.
    """
    kind = type(value)  # exact types, in the order a large import meets them: this runs per field
    if kind is str:
        return clean(value).strip()
    if value is None:
        return ""
    if kind is int or kind is float:
        return str(value)
    raise ImportFormatError(
        _("{where}: {name} is not text ({value}).").format(
            where=where, name=name, value=one_line(repr(value), 30)
        )
    )


def need(record: Any, name: str, where: str) -> Any:
    """The field ``name`` of a JSON object, or a one-line error naming it."""
    if not isinstance(record, dict):
        raise ImportFormatError(_("{where} is not an object.").format(where=where))
    if record.get(name) is None:
        raise ImportFormatError(_("{where} has no {name}.").format(where=where, name=name))
    return record[name]


CHANNEL_WORDS: dict[str, str] = {
    **dict.fromkeys(("phone", "voice", "call", "전화", "콜", "유선"), "phone"),
    **dict.fromkeys(
        (
            "chat",
            "messaging",
            "native_messaging",
            "conversation",
            "채팅",
            "채널톡",
            "카톡",
            "카카오톡",
            "messenger",
            "sms",
            "whatsapp",
            "line",
            "web_widget",
        ),
        "chat",
    ),  # fmt: skip
    **dict.fromkeys(("email", "mail", "이메일", "메일"), "email"),
    **dict.fromkeys(("video", "영상", "화상"), "video"),
    **dict.fromkeys(("in person", "visit", "방문", "대면", "매장"), "in person"),
}
"""Channel names sources and Korean spreadsheets use -> cxnotes channel; anything else is ``other``."""


def channel_of(word: str) -> str:
    """The cxnotes channel for a source's channel name."""
    return CHANNEL_WORDS.get(clean(word, multiline=False).strip().casefold(), "other")


_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_BREAKS = re.compile(r"<br\s*/?>|</p\s*>|</div\s*>|</li\s*>", re.IGNORECASE)


def html_text(body: str) -> str:
    """Plain text of an HTML message body: tags dropped, paragraphs as new lines, entities decoded.

    Bodies are short messages, not pages; a regex is enough and keeps the importer free of
    an HTML parser dependency. The result is then cleaned like any imported text.
    """
    import html

    text = _BREAKS.sub("\n", body)
    text = _TAGS.sub("", text)
    text = html.unescape(text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return clean("\n".join(line for line in lines if line))
