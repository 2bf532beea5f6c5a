"""Property-based fuzzing (Hypothesis) of what takes hostile input: import, the date parser, the cleaner.

Properties (issue 14):

* ``cxnotes import`` of random bytes, of byte-level mutations of a real export and of real
  exports with one field replaced by a random JSON value, run through the shell's own entry
  point: never a traceback, never a hang; a refusal is one line (exit 2) and leaves the
  store byte-identical; an accepted file leaves a store whose fix list and summary still
  render (the summaries are where bad values used to crash).
* ``parse_date`` / ``parse_when``: a date within the years cxnotes keeps, or ``DateError``
  with a one-line message; never another exception, never a hang.
* ``clean`` / ``one_line``: idempotent, NFC, no control, bidi or zero-width character left,
  never wider than asked.

The profile is fixed and derandomized so CI runs the same inputs every time, in about a
minute on a shared 2-core machine; ``CXNOTES_FUZZ_SCALE=10`` tries ten times as many. Each
target counts the inputs it tried and how each ended; the counts are printed at the end of
the run (and written as JSON to ``$CXNOTES_FUZZ_REPORT`` when set) so they can be quoted.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from cxnotes import export
from cxnotes.__main__ import main
from cxnotes.domain.dates import DateError, parse_date, parse_when
from cxnotes.domain.models import CHANNELS, FIX_STATUSES, OUTCOMES, SPEAKERS
from cxnotes.domain.text import clean, one_line
from cxnotes.domain.validation import MAX_DAY, MIN_DAY
from tests.test_export_store import NOW, make_store
from tests.test_invisible import BIDI, ZERO_WIDTH

SCALE = int(os.environ.get("CXNOTES_FUZZ_SCALE", "1"))
"""Multiplies every target's number of inputs; 1 in CI."""

HANG_SECONDS = 30
"""One input taking longer than this is a hang (each takes milliseconds)."""

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,  # no timed assertions: the hang guard below bounds each input instead
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

TALLY: dict[str, Counter[str]] = {}
"""Target -> how its inputs ended -> count; printed when the module's tests are done."""


class Hang(Exception):
    """An input ran past :data:`HANG_SECONDS`."""


@contextlib.contextmanager
def hang_guard() -> Iterator[None]:
    """Raise :class:`Hang` in the test if the body runs past :data:`HANG_SECONDS` (main thread only)."""

    def alarm(_signum: int, _frame: object) -> None:
        raise Hang(f"no answer within {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def tally(target: str, outcome: str) -> None:
    TALLY.setdefault(target, Counter())[outcome] += 1


@pytest.fixture(scope="module", autouse=True)
def report_figures(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print (and optionally save) how many inputs each target tried and how they ended."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    lines = [
        f"fuzz {target}: {sum(outcomes.values())} inputs: "
        + ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        for target, outcomes in sorted(TALLY.items())
    ]
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
            reporter.write_line("")
            for line in lines:
                reporter.write_line(line)
    if path := os.environ.get("CXNOTES_FUZZ_REPORT"):
        Path(path).write_text(json.dumps({k: dict(v) for k, v in TALLY.items()}, indent=2), encoding="utf-8")


# -- import ------------------------------------------------------------------------------


class Seeds(NamedTuple):
    """A closed store holding the fixed records, and its full json export (the file to mutate)."""

    template: Path
    exported: bytes

    def __repr__(self) -> str:  # Hypothesis prints the arguments of a failing case: not 10 kB of them
        return f"Seeds({self.template})"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Seeds:
    root = tmp_path_factory.mktemp("fuzz")
    store = make_store(root / "template")
    try:
        exported = export.render(store, "json", now=NOW, everything=True).encode("utf-8")
    finally:
        store.close()
    return Seeds(root / "template", exported)


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def shell(*args: str) -> tuple[int, str]:
    """Run the ``cxnotes`` entry point in this process: its exit status and stderr; any exception escapes."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's own refusals
            code = int(exit_.code or 0)
    return code, err.getvalue()


def check_import(template: Path, content: bytes) -> None:
    """The import property for one file (see the module docstring)."""
    with tempfile.TemporaryDirectory() as scratch:
        store = Path(scratch) / "store"
        shutil.copytree(template, store)
        path = Path(scratch) / "in.json"
        path.write_bytes(content)
        before = files(store)
        with hang_guard():
            code, err = shell("--data-dir", str(store), "import", str(path))
            assert code in (0, 1, 2), err
            if code == 2:
                assert err.startswith("cxnotes: ") and err.count("\n") == 1, err
                assert files(store) == before, "a refused import changed the store"
                tally("import", "refused (exit 2, store byte-identical)")
                return
            summary = Path(scratch) / "summary.md"
            for command in (("fixes", "--since", "1900-01-01"), ("export", "--all", "-o", str(summary))):
                after, problem = shell("--data-dir", str(store), *command)
                assert after == 0, f"{command[0]} after an accepted import: {problem}"
        tally("import", "imported (exit 0)" if code == 0 else "imported, conflicts reported (exit 1)")


JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59-12:00", "2026-03-02T10:00:00", "2026-02-30",
            "", " ", "\u202e", "phone", "fax", "open", "done", "customer", "billing", "nowhere",
        ]
    ),
)  # fmt: skip
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
KINDS = ("steps", "customers", "calls", "pain_points", "fixes", "promises")


@st.composite
def mutated_bytes(draw: st.DrawFn, original: bytes) -> bytes:
    """A real export with a few bytes flipped, cut, inserted or repeated."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        operation = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "truncate"]))
        if operation == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif operation == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif operation == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return bytes(data)


@st.composite
def mutated_records(draw: st.DrawFn, original: bytes) -> bytes:
    """A real export, parsed, with fields of its records set to random JSON values, or records added."""
    data = json.loads(original)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(KINDS))
        records = data.setdefault(kind, [])
        if not records or draw(st.booleans()):
            records.append(
                draw(st.dictionaries(st.sampled_from(["id", "slug", "name", "value"]), JSON_VALUE))
            )
            continue
        record = records[draw(st.integers(0, len(records) - 1))]
        if isinstance(record, dict) and record:
            field = draw(st.sampled_from(sorted(record)))
            record[field] = draw(JSON_VALUE)
    return json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8")


OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
MOMENTS = st.datetimes(datetime(1900, 1, 1), datetime(2999, 12, 31, 23, 59), timezones=OFFSETS)
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
TYPED: dict[str, st.SearchStrategy[Any]] = {
    **dict.fromkeys(("created_at", "started_at", "ended_at"), MOMENTS.map(datetime.isoformat)),
    "due": st.dates(MIN_DAY, MAX_DAY).map(date.isoformat),
    **dict.fromkeys(("value", "effort", "offset"), st.floats(-1e15, 1e15) | st.integers(-(10**15), 10**15)),
    **dict.fromkeys(("severity", "order", "index"), st.integers(-3, 10) | st.integers(-(10**12), 10**12)),
    "channel": st.sampled_from([*CHANNELS, None]),
    "outcome": st.sampled_from([*OUTCOMES, None]),
    "speaker": st.sampled_from(SPEAKERS),
    "status": st.sampled_from(FIX_STATUSES),
    "step": st.sampled_from(["billing", "use", "nowhere", ""]),
    **dict.fromkeys(("retired", "typing", "done", "involuntary"), st.booleans()),
    "merged_points": st.lists(TEXT, max_size=3),
}
"""Values of the right JSON type for each field (so the record passes the type check), edge cases included."""


@st.composite
def retyped_records(draw: st.DrawFn, original: bytes) -> bytes:
    """A real export with fields set to random values of their own type: what gets past the type checks."""
    data = json.loads(original)
    for _ in range(draw(st.integers(1, 4))):
        records = [r for r in data[draw(st.sampled_from(KINDS))] if isinstance(r, dict)]
        if records:
            record = records[draw(st.integers(0, len(records) - 1))]
            field = draw(st.sampled_from(sorted(record)))
            if field != "transcript":
                record[field] = draw(TYPED.get(field, TEXT))
            if "id" in record and draw(st.booleans()):
                record["id"] = f"new-{record['id']}"  # a new record is stored, not a conflict reported
    return json.dumps(data).encode("utf-8")


def nested(depth: int, opener: str) -> bytes:
    closer = {"[": "]", '{"a":': "}"}[opener]
    return (opener * depth + "1" + closer * depth).encode()


