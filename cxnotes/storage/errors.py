"""Errors the store raises; each carries a message fit to show a user as is."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every store error; ``str(error)`` is a complete user-facing sentence."""


class StoreCorrupt(StoreError):
    """A store file is not valid cxnotes data; it was left untouched."""


class StoreWriteError(StoreError):
    """A change could not be made durable (disk full, read-only folder, ...).

    The change was not applied; the caller still holds it and may retry.
    """


class NameTaken(StoreError):
    """A record was to be created under a name another process had just given a record.

    Nothing was written: find the record by its name again and use it.
    """

    def __init__(self, table: str, existing_id: str) -> None:
        super().__init__(f"Another cxnotes process has just created that {table[:-1]}; nothing was saved.")
        self.table = table
        self.existing_id = existing_id
