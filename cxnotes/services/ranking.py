"""The fix ranking: which fix to do first, with a score anyone can explain.

In the spirit of taskwarrior's urgency, a fix's score is a sum of named terms, each
a weight from :class:`Weights` (which users can change in the config file) times a
fact about the evidence. Every distinct customer adds points once per fix, taken
from their most severe pain point on it, so twenty customers outrank one customer
repeating herself twenty times. Per customer:

* ``severity``: ``severity * severity_base ** (s - 1)``, steep (1, 2, 4, 8, 16 points);
* ``customer value``: ``value * log10(1 + Customer.value)``, a tenfold bigger account
  adds the same step;
* ``churn or refund``: ``churn`` if any of the customer's calls ended churned or with
  a refund request, or their status was ever set to churned or refund-requested.

Those points are then discounted, and the discounts are terms of their own so the
breakdown shows them: ``older evidence`` halves the customer's points every
``half_life_days`` (30 by default; age counts whole days, by the local date the
point was noted); ``involuntary`` keeps only the ``involuntary``
fraction when the cause was outside our control; ``effort`` divides the fix's total
by ``Fix.effort ** effort`` when an effort estimate is set (value per effort).

Terms are computed in whole hundredths and the score is their sum, so the breakdown
adds up to the score exactly. Results are pure functions of the stored records: their
dicts, or in a process that holds none (``cxnotes fixes``) the same fields read from the
store's narrow projection (:meth:`Store.facts`), one query and no JSON;
until the store changes, the pass over 100,000 pain points and every unchanged fix's row
are remembered (:mod:`cxnotes.services.memo`, :class:`_Held`).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from cxnotes.domain.models import LOST_STATUSES, Call, Customer, Fix, PainPoint, from_doc
from cxnotes.i18n import pgettext
from cxnotes.services import evidence_kept, memo

if TYPE_CHECKING:
    from cxnotes.storage.store import Store

OPEN_STATUSES: tuple[str, ...] = ("open", "planned", "in progress")
"""Statuses in the open ranking; shipped and won't-fix fixes need an explicit filter."""

LOST_OUTCOMES = frozenset({"churned", "refund requested"})
"""Call outcomes that make a customer weigh more."""

TERMS: tuple[str, ...] = (
    "severity",
    "customer value",
    "churn or refund",
    "older evidence",
    "involuntary",
    "effort",
)
"""Names of the score's terms, in the order a breakdown lists them (keys of json: see :func:`term_label`)."""


def term_label(name: str) -> str:
    """A score term's name (:data:`TERMS`) as shown, in the current language."""
    return {
        "severity": pgettext("score term", "severity"),
        "customer value": pgettext("score term", "customer value"),
        "churn or refund": pgettext("score term", "churn or refund"),
        "older evidence": pgettext("score term", "older evidence"),
        "involuntary": pgettext("score term", "involuntary"),
        "effort": pgettext("score term", "effort"),
    }.get(name, name)


@dataclass(frozen=True)
class Weights:
    """The knobs of the score; the ``[ranking]`` table of the config file sets them."""

    severity: float = 1.0
    """Points for a severity-1 pain point; higher severities multiply it."""
    severity_base: float = 2.0
    """Each severity step multiplies the points by this (2: 1, 2, 4, 8, 16)."""
    value: float = 2.0
    """Points per tenfold of a customer's value (``Customer.value``)."""
    churn: float = 6.0
    """Points for a customer who churned or asked for a refund."""
    half_life_days: float = 30.0
    """Evidence this many days old counts half; 0 turns the decay off."""
    involuntary: float = 0.25
    """Fraction of the points kept when the cause was outside our control."""
    effort: float = 0.5
    """Exponent of the effort divisor: 0.5 makes a 4-day fix count half."""


