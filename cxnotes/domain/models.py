"""Domain types of cxnotes: plain dataclasses, no Textual, no storage.

Every record has a stable ``id`` (32 random hex digits, like a uuid4's) that other records use to
refer to it; TinyDB's integer ``doc_id`` is never used as a reference because
TinyDB reuses them. Times are timezone-aware ``datetime`` objects in memory and
ISO 8601 strings on disk; :func:`to_doc` and :func:`from_doc` convert.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

from cxnotes.domain import shapes
from cxnotes.domain.shapes import CHANNELS as CHANNELS  # the constants a complaint needs live there
from cxnotes.domain.shapes import DEFAULT_STEPS as DEFAULT_STEPS
from cxnotes.domain.shapes import SEVERITIES as SEVERITIES
from cxnotes.domain.shapes import new_id as new_id

OUTCOMES = ("resolved", "retained", "refund requested", "churned", "other")
"""How a call can end."""

SPEAKERS = ("customer", "operator")
"""Who said a transcript line."""

FIX_STATUSES = ("open", "planned", "in progress", "shipped", "won't fix")
"""A fix's life cycle; the last two leave the open ranking."""

CUSTOMER_STATUSES = ("active", "at-risk", "churned", "refund-requested")
"""Where a customer stands with us; the last three put them on the exit-interview queue."""

LOST_STATUSES = frozenset({"churned", "refund-requested"})
"""Statuses of customers who left or want their money back; the ranking weighs them as lost calls."""


def now() -> datetime:
    """Return the current local time, timezone-aware."""
    return datetime.now().astimezone()


@dataclass
class Record:
    """Base of every stored record."""

    TABLE: ClassVar[str] = ""
    """Name of the TinyDB table holding this kind of record."""

    id: str = field(default_factory=new_id)
    """Stable id, 32 hex digits."""


@dataclass
class Step(Record):
    """One step of the customer value chain (CVC)."""

    TABLE: ClassVar[str] = shapes.STEPS

    slug: str = ""
    """Stable short name pain points refer to; never changes once created."""
    name: str = ""
    """Display name; users may rename it."""
    description: str = ""
    """What happens to the customer at this step."""
    order: int = 0
    """Position in the chain, smallest first."""
    retired: bool = False
    """Retired steps are hidden from pickers; old pain points keep them."""


def default_steps() -> list[Step]:
    """Return the default value chain as fresh records."""
    return [
        Step(slug=slug, name=name, description=text, order=i)
        for i, (slug, name, text) in enumerate(DEFAULT_STEPS)
    ]


@dataclass
class StatusChange:
    """A customer's status from a moment on: "churned in November" stays a fact, not today's label."""

    status: str = "active"
    """One of :data:`CUSTOMER_STATUSES`."""
    at: datetime = field(default_factory=now)
    """When the customer's status became this."""

    def as_doc(self) -> dict[str, str]:
        """The JSON-ready form stored inside the customer's document."""
        return {"status": self.status, "at": self.at.isoformat()}

    @classmethod
    def read(cls, doc: StatusChange | dict[str, str]) -> StatusChange:
        """A change from its stored form (records built in code pass changes through as they are)."""
        if isinstance(doc, StatusChange):
            return doc
        at = doc.get("at")
        if not isinstance(at, str):
            raise ValueError(f"a status change has no time: {doc!r:.60}")
        return cls(str(doc.get("status", "active")), datetime.fromisoformat(at))


@dataclass
class Customer(Record):
    """Someone we talk to."""

    TABLE: ClassVar[str] = shapes.CUSTOMERS

    name: str = ""
    """Name or an id from another system."""
    segment: str = ""
    """Segment such as "1-year member"; exports show this instead of the name."""
    value: float | None = None
    """Revenue or plan value, in the team's currency; weighs in the fix ranking."""
    created_at: datetime = field(default_factory=now)
    plan: str = ""
    """The plan or product they are on, as the billing system names it."""
    statuses: list[StatusChange] = field(default_factory=list)
    """Dated status changes, oldest first; none means active since :attr:`created_at`."""

    def __post_init__(self) -> None:
        self.statuses = sorted((StatusChange.read(change) for change in self.statuses), key=lambda c: c.at)

    @property
    def status(self) -> str:
        """The latest status ("active" when none was ever set)."""
        return self.statuses[-1].status if self.statuses else "active"

    @property
    def status_since(self) -> datetime:
        """When the latest status began (:attr:`created_at` when none was ever set)."""
        return self.statuses[-1].at if self.statuses else self.created_at

    source: str = ""
    """System the customer was imported from ("zendesk", "channeltalk", ...); empty if typed here."""
    source_id: str = ""
    """The customer's id in that system, so importing again finds them instead of adding a twin."""
    merged_into: str | None = None
    """Set when found to be the same person as another customer (the team sync folds twins)."""


