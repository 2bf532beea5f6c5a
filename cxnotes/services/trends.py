"""Complaints per week, by step, channel, segment or operator, and the weeks that jumped.

"Billing complaints doubled this week" is the sentence a lead needs on Monday. Every
pain point is counted in its ISO week (by the local day written in its timestamp,
as the summary and the ranking count) under the dimension asked for. A week is a
*spike* when its count stands well above the :attr:`TrendSettings.baseline_weeks`
weeks before it: its z-score against their mean is at least
:attr:`TrendSettings.spike_z` and it holds at least :attr:`TrendSettings.min_count`
complaints. The spread used is the larger of the baseline's standard deviation and
the square root of its mean (the noise of counting rare events), so a flat series
is never a spike and a quiet series that goes from 0 to 2 is not one either.

Pure functions of ``store.docs(...)``: one pass over the pain points for every
dimension asked, plus a pass over the spikes' weeks for their quotes; no Textual.
A one-shot command's store (:meth:`Store.projects`) is counted by SQLite instead
(:mod:`cxnotes.services.trends_sql`), keyed the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from cxnotes.domain.labels import channel, step_name
from cxnotes.domain.models import Call, Customer, PainPoint
from cxnotes.domain.text import clean
from cxnotes.i18n import N_, _, ngettext, pgettext

if TYPE_CHECKING:
    from cxnotes.storage.store import Store

DIMENSIONS = ("step", "channel", "segment", "operator")
"""What complaints can be counted by."""

NO_KEY = {
    "step": N_("no step"),
    "channel": N_("no channel"),
    "segment": N_("no segment"),
    "operator": N_("no call (logged)"),
}
"""The key of complaints that have nothing for a dimension (a logged complaint has no operator);
English in keys, translated in labels."""


def dimension_label(dimension: str) -> str:
    """What trends count by (:data:`DIMENSIONS`), as shown in a sentence."""
    return {
        "step": pgettext("trends by", "step"),
        "channel": pgettext("trends by", "channel"),
        "segment": pgettext("trends by", "segment"),
        "operator": pgettext("trends by", "operator"),
    }.get(dimension, dimension)


QUOTES_PER_SPIKE = 3

Keyer = Callable[[Any], str]
"""Turns a pain point doc (or a row read in SQL) into its key in a dimension (its step, channel, ...)."""

Points = Callable[[list[date]], Iterable[Any]]
"""The pain points (docs or rows with their ``created_at``, ``severity``, ``id`` and what the keyers
read) of some weeks (their Mondays), or more: the caller keeps the days it wants."""

BLOCKS = " ▁▂▃▄▅▆▇█"
"""Sparkline cells, from nothing to the busiest week."""


@dataclass(frozen=True)
class TrendSettings:
    """The ``[trends]`` table of the config file."""

    spike_z: float = 3.0
    """How many spreads above the baseline's mean a week must stand to be a spike."""
    baseline_weeks: int = 8
    """Weeks before a week that make its baseline."""
    min_count: int = 5
    """Fewest complaints a spike week holds: three complaints are not news, however quiet it was."""


@dataclass(frozen=True)
class Spike:
    """A week whose count stood well above the weeks before it."""

    dimension: str
    key: str
    label: str
    week: date
    """The Monday."""
    count: int
    baseline: float
    """Mean count of the baseline weeks."""
    z: float
    quotes: list[tuple[str, int]] = field(default_factory=list)
    """(quote, severity) of up to three of its complaints, most severe first."""

    def sentence(self) -> str:
        """``Billing (step): 44 complaints in the week of 2026-11-23, against 3.4 a week before (z 12.1)``."""
        return ngettext(
            "{label} ({dimension}): {count} complaint in the week of {week}, "
            "against {baseline} a week before (z {z})",
            "{label} ({dimension}): {count} complaints in the week of {week}, "
            "against {baseline} a week before (z {z})",
            self.count,
        ).format(
            label=self.label,
            dimension=dimension_label(self.dimension),
            count=self.count,
            week=self.week.isoformat(),
            baseline=f"{self.baseline:.1f}",
            z=f"{self.z:.1f}",
        )


@dataclass
class Series:
    """One key's weekly counts over the weeks shown."""

    key: str
    label: str
    counts: list[int]
    spikes: list[int] = field(default_factory=list)
    """Indexes into :attr:`counts` of the spike weeks."""

    @property
    def total(self) -> int:
        """Complaints over the weeks shown."""
        return sum(self.counts)


@dataclass
class Trends:
    """Weekly counts of one dimension and the spikes found in them."""

    dimension: str
    weeks: list[date]
    """Mondays of the weeks shown, oldest first; the last is the current (maybe partial) week."""
    series: list[Series]
    """Most complaints first."""
    spikes: list[Spike]
    """Newest week first, then the biggest jump."""


