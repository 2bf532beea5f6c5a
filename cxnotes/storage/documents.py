"""How one document is kept in a row of the store's database, and read back.

A document is TinyDB's: a JSON object in a named table, keyed by its id. In the
database it is compact UTF-8 JSON (Korean as itself, not ``\\uXXXX``) with a CRC-32 of
those bytes, so damage is found rather than read as data, and two index keys
(:func:`index_keys`). :func:`decoded` is the hot loop of opening a store.
"""

from __future__ import annotations

import json
import sys
import zlib

from cxnotes.collector import Building

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` costs `cxnotes log` 3 ms to import: annotations only
    from collections.abc import Iterable
    from typing import Any

GROWING = frozenset({"customers", "calls", "lines", "pain_points", "promises"})
"""Tables that grow with every call: read whole with a faster decoder than small ones."""

SHARED = {
    "pain_points": ("customer_id", "call_id", "fix_id", "step", "channel", "operator"),
    "calls": ("customer_id", "channel", "operator", "outcome"),
    "customers": ("segment",),
    "promises": ("customer_id", "call_id"),
    "lines": ("call_id", "speaker"),
}
"""Fields whose values many documents of a table repeat, kept as one string each (:func:`decoded`):
the id of a record many others point to (a call, a fix, a customer), or a word from a short
list (a value chain step, a channel, an operator, an outcome, a segment, a speaker)."""

Doc = dict[str, "Any"]
Op = tuple[str, str, "Doc | None"]
"""A change: (table, id, the whole new document, or None to delete it)."""
Row = tuple[str, str, int, "Doc | None"]
"""A stored document as read: (table, id, seq, document or None when deleted)."""


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""Built once: ``json.dumps`` with options builds an encoder per call, a tenth of a large import."""


def dumps(doc: Any) -> bytes:
    """Compact UTF-8 JSON (Korean as itself, not ``\\uXXXX``), as stored."""
    return _ENCODE(doc).encode("utf-8")


def bulk_decoder() -> Any:
    """msgspec's JSON decoder, for reading whole tables.

    Measured on 100,000 pain points: 0.7 s and +122 MB against stdlib ``json.loads``'
    1.2 s and +186 MB (it shares the dicts' key strings). Imported only for bulk
    reads: its import (20 ms) would double the time ``cxnotes log`` takes.
    """
    import msgspec

    return msgspec.json.Decoder().decode


def crc(data: bytes | None) -> int:
    """The checksum stored beside a document's JSON (0 for a tombstone)."""
    return 0 if data is None else zlib.crc32(data)


def name_key(text: str) -> str:
    """A name or title folded for lookups: Unicode form, case and runs of spaces ignored."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def index_keys(table: str, doc: Doc) -> tuple[str | None, str | None]:
    """The ``parent`` and ``lookup`` index keys of a document of ``table``."""
    if table in ("lines", "pain_points", "promises"):
        parent = doc.get("call_id")
        lookup = doc.get("fix_id") if table == "pain_points" else doc.get("customer_id")
        return (parent if isinstance(parent, str) else None, lookup if isinstance(lookup, str) else None)
    if table == "calls":
        customer = doc.get("customer_id")
        return (customer if isinstance(customer, str) else None, None)
    field = {"customers": "name", "fixes": "title"}.get(table)
    if field is not None and isinstance(doc.get(field), str):
        return None, name_key(doc[field])
    return None, None


def decoded(
    found: Iterable[tuple[str, str, int, bytes | None, int]], decode: Any, *, held: bool = False
) -> tuple[list[Row], list[tuple[str, str]]]:
    """Stored rows decoded, and the (table, id) of those whose bytes no longer match their checksum.

    The hot loop of opening a store (a hundred thousand pain points): inlined, and with
    the garbage collector paused, since every document is a new dict that lives on; documents
    ``held`` in memory are frozen as read, so no later pass walks them (:class:`Building`).
    Values that many documents repeat (:data:`SHARED`) are kept once: ids, 20 MB less for 100,000
    pain points; steps, channels and the like, 16 MB less for them and their calls and customers
    (measured peak of the app with the fix review shown), and no slower to read. Documents to be
    ``held`` in memory are kept as dicts that share their keys (:mod:`shared_keys`: 27 MB less for
    100,000 pain points, and 15% more CPU to read them).
    """
    if held:  # not for the point reads of one-shot commands
        from cxnotes.storage.shared_keys import maker
    makers: dict[tuple[str, ...], Any] = {}
    rows: list[Row] = []
    bad: list[tuple[str, str]] = []
    crc32, intern, shared = zlib.crc32, sys.intern, SHARED
    with Building(lasting=held):
        for table, doc_id, seq, data, check in found:
            if data is None:
                rows.append((table, doc_id, seq, None))
                continue
            try:
                doc = decode(data) if type(data) is bytes and crc32(data) == check else None
            except ValueError:  # json's JSONDecodeError and msgspec's DecodeError both are
                doc = None
            if type(doc) is dict:
                if doc.get("id") == doc_id:
                    doc["id"] = doc_id  # one string for the document and its key in a held table
                for field in shared.get(table, ()):
                    if type(value := doc.get(field)) is str:
                        doc[field] = intern(value)  # a call's id or a step once, not once per pain point
                if held:
                    keys = tuple(doc)
                    make = makers[keys] if keys in makers else makers.setdefault(keys, maker(keys))
                    if make is not None:
                        doc = make(*doc.values()).__dict__
                rows.append((table, doc_id, seq, doc))
            else:
                bad.append((table, doc_id))
    return rows, bad
