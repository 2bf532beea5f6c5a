"""Customers and statuses from a CSV (a billing system's export), read into checked edits.

Columns are found by header, in any order and case, in English or Korean ("name" or
"고객명", "status" or "상태", ...); unknown columns are ignored. Every row is checked
before anything is written, and a bad row is reported as ``row 7: ...`` in one line,
so a half-imported file never happens: :func:`cxnotes.services.customers.apply_edits` then
writes them all in one batch.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from cxnotes.i18n import _
from cxnotes.services.customers import CustomerEdit, CustomerError, check_value, read_moment, read_status

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "customer", "customer name", "customer id", "고객", "고객명", "이름"),
    "value": ("value", "revenue", "mrr", "arr", "amount", "금액", "매출", "가치"),
    "plan": ("plan", "product", "요금제", "상품"),
    "segment": ("segment", "tier", "세그먼트", "등급", "고객군"),
    "status": ("status", "state", "상태"),
    "at": ("at", "since", "date", "changed at", "status date", "날짜", "일자", "변경일"),
}
"""Our field -> the headers that name it (compared case-folded, spaces and _ alike)."""

STATUS_WORDS = {
    "cancelled": "churned",
    "canceled": "churned",
    "해지": "churned",
    "이탈": "churned",
    "환불": "refund-requested",
    "환불요청": "refund-requested",
    "위험": "at-risk",
    "활성": "active",
    "정상": "active",
}
"""Words billing systems use for our statuses."""

_NOT_NUMBER = re.compile(r"[,\s₩￦$€£원]")


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a BOM), else CP949, as Korean Excel saves CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp949")
        except UnicodeDecodeError:
            raise CustomerError(
                _("The file is neither UTF-8 nor CP949 text; save it as CSV UTF-8.")
            ) from None


def read_rows(text: str, now: datetime) -> list[CustomerEdit]:
    """Every row as a checked edit.

    Raises:
        CustomerError: no name column, or a row that cannot be read (its number and why).
    """
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise CustomerError(_("The file is empty."))
    columns = _columns(header)
    if "name" not in columns:
        raise CustomerError(
            _("No name column; name one of: {headers}.").format(headers=", ".join(HEADERS["name"][:4]))
        )
    edits = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {field: row[i].strip() if i < len(row) else "" for field, i in columns.items()}
        try:
            edits.append(_edit(cells, now))
        except CustomerError as error:
            raise CustomerError(_("row {number}: {error}").format(number=number, error=error)) from None
    return edits


def _columns(header: list[str]) -> dict[str, int]:
    names = {alias.replace("_", " "): field for field, aliases in HEADERS.items() for alias in aliases}
    found: dict[str, int] = {}
    for i, title in enumerate(header):
        field = names.get(" ".join(title.replace("_", " ").casefold().split()))
        if field is not None and field not in found:
            found[field] = i
    return found


def _edit(cells: dict[str, str], now: datetime) -> CustomerEdit:
    if not cells["name"]:
        raise CustomerError(_("the name is empty."))
    value = None
    if cells.get("value"):
        try:
            value = check_value(float(_NOT_NUMBER.sub("", cells["value"])))
        except ValueError as error:
            if isinstance(error, CustomerError):
                raise
            raise CustomerError(
                _("value {value!r} is not a number.").format(value=cells["value"][:20])
            ) from None
    status = None
    if cells.get("status"):
        word = cells["status"].strip().casefold().replace(" ", "")
        status = read_status(STATUS_WORDS.get(word, cells["status"]))
    at = read_moment(cells["at"], now) if cells.get("at") and status else None
    return CustomerEdit(
        cells["name"],
        value=value,
        plan=cells.get("plan") or None,
        segment=cells.get("segment") or None,
        status=status,
        at=at,
    )