@settings(FUZZ, max_examples=400 * SCALE)
@given(data=st.data())
def test_fuzz_import(seeds: Seeds, data: st.DataObject) -> None:
    template, exported = seeds
    content = data.draw(
        st.one_of(
            st.binary(max_size=512),
            mutated_bytes(exported),
            mutated_records(exported),
            retyped_records(exported),
            st.builds(nested, st.integers(1, 300_000), st.sampled_from(["[", '{"a":'])),
        )
    )
    check_import(template, content)


# -- the date parser ---------------------------------------------------------------------

DATE_WORDS = [
    "today", "tomorrow", "yesterday", "now", "noon", "midnight", "in", "ago", "from", "next",
    "last", "this", "at", "on", "of", "a", "an", "day", "days", "week", "weeks", "month", "months",
    "year", "years", "hour", "hours", "minute", "minutes", "am", "pm", "monday", "fri", "sunday",
    "dec", "december", "sept", "오늘", "내일", "어제", "모레", "일", "주", "개월", "년", "월",
    "시", "분", "전", "후", "오전", "오후",
]  # fmt: skip
DATE_TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(
        st.one_of(
            st.sampled_from(DATE_WORDS),
            st.integers(0, 10**7).map(str),
            st.sampled_from(["-", "/", ".", ":", ",", " ", "T", "+09:00", "Z", "\u202e", "\x1b[31m"]),
        ),
        max_size=8,
    ).map(" ".join),
    st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat),
)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=9)), timezone(timedelta(hours=-12))])


@settings(FUZZ, max_examples=2000 * SCALE)
@given(text=DATE_TEXT, today=st.dates(MIN_DAY, MAX_DAY), zone=ZONES)
def test_fuzz_dates(text: str, today: date, zone: timezone) -> None:
    now = datetime.combine(today, datetime.min.time(), zone) + timedelta(hours=13)
    with hang_guard():
        for name, parse, start in (("date", parse_date, today), ("moment", parse_when, now)):
            try:
                found = parse(text, start)  # type: ignore[operator]
            except DateError as error:
                message = str(error)
                assert message and "\n" not in message and len(message) < 300, message
                tally(f"dates ({name})", "refused with one line")
                continue
            day = found.date() if isinstance(found, datetime) else found
            assert MIN_DAY <= day <= MAX_DAY, (text, found)
            if isinstance(found, datetime):
                assert found.utcoffset() is not None, (text, found)
            tally(f"dates ({name})", "read")


# -- the cleaner -------------------------------------------------------------------------

HOSTILE = (
    "a Z=@-+[]/\t\n\r\x1b\x07\x9b\x9c\x00\x7f\u2028\u2029\u00a0\u200c\u200d\ufe0f\udcff"
    "환불ㅎㅘㄴ\u1112\u1161😡👩🏽🌈é\u0301می\u0915\u094d\U000e0041\U000e007f🏴" + BIDI + ZERO_WIDTH
)
"""Letters of several scripts, jamo, emoji and modifiers, joiners, controls, escapes, bidi, zero-width."""
BANNED = set(BIDI + ZERO_WIDTH)


@settings(FUZZ, max_examples=2000 * SCALE)
@given(
    text=st.one_of(st.text(max_size=60), st.text(alphabet=HOSTILE, max_size=60)),
    multiline=st.booleans(),
    width=st.integers(-1, 40),
)
def test_fuzz_clean(text: str, multiline: bool, width: int) -> None:
    with hang_guard():
        result = clean(text, multiline=multiline)
        assert clean(result, multiline=multiline) == result, repr(text)
        assert unicodedata.is_normalized("NFC", result)
        kept = "\n\t" if multiline else ""
        assert not [
            c for c in result if c not in kept and unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")
        ]
        assert not BANNED & set(result), repr(text)
        short = one_line(text, width)
        assert cell_len(short) <= max(width, 0) and "\n" not in short
    tally("clean", "unchanged" if result == text else "cleaned")


def test_the_figures_are_counted() -> None:
    """Runs last in this module: every target tried inputs (a suite that tries nothing proves nothing)."""
    if not TALLY:
        pytest.skip("run with the fuzz tests above to count their inputs")
    assert all(sum(outcomes.values()) > 0 for outcomes in TALLY.values())
