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
network, no model download.

Fast enough for a whole queue (1,000 points against 500 fixes: see the README): only
fixes sharing an n-gram with the quote are scored (postings from n-gram to fixes), and
what each word of a quote adds to each fix is summed once per word and kept, since
complaints reuse few words; the scores are the same as summing n-gram by n-gram.

Measured on tests/data/triage_labelled.json (216 hand-labelled points, Korean and
English, 24 fixes): see the README's "Triage suggestions" table.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress

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

KEPT_WORDS = 50_000
"""Words whose sums per fix an index keeps (a queue's vocabulary; past this it starts again)."""

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
    return Counter(chain.from_iterable(map(_word_grams, words(text))))


def words(text: str) -> list[str]:
    """The words of ``text``, case- and Unicode-folded."""
    return _WORDS.findall(unicodedata.normalize("NFC", text).casefold())


@lru_cache(maxsize=1 << 16)
def _word_grams(word: str) -> tuple[str, ...]:
    """One word's n-grams, a space marking its edges; kept, as the same words come back all the time."""
    padded = f" {word} "
    return tuple(padded[i : i + size] for size in SIZES for i in range(len(padded) - size + 1))


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
    _sums: dict[str, tuple[tuple[int, ...], tuple[float, ...]]] = field(default_factory=dict)
    """Word -> the fixes its n-grams are posted for, and the sum of IDF times fix weight over its
    distinct n-grams for each; computed the first time a quote has the word."""

    @classmethod
    def build(cls, fixes: Iterable[FixText]) -> Index:
        """Index fixes once; then :meth:`suggest` for as many points as needed."""
        index = cls(list(fixes))
        counts = []
        df: Counter[str] = Counter()
        for fix in index.fixes:
            said = chain.from_iterable(map(words, fix.quotes))
            quoted = Counter(chain.from_iterable(map(_word_grams, said)))  # counted in C, all quotes at once
            counted: dict[str, float] = dict(quoted)
            for gram, n in grams(fix.title).items():
                counted[gram] = counted.get(gram, 0) + n * TITLE_WEIGHT
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
        scores = self.scores(quote)
        if step:
            if step not in self._bonus:
                self._bonus[step] = [STEP_BONUS * shares.get(step, 0.0) for shares in self.step_share]
            scores = list(map(operator.add, scores, self._bonus[step]))
        if not scores:
            return []
        # The top scores without a Python loop over every fix: the floor is the top-th best
        # score, the fixes at or above it are picked in C, and only those are ordered.
        floor = max(MIN_SCORE, sorted(scores, reverse=True)[:top][-1])
        picked = compress(range(len(scores)), map(floor.__le__, scores))
        best = sorted(picked, key=lambda p: (-scores[p], p))[:top]
        return [Suggestion(self.fixes[p].id, self.fixes[p].title, round(scores[p], 4)) for p in best]

    def scores(self, quote: str) -> list[float]:
        """Cosine of ``quote``'s vector with each fix's, over the posted n-grams (the hot loop).

        The sum of weight times fix weight over the quote's n-grams, taken word by word:
        each distinct word adds its kept sums; an n-gram counted otherwise than once per
        distinct word having it (``환불 환불이``: ``환불`` twice) is corrected n-gram by n-gram.
        """
        scores = [0.0] * len(self.fixes)  # a list, not a dict: indexed by fix position
        distinct = dict.fromkeys(words(quote))
        counted = Counter(chain.from_iterable(map(_word_grams, words(quote))))
        per_word = Counter(chain.from_iterable(set(_word_grams(word)) for word in distinct))
        idf, postings = self.idf, self.postings
        norm = math.sqrt(sum(((1 + math.log(n)) * idf[g]) ** 2 for g, n in counted.items() if g in idf))
        if not norm:
            return scores
        for word in distinct:
            positions, sums = self._sums.get(word) or self._word_sums(word)
            for position, value in zip(positions, sums, strict=True):
                scores[position] += value
        for gram, n in counted.items():
            extra = 1 + math.log(n) - per_word[gram]
            if extra and gram in postings:
                for position, fix_weight in postings[gram]:
                    scores[position] += extra * idf[gram] * fix_weight
        return [score / norm for score in scores]

    def _word_sums(self, word: str) -> tuple[tuple[int, ...], tuple[float, ...]]:
        """What one word adds to each fix it reaches, before the quote's length is divided out."""
        summed: defaultdict[int, float] = defaultdict(float)
        for gram in set(_word_grams(word)):
            for position, fix_weight in self.postings.get(gram, ()):
                summed[position] += self.idf[gram] * fix_weight
        if len(self._sums) >= KEPT_WORDS:
            self._sums.clear()
        found = self._sums[word] = (tuple(summed), tuple(summed.values()))
        return found

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
