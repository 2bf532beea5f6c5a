"""Which fix a pain point most likely belongs to, and which fixes are likely the same.

Pure functions over plain values (no store, no Textual): the triage screen and
``cxnotes triage --suggest`` feed them what the store holds, in a worker.

How: every text becomes character n-grams of its words (2 and 3 characters, with a space
marking each word's edges), which match Korean whatever particle follows a noun (환불이,
환불을, 환불은 share 환불) and English across endings (refund, refunded). A fix is the
n-grams of its title (counted twice: a lead chose those words) and of the quotes already
attached to it, weighted by TF-IDF over the fixes, so the n-grams every fix has count
for little. A point's likely fixes are those whose vectors are nearest its quote's
(cosine), plus a small bonus for fixes whose evidence is in the point's step. No
network, no model download; 1,000 points against 500 fixes take well under a second.

Measured on tests/data/triage_labelled.json (216 hand-labelled points, Korean and
English, 24 fixes): see the README's "Triage suggestions" table.
"""

from __future__ import annotations

import heapq
import math
import operator
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SIZES = (2, 3)
"""Lengths of the character n-grams compared."""

TITLE_WEIGHT = 2.0
"""How much more a title's n-grams count than one quote's."""

STEP_BONUS = 0.1
"""Added to a fix's score, times the share of its evidence in the point's step."""

MIN_SCORE = 0.08
"""Below this a fix is not offered: a suggestion that shares only noise wastes a look."""

TOP = 3
"""Suggestions per pain point."""

DUPLICATE_AT = 0.5
"""Fixes this alike (cosine of their vectors) are offered for merging."""

COMMON_SHARE = 0.5
"""N-grams in more than this share of the fixes (요, 어요, "the") are left out of the postings.

They tell no fix apart and have the longest postings: skipping them is most of the speed.
Only from :data:`PRUNE_FROM` fixes on; among a handful of fixes a shared word still counts.
"""

PRUNE_FROM = 20

_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class FixText:
    """What a fix is known by: its title, the quotes attached to it and their steps."""

    id: str
    title: str
    quotes: Sequence[str] = ()
    steps: Sequence[str] = ()
    """The step of each attached quote (same order), for the step bonus."""


@dataclass(frozen=True)
class Suggestion:
    """A fix a pain point may belong to."""

    fix_id: str
    title: str
    score: float
    """0 to about 1.1: cosine similarity plus the step bonus."""


@dataclass(frozen=True)
class Duplicate:
    """Two fixes that look like the same problem; merging ``source`` into ``target`` is suggested."""

    source_id: str
    target_id: str
    score: float


def grams(text: str) -> Counter[str]:
    """The character n-grams of each word of ``text``, case- and Unicode-folded."""
    pieces: list[str] = []
    folded = unicodedata.normalize("NFC", text).casefold()
    for word in _WORDS.findall(folded):
        padded = f" {word} "
        for size in SIZES:
            pieces += [padded[i : i + size] for i in range(len(padded) - size + 1)]
    return Counter(pieces)


