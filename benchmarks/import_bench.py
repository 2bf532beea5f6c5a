"""Import of a large Zendesk export: ``python -m benchmarks.import_bench [--tickets N]``

Generates N Zendesk-shaped tickets (JSON lines, about 10 public comments each, Korean and
English, tags, satisfaction ratings), then measures, each in a fresh process so peak
memory is its own:

* the baseline: reading the file and ``json.loads`` of every line, nothing else;
* cxnotes' check pass alone (parse, validate, build the records, keep them in a temporary file);
* ``cxnotes import FILE`` into an empty store (check pass + batched writes + close);
* the same import again (everything already there: nothing written).

Prints one Markdown table with wall seconds, CPU seconds and peak RSS (MB). Not part of ``make bench``:
it takes minutes and writes a file of a few hundred MB in a temporary folder.
Targets (issue 15): import of 100,000 tickets in 60 s or less and 300 MB or less.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

CUSTOMER_SAYS = (
    "환불 신청한 지 2주가 지났는데 아직 입금이 안 됐어요", "I was charged twice this month",
    "앱에서 쿠폰이 적용되지 않아요", "The app logs me out every time I switch tabs",
    "배송 조회가 안 됩니다", "Still broken on my phone.", "상담원 연결이 너무 오래 걸려요",
)  # fmt: skip
TEAM_SAYS = (
    "확인 후 바로 처리하겠습니다.", "Sorry about that! We are looking into it.",
    "불편을 드려 죄송합니다. 주문번호를 알려주시겠어요?", "Could you send a screenshot?",
)  # fmt: skip
TAGS = ("환불", "login", "결제오류", "쿠폰", "vip", "배송")
CHANNELS = ("web", "email", "chat", "voice")
PARSE_ONLY = "import json, sys\nfor line in open(sys.argv[1], encoding='utf-8'):\n    json.loads(line)\n"
READ_ONLY = (
    "import sys\nfrom pathlib import Path\nfrom cxnotes import importers\n"
    "from cxnotes.importers import writer\n"
    "writer.check(importers.read('zendesk', Path(sys.argv[1])))\n"
)
"""cxnotes' check pass alone: parse, validate, build the records and keep them; no store."""


def generate(path: Path, tickets: int, messages: int, seed: int = 15) -> None:
    """Write ``tickets`` tickets of ``messages`` comments each as JSON lines."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        for number in range(tickets):
            requester = 10_000_000 + rng.randrange(tickets // 2 + 1)
            opened = start + timedelta(minutes=5 * number)
            comments = []
            for index in range(messages):
                customer = index % 2 == 0
                comments.append({
                    "id": number * 100 + index, "type": "Comment", "public": True,
                    "author_id": requester if customer else 235323,
                    "body": rng.choice(CUSTOMER_SAYS if customer else TEAM_SAYS),
                    "created_at": (opened + timedelta(minutes=3 * index)).isoformat().replace("+00:00", "Z"),
                })  # fmt: skip
            first = comments[0]
            ticket = {
                "id": 100_000 + number, "created_at": first["created_at"], "subject": first["body"][:30],
                "description": first["body"], "status": "solved", "requester_id": requester,
                "tags": rng.sample(TAGS, 2), "via": {"channel": rng.choice(CHANNELS)},
                "satisfaction_rating": {"score": rng.choice(("good", "bad", "offered", "unoffered"))},
                "comments": comments,
            }  # fmt: skip
            out.write(json.dumps(ticket, ensure_ascii=False) + "\n")


def measured(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run ``argv``; return its wall seconds, its CPU seconds and its peak RSS in MB (Linux reports KB).

    The CPU seconds (user + system) say more than the wall time on a machine others load.
    """
    script = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:]).returncode\n"
        "took = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, *argv], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{argv[:3]} failed: {done.stderr.strip()[-400:]}")
    took, cpu, peak = done.stdout.split()[-3:]
    return float(took), float(cpu), float(peak)


def main() -> None:
    """Generate, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cxnotes-import-bench-") as folder:
        work = Path(folder)
        export = work / "tickets.jsonl"
        started = time.perf_counter()
        generate(export, args.tickets, args.messages)
        config = work / "config.toml"
        config.write_text(
            '[import.tags]\n"환불" = "cancel"\nlogin = "use"\n"결제오류" = "billing"\n', "utf-8"
        )
        env = {**os.environ, "CXNOTES_DATA_DIR": str(work / "store"), "CXNOTES_CONFIG": str(config)}
        size_mb = export.stat().st_size / 1e6
        print(
            f"generated {args.tickets:,} tickets ({size_mb:.0f} MB) in {time.perf_counter() - started:.0f} s"
        )
        cxnotes = [sys.executable, "-m", "cxnotes", "import", str(export)]
        parse_only = [sys.executable, "-c", PARSE_ONLY, str(export)]
        read_only = [sys.executable, "-c", READ_ONLY, str(export)]
        rows = [
            ("parse the file alone (json.loads per line)", measured(parse_only, env)),
            ("cxnotes reads it (the check pass alone, no store)", measured(read_only, env)),
            ("cxnotes import, empty store", measured(cxnotes, env)),
            ("cxnotes import again (nothing new)", measured(cxnotes, env)),
        ]  # fmt: skip
    print(
        f"\n| {args.tickets:,} tickets × {args.messages} messages | seconds | CPU seconds | peak RSS (MB) |"
    )
    print("|---|---:|---:|---:|")
    for name, (took, cpu, peak) in rows:
        print(f"| {name} | {took:.1f} | {cpu:.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
