"""Derived data remembered per open store until the records it came from change.

A year of a busy team is 100,000 pain points; reading them all costs tens of
milliseconds, and screens re-read on every reload. :meth:`Store.version` numbers
grow with every write to a kind of record, so a result computed under the same
numbers (and the same arguments) is still right. Results are shared: callers must
treat them as read-only. Memos go away with their store.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from cxnotes.domain.models import Record
    from cxnotes.storage.store import Store

T = TypeVar("T")

_MEMOS: weakref.WeakKeyDictionary[Store, dict[str, Any]] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def slot(store: Store, name: str, make: Callable[[], T]) -> T:
    """The object kept under ``name`` for ``store``, made by ``make()`` the first time."""
    memos = _MEMOS.get(store)
    if memos is None:
        memos = _MEMOS.setdefault(store, {})
    if name not in memos:
        memos[name] = make()
    return memos[name]  # type: ignore[no-any-return]


def remembered(store: Store, name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned last time under an equal ``key``.

    ``key`` must hold the :meth:`Store.version` numbers of every kind ``compute``
    reads, taken before calling this, so a write during ``compute`` makes the next
    call compute again rather than keep a stale result.
    """
    held: dict[str, tuple[Hashable, Any]] = slot(store, "remembered", dict)
    with _computing(store, name):  # a second asker waits for the first one's result, not computes too
        found = held.get(name)
        if found is None or found[0] != key:
            found = held[name] = (key, compute())
    return found[1]  # type: ignore[no-any-return]


Changes = dict[str, tuple[dict[str, Any] | None, dict[str, Any] | None]]
"""Records changed since the last look, by id: (what it was, what it is now); None: absent."""


def kept_up(
    store: Store,
    name: str,
    cls: type[Record],
    key: Hashable,
    build: Callable[[Iterator[dict[str, Any]]], T],
    update: Callable[[T, Changes], T],
) -> T:
    """``build(docs)`` once, then ``update(state, changes)`` with the ``cls`` records changed since.

    For work derived from a big table (100,000 pain points) that a change of one record
    changes a little: a complaint from the shell costs what it changes, not a pass over
    the table. ``update`` takes each changed record out as it was and puts it in as it is
    now; it is called on every ask (with no changes when none came: the state may hang on
    a small table too, which it checks itself), and returns the new state without changing
    the old one in place, which a caller may still be reading. ``build`` gets the table's
    stored dicts at one version (copied again if a batch was taken in as they were
    copied). A different ``key`` (what else the state depends on: filters, other kinds'
    versions), or changes too far back for the store to list, builds again.
    """
    held: dict[str, tuple[Hashable, int, Any]] = slot(store, "kept up", dict)
    with _computing(store, name):
        found = held.get(name)
        if found is not None and found[0] == key:
            version, changes = store.changes.since(cls.TABLE, found[1])
            if changes is not None:
                state = update(found[2], changes)
                held[name] = (key, version, state)
                return state  # type: ignore[no-any-return]
        while True:  # the documents of one version: a batch taken in meanwhile, copy them again
            version = store.version(cls)[0]
            docs = store.docs(cls)  # copied as the call returns
            if store.version(cls)[0] == version:
                break
        state = build(docs)
        held[name] = (key, version, state)
    return state


def _computing(store: Store, name: str) -> threading.Lock:
    """The lock that makes one thread at a time compute ``name`` for ``store``."""
    with _LOCKS_GUARD:
        locks: dict[str, threading.Lock] = slot(store, "locks", dict)
        return locks.setdefault(name, threading.Lock())
