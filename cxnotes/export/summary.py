"""The CEO summary as plain data: what the md and html renderers lay out.

Building it is the only part that reads the store (:func:`build_summary`, counting in
one pass with :mod:`cxnotes.export.counts`); everything after that is pure
(:func:`summarise`), so both formats say exactly the same thing and
tests can check the numbers without parsing a page. Text here is cleaned but not
escaped: each renderer escapes for its own format.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from cxnotes.domain import labels
from cxnotes.domain.models import Customer, Fix, PainPoint, Promise, Step, from_doc
from cxnotes.domain.text import clean
from cxnotes.export.counts import Counts, count, read_points
from cxnotes.export.period import Period
from cxnotes.export.records import Progress
from cxnotes.export.summary_model import (
    PROMISES_SHOWN,
    WEEKLY_UP_TO,
    Bar,
    Headline,
    OpenPromise,
    Quote,
    Summary,
    Tally,
    TopFix,
)
from cxnotes.export.why import Action, explain, lost_reasons, read_action
from cxnotes.i18n import N_, _, ngettext, pgettext
from cxnotes.services.ranking import Filters, RankedFix, rank
from cxnotes.services.trends import TrendSettings
from cxnotes.storage.store import Store

QUOTES_PER_FIX = 3

LIST_LIMIT = 8
"""Rows of a reasons or new/recurring list; the rest are folded into one "other" row."""

Who = Callable[[str | None], str]
"""Turns a customer id into how the summary names that customer."""


def build_summary(
    store: Store,
    period: Period,
    *,
    top: int = 5,
    include_names: bool = False,
    now: datetime,
    progress: Progress | None = None,
    trend_settings: TrendSettings | None = None,
    operator: str = "",
) -> Summary:
    """Read the store once and summarise ``period`` (see :func:`summarise`); ``operator``: one's only."""
    if progress:
        progress(_("counting calls and pain points"), 0, 0)
    counts = count(store, period, operator=operator)
    if progress:
        progress(_("ranking fixes"), 0, 0)
    filters = Filters(since=period.since, until=period.until, operator=operator)
    ranked = rank(store, filters=filters, now=now, top=top)
    # The ranking was filtered to the period, so its evidence is the fix's pain points in it.
    evidence = read_points(store, {row.fix.id: row.pain_point_ids for row in ranked})
    if progress:
        progress(_("finding what changed"), 0, 0)
    action, lost = read_action(store, period, now, trend_settings)
    promises = open_promises(store)
    named = {p.customer_id for points in evidence.values() for p in points}
    named.update(p.customer_id for p in promises)
    customers = store.docs_by_id(Customer, [i for i in named if i])  # those the page names, at once
    shown = Shown(
        steps=store.steps(include_retired=True),
        fixes=store.all(Fix),
        promises=promises,
        customer=lambda customer_id: from_doc(Customer, doc) if (doc := customers.get(customer_id)) else None,
        evidence=evidence,
        action=action,
        lost=lost,
    )
    summary = summarise(counts, shown, ranked, period, include_names=include_names, now=now)
    summary.operator = clean(operator, multiline=False)
    return summary


def open_promises(store: Store) -> list[Promise]:
    """The promises not kept. A one-shot command's store reads whole only those, by id (the projection
    says which: :func:`cxnotes.export.summary_sql.open_promise_ids`); the app's holds them all."""
    if store.projects(Promise):
        from cxnotes.export import summary_sql  # one-shot commands only

        return [
            from_doc(Promise, d)
            for d in store.docs_by_id(Promise, summary_sql.open_promise_ids(store)).values()
        ]
    return [p for p in store.all(Promise) if not p.done]


@dataclass
class Shown:
    """The records the page shows or names, beside the counts."""

    steps: list[Step]
    fixes: list[Fix]
    promises: list[Promise]
    """The promises not kept."""
    customer: Callable[[str], Customer | None]
    evidence: dict[str, list[PainPoint]]
    """Fix id -> its pain points in the period, for the top fixes (their quotes come from these)."""
    action: Action = field(default_factory=Action)
    lost: frozenset[str] = field(default_factory=frozenset)
    """Ids of customers who churned or asked for a refund (the ranking's churn term counts them)."""


def summarise(
    counts: Counts,
    shown: Shown,
    ranked: list[RankedFix],
    period: Period,
    *,
    include_names: bool,
    now: datetime,
) -> Summary:
    """The summary of ``period`` from its counts, the records it shows and the top of the fix ranking."""
    steps = {s.slug: clean(labels.step_name(s), multiline=False) for s in shown.steps}
    fixes = {f.id: f for f in shown.fixes}
    customers: dict[str, Customer | None] = {}

    def who(customer_id: str | None) -> str:
        if customer_id and customer_id not in customers:
            customers[customer_id] = shown.customer(customer_id)
        return _who(customers.get(customer_id or ""), include_names)

    since = period.since.isoformat()
    top_fixes = [
        TopFix(
            rank=row.rank,
            title=clean(row.fix.title, multiline=False),
            status=row.fix.status,
            score=row.score,
            customers=row.customers,
            pain_points=len(row.pain_point_ids),
            steps=[steps.get(slug, slug) for slug in row.steps],
            new=counts.first_seen.get(row.fix.id, since) >= since,
            quotes=_quotes(shown.evidence.get(row.fix.id, []), who),
            why=explain(row, _people(shown, row.fix.id, customers), shown.lost, now),
        )
        for row in ranked
    ]
    new_fixes: list[Tally] = []
    recurring: list[Tally] = []
    for fix_id, found in counts.by_fix.most_common():
        if fix_id in fixes:
            tally = Tally(clean(fixes[fix_id].title, multiline=False), found)
            (new_fixes if counts.first_seen[fix_id] >= since else recurring).append(tally)
    controllable, involuntary = lost_reasons(counts.lost_calls, shown.action.left_points, fixes, steps)
    promises = _promises(shown.promises, period, now.date(), who)
    return Summary(
        period=period,
        generated=now,
        include_names=include_names,
        headlines=_headlines(counts),
        top_fixes=top_fixes,
        by_step=_by_step(shown.steps, counts.by_step, steps),
        over_time=_over_time(counts.by_day, period),
        controllable=controllable,
        involuntary=involuntary,
        promises=promises[:PROMISES_SHOWN],
        open_promises=len(promises),
        overdue_promises=sum(1 for p in promises if p.overdue),
        new_fixes=_fold(new_fixes),
        recurring_fixes=_fold(recurring),
        action=shown.action,
    )


