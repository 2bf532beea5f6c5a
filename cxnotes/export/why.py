"""What the CEO page says *why*: a fix's score in words, reasons ranked by evidence, shipped fixes.

A score of 38 convinces nobody; "12 customers, 3 churned or asked for a refund, 14.2M
of customer value, newest 2 days ago, severity mostly 4–5" does, and its terms
(the ranking's breakdown, which adds up exactly to the score) show how. Pure
functions of records already read; :func:`read_action` is the one place here that
reads the store: the trends, the fixes, and what :func:`cxnotes.export.counts.reach` reads.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from cxnotes.domain.models import Customer, Fix, PainPoint
from cxnotes.domain.text import clean, one_line
from cxnotes.export.counts import Reach, reach, read_points
from cxnotes.export.period import Period
from cxnotes.i18n import N_, _, ngettext
from cxnotes.services.customers import short_value
from cxnotes.services.followups import Followups, exit_queue
from cxnotes.services.ranking import OPEN_STATUSES, RankedFix, term_label
from cxnotes.services.ranking_customers import lost_customers
from cxnotes.services.trends import Spike, TrendSettings, trends
from cxnotes.storage.store import Store

if TYPE_CHECKING:
    from cxnotes.export.summary_model import Summary  # it imports this module

NO_REASON = N_("no reason noted")
REASON_QUOTE_CELLS = 80
"""An involuntary reason without a fix is the customer's own words, cut to this many cells."""
REASONS_SHOWN = 8
"""Reasons listed before the rest fold into "n other reasons" (severity-5 reasons are never folded)."""


@dataclass(frozen=True)
class Term:
    """One term of a fix's score."""

    name: str
    points: float


@dataclass
class FixWhy:
    """A top fix's score said in words, and the terms that make it."""

    words: str
    terms: list[Term]
    """The non-zero terms of the breakdown, in the ranking's order; they add up to the score."""
    answer: str
    """What we tell customers until it is fixed ("" if not agreed yet)."""

    def equation(self, score: float) -> str:
        """``31 for severity + 12.4 for customer value − 23.2 for older evidence = 20.2``."""
        text = ""
        for term in self.terms:
            sign = "−" if term.points < 0 else "+"
            number = _("{points} for {term}").format(
                points=number_text(abs(term.points)), term=term_label(term.name)
            )
            text = f"{text} {sign} {number}" if text else ("−" if term.points < 0 else "") + number
        return f"{text} = {number_text(score)}" if text else number_text(score)


def number_text(value: float) -> str:
    """A score or term as a person writes it: ``38``, ``12.4``, ``1,204.55``."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def ago(moment: datetime | None, now: datetime) -> str:
    """``today``, ``yesterday``, ``12 days ago``."""
    if moment is None:
        return _("never")
    days = (now.date() - moment.date()).days
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)


def severity_words(mix: dict[int, int]) -> str:
    """``severity mostly 4–5``: the narrowest top range of severities holding half the evidence or more."""
    total = sum(mix.values())
    if not total:
        return _("no severity noted")
    held, low = 0, 5
    for severity in sorted(mix, reverse=True):
        held += mix[severity]
        low = severity
        if held * 2 >= total:
            break
    high = max(mix)
    levels = str(high) if low == high else f"{low}–{high}"
    if held == total:
        return _("severity all {levels}").format(levels=levels)
    return _("severity mostly {levels}").format(levels=levels)


def explain(
    row: RankedFix, customers: dict[str, Customer | None], lost: frozenset[str], now: datetime
) -> FixWhy:
    """Say a ranked fix's score in words from its customers (id -> record) and who of them left."""
    ids = [i for i in customers if i]
    gone = sum(1 for i in ids if i in lost)
    value = sum((c.value or 0.0) for c in customers.values() if c is not None)
    people = ngettext("{n} customer", "{n} customers", row.customers).format(n=row.customers)
    facts = [people, _("{n} churned or asked for a refund").format(n=gone)]
    if value:
        facts.append(_("{value} of customer value").format(value=short_value(value)))
    facts += [_("newest {ago}").format(ago=ago(row.newest, now)), severity_words(row.severity_mix)]
    terms = [Term(name, points) for name, points in row.breakdown.items() if points]
    return FixWhy(", ".join(facts), terms, " ".join(clean(row.fix.answer, multiline=False).split()))


