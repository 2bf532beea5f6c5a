"""Inline SVG charts for the html summary: no script, no fonts or images from anywhere.

Charts scale with the page (``viewBox`` and ``width: 100%``), so they fit a phone and
an A4 sheet alike. Labels are escaped here; callers pass plain text.
"""

from __future__ import annotations

import math
from html import escape

from cxnotes.export.summary_model import Bar
from cxnotes.i18n import ngettext

WIDTH = 420
"""Width of the drawing in SVG units; the page scales it (to about 1:1 on a phone, so 14-unit
labels stay readable there, and at most 34rem wide on a desktop or an A4 sheet)."""

WEEK_LABELS = 8
"""At most this many dates under the week chart: more would overlap on a narrow drawing."""


def bar_chart(rows: list[tuple[str, int]], title: str) -> str:
    """Horizontal bars, one per row, each label above its bar so long (or Korean) names never clip."""
    most = max((n for _, n in rows), default=0) or 1
    row_height = 38
    parts = []
    for i, (label, count) in enumerate(rows):
        y = i * row_height
        width = round((WIDTH - 50) * count / most)
        parts.append(
            f'<text x="0" y="{y + 13}" class="label">{escape(label)}</text>'
            f'<rect x="0" y="{y + 18}" width="{width}" height="14" rx="2" class="bar"/>'
            f'<text x="{width + 6}" y="{y + 30}" class="count">{count}</text>'
        )
    return _svg(title, len(rows) * row_height, "".join(parts))


def time_chart(bars: list[Bar], title: str) -> str:
    """Vertical bars per week or month with counts on top; dates under every bar, or every few if crowded.

    A week or month the period covers only in part is drawn pale and its date starred (the page
    explains the star), so a short one at either edge does not read as a drop.
    """
    most = max((bar.count for bar in bars), default=0) or 1
    plot, top = 140, 18
    slot = WIDTH / max(len(bars), 1)
    every = max(1, math.ceil(len(bars) / WEEK_LABELS))
    parts = [f'<line x1="0" y1="{top + plot}" x2="{WIDTH}" y2="{top + plot}" class="axis"/>']
    for i, bar in enumerate(bars):
        height = round(plot * bar.count / most)
        x = round(i * slot + slot * 0.15, 1)
        middle = round(i * slot + slot / 2, 1)
        y = top + plot - height
        whole = bar.days == bar.length
        points = ngettext("{n} pain point", "{n} pain points", bar.count).format(n=bar.count)
        tip = f"{escape(bar.label())}: {escape(points)}"
        parts.append(
            f'<rect x="{x}" y="{y}" width="{round(slot * 0.7, 1)}" height="{height}" '
            f'class="{"bar" if whole else "bar partial"}"><title>{tip}</title></rect>'
            f'<text x="{middle}" y="{y - 4}" class="count" text-anchor="middle">{bar.count}</text>'
        )
        if i % every == 0:
            day = bar.start.strftime("%m-%d" if bar.length == 7 else "%y-%m") + ("" if whole else "*")
            parts.append(
                f'<text x="{middle}" y="{top + plot + 16}" class="label" text-anchor="middle">{day}</text>'
            )
    return _svg(title, top + plot + 22, "".join(parts))


def _svg(title: str, height: int, body: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {max(height, 1)}" role="img" '
        f'aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )
