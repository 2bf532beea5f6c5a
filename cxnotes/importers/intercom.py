"""Intercom conversations as the REST API returns them, one per line or in a ``conversations`` page.

Fields read, as the Conversation model documents them: ``id``, ``created_at`` and
``updated_at`` (Unix seconds), ``title``, ``source`` (``type``, ``id``, ``subject``, ``body``
in HTML, ``author`` with ``type``, ``id``, ``name``), ``contacts.contacts[].id``,
``conversation_parts.conversation_parts[]`` (``id``, ``part_type``, ``body``, ``created_at``,
``author``), ``tags.tags[].name`` and ``conversation_rating.rating`` (1 to 5; 1 and 2 are low).
Authors of type ``user``, ``lead`` or ``contact`` are the customer; ``admin``, ``bot`` and
``team`` are us. Notes (``part_type`` ``note``...) are internal and stay out; parts without
a body (assignments, state changes) too. HTML bodies become plain text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cxnotes.i18n import _
from cxnotes.importers.base import (
    Conversation,
    ImportFormatError,
    Message,
    channel_of,
    html_text,
    need,
    text_of,
)
from cxnotes.importers.jsonstream import iter_records
from cxnotes.importers.when import parse_moment

SOURCE = "intercom"

CUSTOMER_AUTHORS = frozenset({"user", "lead", "contact"})
"""Author types that are the customer; every other author speaks for the team."""

LOW_RATING = 2
"""Ratings of this or less (out of 5) flag the conversation for review."""

SOURCE_CHANNELS = {"email": "email", "phone_call": "phone", "phone_switch": "phone"}
"""``source.type`` values that are not chat (``conversation``, ``chat``, ``instagram``...)."""


def read(path: Path) -> Iterator[Conversation]:
    """Each conversation of the file, in file order."""
    for where, item in iter_records(path, ("conversations",)):
        yield conversation(item, where)


def conversation(item: Any, where: str) -> Conversation:
    """One Intercom conversation.

    Raises:
        ImportFormatError: a field it needs is missing or malformed; the message names the conversation.
    """
    conversation_id = text_of(need(item, "id", where), where, "id")
    where = _("{where} (conversation {id})").format(where=where, id=conversation_id)
    source = need(item, "source", where)
    author = _object(need(source, "author", f"{where} source"), f"{where} source.author")
    contacts = _list(
        _object(item.get("contacts") or {}, f"{where} contacts").get("contacts"), where, "contacts"
    )
    contact = _object(contacts[0], f"{where} contacts[0]") if contacts else {}
    rating = _object(item.get("conversation_rating") or {}, f"{where} conversation_rating").get("rating")
    if rating is not None and (not isinstance(rating, int) or isinstance(rating, bool)):
        raise ImportFormatError(
            _("{where}: conversation_rating.rating is not a number 1-5.").format(where=where)
        )
    tags = _list(_object(item.get("tags") or {}, f"{where} tags").get("tags"), where, "tags")
    customer_id = text_of(
        contact.get("id") or (author.get("id") if _is_customer(author) else ""), where, "id"
    )
    source_type = text_of(source.get("type"), where, "source.type")
    found = Conversation(
        source=SOURCE,
        id=conversation_id,
        where=where,
        started_at=parse_moment(need(item, "created_at", where), f"{where} created_at"),
        channel=SOURCE_CHANNELS.get(source_type, "chat" if source_type else channel_of("")),
        customer_id=customer_id,
        customer_name=text_of(author.get("name"), where, "source.author.name")
        if _is_customer(author)
        else "",
        subject=html_text(text_of(item.get("title") or source.get("subject"), where, "title")),
        tags=[text_of(_object(tag, f"{where} tags").get("name"), where, "tags[].name") for tag in tags],
        rating=f"{rating}/5" if rating is not None else "",
        low_rating=rating is not None and rating <= LOW_RATING,
    )
    first = html_text(text_of(source.get("body"), where, "source.body"))
    if first:
        speaker = "customer" if _is_customer(author) else "operator"
        found.messages.append(
            Message(found.started_at, speaker, first, text_of(source.get("id"), where, "id"))
        )
    parts_list = _object(item.get("conversation_parts") or {}, f"{where} conversation_parts")
    parts = _list(parts_list.get("conversation_parts"), where, "conversation_parts")
    for index, part in enumerate(parts):
        message = _part(part, f"{where} conversation_parts[{index}]")
        if message is not None:
            found.messages.append(message)
    found.messages.sort(key=lambda message: message.at)
    if found.messages:
        found.ended_at = found.messages[-1].at
    return found


def _part(part: Any, where: str) -> Message | None:
    part = _object(part, where)
    kind = text_of(part.get("part_type"), where, "part_type")
    text = html_text(text_of(part.get("body"), where, "body"))
    if not text or kind.startswith("note"):
        return None
    author = _object(need(part, "author", where), f"{where} author")
    return Message(
        at=parse_moment(need(part, "created_at", where), f"{where} created_at"),
        speaker="customer" if _is_customer(author) else "operator",
        text=text,
        id=text_of(part.get("id"), where, "id"),
    )


def _is_customer(author: dict[str, Any]) -> bool:
    return author.get("type") in CUSTOMER_AUTHORS


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ImportFormatError(_("{where} is not an object.").format(where=where))
    return value


def _list(value: Any, where: str, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportFormatError(_("{where}: {name} is not a list.").format(where=where, name=name))
    return value