@dataclass(frozen=True)
class Reason:
    """Why customers left, with its evidence: how many customers, how severe at worst."""

    label: str
    customers: int
    worst: int
    """The highest severity among its pain points (0 for "no reason noted")."""


def rank_reasons(found: dict[str, set[tuple[str, int]]]) -> list[Reason]:
    """Reasons by customers, then worst severity; never alphabetically first.

    Args:
        found: customer key -> the (label, severity) reasons they gave; empty means none noted.
    """
    people: Counter[str] = Counter()
    worst: dict[str, int] = {}
    for reasons in found.values():
        labels: dict[str, int] = {}
        for label, severity in reasons or {(_(NO_REASON), 0)}:
            labels[label] = max(labels.get(label, 0), severity)
        for label, severity in labels.items():
            people[label] += 1
            worst[label] = max(worst.get(label, 0), severity)
    ranked = [Reason(label, n, worst[label]) for label, n in people.items()]
    ranked.sort(key=lambda r: (-r.customers, -r.worst, r.label))
    return fold_reasons(ranked)


def fold_reasons(ranked: list[Reason]) -> list[Reason]:
    """The first :data:`REASONS_SHOWN` reasons and every severity-5 one; the rest in one "other" row."""
    if len(ranked) <= REASONS_SHOWN:
        return ranked
    kept = [r for i, r in enumerate(ranked) if i < REASONS_SHOWN - 1 or r.worst == 5]
    rest = [r for r in ranked if r not in kept]
    if not rest:
        return kept
    other = Reason(
        ngettext("{n} other reason", "{n} other reasons", len(rest)).format(n=len(rest)),
        sum(r.customers for r in rest),
        max(r.worst for r in rest),
    )
    return [*kept, other]


def lost_reasons(
    lost_calls: dict[str, list[PainPoint]],
    left: dict[str, list[PainPoint]],
    fixes: dict[str, Fix],
    steps: dict[str, str],
) -> tuple[list[Reason], list[Reason]]:
    """Why customers who left in the period left, controllable and involuntary, ranked by evidence.

    A customer left on a lost call (churn, refund) or by a status change; their reasons are
    the lost call's pain points, or their pain points in the period. A reason is the fix a
    pain point is grouped into; without one, a controllable reason is its step (triage has
    yet to name it) and an involuntary one the customer's own words ("our company closed").
    """
    split: tuple[dict[str, set[tuple[str, int]]], dict[str, set[tuple[str, int]]]] = ({}, {})
    people = [((p[0].customer_id if p else None) or call_id, p) for call_id, p in lost_calls.items()]
    for key, points in people + list(left.items()):
        split[0].setdefault(key, set())
        for point in points:
            fix = fixes.get(point.fix_id or "")
            label = clean(fix.title, multiline=False) if fix else ""
            if not label and point.involuntary:
                label = f"“{one_line(point.quote, REASON_QUOTE_CELLS)}”" if point.quote.strip() else ""
            label = label or _("{step} (no fix yet)").format(step=steps.get(point.step, point.step))
            split[point.involuntary].setdefault(key, set()).add((label, point.severity))
    unexplained = {key for key, found in split[0].items() if not found and key in split[1]}
    for key in unexplained:  # only outside causes: not a controllable "no reason noted"
        del split[0][key]
    return rank_reasons(split[0]), rank_reasons(split[1])


@dataclass(frozen=True)
class Shipped:
    """A fix shipped in the period: whom it helped, who was told, whose calls found it."""

    title: str
    customers: int
    told: int
    """Of them, customers with a call since it shipped: they heard back."""
    finders: list[tuple[str, int]]
    """(operator, calls holding its evidence), most first: credit, not a leaderboard."""


@dataclass
class Action:
    """The page's opening and closing: what changed, who left unexplained, what shipped, what is at risk."""

    changes: list[Spike] = field(default_factory=list)
    """Weeks of the period whose complaints jumped, per step, channel or segment."""
    left_without_reason: int = 0
    shipped: list[Shipped] = field(default_factory=list)
    value_at_risk: float = 0.0
    """Value of the customers still with us whose pain points wait on an open fix."""
    customers_at_risk: int = 0
    open_fixes: int = 0
    left_points: dict[str, list[PainPoint]] = field(default_factory=dict)
    """Customers whose status became churned or refund-requested in the period -> their pain points
    in it: the reasons of those who left without a lost call."""