@dataclass(frozen=True)
class Filters:
    """What part of the evidence to rank; empty fields do not filter."""

    steps: tuple[str, ...] = ()
    """Step slugs a pain point must be tagged with."""
    segment: str = ""
    """Customer segment (case-insensitive) a pain point's customer must be in."""
    channel: str = ""
    """Channel of the pain point (or of its call)."""
    since: date | None = None
    """First day of evidence, inclusive, local time."""
    until: date | None = None
    """Last day of evidence, inclusive, local time."""
    statuses: tuple[str, ...] = OPEN_STATUSES
    """Fix statuses to show."""
    text: str = ""
    """Words to find in a fix's title or its pain points' quotes (any script, any case)."""
    operator: str = ""
    """Who logged the pain point (case, spaces and Unicode form aside): a lead's view of one operator."""

    @property
    def narrows_evidence(self) -> bool:
        """Whether pain points are filtered (then fixes left without evidence are hidden)."""
        return bool(self.steps or self.segment or self.channel or self.since or self.until or self.operator)


@dataclass
class RankedFix:
    """One row of the ranking."""

    rank: int
    """1 for the fix to do first."""
    fix: Fix
    score: float
    """The sum of :attr:`breakdown`, in hundredths."""
    breakdown: dict[str, float]
    """Term name -> points, in :data:`TERMS` order; adds up exactly to :attr:`score`."""
    customers: int
    """Distinct customers among the evidence (a pain point without a customer counts as one)."""
    pain_point_ids: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    """Step slugs of the evidence, most frequent first."""
    severity_mix: dict[int, int] = field(default_factory=dict)
    """Severity -> number of pain points."""
    newest: datetime | None = None
    """When the newest piece of evidence was noted."""


Doc = dict[str, Any]


def fold(text: str) -> str:
    """Normalise text for searching: NFC (Korean jamo become syllables), then casefold."""
    return unicodedata.normalize("NFC", text).casefold()


def evidence_docs(store: Store, filters: Filters, docs: Iterable[Doc] | None = None) -> list[Doc]:
    """The pain point docs passing the evidence filters (of ``docs``, or of all).

    Periods compare the local date a point was noted (the first ten characters of
    its ISO time), which needs no parsing: this loop sees every pain point.
    """
    docs = store.docs(PainPoint) if docs is None else docs
    if filters.steps:
        steps = set(filters.steps)
        docs = (d for d in docs if d["step"] in steps)
    if filters.segment:
        segment = fold(filters.segment)
        members = {d["id"] for d in store.facts(Customer) if fold(d.get("segment") or "") == segment}
        docs = (d for d in docs if d["customer_id"] in members)
    if filters.channel:
        channel = filters.channel
        calls = {d["id"] for d in store.facts(Call) if d.get("channel") == channel}
        docs = (d for d in docs if (d["channel"] == channel if d["channel"] else d["call_id"] in calls))
    if filters.since:
        since = filters.since.isoformat()
        docs = (d for d in docs if d["created_at"][:10] >= since)
    if filters.until:
        until = filters.until.isoformat()
        docs = (d for d in docs if d["created_at"][:10] <= until)
    if filters.operator:
        docs = (d for d in docs if same_operator(filters.operator, d.get("operator")))
    return list(docs)


def same_operator(wanted: str, written: str | None) -> bool:
    """Whether a record ``written`` by this operator is ``wanted`` (case, spaces and Unicode form aside)."""
    return fold(" ".join((written or "").split())) == fold(" ".join(wanted.split()))


def _customer_points(store: Store, weights: Weights) -> dict[str, tuple[float, float]]:
    """Customer id -> (customer value points, churn or refund points), for those who have any."""
    key = (store.version(Customer, Call), weights.value, weights.churn)
    return memo.remembered(store, "ranking: customers", key, lambda: _count_customer_points(store, weights))


def lost_customers(store: Store) -> frozenset[str]:
    """Ids of customers who churned or asked for a refund: on a call's outcome or in a status change.

    Remembered until customers or calls change: the summary asks twice (its churn term, its reasons).
    """
    key = store.version(Customer, Call)
    return memo.remembered(store, "ranking: lost customers", key, lambda: _find_lost(store))