def _people(shown: Shown, fix_id: str, named: dict[str, Customer | None]) -> dict[str, Customer | None]:
    """The customers behind a top fix's evidence in the period, id -> record (read once each)."""
    for point in shown.evidence.get(fix_id, []):
        if point.customer_id and point.customer_id not in named:
            named[point.customer_id] = shown.customer(point.customer_id)
    ids = {p.customer_id for p in shown.evidence.get(fix_id, []) if p.customer_id}
    return {i: named[i] for i in ids}


def _fold(tallies: list[Tally]) -> list[Tally]:
    """The first :data:`LIST_LIMIT` fix tallies, and the rest summed into one "n other fixes" row."""
    if len(tallies) <= LIST_LIMIT:
        return tallies
    kept, rest = tallies[: LIST_LIMIT - 1], tallies[LIST_LIMIT - 1 :]
    label = ngettext("{n} other fix", "{n} other fixes", len(rest)).format(n=len(rest))
    return [*kept, Tally(label, sum(t.count for t in rest))]


def _who(customer: Customer | None, include_names: bool) -> str:
    """How a customer is shown: segment, or name and segment when names were asked for."""
    if customer is None:
        return _("unknown customer")
    segment = clean(customer.segment, multiline=False).strip()
    name = clean(customer.name, multiline=False).strip()
    if include_names and name:
        return f"{name} ({segment})" if segment else name
    return segment or pgettext("who", "customer")


def _headlines(counts: Counts) -> list[Headline]:
    """Calls, customers heard, pain points, refund requests and churns of the period and the one before.

    A customer counts as heard when they had a call or raised a pain point in the span: most
    complaints arrive by email or chat and are logged without a call, and a CEO asking "how
    many customers did we hear from" means them too.
    """
    now, before = counts.current, counts.previous
    return [
        Headline(N_("Calls"), now.calls, before.calls, None),
        Headline(N_("Customers heard"), len(now.customers), len(before.customers), None),
        Headline(N_("Pain points"), now.pain_points, before.pain_points),
        Headline(N_("Refund requests"), now.refunds, before.refunds),
        Headline(N_("Churned"), now.churns, before.churns),
    ]


def _quotes(points: list[PainPoint], who: Who) -> list[Quote]:
    """Up to three distinct verbatim quotes, most severe first, then newest."""
    chosen: list[Quote] = []
    seen: set[str] = set()
    for point in sorted(points, key=lambda p: (-p.severity, -p.created_at.timestamp(), p.id)):
        text = " ".join(clean(point.quote, multiline=False).split())
        if text and text not in seen:
            seen.add(text)
            chosen.append(Quote(text, who(point.customer_id), point.severity, point.created_at.date()))
        if len(chosen) == QUOTES_PER_FIX:
            break
    return chosen


def _by_step(chain: list[Step], found: Counter[str], names: dict[str, str]) -> list[Tally]:
    found = Counter(found)
    tallies = [Tally(names[s.slug], found.pop(s.slug, 0)) for s in chain if not s.retired]
    tallies += [Tally(names.get(slug, slug), n) for slug, n in found.most_common()]
    return tallies


def _over_time(by_day: Counter[date], period: Period) -> list[Bar]:
    """A bar per week the period touches, or per month if it is longer than :data:`WEEKLY_UP_TO` days."""
    if period.days <= WEEKLY_UP_TO:
        starts = period.weeks()
        ends = [monday + timedelta(days=6) for monday in starts]
    else:
        starts, start = [], period.since.replace(day=1)
        while start <= period.until:
            starts.append(start)
            start = _next_month(start)
        ends = [_next_month(start) - timedelta(days=1) for start in starts]
    bars = []
    for start, end in zip(starts, ends, strict=True):
        first, last = max(start, period.since), min(end, period.until)
        found = sum(n for day, n in by_day.items() if first <= day <= last)
        bars.append(Bar(start, found, (last - first).days + 1, (end - start).days + 1))
    return bars


def _next_month(first: date) -> date:
    """The first of the month after the one ``first`` (a first of a month) starts."""
    return (first + timedelta(days=31)).replace(day=1)


def _promises(promises: list[Promise], period: Period, today: date, who: Who) -> list[OpenPromise]:
    """Promises not kept, made up to the period's end; soonest due first, undated last."""
    open_ = [p for p in promises if not p.done and p.created_at.date() <= period.until]
    open_.sort(key=lambda p: (p.due is None, p.due or today, p.created_at.timestamp(), p.id))
    return [
        OpenPromise(
            text=" ".join(clean(p.text, multiline=False).split()),
            who=who(p.customer_id),
            due=p.due,
            overdue=p.due is not None and p.due < today,
        )
        for p in open_
    ]
