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
dicts, which the app holds (until the store changes, the pass over 100,000 pain points and
every unchanged fix's row are remembered: :mod:`cxnotes.services.memo`, :class:`_Held`), or
in a process that holds none (``cxnotes fixes``, ``export``) the store's narrow projection,
which SQLite sums itself (:mod:`cxnotes.services.ranking_sql`); both paths' sums become terms
in :func:`terms_of`.
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

from cxnotes.domain.models import Call, Customer, Fix, PainPoint, from_doc
from cxnotes.i18n import pgettext
from cxnotes.services import evidence_kept, memo
from cxnotes.services.ranking_customers import customer_points

if TYPE_CHECKING:
    from cxnotes.storage.store import Store

OPEN_STATUSES: tuple[str, ...] = ("open", "planned", "in progress")
"""Statuses in the open ranking; shipped and won't-fix fixes need an explicit filter."""

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
        """The terms in hundredths, from each customer's most severe point.

        The per-customer points summed here are computed by SQL too, for one-shot commands
        (:data:`cxnotes.services.ranking_sql.POINTS`): a change here is a change there.
        """
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
        return terms_of(Sums(sev_total, value_total, churn_total, decayed, kept), effort, self.weights)


class Sums(NamedTuple):
    """A fix's per-customer points summed: what :func:`terms_of` turns into its terms."""

    severity: float
    value: float
    churn: float
    decayed: float
    """Every customer's points, each discounted for its age."""
    kept: float
    """As ``decayed``, involuntary points cut to their fraction."""


def terms_of(sums: Sums, effort: float | None, weights: Weights) -> dict[str, int]:
    """A fix's terms in hundredths from its sums (the app's and one-shot commands' alike): each
    discount is the difference its step makes, so the terms add up to the score exactly."""
    final = sums.kept / effort**weights.effort if effort and effort > 0 else sums.kept
    terms = {
        "severity": _hundredths(sums.severity),
        "customer value": _hundredths(sums.value),
        "churn or refund": _hundredths(sums.churn),
    }
    terms["older evidence"] = _hundredths(sums.decayed) - sum(terms.values())
    terms["involuntary"] = _hundredths(sums.kept) - _hundredths(sums.decayed)
    terms["effort"] = _hundredths(final) - _hundredths(sums.kept)
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
    top: int | None = None,
) -> list[RankedFix]:
    """Rank the fixes, highest score first (:func:`order`); merged-away fixes never appear.

    Args:
        store: the open store (only read; a readonly store works).
        weights: the score's knobs; the defaults if None.
        filters: what evidence and which statuses to rank; the open ranking if None.
        now: the moment recency is measured from; the current time if None.
        top: only the first ``top`` rows, if given: a one-shot command's store ranks in SQL
            (:mod:`cxnotes.services.ranking_sql`) and reads the evidence of those rows only.
    """
    weights = weights or Weights()
    filters = filters or Filters()
    today = (now or datetime.now().astimezone()).date()
    statuses = set(filters.statuses)
    fixes = {d["id"]: d for d in store.docs(Fix) if d["status"] in statuses and not d.get("merged_into")}
    if not filters.text and store.projects(PainPoint):  # words in quotes: only the documents hold quotes
        from cxnotes.services import ranking_sql  # one-shot commands only

        key = (store.version(PainPoint, Fix, Customer, Call), weights, filters, today, top)
        ranked = memo.remembered(
            store, "ranking: sql", key, lambda: ranking_sql.rank(store, fixes, weights, filters, today, top)
        )
        return numbered([replace(row) for row in ranked])
    grouped = evidence_kept.groups(store, *evidence_filter(store, filters), _PICK, filters.narrows_evidence)
    customers = customer_points(store, weights)
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
    return numbered(sorted(rows, key=order)[:top])


def order(row: RankedFix) -> tuple[Any, ...]:
    """The ranking's sort key: highest score, then more customers, newer evidence, then title."""
    return (-row.score, -row.customers, -(row.newest.timestamp() if row.newest else 0), row.fix.title)


def numbered(rows: list[RankedFix]) -> list[RankedFix]:
    """``rows`` (in order) with their ranks, 1 first."""
    for i, row in enumerate(rows, 1):
        row.rank = i
    return rows


def _row(fix: Doc, evidence: list[Evidence], scorer: _Scorer) -> RankedFix:
    best = _most_severe(evidence)
    return detailed(scored(fix, scorer.terms(best, fix.get("effort")), len(best)), evidence)


def scored(fix: Doc, terms: dict[str, int], customers: int) -> RankedFix:
    """A row of the ranking with its score and terms (hundredths), before :func:`detailed`."""
    breakdown = {name: terms[name] / 100 for name in TERMS}
    return RankedFix(0, from_doc(Fix, fix), sum(terms.values()) / 100, breakdown, customers)


def detailed(row: RankedFix, evidence: list[Evidence]) -> RankedFix:
    """``row`` with what its evidence (:data:`_PICK` tuples, in id order) shows: ids, steps (most
    frequent first, the first seen of equals), severity mix, newest."""
    newest = max(map(itemgetter(NOTED), evidence), default=None)
    row.pain_point_ids = list(map(itemgetter(ID), evidence))
    row.steps = [slug for slug, _ in Counter(map(itemgetter(STEP), evidence)).most_common()]
    row.severity_mix = dict(sorted(Counter(map(itemgetter(SEVERITY), evidence)).items()))
    row.newest = datetime.fromisoformat(newest) if newest else None
    return row
