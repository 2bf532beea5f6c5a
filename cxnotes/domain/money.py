"""A customer's value (revenue or plan price) as people type it: "2,000,000", "₩2,000,000", "200만".

One reader for the app's customer dialog and ``cxnotes log --value``, so both accept and refuse
the same things. No currency is assumed: the number is in the team's currency, whatever it is.
Pure functions; no Textual, no I/O.
"""

from __future__ import annotations

import math
import re

from cxnotes.i18n import _

_VALUE = re.compile(r"(?P<n>\d+(?:,\d{3})*(?:\.\d+)?|\d*\.\d+) ?(?P<unit>만|억|k|m)?$")
_UNITS = {None: 1, "만": 10_000, "억": 100_000_000, "k": 1_000, "m": 1_000_000}
VALUE_FORMS = "2000000, 2,000,000, ₩2,000,000, 200만, 1.5억, 20k"
"""Examples shown when a value cannot be read."""


class ValueTextError(ValueError):
    """The value could not be read; ``str()`` is a one-line message quoting the input."""


def parse_value(text: str) -> float | None:
    """The value typed, or None for an empty field (no value recorded).

    Raises:
        ValueTextError: not a number, negative, or not finite.
    """
    typed = " ".join(text.split())
    plain = typed.casefold().lstrip("₩$€£¥ ").removesuffix("원").strip()
    if not plain:
        if typed:
            raise ValueTextError(_not_a_value(typed))
        return None
    match = _VALUE.match(plain)
    if match is None:
        raise ValueTextError(_not_a_value(typed))
    value = float(match["n"].replace(",", "")) * _UNITS[match["unit"]]
    if not math.isfinite(value):
        raise ValueTextError(_('"{text}" is too large a value.').format(text=typed[:40]))
    return value


def _not_a_value(typed: str) -> str:
    return _('"{text}" is not a value; try {examples}.').format(text=typed[:40], examples=VALUE_FORMS)


def format_value(value: float) -> str:
    """A value for people: thousands separated, no decimals for whole amounts ("2,000,000")."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
