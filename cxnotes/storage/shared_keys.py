"""Held documents as dicts that share their keys: a third of the memory of a plain dict each.

The app holds every pain point, call and customer as its stored dict (100,000 pain points
at 100k). A plain dict of a pain point's twelve fields is 464 bytes before its values; more
than half of the app's peak memory was these dicts. CPython keeps an object's attributes in
a *split* dict: the keys once, in the class, and 8 bytes a value in each instance, and an
instance's ``__dict__`` stays such a dict after the instance is gone. So a document read
whole is kept as the ``__dict__`` of an instance of a class made for its keys (in their
order): 192 bytes instead of 464, an ordinary ``dict`` in every way (``type(doc) is dict``,
its keys in the stored order, encoded and compared alike), read as fast.

What it costs: the class's ``__init__`` (one assignment a key) for each document read whole,
about 1 µs: 100,000 pain points took 0.66 s of CPU to read, now 0.76 s (process time, median of
9), once per process and in a worker, for 27 MB less held. A copy of a key-sharing template
updated with the document (all in C) cost as much, for half the saving.

Only the memory differs: a Python that did not split such dicts would hold plain dicts,
with the same contents. Held documents are never changed in place; a key added to one
would turn it into a plain dict, nothing worse.
"""

from __future__ import annotations

import keyword

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

MAX_SHAPES = 64
"""Documents of more key sets than this (a store written by many versions) stay plain dicts."""

MAX_KEYS = 30
"""CPython shares at most this many keys (``SHARED_KEYS_MAX_SIZE``): bigger documents stay plain."""

_SHAPES: dict[tuple[str, ...], Callable[..., Any] | None] = {}
"""Keys, in order -> the class whose instances hold a document of them (None: it stays a plain dict)."""


def maker(keys: tuple[str, ...]) -> Callable[..., Any] | None:
    """The class whose ``cls(*doc.values()).__dict__`` is a key-sharing copy of a document with these
    keys, in this order; None if such a document is better left a plain dict.

    Keys must be plain attribute names (no keyword, nothing starting with ``_``, which could
    name a special attribute): documents of other keys are kept as they are.
    """
    if keys in _SHAPES:
        return _SHAPES[keys]
    if len(_SHAPES) >= MAX_SHAPES:
        return None
    made = None
    if 0 < len(keys) <= MAX_KEYS and all(_plain(key) for key in keys):
        from dataclasses import make_dataclass  # its __init__ is the assignments, one per key, in order

        made = make_dataclass("HeldDoc", keys, repr=False, eq=False, match_args=False)
    _SHAPES[keys] = made
    return made


def _plain(key: str) -> bool:
    return key.isidentifier() and not key.startswith("_") and not keyword.iskeyword(key)
