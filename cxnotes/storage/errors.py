"""Errors the store raises; each carries a message fit to show a user as is."""

from __future__ import annotations

from cxnotes.i18n import _, pgettext


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
        record = {
            "customers": pgettext("record", "customer"),
            "fixes": pgettext("record", "fix"),
            "steps": pgettext("record", "step"),
        }.get(table, table[:-1])
        super().__init__(
            _("Another cxnotes process has just created that {record}; nothing was saved.").format(
                record=record
            )
        )
        self.table = table
        self.existing_id = existing_id


def no_store(folder: object) -> str:
    """The message for a folder that holds no store yet (opening one read-only, the sync's ledger)."""
    return _("There is no cxnotes store in {folder} yet.").format(folder=folder)


def read_only() -> str:
    """The message for a save to a store opened read-only."""
    return _("The store is open read-only; nothing can be saved.")


def overwritten() -> str:
    """The notice when another process had changed what was just saved (it is kept as a conflict)."""
    return _(
        "Another cxnotes process had changed what you just saved. Your version was kept; "
        "the other is kept as a conflict in the store."
    )


def could_not(doing: str, folder: object) -> str:
    """The start of a sentence saying what the store could not do: "prepare", "read", "save to", "compact"."""
    said = {
        "prepare": _("Could not prepare the store in {folder}"),
        "read": _("Could not read the store in {folder}"),
        "save to": _("Could not save to the store in {folder}"),
        "compact": _("Could not compact the store in {folder}"),
    }[doing]
    return said.format(folder=folder)
