"""Renderables of the fix review: the score breakdown and the compact charts.

Pure functions from ranking results to Rich objects, so they are easy to test and
the screens stay about wiring. User text enters only as ``Text``, never as markup.
"""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text

from cxnotes.domain import labels
from cxnotes.domain.text import one_line
from cxnotes.i18n import _, pgettext
from cxnotes.services.ranking import RankedFix, term_label

BARS = " ▁▂▃▄▅▆▇█"
"""Block characters of the week sparkline, from nothing to the busiest week."""

WEEKS_SHOWN = 16
"""Weeks in the sparkline: a quarter and a bit, enough for a weekly review."""


def breakdown(row: RankedFix) -> Table:
    """The score term by term ("why is this #1"), the total last; zero terms are left out."""
    table = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    table.add_column("term")  # i18n: not shown (no header)
    table.add_column("points", justify="right")  # i18n: not shown
    for name, points in row.breakdown.items():
        if points:
            style = "red" if points < 0 else "green"
            table.add_row(Text(term_label(name)), Text(f"{points:+.2f}", style=style))
    table.add_row(Text(pgettext("score term", "score"), style="bold"), Text(f"{row.score:.2f}", style="bold"))
    return table


def facts(row: RankedFix) -> Text:
    """One line of the fix's facts under its title."""
    mix = labels.severity_mix(row.severity_mix)
    newest = _(" · newest {date}").format(date=f"{row.newest:%Y-%m-%d}") if row.newest else ""
    effort = _(" · effort {effort}").format(effort=f"{row.fix.effort:g}") if row.fix.effort else ""
    line = _("#{rank} · {status} · {customers} customer(s) · {points} pain point(s) · severity {mix}")
    status = labels.fix_status(row.fix.status)
    shown = line.format(
        rank=row.rank, status=status, customers=row.customers, points=len(row.pain_point_ids), mix=mix or "—"
    )
    return Text(shown + newest + effort)


def chart_label(name: str, text: str) -> Text:
    """``By step: `` or, with a text filter, ``By step (matching "환불"): ``, the text as typed.

    With a text filter the charts count the evidence of the fixes the table shows, so
    the label says which words picked them.
    """
    matching = _('{name} (matching "{text}"): ').format(name=name, text=one_line(text, 30))
    return Text(matching if text else _("{name}: ").format(name=name))


def by_step(counts: dict[str, int], text: str = "") -> Text:
    """Pain points per step on one line, the busiest step highlighted.

    With a text filter, steps without matching evidence are left out: the few that
    have some then fit in 80 columns.
    """
    if text:
        counts = {step: count for step, count in counts.items() if count}
    busiest = max(counts.values(), default=0)
    line = chart_label(_("By step"), text)
    if not counts:
        return line.append(_("no pain points"))
    for i, (step, count) in enumerate(counts.items()):
        if i:
            line.append(" · ")
        line.append(f"{labels.step_slug(step)} {count}", style="bold" if count and count == busiest else "")
    return line


def by_week(weeks: list[tuple[date, int]], text: str = "") -> Text:
    """A sparkline of the last weeks, with the range and the latest week's count."""
    shown = weeks[-WEEKS_SHOWN:]
    label = chart_label(_("By week"), text)
    if not shown:
        return label.append(_("no pain points yet"))
    top = max(count for _week, count in shown) or 1
    steps = len(BARS) - 1
    line = "".join(BARS[max(1, round(count / top * steps)) if count else 0] for _week, count in shown)
    first, (last, latest) = shown[0][0], shown[-1]
    span = _("  {first}…{last}, this week {latest}, max {top}").format(
        first=f"{first:%m-%d}", last=f"{last:%m-%d}", latest=latest, top=top
    )
    return Text.assemble(label, (line, "bold"), span)