def _find_lost(store: Store) -> frozenset[str]:
    lost = {d["customer_id"] for d in store.facts(Call) if d.get("outcome") in LOST_OUTCOMES}
    lost.update(
        d["id"]
        for d in store.facts(Customer)
        if any(change["status"] in LOST_STATUSES for change in d.get("statuses") or ())
    )
    lost.discard(None)
    return frozenset(lost)


def _count_customer_points(store: Store, weights: Weights) -> dict[str, tuple[float, float]]:
    lost = lost_customers(store)
    points = {}
    for d in store.facts(Customer):
        value = weights.value * math.log10(1 + max(d.get("value") or 0.0, 0.0))
        churn = weights.churn if d["id"] in lost else 0.0
        if value or churn:
            points[d["id"]] = (value, churn)
    return points


def _hundredths(value: float) -> int:
    return math.floor(value * 100 + 0.5)


_PICK = ("customer_id", "severity", "created_at", "involuntary", "step", "id")
"""What ranking needs of a pain point doc, taken in one look (a tuple, in this order): docs are big
and scattered in memory, so the one pass over them dominates the cost; later passes use these tuples."""

CUSTOMER, SEVERITY, NOTED, INVOLUNTARY, STEP, ID = range(6)


Evidence = tuple[Any, ...]


class _Held(NamedTuple):
    """One fix's row and what it was computed from.

    Leads re-rank after every triage step, which changes one or two fixes: a fix
    whose fix doc (by identity: docs are replaced, never changed in place), weights,
    day, customer points and evidence tuples are unchanged keeps its row.
    """

    fix: Doc
    settings: tuple[Any, ...]
    """Weights, day and the customer points' key."""
    evidence: list[Evidence]
    row: RankedFix


class _Scorer:
    """Turns a fix's evidence into terms; holds what all fixes share for one ranking."""

    def __init__(self, weights: Weights, customers: dict[str, tuple[float, float]], today: date):
        self.weights = weights
        self.customers = customers
        self.today = today.toordinal()
        self.severity = {s: weights.severity * weights.severity_base ** (s - 1) for s in range(1, 6)}
        self.decay: dict[str, float] = {}

    def factor(self, day: str) -> float:
        """How much evidence noted on ``day`` (``YYYY-MM-DD``) still counts."""
        factor = self.decay.get(day)
        if factor is None:
            age = max(self.today - date.fromisoformat(day).toordinal(), 0)
            half_life = self.weights.half_life_days
            factor = self.decay[day] = 0.5 ** (age / half_life) if half_life > 0 else 1.0
        return factor

    def terms(self, best: Iterable[Evidence], effort: float | None) -> dict[str, int]:
        """The terms in hundredths, from each customer's most severe point."""
        sev_total = value_total = churn_total = decayed = kept = 0.0
        involuntary = self.weights.involuntary
        severities, customers, decay, factor = self.severity, self.customers, self.decay, self.factor
        nothing = (0.0, 0.0)
        for row in best:
            sev = severities.get(row[SEVERITY], 0.0)
            value, churn = customers.get(row[CUSTOMER], nothing)
            sev_total += sev
            value_total += value
            churn_total += churn
            day = row[NOTED][:10]
            points = (sev + value + churn) * (decay.get(day) or factor(day))
            decayed += points
            kept += points * involuntary if row[INVOLUNTARY] else points
        final = kept / effort**self.weights.effort if effort and effort > 0 else kept
        terms = {
            "severity": _hundredths(sev_total),
            "customer value": _hundredths(value_total),
            "churn or refund": _hundredths(churn_total),
        }
        terms["older evidence"] = _hundredths(decayed) - sum(terms.values())
        terms["involuntary"] = _hundredths(kept) - _hundredths(decayed)
        terms["effort"] = _hundredths(final) - _hundredths(kept)
        return terms


