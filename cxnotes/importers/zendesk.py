"""Zendesk tickets: the JSON export (one ticket per line) and the API's ``{"tickets": [...]}`` pages.

Fields read, as the Tickets API documents them: ``id``, ``created_at``, ``updated_at``,
``subject``, ``description``, ``requester_id``, ``tags``, ``via.channel`` and
``satisfaction_rating.score`` (``good``, ``bad``, ``offered``, ``unoffered``); and, where
the export has them, ``comments`` (Ticket Comments API: ``id``, ``author_id``, ``body`` or
``plain_body``, ``public``, ``created_at``). A comment by the requester is the customer's;
any other public comment is the team's; private comments are internal notes and stay out
of the transcript. A ticket without comments becomes its description, said by the
customer when the ticket was created.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cxnotes.i18n import _
from cxnotes.importers.base import Conversation, ImportFormatError, Message, channel_of, need, text_of
from cxnotes.importers.jsonstream import iter_records
from cxnotes.importers.when import parse_moment

SOURCE = "zendesk"


def read(path: Path) -> Iterator[Conversation]:
    """Each ticket of the file, in file order."""
    for where, ticket in iter_records(path, ("tickets",)):
        yield conversation(ticket, where)


def conversation(ticket: Any, where: str) -> Conversation:
    """One ticket as a conversation.

    Raises:
        ImportFormatError: a field it needs is missing or malformed; the message names the ticket.
    """
    ticket_id = text_of(need(ticket, "id", where), where, "id")
    where = _("{where} (ticket {id})").format(where=where, id=ticket_id)
    started = parse_moment(need(ticket, "created_at", where), f"{where} created_at")
    requester = text_of(ticket.get("requester_id"), where, "requester_id")
    via = ticket.get("via") or {}
    satisfaction = ticket.get("satisfaction_rating") or {}
    if not isinstance(satisfaction, dict):
        raise ImportFormatError(
            _("{where}: {name} is not an object.").format(where=where, name="satisfaction_rating")
        )
    score = text_of(satisfaction.get("score"), where, "satisfaction_rating.score")
    tags = ticket.get("tags") or []
    if not isinstance(tags, list):
        raise ImportFormatError(_("{where}: {name} is not a list.").format(where=where, name="tags"))
    found = Conversation(
        source=SOURCE,
        id=ticket_id,
        where=where,
        started_at=started,
        channel=channel_of(str(via.get("channel") or "")) if isinstance(via, dict) else "other",
        customer_id=requester,
        customer_name=f"zendesk:{requester}" if requester else "",
        subject=text_of(ticket.get("subject"), where, "subject"),
        tags=[text_of(tag, where, "tags") for tag in tags],
        rating=score if score in ("good", "bad") else "",
        low_rating=score == "bad",
    )
    comments = ticket.get("comments")
    if comments is None:
        text = text_of(ticket.get("description"), where, "description")
        if text:
            found.messages.append(Message(at=started, speaker="customer", text=text, id="description"))
    elif isinstance(comments, list):
        for index, comment in enumerate(comments):
            message = _message(comment, f"{where} comments[{index}]", requester)
            if message is not None:
                found.messages.append(message)
    else:
        raise ImportFormatError(_("{where}: {name} is not a list.").format(where=where, name="comments"))
    if found.messages:
        found.ended_at = max(message.at for message in found.messages)
    return found


def _message(comment: Any, where: str, requester: str) -> Message | None:
    """A public comment as a message; None for a private note or an empty comment."""
    if not isinstance(comment, dict):
        raise ImportFormatError(_("{where} is not an object.").format(where=where))
    if comment.get("public") is False:
        return None
    text = text_of(comment.get("plain_body") or comment.get("body"), where, "body")
    if not text:
        return None
    author = text_of(need(comment, "author_id", where), where, "author_id")
    return Message(
        at=parse_moment(need(comment, "created_at", where), f"{where} created_at"),
        speaker="customer" if author == requester else "operator",
        text=text,
        id=text_of(comment.get("id"), where, "id"),
    )