def read_action(
    store: Store, period: Period, now: datetime, settings: TrendSettings | None = None
) -> tuple[Action, frozenset[str]]:
    """Read what :class:`Action` needs; also returns the lost customers' ids for :func:`explain`."""
    end = datetime.combine(period.until, time(23, 59)).astimezone(now.tzinfo)
    weeks = len(period.weeks())
    found = trends(store, ("step", "channel", "segment"), weeks=weeks, now=min(end, now), settings=settings)
    first_monday = period.weeks()[0]
    changes = [s for t in found.values() for s in t.spikes if s.week >= first_monday]
    changes.sort(key=lambda s: (-s.week.toordinal(), -s.z))
    lost = lost_customers(store)
    fixes = {d["id"]: d for d in store.docs(Fix) if not d.get("merged_into")}
    shipped = {
        i: datetime.fromisoformat(d["shipped_at"])
        for i, d in fixes.items()
        if d["status"] == "shipped"
        and d.get("shipped_at")
        and period.contains(date.fromisoformat(d["shipped_at"][:10]))
    }
    open_ids = {i for i, d in fixes.items() if d["status"] in OPEN_STATUSES}
    reads = reach(store, period, lost, open_ids, set(shipped))
    action = Action(
        changes=changes,
        left_without_reason=Followups(exit_queue(store), []).left_without_reason(period.since, period.until),
        shipped=[_shipped(fixes[i], at, *reads.behind[i], reads) for i, at in shipped.items()],
        value_at_risk=reads.value_at_risk,
        customers_at_risk=reads.at_risk,
        open_fixes=len(open_ids),
        left_points=read_points(store, reads.left),
    )
    action.shipped.sort(key=lambda s: (-s.customers, s.title))
    return action, lost


def _shipped(fix: dict[str, Any], at: datetime, people: set[str], calls: set[str], found: Reach) -> Shipped:
    """A fix shipped at ``at``, with its customers and calls: who was told, whose calls found it (ties
    by the calls' ids, not by the order a set gives)."""
    last_call, operators = found.last_call, found.operators
    told = sum(1 for p in people if p in last_call and datetime.fromisoformat(last_call[p]) >= at)
    finders = Counter(operators[c] for c in sorted(calls) if c in operators).most_common()
    return Shipped(clean(str(fix["title"]), multiline=False), len(people), told, finders)


def reason_evidence(reason: Reason) -> str:
    """``3 customers, severity up to 5``."""
    people = ngettext("{n} customer", "{n} customers", reason.customers).format(n=reason.customers)
    if not reason.worst:
        return people
    return _("{people}, severity up to {worst}").format(people=people, worst=reason.worst)


def shipped_note(shipped: Shipped) -> str:
    """``5 customers, 3 told (a call since it shipped); found on calls by 민수 (4), 유진 (2)``."""
    people = ngettext("{n} customer", "{n} customers", shipped.customers).format(n=shipped.customers)
    text = _("{people}, {told} told (a call since it shipped)").format(people=people, told=shipped.told)
    if shipped.finders:
        finders = ", ".join(f"{name} ({n})" for name, n in shipped.finders)
        text += _("; found on calls by {finders}").format(finders=finders)
    return text


def risk_note(summary: Summary) -> str:
    """``Open fixes hold 14.2M of customer value at risk: 31 customers still with us wait on 12 of them.``"""
    action = summary.action
    return _(
        "Open fixes hold {value} of customer value at risk: "
        "{customers} customers still with us wait on {fixes} open fixes."
    ).format(
        value=short_value(action.value_at_risk), customers=action.customers_at_risk, fixes=action.open_fixes
    )


def changes_notes(summary: Summary) -> list[str]:
    """The lines after the spikes: who left unexplained, what shipped."""
    action = summary.action
    left = action.left_without_reason
    notes = [
        ngettext(
            "{n} customer was marked churned or refund-requested this period "
            "with no reason on record (cxnotes followups lists whom to call).",
            "{n} customers were marked churned or refund-requested this period "
            "with no reason on record (cxnotes followups lists whom to call).",
            left,
        ).format(n=left)
        if left
        else _("Every customer who left this period has a reason on record.")
    ]
    if action.shipped:
        shipped = len(action.shipped)
        notes.append(
            ngettext("{n} fix shipped (see below).", "{n} fixes shipped (see below).", shipped).format(
                n=shipped
            )
        )
    return notes
