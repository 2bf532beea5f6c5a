"""Synthetic, realistic demo data: for newcomers trying the app and for the benchmarks.

Everything comes from one seeded :class:`random.Random` (ids included), so a seed and a
``today`` give exactly the same store every time: a benchmark run can be repeated, and
running ``cxnotes demo`` twice with the same seed rewrites the same records instead of
doubling them. About 30% of the pain points are raised during calls with a Korean or
English transcript as long as real calls are (15 to 50 minutes: a median of about 60
lines, the longest 300), so 100,000 pain points come with about a million transcript
lines; the rest are logged complaints (emails, chats, reviews). ``short_calls`` keeps
v0.1's light shape (6 to 12 lines a call) for benchmarks that compare with it.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from cxnotes.domain.models import (
    DEFAULT_STEPS,
    FIX_STATUSES,
    Call,
    Customer,
    Fix,
    Line,
    PainPoint,
    Promise,
    Record,
    StatusChange,
)
from cxnotes.services.demo_text import (
    AREAS,
    CALL_CHANNELS,
    DEFAULT_SEVERITY_WEIGHTS,
    EN_FIRST,
    EN_LAST,
    FILLER_LINES,
    FIXES,
    INVOLUNTARY,
    KO_GIVEN,
    KO_OUTCOMES,
    KO_SURNAMES,
    LOGGED_CHANNELS,
    OPERATOR_LINES,
    OPERATORS,
    PROMISES,
    QUOTES,
    SEGMENTS,
    SEVERITY_WEIGHTS,
)
from cxnotes.storage.store import Store

BATCH = 20_000
"""Records per durable write (one transaction each)."""

LINES_MEDIAN = 60
"""Median transcript lines of a call: a 15-50 minute call, typed live."""
LINES_MOST = 300

CALL_SHARE = 0.3
"""Share of pain points raised during a call with a transcript; the rest are logged complaints."""


class Picked(NamedTuple):
    """A complaint chosen for a pain point."""

    step: str
    quote: str
    involuntary: bool
    which: int
    """Its place in ``QUOTES[step]``, which fixes answer (-1 for an involuntary one: no fix)."""


class _Generator:
    """One generation run; holds the random stream so every choice is reproducible."""

    def __init__(self, pain_points: int, seed: int, today: date, short_calls: bool) -> None:
        self.rng = random.Random(seed)
        self.short_calls = short_calls
        self.story = random.Random(seed + 1)
        """Draws for what the demo plants on top (statuses, this week's billing surge): a separate
        generator, so adding them left every other record as it was."""
        self.pain_points = pain_points
        self.today = today
        self.end = datetime.combine(today, time(18, 0)).astimezone()
        self.steps = [slug for slug, _name, _text in DEFAULT_STEPS]
        self.customers: list[tuple[str, int]] = []
        self.fixes: dict[tuple[str, int], list[str]] = {}
        """(step, index of the quote in QUOTES) -> ids of the fixes answering that complaint."""

    def id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def moment(self) -> datetime:
        """A working-hours moment within the year before ``today`` (never later today: not in the future)."""
        day = self.end - timedelta(days=self.rng.randrange(1, 366))
        return day.replace(hour=self.rng.randrange(9, 18), minute=self.rng.randrange(60))

    def records(self) -> Iterator[Record]:
        yield from self.make_customers()
        yield from self.make_fixes()
        in_calls = round(self.pain_points * CALL_SHARE)
        while in_calls > 0:
            count = min(self.rng.randint(1, 4), in_calls)
            in_calls -= count
            yield from self.make_call(count)
        for _ in range(self.pain_points - round(self.pain_points * CALL_SHARE)):
            yield self.logged_complaint()

    def make_customers(self) -> Iterator[Customer]:
        weights = [weight for _s, weight, _lo, _hi in SEGMENTS]
        for _ in range(max(10, self.pain_points // 4)):
            segment, _w, low, high = self.rng.choices(SEGMENTS, weights)[0]
            korean = int(self.rng.random() < 0.55)
            if korean:
                name = self.rng.choice(KO_SURNAMES) + self.rng.choice(KO_GIVEN)
            else:
                name = f"{self.rng.choice(EN_FIRST)} {self.rng.choice(EN_LAST)}"
            customer = Customer(
                id=self.id(),
                name=name,
                segment=segment,
                value=round(self.rng.uniform(low, high), 2),
                created_at=self.moment(),
            )
            if self.story.random() < 0.05:  # some left or wobble lately: the exit-interview queue
                status = self.story.choices(("churned", "refund-requested", "at-risk"), (4, 2, 4))[0]
                at = self.end - timedelta(days=self.story.randrange(1, 60), hours=self.story.randrange(8))
                customer.plan = self.story.choice(("Basic", "Pro", "Pro annual"))
                customer.statuses = [StatusChange(status, max(at, customer.created_at))]
            self.customers.append((customer.id, korean))
            yield customer

    def make_fixes(self) -> Iterator[Fix]:
        areas = AREAS if self.pain_points >= 5_000 else AREAS[:1]
        number = 0
        for step in self.steps:
            for title, answer, quote in FIXES[step]:
                for area in areas:
                    # The first fixes walk through every status so each one is always present.
                    status = (
                        FIX_STATUSES[number]
                        if number < len(FIX_STATUSES)
                        else self.rng.choices(FIX_STATUSES, (4, 3, 3, 2, 1))[0]
                    )
                    fix = Fix(
                        id=self.id(),
                        title=title + area,
                        status=status,
                        answer=answer,
                        effort=self.rng.choice((None, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0)),
                        created_at=self.moment(),
                    )
                    if status == "shipped":
                        days = self.story.randrange(1, 90)
                        fix.shipped_at = max(self.end - timedelta(days=days), fix.created_at)
                    self.fixes.setdefault((step, quote), []).append(fix.id)
                    number += 1
                    yield fix

    def pick(self, korean: int) -> Picked:
        """A complaint in the customer's language."""
        if self.rng.random() < 0.04:
            return Picked(
                self.rng.choice(("cancel", "billing")), self.rng.choice(INVOLUNTARY[korean]), True, -1
            )
        step = self.rng.choice(self.steps)
        index = self.rng.randrange(len(QUOTES[step][korean]))
        return Picked(step, QUOTES[step][korean][index], False, index)

    def kept(self, due: date) -> bool:
        """Whether a promise due then is kept by today: most old ones are, a few were forgotten."""
        age = (self.today - due).days
        if age <= 0:
            return False
        return self.rng.random() < (0.6 if age <= 14 else 0.97)

    def weighted(self, pairs: tuple[tuple[str, int], ...]) -> str:
        """One name from (name, weight) pairs."""
        return self.rng.choices([name for name, _ in pairs], [weight for _, weight in pairs])[0]

    def pain_point(
        self,
        picked: Picked,
        *,
        customer_id: str | None,
        channel: str,
        created_at: datetime,
        call_id: str | None = None,
        line_id: str | None = None,
    ) -> PainPoint:
        """A pain point from a :meth:`pick`; three in four of those a fix answers are attached to it."""
        step, quote, involuntary, which = picked
        weights = SEVERITY_WEIGHTS.get(step, DEFAULT_SEVERITY_WEIGHTS)
        answering = self.fixes.get((step, which))
        fix_id = self.rng.choice(answering) if answering and self.rng.random() < 0.75 else None
        return PainPoint(
            id=self.id(),
            quote=quote,
            step=step,
            severity=self.rng.choices((1, 2, 3, 4, 5), weights)[0],
            fix_id=fix_id,
            involuntary=involuntary,
            customer_id=customer_id,
            channel=channel,
            created_at=created_at,
            call_id=call_id,
            line_id=line_id,
        )

    def make_call(self, count: int) -> Iterator[Record]:
        customer_id, korean = self.rng.choice(self.customers)
        started = self.moment()
        channel = self.weighted(CALL_CHANNELS)
        call = Call(
            id=self.id(),
            customer_id=customer_id,
            channel=channel,
            started_at=started,
            operator=self.rng.choice(OPERATORS),
        )
        n_lines = self.call_length(count)
        speakers = ["operator" if i % 2 == 0 else "customer" for i in range(n_lines)]
        customer_slots = [i for i, who in enumerate(speakers) if who == "customer"]
        pain_slots = set(self.rng.sample(customer_slots, min(count, len(customer_slots))))
        records: list[Record] = []
        offset = 0.0
        worst = 0
        for index, speaker in enumerate(speakers):
            line_id = self.id()
            if index in pain_slots:
                picked = self.pick(korean)
                step, text = picked.step, picked.quote
                point = self.pain_point(
                    picked,
                    customer_id=customer_id,
                    call_id=call.id,
                    line_id=line_id,
                    channel=channel,
                    created_at=started + timedelta(seconds=offset),
                )
                worst = max(worst, point.severity + (step == "cancel"))
                records.append(point)
            elif speaker == "operator":
                text = self.rng.choice(OPERATOR_LINES[korean])
            else:
                text = self.rng.choice(FILLER_LINES[korean])
            records.append(
                Line(id=line_id, call_id=call.id, index=index, offset=offset, speaker=speaker, text=text)
            )
            offset += self.rng.uniform(5, 40)
        call.ended_at = started + timedelta(seconds=offset + 30)
        call.outcome = self.outcome(worst)
        call.summary = (
            f"고객 문의 {count}건, 결과: {KO_OUTCOMES[call.outcome]}"
            if korean
            else f"{count} issue(s) raised; outcome: {call.outcome}"
        )
        if self.rng.random() < 0.35:
            due = started.date() + timedelta(days=self.rng.randint(1, 14))
            records.append(
                Promise(
                    id=self.id(),
                    text=self.rng.choice(PROMISES[korean]),
                    due=due,
                    done=self.kept(due),
                    customer_id=customer_id,
                    call_id=call.id,
                    created_at=started,
                )
            )
        yield call
        yield from records

    def call_length(self, pain_points: int) -> int:
        """Lines in a call with room for every pain point: log-normal around the median, or short."""
        least = max(6, 2 * pain_points)
        if self.short_calls:
            return self.rng.randint(least, 12)
        return max(least, min(LINES_MOST, round(self.rng.lognormvariate(math.log(LINES_MEDIAN), 0.8))))

    def outcome(self, worst: int) -> str:
        """Calls with a severe cancel-step pain point end badly more often."""
        if worst >= 6:
            return self.rng.choices(("churned", "refund requested", "retained"), (4, 4, 2))[0]
        return self.rng.choices(
            ("resolved", "retained", "refund requested", "churned", "other"), (60, 15, 10, 5, 10)
        )[0]

    def logged_complaint(self) -> PainPoint:
        customer_id: str | None
        customer_id, korean = self.rng.choice(self.customers)
        if self.rng.random() < 0.3:
            customer_id = None  # an app-store review or a survey answer: nobody to link
        picked = self.pick(korean)
        when = self.moment()
        if picked.step == "billing" and self.story.random() < 0.25:  # billing complaints surge this week
            when = self.end - timedelta(days=self.story.randrange(0, 6), hours=self.story.randrange(1, 9))
        return self.pain_point(
            picked, customer_id=customer_id, channel=self.weighted(LOGGED_CHANNELS), created_at=when
        )


def generate(
    pain_points: int, *, seed: int = 1, today: date | None = None, short_calls: bool = False
) -> Iterator[list[Record]]:
    """Yield the demo records in batches of at most :data:`BATCH`.

    Args:
        pain_points: how many pain points to make; customers, calls and fixes scale with it.
        seed: the same seed and ``today`` give the same records, ids included.
        today: the day the data ends on (promises due before it are overdue); default today.
        short_calls: calls of 6 to 12 lines (v0.1's demo) instead of realistic lengths.
    """
    batch: list[Record] = []
    for record in _Generator(pain_points, seed, today or date.today(), short_calls).records():
        batch.append(record)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def fill(
    store: Store,
    pain_points: int,
    *,
    seed: int = 1,
    today: date | None = None,
    short_calls: bool = False,
    progress: Callable[[Counter[str]], None] | None = None,
) -> Counter[str]:
    """Write demo data into ``store`` in large durable batches, then compact it.

    Nothing is deleted; records that already exist with the same id (same seed) are replaced.

    Args:
        progress: called after each batch with the counts written so far.

    Returns:
        How many records of each table were written.
    """
    written: Counter[str] = Counter()
    for batch in generate(pain_points, seed=seed, today=today, short_calls=short_calls):
        store.write(put=batch)
        written.update(record.TABLE for record in batch)
        if progress is not None:
            progress(written)
    store.compact()
    return written