def week_of(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def trends(
    store: Store,
    dimensions: tuple[str, ...] = ("step",),
    *,
    weeks: int = 12,
    now: datetime | None = None,
    settings: TrendSettings | None = None,
) -> dict[str, Trends]:
    """Weekly complaint counts per dimension for the ``weeks`` weeks up to this one, spikes flagged.

    Raises:
        ValueError: an unknown dimension or fewer than one week.
    """
    settings = settings or TrendSettings()
    unknown = [d for d in dimensions if d not in DIMENSIONS]
    if unknown or weeks < 1:
        raise ValueError(
            _("Count by one of {dimensions}, over 1 week or more.").format(dimensions=", ".join(DIMENSIONS))
        )
    today = (now or datetime.now().astimezone()).date()
    last = week_of(today)
    first = last - timedelta(weeks=weeks - 1 + settings.baseline_weeks)
    span = weeks + settings.baseline_weeks
    if store.projects(PainPoint):
        from cxnotes.services import trends_sql  # one-shot commands only

        counts, history = trends_sql.weekly(store, dimensions, first, today, span)
        keyers = [trends_sql.keyer(dimension) for dimension in dimensions]
        points: Points = lambda mondays: trends_sql.window(store, dimensions, mondays)  # noqa: E731
    else:
        keyers = [_keyer(store, dimension) for dimension in dimensions]
        counts, history = _weekly(store, keyers, first, today, span)
        points = lambda _mondays: store.facts(PainPoint)  # noqa: E731
    shown = [first + timedelta(weeks=settings.baseline_weeks + i) for i in range(weeks)]
    steps = _step_names(store)
    found = {}
    for dimension, table in zip(dimensions, counts, strict=True):
        found[dimension] = _flag(dimension, table, shown, settings, _labels(steps, dimension, table), history)
    _add_quotes(
        store, [(found[d].spikes, keyer) for d, keyer in zip(dimensions, keyers, strict=True)], points
    )
    return found


def _weekly(
    store: Store, keyers: list[Keyer], first: date, today: date, span: int
) -> tuple[list[dict[str, list[int]]], int]:
    """Each keyer's key -> its complaints per week from the Monday ``first`` to ``today`` (``span`` weeks),
    in one pass over the pain points; and the week of the first complaint on record (negative if
    before ``first``). :func:`cxnotes.services.trends_sql.weekly` counts the same in SQL for a one-shot
    command's store, held equal to this by ``tests/test_export_projection.py``."""
    counts: list[dict[str, list[int]]] = [{} for _keyer in keyers]
    week_index: dict[str, int] = {}
    start, end = first.isoformat(), today.isoformat()
    first_ordinal = first.toordinal()
    oldest = end
    pairs = list(zip(keyers, counts, strict=True))
    for doc in store.facts(PainPoint):
        day = doc["created_at"][:10]
        if day < oldest:
            oldest = day
        if not start <= day <= end:
            continue
        index = week_index.get(day)
        if index is None:
            index = week_index[day] = (date.fromisoformat(day).toordinal() - first_ordinal) // 7
        for keyer, table in pairs:
            key = keyer(doc)
            row = table.get(key)
            if row is None:
                row = table[key] = [0] * span
            row[index] += 1
    # A week whose baseline reaches back before the first complaint on record has no history to
    # stand above: the week complaints began would always look like a spike.
    return counts, (week_of(date.fromisoformat(oldest)) - first).days // 7


def _flag(
    dimension: str,
    table: dict[str, list[int]],
    shown: list[date],
    settings: TrendSettings,
    labels: dict[str, str],
    history: int,
) -> Trends:
    """Cut each key's counts to the weeks shown and find its spikes (from index ``history`` on)."""
    base = settings.baseline_weeks
    series, spikes = [], []
    for key, row in table.items():
        label = labels.get(key, key)
        one = Series(key, label, row[base:])
        for i in range(max(history, 0), len(shown)):
            before = row[i : i + base]
            mean = sum(before) / base
            spread = max(math.sqrt(sum((n - mean) ** 2 for n in before) / base), math.sqrt(mean), 1.0)
            count = row[base + i]
            z = (count - mean) / spread
            if z >= settings.spike_z and count >= settings.min_count:
                one.spikes.append(i)
                spikes.append(Spike(dimension, key, label, shown[i], count, mean, z))
        series.append(one)
    series.sort(key=lambda s: (-s.total, s.label))
    spikes.sort(key=lambda s: (-s.week.toordinal(), -s.z, s.label))
    return Trends(dimension, shown, series, spikes)


def _keyer(store: Store, dimension: str) -> Keyer:
    """A function from a pain point doc to its key in ``dimension``."""
    missing = NO_KEY[dimension]
    if dimension == "step":
        return lambda doc: doc["step"] or missing
    if dimension == "segment":
        raw = {d["id"]: d.get("segment") or "" for d in store.facts(Customer)}
        cleaned = {segment: clean(segment, multiline=False) for segment in set(raw.values())}
        segments = {customer: cleaned[segment] for customer, segment in raw.items()}
        return lambda doc: segments.get(doc["customer_id"] or "") or missing
    read = store.facts(Call)
    calls = {d["id"]: (d.get("channel") or "", d.get("operator") or "") for d in read}
    if dimension == "channel":
        return lambda doc: doc["channel"] or calls.get(doc["call_id"] or "", ("", ""))[0] or missing
    return lambda doc: calls.get(doc["call_id"] or "", ("", ""))[1] or missing


def _step_names(store: Store) -> dict[str, str]:
    """Step slug -> display name (retired steps too: old complaints keep them)."""
    return {s.slug: clean(step_name(s), multiline=False) for s in store.steps(include_retired=True)}


def _labels(steps: dict[str, str], dimension: str, keys: Iterable[str]) -> dict[str, str]:
    """Key -> label as shown: a step's name, a channel's word, "no step" in the current language."""
    shown = {key: steps.get(key, key) if dimension == "step" else key for key in keys}
    if dimension == "channel":
        shown = {key: channel(key) for key in keys}
    shown[NO_KEY[dimension]] = _(NO_KEY[dimension])
    return shown


def _add_quotes(store: Store, spiked: list[tuple[list[Spike], Keyer]], points: Points) -> None:
    """Give each spike up to three distinct quotes of its week, most severe then newest first.

    One pass over the pain points for every dimension, reading only the spike weeks' days.
    """
    spikes = [(spike, keyer) for found, keyer in spiked for spike in found]
    if not spikes:
        return
    wanted = {(s.dimension, s.key, s.week.isoformat()): s for s, _keyer in spikes}
    weeks = {s.week.isoformat() for s, _keyer in spikes}
    keyers = {s.dimension: keyer for s, keyer in spikes}
    first, last = min(weeks), (max(s.week for s, _keyer in spikes) + timedelta(days=6)).isoformat()
    monday_of: dict[str, str] = {}
    found: dict[tuple[str, str, str], list[tuple[int, str, str]]] = {}
    for doc in points(sorted({s.week for s, _keyer in spikes})):
        day = doc["created_at"][:10]
        if not first <= day <= last:
            continue
        monday = monday_of.get(day)
        if monday is None:
            monday = monday_of[day] = week_of(date.fromisoformat(day)).isoformat()
        if monday not in weeks:
            continue
        for dimension, keyer in keyers.items():
            if (key := (dimension, keyer(doc), monday)) in wanted:
                found.setdefault(key, []).append((doc["severity"], doc["created_at"], doc["id"]))
    quotes: dict[str, str] = {}
    for key, noted in found.items():
        wanted[key].quotes.extend(_first_quotes(store, sorted(noted, reverse=True), quotes))


QUOTES_READ = 16
"""Pain points whose quotes are read first for a spike; each further read takes four times more. A
busy week holds thousands: reading them all whole cost ``cxnotes export`` 50 ms for nine quotes."""


def _first_quotes(
    store: Store, noted: list[tuple[int, str, str]], quotes: dict[str, str]
) -> list[tuple[str, int]]:
    """The first :data:`QUOTES_PER_SPIKE` distinct quotes of ``noted`` ((severity, time, id), most severe
    then newest first) with their severity; points of equal severity and time by their quote, last
    first. Quotes are read in growing chunks, each ending at a change of severity or time, so a chunk
    is ordered the way the whole would be; ``quotes`` keeps those read (a point may be in several spikes).
    """
    seen: list[tuple[str, int]] = []
    start, size = 0, QUOTES_READ
    while start < len(noted) and len(seen) < QUOTES_PER_SPIKE:
        end = min(start + size, len(noted))
        while end < len(noted) and noted[end][:2] == noted[end - 1][:2]:
            end += 1
        chunk = noted[start:end]
        unread = [i for _severity, _at, i in chunk if i not in quotes]
        quotes.update((i, d["quote"]) for i, d in store.docs_by_id(PainPoint, unread).items())
        for severity, _at, quote in sorted(
            ((s, at, quotes[i]) for s, at, i in chunk if i in quotes), reverse=True
        ):
            text = " ".join(clean(quote, multiline=False).split())
            if text and all(text != q for q, _severity in seen):
                seen.append((text, severity))
            if len(seen) == QUOTES_PER_SPIKE:
                break
        start, size = end, size * 4
    return seen


def sparkline(counts: list[int], cells: int = 1) -> str:
    """``cells`` cells per week, taller for busier weeks."""
    most = max(counts, default=0)
    if not most:
        return " " * len(counts) * cells
    return "".join(
        BLOCKS[0 if not n else max(1, round(n / most * (len(BLOCKS) - 1)))] * cells for n in counts
    )
