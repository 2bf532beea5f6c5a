"""Writes the XLSX samples beside this file: ``python tests/data/make_xlsx_samples.py``.

``voc.xlsx`` is a Korean VOC sheet as Excel saves it (dates as real date cells and as
Korean text). ``channeltalk.xlsx`` has the sheets and columns of Channel Talk's chat
download (see cxnotes/importers/channeltalk.py), encrypted with the password ``cx2026``
as Channel Talk encrypts its downloads.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import msoffcrypto.format.ooxml
import openpyxl

HERE = Path(__file__).parent
PASSWORD = "cx2026"


def voc() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "VOC"
    sheet.append(["접수일시", "고객명", "채널", "내용", "태그"])
    sheet.append([datetime(2026, 11, 28, 14, 5), "최민수", "전화", "해지 버튼을 찾을 수가 없어요", "해지"])
    sheet.append(
        [
            "2026. 11. 29. 오전 10:20",
            "Alex Moon",
            "chat",
            "The invoice shows the wrong company name",
            "청구서",
        ]
    )
    sheet.append(["2026년 11월 30일", "정다은", "카톡", "포인트가 적립되지 않았어요", ""])
    book.save(HERE / "voc.xlsx")


def channeltalk() -> None:
    data = json.loads((HERE / "channeltalk.json").read_text(encoding="utf-8"))
    book = openpyxl.Workbook()
    chats = book.active
    chats.title = "UserChat data"
    chat_columns = ["id", "userId", "name", "description", "state", "tags", "createdAt", "closedAt"]
    chats.append(chat_columns)
    for chat in data["userChats"]:
        row = {**chat, "createdAt": _text(chat["createdAt"]), "closedAt": _text(chat.get("closedAt"))}
        chats.append([row.get(column, "") for column in chat_columns])
    users = book.create_sheet("User data")
    users.append(["id", "name"])
    for chat in data["userChats"]:
        users.append([chat["userId"], chat["name"]])
    book.create_sheet("Manager data").append(["id", "name"])
    book.create_sheet("UserChatTag data").append(["name"])
    messages = book.create_sheet("Message data")
    message_columns = ["id", "chatId", "personType", "personId", "createdAt", "plainText"]
    messages.append(message_columns)
    for message in data["messages"]:
        messages.append([_text(message[c]) if c == "createdAt" else message[c] for c in message_columns])
    plain = io.BytesIO()
    book.save(plain)
    plain.seek(0)
    office = msoffcrypto.format.ooxml.OOXMLFile(plain)
    with (HERE / "channeltalk.xlsx").open("wb") as out:
        office.encrypt(PASSWORD, out)


def _text(millis: int | None) -> str:
    """Channel Talk's sheets show times as local date text."""
    if millis is None:
        return ""
    return datetime.fromtimestamp(millis / 1000).astimezone().strftime("%Y-%m-%d %H:%M:%S%z")


if __name__ == "__main__":
    voc()
    channeltalk()