@dataclass
class Call(Record):
    """A conversation with a customer, live or finished."""

    TABLE: ClassVar[str] = "calls"

    customer_id: str | None = None
    channel: str = "phone"
    started_at: datetime = field(default_factory=now)
    ended_at: datetime | None = None
    """None while the call is unfinished."""
    operator: str = ""
    outcome: str | None = None
    """One of :data:`OUTCOMES` once ended."""
    summary: str = ""
    source: str = ""
    """System an imported conversation came from ("zendesk", "intercom", ...); empty for live calls."""
    source_id: str = ""
    """The conversation's id in that system: importing the same file again updates, never duplicates."""
    rating: str = ""
    """The customer's satisfaction as the source gave it ("bad", "2/5"); empty if not rated."""
    flagged: bool = False
    """Low satisfaction: the inbox lists it first, for review."""
    reviewed: bool = False
    """An imported conversation someone has read; it leaves the inbox. Re-imports keep it."""

    @property
    def finished(self) -> bool:
        """Whether the call has been ended."""
        return self.ended_at is not None


@dataclass
class Line(Record):
    """One transcript line of a call, stored on its own so typing saves only it."""

    TABLE: ClassVar[str] = "lines"

    call_id: str = ""
    index: int = 0
    """Position in the transcript, from 0."""
    offset: float = 0.0
    """Seconds from the call's start at which the line was begun."""
    speaker: str = "customer"
    text: str = ""
    typing: bool = False
    """Still being typed (no Enter yet) when saved: reopening its unfinished call puts it back in the box."""


@dataclass
class PainPoint(Record):
    """A moment of dissatisfaction, tagged to a CVC step."""

    TABLE: ClassVar[str] = shapes.PAIN_POINTS

    quote: str = ""
    """The customer's words, or the operator's short description."""
    step: str = "use"
    """Slug of a :class:`Step`."""
    severity: int = 3
    customer_id: str | None = None
    call_id: str | None = None
    line_id: str | None = None
    channel: str | None = None
    created_at: datetime = field(default_factory=now)
    fix_id: str | None = None
    involuntary: bool = False
    """The cause was outside our control (the customer's business closed, ...)."""
    source: str = ""
    """System the point was imported from (a tag mapped to a step); empty when marked here."""
    source_id: str = ""
    """Its conversation's id in that system and the tag, so re-importing adds it once."""
    operator: str = ""
    """Who logged it (``--operator`` / ``$CXNOTES_OPERATOR``); stamped by the store when saved."""


@dataclass
class Fix(Record):
    """Something to change, which pain points are grouped into."""

    TABLE: ClassVar[str] = shapes.FIXES

    title: str = ""
    status: str = "open"
    answer: str = ""
    """What we tell customers until it is fixed."""
    effort: float | None = None
    """Optional effort estimate (e.g. person-days)."""
    created_at: datetime = field(default_factory=now)
    merged_into: str | None = None
    """Set when merged into another fix; cleared by undo."""
    merged_points: list[str] = field(default_factory=list)
    """Ids of the pain points a merge moved away, so undoing it moves exactly those back."""
    shipped_at: datetime | None = None
    """When it was last set to shipped; None while not shipped (the summary's "shipped this period")."""


@dataclass
class Promise(Record):
    """Something promised to a customer."""

    TABLE: ClassVar[str] = "promises"

    text: str = ""
    due: date | None = None
    done: bool = False
    customer_id: str | None = None
    call_id: str | None = None
    created_at: datetime = field(default_factory=now)


MODELS: tuple[type[Record], ...] = (Step, Customer, Call, Line, PainPoint, Fix, Promise)
"""Every stored kind of record."""

_DATETIME_FIELDS = {"created_at", "started_at", "ended_at", "shipped_at"}
_DATE_FIELDS = {"due"}

R = TypeVar("R", bound=Record)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_DATED_FIELDS: dict[type, tuple[tuple[str, Callable[[str], Any]], ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """A record type's field names, read once: ``dataclasses.fields`` is slow in a 100k-record loop."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def to_doc(record: Record) -> dict[str, Any]:
    """Turn a record into a JSON-ready dict."""
    doc: dict[str, Any] = {}
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if isinstance(value, (datetime, date)):
            value = value.isoformat()
        elif name == "statuses":
            value = [change.as_doc() for change in value]
        doc[name] = value
    return doc


def _dated_fields(cls: type) -> tuple[tuple[str, Callable[[str], Any]], ...]:
    """A record type's date and time fields, with what turns their stored text back into values."""
    dated = _DATED_FIELDS.get(cls)
    if dated is None:
        readers: dict[str, Callable[[str], Any]] = dict.fromkeys(_DATE_FIELDS, date.fromisoformat)
        readers.update(dict.fromkeys(_DATETIME_FIELDS, datetime.fromisoformat))
        dated = tuple((name, readers[name]) for name in _field_names(cls) if name in readers)
        _DATED_FIELDS[cls] = dated
    return dated


def from_doc(cls: type[R], doc: dict[str, Any]) -> R:
    """Build a record from a stored dict, ignoring keys it does not know."""
    kwargs = {name: doc[name] for name in _field_names(cls) if name in doc}
    for name, read in _dated_fields(cls):
        value = kwargs.get(name)
        if value is not None:
            kwargs[name] = read(value)
    return cls(**kwargs)