@dataclass
class Index:
    """Fixes as normalised TF-IDF vectors, with postings from n-gram to fixes for fast lookup."""

    fixes: list[FixText]
    idf: dict[str, float] = field(default_factory=dict)
    vectors: list[dict[str, float]] = field(default_factory=list)
    postings: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    """N-gram -> (fix position, weight) of the fixes having it; common n-grams left out."""
    step_share: list[dict[str, float]] = field(default_factory=list)
    _bonus: dict[str, list[float]] = field(default_factory=dict)
    """Step -> each fix's step bonus, computed the first time a point of that step asks."""

    @classmethod
    def build(cls, fixes: Iterable[FixText]) -> Index:
        """Index fixes once; then :meth:`suggest` for as many points as needed."""
        index = cls(list(fixes))
        counts = []
        df: Counter[str] = Counter()
        for fix in index.fixes:
            counted: defaultdict[str, float] = defaultdict(float)
            for gram, n in grams(fix.title).items():
                counted[gram] += n * TITLE_WEIGHT
            for quote in fix.quotes:
                for gram, n in grams(quote).items():
                    counted[gram] += n
            counts.append(counted)
            df.update(counted.keys())
            total = len(fix.steps)
            index.step_share.append({s: n / total for s, n in Counter(fix.steps).items()} if total else {})
        n_fixes = len(index.fixes)
        index.idf = {gram: math.log((1 + n_fixes) / (1 + seen)) + 1 for gram, seen in df.items()}
        common = COMMON_SHARE * n_fixes
        for position, counted in enumerate(counts):
            vector = index._weigh(counted)
            index.vectors.append(vector)
            for gram, weight in vector.items():
                if df[gram] <= common or n_fixes < PRUNE_FROM:
                    index.postings.setdefault(gram, []).append((position, weight))
        return index

    def _weigh(self, counted: Mapping[str, float]) -> dict[str, float]:
        """Sub-linear TF times IDF, scaled to length 1; n-grams no fix has are dropped."""
        vector = {g: (1 + math.log(n)) * self.idf[g] for g, n in counted.items() if g in self.idf and n > 0}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        return {g: w / norm for g, w in vector.items()}

    def suggest(self, quote: str, step: str = "", *, top: int = TOP) -> list[Suggestion]:
        """Up to ``top`` fixes most like ``quote``, best first; none under :data:`MIN_SCORE`."""
        scores = [0.0] * len(self.fixes)  # a list, not a dict: this loop is the hot one
        for gram, weight in self._weigh(grams(quote)).items():
            for position, fix_weight in self.postings.get(gram, ()):
                scores[position] += weight * fix_weight
        if step:
            if step not in self._bonus:
                self._bonus[step] = [STEP_BONUS * shares.get(step, 0.0) for shares in self.step_share]
            scores = list(map(operator.add, scores, self._bonus[step]))
        best = heapq.nlargest(top, range(len(scores)), key=scores.__getitem__)
        return [
            Suggestion(self.fixes[p].id, self.fixes[p].title, round(scores[p], 4))
            for p in best
            if scores[p] >= MIN_SCORE
        ]

    def duplicates(self, *, at: float = DUPLICATE_AT) -> list[Duplicate]:
        """Pairs of fixes at least ``at`` alike, most alike first.

        The fix with less evidence is the one suggested for merging into the other.
        """
        every: dict[str, list[tuple[int, float]]] = {}  # common n-grams included: whole vectors compare
        for position, vector in enumerate(self.vectors):
            for gram, weight in vector.items():
                every.setdefault(gram, []).append((position, weight))
        found = []
        for position, vector in enumerate(self.vectors):
            alike: defaultdict[int, float] = defaultdict(float)
            for gram, weight in vector.items():
                for other, other_weight in every[gram]:
                    if other > position:
                        alike[other] += weight * other_weight
            for other, score in alike.items():
                if score >= at:
                    a, b = self.fixes[position], self.fixes[other]
                    source, target = (a, b) if len(a.quotes) <= len(b.quotes) else (b, a)
                    found.append(Duplicate(source.id, target.id, round(score, 4)))
        return sorted(found, key=lambda d: -d.score)


def baseline(fixes: Sequence[FixText], step: str, *, top: int = TOP) -> list[str]:
    """Ids of the fixes with the most evidence in ``step``: what a lead guesses without reading.

    The yardstick the suggestions are measured against.
    """
    counted = [(sum(1 for s in fix.steps if s == step), fix.id) for fix in fixes]
    ranked = sorted((c for c in counted if c[0] > 0), key=lambda c: (-c[0], c[1]))
    return [fix_id for _, fix_id in ranked[:top]]


@dataclass(frozen=True)
class Labelled:
    """A pain point whose right fix is known, for measuring the suggestions."""

    quote: str
    step: str
    fix_id: str


@dataclass(frozen=True)
class Accuracy:
    """How often the right fix was first, and in the first three, for suggestions and the baseline."""

    points: int
    top1: float
    top3: float
    baseline_top1: float
    baseline_top3: float


def measure(fixes: Sequence[FixText], labelled: Sequence[Labelled]) -> Accuracy:
    """How often the right fix of each labelled point comes first, and in the top three."""
    index = Index.build(fixes)
    hits = [0, 0, 0, 0]
    for point in labelled:
        ours = [s.fix_id for s in index.suggest(point.quote, point.step)]
        theirs = baseline(fixes, point.step)
        for slot, ranked in ((0, ours), (2, theirs)):
            hits[slot] += ranked[:1] == [point.fix_id]
            hits[slot + 1] += point.fix_id in ranked[:TOP]
    n = max(len(labelled), 1)
    return Accuracy(len(labelled), *(round(hit / n, 3) for hit in hits))