def _most_severe(evidence: list[Evidence]) -> Collection[Evidence]:
    """Each customer's most severe point (the newest of equals); no customer = its own."""
    best: dict[str, Evidence] = {}
    for row in evidence:
        key = row[CUSTOMER] or row[ID]
        held = best.get(key)
        if (
            held is None
            or row[SEVERITY] > held[SEVERITY]
            or (row[SEVERITY] == held[SEVERITY] and row[NOTED] > held[NOTED])
        ):
            best[key] = row
    return best.values()


def evidence_key(filters: Filters) -> tuple[Any, ...]:
    """What of ``filters`` decides which pain points :func:`evidence_docs` returns (a memo key)."""
    return (filters.steps, filters.segment, filters.channel, filters.since, filters.until, filters.operator)


def evidence_filter(store: Store, filters: Filters) -> tuple[Hashable, evidence_kept.Select]:
    """What :mod:`cxnotes.services.evidence_kept` keeps the evidence ``filters`` pass by: a key naming
    them (with what else they read) and the filter itself."""
    depends = store.version(Customer, Call) if filters.segment or filters.channel else ()
    return (evidence_key(filters), depends), lambda docs: evidence_docs(store, filters, docs)


def rank(
    store: Store,
    *,
    weights: Weights | None = None,
    filters: Filters | None = None,
    now: datetime | None = None,
) -> list[RankedFix]:
    """Rank the fixes, highest score first.

    Args:
        store: the open store (only read; a readonly store works).
        weights: the score's knobs; the defaults if None.
        filters: what evidence and which statuses to rank; the open ranking if None.
        now: the moment recency is measured from; the current time if None.

    Returns:
        The ranked fixes; ties break on more customers, newer evidence, then title.
        Merged-away fixes never appear.
    """
    weights = weights or Weights()
    filters = filters or Filters()
    today = (now or datetime.now().astimezone()).date()
    statuses = set(filters.statuses)
    fixes = {d["id"]: d for d in store.docs(Fix) if d["status"] in statuses and not d.get("merged_into")}
    grouped = evidence_kept.groups(store, *evidence_filter(store, filters), _PICK, filters.narrows_evidence)
    customers = _customer_points(store, weights)
    settings = (weights, today, (store.version(Customer, Call), weights.value, weights.churn))
    scorer = _Scorer(weights, customers, today)
    text = fold(filters.text.strip())
    quoted = {d["fix_id"] for d in evidence_docs(store, filters) if text in fold(d["quote"])} if text else ()
    held_rows: dict[str, _Held] = memo.slot(store, "ranking: rows", dict)
    rows = []
    for fix_id, fix in fixes.items():
        evidence = grouped.get(fix_id, [])
        if not evidence and filters.narrows_evidence:
            continue
        if text and text not in fold(fix["title"]) and fix_id not in quoted:
            continue
        held = held_rows.get(fix_id)
        if held is None or not (held.fix is fix and (held.settings, held.evidence) == (settings, evidence)):
            held = held_rows[fix_id] = _Held(fix, settings, evidence, _row(fix, evidence, scorer))
        rows.append(replace(held.row))
    rows.sort(key=lambda r: (-r.score, -r.customers, -(r.newest.timestamp() if r.newest else 0), r.fix.title))
    for i, row in enumerate(rows, 1):
        row.rank = i
    return rows


def _row(fix: Doc, evidence: list[Evidence], scorer: _Scorer) -> RankedFix:
    best = _most_severe(evidence)
    terms = scorer.terms(best, fix.get("effort"))
    newest = max(map(itemgetter(NOTED), evidence), default=None)
    return RankedFix(
        rank=0,
        fix=from_doc(Fix, fix),
        score=sum(terms.values()) / 100,
        breakdown={name: terms[name] / 100 for name in TERMS},
        customers=len(best),
        pain_point_ids=list(map(itemgetter(ID), evidence)),
        steps=[slug for slug, _ in Counter(map(itemgetter(STEP), evidence)).most_common()],
        severity_mix=dict(sorted(Counter(map(itemgetter(SEVERITY), evidence)).items())),
        newest=datetime.fromisoformat(newest) if newest else None,
    )
