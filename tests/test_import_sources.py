"""``cxnotes import FILE`` from Zendesk, Intercom, Channel Talk and VOC sheets, as a user runs it.

Every test runs the real command line on a real store in tmp_path and reads back what
the store holds: the sample files in tests/data/ are written from the sources' documented
shapes (see the modules of cxnotes/importers/).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cxnotes.__main__ import main
from cxnotes.domain.models import Call, Customer, Line, PainPoint
from cxnotes.storage.store import Store

DATA = Path(__file__).parent / "data"

TAGS = """
[import.tags]
"환불" = "cancel"
login = "use"
"결제오류" = "billing"
"쿠폰" = "purchase"
"""

VOC_MAP = (
    "text=내용,customer=고객명,at=접수일시,channel=채널,segment=등급,tags=태그,rating=만족도,id=접수번호"
)


@pytest.fixture(autouse=True)
def tag_table(config_file: Path) -> Path:
    config_file.write_text(TAGS, encoding="utf-8")
    return config_file


def run(*argv: str) -> int:
    return main(["import", *argv])


def stored(data_dir: Path) -> Store:
    return Store.open(data_dir, readonly=True)


def counts(data_dir: Path) -> dict[str, int]:
    store = stored(data_dir)
    try:
        return {kind.TABLE: store.count(kind) for kind in (Customer, Call, Line, PainPoint)}
    finally:
        store.close()


def transcript(store: Store, source: str, source_id: str) -> tuple[Call, list[tuple[str, str]]]:
    (call,) = store.where(Call, source=source, source_id=source_id)
    return call, [(line.speaker, line.text) for line in store.lines_of(call.id)]


def test_zendesk_lines_become_calls_with_speakers_in_order(data_dir: Path, capsys) -> None:
    assert run(str(DATA / "zendesk_tickets.jsonl")) == 0
    assert "Read 3 conversations from zendesk: added 3 customers, 3 conversations" in capsys.readouterr().out
    store = stored(data_dir)
    try:
        call, lines = transcript(store, "zendesk", "35436")
        assert lines == [
            ("customer", "연간 회원권을 해지했는데 환불이 아직 안 들어왔어요."),
            ("operator", "결제 취소 요청 확인했습니다. 카드사 처리에 3~5영업일 걸립니다."),
            ("customer", "벌써 일주일째인데 너무 늦어요."),
        ]  # the private note is not in the transcript
        assert (call.rating, call.flagged, call.summary, call.finished) == (
            "bad",
            True,
            "환불 요청드립니다",
            True,
        )
        assert store.get(Customer, call.customer_id).source_id == "20978392"
        (point,) = store.where(PainPoint, call_id=call.id)
        assert (point.step, point.severity, point.quote) == ("cancel", 4, lines[0][1])
        no_comments, lines = transcript(store, "zendesk", "35438")
        assert lines == [("customer", "주문한 지 열흘이 지났는데 배송 조회가 안 됩니다.")]
        assert no_comments.channel == "chat" and not no_comments.flagged
    finally:
        store.close()


def test_reimport_adds_nothing_and_an_overlapping_page_updates_what_changed(data_dir: Path, capsys) -> None:
    run(str(DATA / "zendesk_tickets.jsonl"))
    before = counts(data_dir)
    assert run(str(DATA / "zendesk_tickets.jsonl")) == 0
    assert "nothing new" in capsys.readouterr().out
    assert counts(data_dir) == before
    assert run(str(DATA / "zendesk_page.json")) == 0
    out = capsys.readouterr().out
    assert "added 1 customer, 1 conversation, 2 messages, 1 pain point; updated 1 conversation" in out
    store = stored(data_dir)
    try:
        call, lines = transcript(store, "zendesk", "35437")
        assert lines[-1] == ("customer", "Still broken on my phone.") and call.flagged
        assert len(store.where(Call, source="zendesk", source_id="35437")) == 1
    finally:
        store.close()


def test_reimport_keeps_what_people_did(data_dir: Path) -> None:
    """A reviewed call and a pain point moved to another step stay as the team left them."""
    run(str(DATA / "zendesk_tickets.jsonl"))
    store = Store.open(data_dir)
    call, _ = transcript(store, "zendesk", "35436")
    (point,) = store.where(PainPoint, call_id=call.id)
    call.reviewed, point.step = True, "billing"
    store.put(call, point)
    store.close()
    run(str(DATA / "zendesk_tickets.jsonl"))
    store = stored(data_dir)
    try:
        assert store.get(Call, call.id).reviewed and store.get(PainPoint, point.id).step == "billing"
    finally:
        store.close()


def test_intercom_html_becomes_text_and_notes_stay_out(data_dir: Path) -> None:
    assert run(str(DATA / "intercom_conversations.json")) == 0
    store = stored(data_dir)
    try:
        call, lines = transcript(store, "intercom", "147")
        assert lines == [
            ("customer", "앱에서 쿠폰이 적용되지 않아요.\n결제 화면에서 오류가 납니다."),
            ("operator", "불편을 드려 죄송합니다. 쿠폰 코드를 알려주시겠어요?"),
            ("customer", "WELCOME10 입니다 & 어제도 안 됐어요"),
        ]
        assert (call.rating, call.flagged, call.channel) == ("2/5", True, "chat")
        assert store.get(Customer, call.customer_id).name == "김민지"
        email, lines = transcript(store, "intercom", "148")
        assert email.channel == "email" and lines[0] == (
            "customer", "Hi,\nthe CSV export only gives me an empty file since yesterday.",
        )  # fmt: skip
    finally:
        store.close()


def test_channeltalk_xlsx_with_password_matches_its_json(data_dir: Path, capsys) -> None:
    assert run(str(DATA / "channeltalk.xlsx"), "--password", "cx2026") == 0
    assert "Read 2 conversations from channeltalk" in capsys.readouterr().out
    store = stored(data_dir)
    try:
        call, lines = transcript(store, "channeltalk", "6551a2b3c4d5e6f7a8b9c0d1")
        assert [speaker for speaker, _ in lines] == ["customer", "operator", "operator"]
        assert store.get(Customer, call.customer_id).name == "박서준"
        assert [p.step for p in store.where(PainPoint, call_id=call.id)] == ["cancel"]
    finally:
        store.close()
    before = counts(data_dir)
    assert run(str(DATA / "channeltalk.json")) == 0
    assert "nothing new" in capsys.readouterr().out
    assert counts(data_dir) == before


def test_channeltalk_wrong_or_missing_password_is_one_line(data_dir: Path, capsys) -> None:
    assert run(str(DATA / "channeltalk.xlsx"), "--password", "nope") == 2
    assert capsys.readouterr().err == "cxnotes: channeltalk.xlsx: wrong password. Nothing was imported.\n"
    assert run(str(DATA / "channeltalk.xlsx")) == 2  # stdin is not a terminal under pytest: no prompt
    assert "password-protected; give --password" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["voc_utf8.csv", "voc_bom.csv", "voc_cp949.csv"])
def test_korean_voc_csv_in_any_excel_encoding(name: str, data_dir: Path) -> None:
    assert run(str(DATA / name), "--map", VOC_MAP) == 0
    store = stored(data_dir)
    try:
        call, lines = transcript(store, "csv", "V-001")
        assert lines == [("customer", "환불 처리가 2주째 안 되고 있어요")]
        assert (call.channel, call.flagged, call.rating) == ("phone", True, "1")
        assert (call.started_at.hour, call.started_at.minute) == (15, 4)  # 오후 3:04
        customer = store.get(Customer, call.customer_id)
        assert (customer.name, customer.segment) == ("홍길동", "연간회원")
        second, lines = transcript(store, "csv", "V-002")
        assert lines == [("customer", "앱이 자꾸 꺼져요, 특히 결제할 때")] and second.channel == "chat"
        assert not second.flagged
    finally:
        store.close()


def test_the_mapping_is_saved_for_next_time(data_dir: Path, capsys) -> None:
    assert run(str(DATA / "voc.xlsx"), "--map", "text=내용,customer=고객명,at=접수일시,channel=채널") == 0
    before = counts(data_dir)
    assert before["calls"] == 3
    copy = data_dir.parent / "december.xlsx"
    shutil.copy(DATA / "voc.xlsx", copy)
    assert run(str(copy)) == 0  # no --map: the saved one
    assert "nothing new" in capsys.readouterr().out
    assert counts(data_dir) == before


HEADER = "접수일시,내용\n2026-12-01,좋아요\n"
ONE_MAP = ("--map", "text=내용,at=접수일시")


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("a,b\n1,2\n", ONE_MAP, "bad.csv: no column '내용' (mapped to text); the columns are: a, b."),
        (HEADER + "어제,환불\n", ONE_MAP, "bad.csv row 3: cannot read the date '어제'"),
        (HEADER + "2026-12-02,\n", ONE_MAP, "bad.csv row 3: the text is empty."),
        (HEADER, ("--map", "text=내용"), "--map needs at (e.g. text=내용,at=접수일시)."),
        (HEADER, (), "A spreadsheet needs --map"),
    ],
)
def test_bad_spreadsheets_are_one_line_and_write_nothing(content, args, message, data_dir, capsys) -> None:
    bad = data_dir.parent / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    assert run(str(bad), *args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    if data_dir.exists():
        assert counts(data_dir)["calls"] == 0


def test_a_bad_ticket_at_the_end_writes_nothing_of_the_file(data_dir: Path, capsys) -> None:
    good = (DATA / "zendesk_tickets.jsonl").read_text(encoding="utf-8")
    bad = data_dir.parent / "tickets.jsonl"
    bad.write_text(good + '{"id": 99, "created_at": "last tuesday"}\n', encoding="utf-8")
    assert run(str(bad)) == 2
    err = capsys.readouterr().err
    assert "line 4 (ticket 99) created_at: cannot read the date 'last tuesday'" in err
    assert counts(data_dir)["calls"] == 0


def test_unknown_files_and_unknown_steps_are_refused(data_dir: Path, tag_table: Path, capsys) -> None:
    odd = data_dir.parent / "odd.jsonl"
    odd.write_text('{"hello": 1}', encoding="utf-8")
    assert run(str(odd)) == 2
    assert "Cannot tell which tool wrote odd.jsonl; say it with --from" in capsys.readouterr().err
    odd = odd.rename(odd.with_suffix(".json"))  # .json stays cxnotes' own import, as before
    assert run(str(odd)) == 2
    assert "is not a cxnotes export (make one with: cxnotes export --format json)" in capsys.readouterr().err
    tag_table.write_text('[import.tags]\n"환불" = "refunds"\n', encoding="utf-8")
    assert run(str(DATA / "zendesk_tickets.jsonl")) == 2
    assert "import.tags.환불 = 'refunds' is not a step" in capsys.readouterr().err


MESSAGES = (
    "상담번호,작성자,시각,내용\n"
    "C-1,고객,2026. 12. 1. 오전 10:00,결제가 두 번 됐어요\n"
    "C-1,상담원,2026. 12. 1. 오전 10:02,확인해 보겠습니다\n"
    "C-2,customer,2026-12-01 11:00,Where is my refund?\n"
)
MESSAGE_MAP = "text=내용,at=시각,conversation=상담번호,speaker=작성자"


def test_one_row_a_message_groups_rows_into_conversations(data_dir: Path) -> None:
    sheet = data_dir.parent / "messages.csv"
    sheet.write_text(MESSAGES, encoding="utf-8")
    assert run(str(sheet), "--map", MESSAGE_MAP) == 0
    store = stored(data_dir)
    try:
        call, lines = transcript(store, "csv", "C-1")
        assert lines == [("customer", "결제가 두 번 됐어요"), ("operator", "확인해 보겠습니다")]
        assert (call.ended_at - call.started_at).total_seconds() == 120
        assert transcript(store, "csv", "C-2")[1] == [("customer", "Where is my refund?")]
    finally:
        store.close()


def test_a_conversation_split_by_other_rows_is_refused(data_dir: Path, capsys) -> None:
    sheet = data_dir.parent / "messages.csv"
    sheet.write_text(MESSAGES + "C-1,고객,2026-12-01 12:00,또 연락드려요\n", encoding="utf-8")
    assert run(str(sheet), "--map", MESSAGE_MAP) == 2
    assert "messages.csv row 5: conversation C-1 comes back after other rows" in capsys.readouterr().err
