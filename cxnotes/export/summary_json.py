"""The CEO summary as JSON: the same content as the md and html pages, for dashboards and scripts.

Not the backup (``--format json`` holds records): this is :class:`~cxnotes.export.summary_model.Summary`
itself, with customers shown by segment unless names were asked for, each top fix's score
in words and its terms (which add up to the score), and the reasons ranked by evidence.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any

from cxnotes.export.summary_model import Summary
from cxnotes.export.why import changes_notes, risk_note


def render_summary_json(summary: Summary) -> str:
    """The summary as indented JSON text ending in a newline."""
    data = dataclasses.asdict(summary)
    data["action"].pop("left_points")  # pain points by customer id: what the page says, not its workings
    data["period"]["days"] = summary.period.days
    if not summary.operator:
        data.pop("operator")  # the whole team's, as before operators were told apart
    data["unit"] = summary.unit
    data["notes"] = [risk_note(summary), *changes_notes(summary)]
    data["action"]["changes"] = [
        {**change, "sentence": spike.sentence()}
        for change, spike in zip(data["action"]["changes"], summary.action.changes, strict=True)
    ]
    for fix, top in zip(data["top_fixes"], summary.top_fixes, strict=True):
        if top.why is not None:
            fix["why"]["equation"] = top.why.equation(top.score)
    return json.dumps(data, ensure_ascii=False, indent=2, default=_plain) + "\n"


def _plain(value: Any) -> Any:
    """Dates and times as ISO text, sets as sorted lists."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
