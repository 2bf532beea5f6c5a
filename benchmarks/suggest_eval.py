"""How good are the triage suggestions? ``python -m benchmarks.suggest_eval``

Two measures, each beside the baseline "the fixes with the most evidence in the point's
step" (what a lead guesses without reading the quote):

* the hand-labelled fixture tests/data/triage_labelled.json (216 Korean and English
  points, 24 fixes with three quotes of evidence each);
* the demo store (2,000 pain points, seed 7), five-fold: the attached points are split in
  five, and each fifth is suggested for with only the other four fifths as evidence.

It also times suggestions for 1,000 untriaged points against 500 fixes. Prints a
Markdown table for the README.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import DEMO_SEED, DEMO_TODAY
from cxnotes.domain.models import Fix, PainPoint
from cxnotes.services import demo, suggest
from cxnotes.storage.store import Store

FIXTURE = Path(__file__).parent.parent / "tests" / "data" / "triage_labelled.json"
FOLDS = 5


def fixture() -> tuple[list[suggest.FixText], list[suggest.Labelled]]:
    """The hand-labelled fixture as fixes (with their evidence) and labelled points."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    fixes = [
        suggest.FixText(f["id"], f["title"], f["evidence"], [f["step"]] * len(f["evidence"]))
        for f in data["fixes"]
    ]
    return fixes, [suggest.Labelled(p["quote"], p["step"], p["fix"]) for p in data["points"]]


def demo_folds(points: int = 2000) -> suggest.Accuracy:
    """Five-fold accuracy on the demo store's attached pain points."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder))
        demo.fill(store, points, seed=DEMO_SEED, today=DEMO_TODAY)
        titles = {d["id"]: d["title"] for d in store.docs(Fix) if not d.get("merged_into")}
        attached = [d for d in store.docs(PainPoint) if d.get("fix_id") in titles]
        store.close()
    random.Random(DEMO_SEED).shuffle(attached)
    totals = [0.0] * 4
    for fold in range(FOLDS):
        held = attached[fold::FOLDS]
        held_ids = {d["id"] for d in held}
        quotes: dict[str, list[tuple[str, str]]] = {fix_id: [] for fix_id in titles}
        for d in attached:
            if d["id"] not in held_ids:
                quotes[d["fix_id"]].append((d["quote"], d["step"]))
        fixes = [
            suggest.FixText(i, t, [q for q, _ in quotes[i]], [s for _, s in quotes[i]])
            for i, t in titles.items()
        ]
        result = suggest.measure(fixes, [suggest.Labelled(d["quote"], d["step"], d["fix_id"]) for d in held])
        for slot, value in enumerate((result.top1, result.top3, result.baseline_top1, result.baseline_top3)):
            totals[slot] += value * len(held)
    n = len(attached)
    return suggest.Accuracy(n, *(round(total / n, 3) for total in totals))


def speed(points: int = 1000, fixes: int = 500) -> float:
    """Seconds to index ``fixes`` fixes (10 quotes each) and suggest for ``points`` points."""
    words = [q["quote"] for q in json.loads(FIXTURE.read_text(encoding="utf-8"))["points"]]
    rng = random.Random(1)
    texts = [
        suggest.FixText(
            f"f{i}", f"{rng.choice(words)} {i}", [rng.choice(words) for _ in range(10)], ["use"] * 10
        )
        for i in range(fixes)
    ]
    queries = [rng.choice(words) for _ in range(points)]
    start = time.perf_counter()
    index = suggest.Index.build(texts)
    for quote in queries:
        index.suggest(quote, "use")
    return time.perf_counter() - start


def main() -> None:
    """Print the quality table and the timing."""
    fixes, labelled = fixture()
    rows = [
        ("hand-labelled fixture (ko+en)", suggest.measure(fixes, labelled)),
        ("demo store, 5-fold", demo_folds()),
    ]
    print("| data | points | top-1 | top-3 | baseline top-1 | baseline top-3 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in rows:
        figures = " | ".join(f"{value:.1%}" for value in (r.top1, r.top3, r.baseline_top1, r.baseline_top3))
        print(f"| {name} | {r.points} | {figures} |")
    print(f"\n1,000 untriaged points against 500 fixes: {speed():.2f} s (index and suggest)")


if __name__ == "__main__":
    main()
