"""From ranking to action, on the shell: customer records, the exit-interview queue, trends, the summary.

Each test runs the real ``cxnotes`` command in-process on a real store on disk.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cxnotes import export
from cxnotes.__main__ import main
from cxnotes.domain.models import Call, Customer, Fix, PainPoint, StatusChange, from_doc
from cxnotes.services.trends import week_of
from cxnotes.storage.store import Store

NOW = datetime.now().astimezone()


def cx(folder: Path, capsys: pytest.CaptureFixture[str], *args: str, status: int = 0) -> str:
    """Run ``cxnotes --data-dir FOLDER ARGS``; check its exit status and that errors are one line."""
    try:
        code = main(["--data-dir", str(folder), *args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert code == status, err
    assert "Traceback" not in err and err.count("\n") <= 1
    return out if status == 0 else err


def put(folder: Path, *records: object) -> None:
    store = Store.open(folder)
    try:
        store.put(*records)  # type: ignore[arg-type]
    finally:
        store.close()


def customer(folder: Path, name: str) -> Customer | None:
    store = Store.open(folder, readonly=True)
    try:
        return store.customer_named(name)
    finally:
        store.close()


def test_customer_set_records_a_dated_status_and_refuses_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "s"
    out = cx(
        folder,
        capsys,
        "customer",
        "set",
        "김민지",
        "--value",
        "14,200,000",
        "--plan",
        "Pro annual",
        "--segment",
        "연간 회원",
        "--status",
        "churned",
        "--at",
        "2026-11-03",
    )
    assert out.startswith("Created 김민지: status churned since 2026-11-03, value 14.2M, plan Pro annual")
    again = cx(folder, capsys, "customer", "set", "김민지", "--status", "Churned", "--at", "2026-11-03")
    assert again.startswith("Unchanged:")
    cx(folder, capsys, "customer", "set", "김민지", "--status", "active")
    stored = customer(folder, "김민지")
    assert stored is not None and stored.plan == "Pro annual" and stored.value == 14_200_000
    assert [c.status for c in stored.statuses] == ["churned", "active"]
    assert stored.statuses[0].at.date().isoformat() == "2026-11-03"
    assert "Unknown status 'gone'" in cx(folder, capsys, "customer", "set", "x", "--status", "gone", status=2)
    assert "in the future" in cx(
        folder, capsys, "customer", "set", "x", "--status", "churned", "--at", "tomorrow", status=2
    )
    assert "not a number" in cx(folder, capsys, "customer", "set", "x", "--value", "lots", status=2)
    assert "number of 0 or more" in cx(folder, capsys, "customer", "set", "x", "--value", "-5", status=2)
    assert customer(folder, "x") is None


def test_a_customer_stored_before_statuses_existed_loads_as_active() -> None:
    old = {"id": "c1", "name": "Ann", "segment": "trial", "value": None, "created_at": NOW.isoformat()}
    ann = from_doc(Customer, old)
    assert ann.status == "active" and ann.plan == "" and ann.statuses == []


def test_a_churned_customer_without_reason_waits_until_a_reason_or_a_call(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "s"
    cx(
        folder,
        capsys,
        "customer",
        "set",
        "Ann Lee",
        "--value",
        "900",
        "--status",
        "churned",
        "--at",
        "3 days ago",
    )
    cx(folder, capsys, "customer", "set", "박지민", "--status", "refund-requested", "--at", "yesterday")
    cx(folder, capsys, "customer", "set", "Quiet Co", "--status", "active")
    queue = json.loads(cx(folder, capsys, "followups", "--format", "json"))["queue"]
    assert [(c["name"], c["status"], c["value"]) for c in queue] == [
        ("박지민", "refund-requested", None),
        ("Ann Lee", "churned", 900.0),
    ]
    assert "2 customers to call back (2 churned or asked for a refund, 0 at risk)" in cx(
        folder, capsys, "followups"
    )
    # A recorded reason takes Ann off.
    cx(folder, capsys, "log", "Too expensive after the renewal", "--step", "billing", "--customer", "ann lee")
    # A call held with 박지민 takes them off too.
    park = customer(folder, "박지민")
    assert park is not None
    put(folder, Call(customer_id=park.id, started_at=NOW, ended_at=NOW, outcome="retained"))
    assert json.loads(cx(folder, capsys, "followups", "--format", "json"))["queue"] == []
    assert "Nobody to call back" in cx(folder, capsys, "followups")


def test_a_reason_noted_before_the_status_change_does_not_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "s"
    cx(folder, capsys, "log", "Slow app", "--step", "use", "--customer", "Bo", "--at", "10 days ago")
    cx(folder, capsys, "customer", "set", "Bo", "--status", "at-risk", "--at", "2 days ago")
    queue = json.loads(cx(folder, capsys, "followups", "--format", "json"))["queue"]
    assert [c["name"] for c in queue] == ["Bo"]


def _weekly(step: str, counts: list[int], quote: str) -> list[PainPoint]:
    """Pain points at ``step``: counts[-1] in this week, counts[-2] the week before, ..."""
    monday = datetime.combine(week_of(NOW.date()), datetime.min.time()).astimezone()
    points = []
    for back, n in enumerate(reversed(counts)):
        moment = min(monday - timedelta(weeks=back) + timedelta(hours=1), NOW)
        points += [
            PainPoint(quote=f"{quote} {i}", step=step, severity=3 + i % 3, created_at=moment)
            for i in range(n)
        ]
    return points


def test_a_planted_spike_is_flagged_and_a_flat_series_is_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "s"
    put(folder, *_weekly("billing", [2, 3, 2, 1, 2, 3, 2, 2, 2, 2, 20], "청구 오류"))
    put(folder, *_weekly("support", [6] * 11, "No answer"))
    found = json.loads(cx(folder, capsys, "trends", "--weeks", "3", "--format", "json"))
    assert found["by"] == "step" and len(found["weeks"]) == 3
    assert [(s["key"], s["count"]) for s in found["spikes"]] == [("billing", 20)]
    assert found["spikes"][0]["quotes"][0]["text"].startswith("청구 오류")
    series = {s["key"]: s["counts"] for s in found["series"]}
    assert series == {"billing": [2, 2, 20], "support": [6, 6, 6]}
    table = cx(folder, capsys, "trends", "--weeks", "3")
    assert "Billing / renewal (step): 20 complaints in the week of" in table
    assert "Support (step)" not in table
    assert "--weeks" in cx(folder, capsys, "trends", "--weeks", "0", status=2)


def test_trends_threshold_comes_from_the_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    folder = tmp_path / "s"
    put(folder, *_weekly("billing", [2, 3, 2, 1, 2, 3, 2, 2, 2, 2, 20], "청구 오류"))
    config_file.write_text("[trends]\nspike_z = 50\n")
    assert json.loads(cx(folder, capsys, "trends", "--format", "json"))["spikes"] == []
    config_file.write_text("[trends]\nspike_z = -1\n")
    assert "trends.spike_z must be a number above 0" in cx(folder, capsys, "trends", status=2)


def test_the_top_fix_explains_itself_in_words_that_add_up_to_its_score(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s")
    try:
        fix = Fix(title="Double charge", answer="We refund the second charge within a day.")
        people = [Customer(name=f"고객 {i}", value=1_000_000.0) for i in range(4)]
        people[0].statuses = [StatusChange("churned", NOW - timedelta(days=5))]
        points = [
            PainPoint(
                quote="두 번 결제됐어요",
                step="billing",
                severity=5,
                customer_id=c.id,
                fix_id=fix.id,
                created_at=NOW - timedelta(days=2 + i),
            )
            for i, c in enumerate(people)
        ]
        store.put(fix, *people, *points)
        md = export.render(store, "md", now=NOW)
        data = json.loads(export.render(store, "summary-json", now=NOW))
    finally:
        store.close()
    assert (
        "**Why:** 4 customers, 1 churned or asked for a refund, 4M of customer value, newest 2 days ago, "
        "severity all 5." in md
    )
    top = data["top_fixes"][0]
    terms = top["why"]["terms"]
    assert round(sum(t["points"] for t in terms), 2) == top["score"]
    equation = top["why"]["equation"]
    numbers = [float(n.replace(",", "")) for n in re.findall(r"[\d,.]+(?= for)", equation)]
    signs = [-1 if s == "−" else 1 for s in re.findall(r"(?:^|\s)([+−])\s", " + " + equation)]
    assert round(sum(s * n for s, n in zip(signs, numbers, strict=True)), 2) == top["score"]
    assert equation.endswith(f"= {top['score']:g}")
    assert "Agreed answer: We refund the second charge within a day." in md


def test_a_severity_5_refund_reason_is_named_not_folded_into_other(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s")
    try:
        records: list[object] = []
        for n in range(9):  # nine common reasons, each given by two customers at severity 2
            fix = Fix(title=f"Reason {n:02d}")
            records.append(fix)
            for _ in range(2):
                who = Customer(name=f"c{n}{_}")
                call = Call(customer_id=who.id, started_at=NOW - timedelta(days=3), outcome="churned")
                records += [
                    who,
                    call,
                    PainPoint(
                        quote="meh",
                        step="use",
                        severity=2,
                        customer_id=who.id,
                        call_id=call.id,
                        fix_id=fix.id,
                        created_at=call.started_at,
                    ),
                ]
        rare = Fix(title="Charged after cancelling")
        who = Customer(name="angry")
        call = Call(customer_id=who.id, started_at=NOW - timedelta(days=1), outcome="refund requested")
        records += [
            rare,
            who,
            call,
            PainPoint(
                quote="환불해 주세요",
                step="cancel",
                severity=5,
                customer_id=who.id,
                call_id=call.id,
                fix_id=rare.id,
                created_at=call.started_at,
            ),
        ]
        store.put(*records)  # type: ignore[arg-type]
        md = export.render(store, "md", now=NOW)
    finally:
        store.close()
    reasons = md.split("**Controllable**")[1].split("**Involuntary**")[0]
    assert "- Charged after cancelling — 1 customer, severity up to 5" in reasons
    assert "- Reason 00 — 2 customers, severity up to 2" in reasons
    assert "- 2 other reasons — 4 customers, severity up to 2" in reasons


def test_customers_and_statuses_import_from_a_billing_csv_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, sheet = tmp_path / "s", tmp_path / "billing.csv"
    sheet.write_bytes(
        "고객명,상태,변경일,금액,요금제,memo\n"
        '김민지,해지,2026-11-03,"1,200,000원",Pro,=cmd\n'
        "Ann Lee,at-risk,2026-11-20,900,Basic,\n"
        "김민지,,,,,\n".encode("cp949")
    )
    assert cx(folder, capsys, "customer", "import", str(sheet)).startswith(
        "3 rows: 2 new customers, 0 updated"
    )
    assert "0 new customers, 0 updated, 2 unchanged" in cx(folder, capsys, "customer", "import", str(sheet))
    minji = customer(folder, "김민지")
    assert minji is not None and (minji.status, minji.value, minji.plan) == ("churned", 1_200_000, "Pro")
    assert minji.status_since.date().isoformat() == "2026-11-03"
    queue = json.loads(cx(folder, capsys, "followups", "--format", "json"))["queue"]
    assert [c["name"] for c in queue] == ["Ann Lee", "김민지"]

    sheet.write_text("name,status\nBo,active\nx,gone\n", encoding="utf-8")
    error = cx(folder, capsys, "customer", "import", str(sheet), status=2)
    assert "row 3: Unknown status 'gone'" in error
    assert customer(folder, "Bo") is None, "a bad row stops the whole file before anything is written"
    sheet.write_text("who,status\nBo,active\n", encoding="utf-8")
    assert "No name column" in cx(folder, capsys, "customer", "import", str(sheet), status=2)
