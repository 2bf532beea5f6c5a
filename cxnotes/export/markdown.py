"""The summary as Markdown: one page a CEO reads in a mail client, a wiki or a terminal.

User text is escaped so that Markdown renderers show it literally: a quote holding
``<script>`` or ``[link](...)`` stays text, never HTML or a link. Lines of user text
are folded onto one line so nothing they contain can start a heading or a list.
"""

from __future__ import annotations

import re

from cxnotes.domain.text import clean
from cxnotes.export.summary import Summary, Tally
from cxnotes.export.why import Reason, changes_notes, reason_evidence, risk_note, shipped_note
from cxnotes.i18n import _

BAR_WIDTH = 20
"""Cells of the longest text bar."""

_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~#@])")
"""Characters Markdown (CommonMark and GFM tables) could read as syntax; ``@`` starts GFM's email
autolinks."""

_AUTOLINK = re.compile(r"(?i)(?<=www)\.|:(?=//)")
"""The ``.`` of ``www.`` and the ``:`` of ``://``, where GFM would turn a quoted address into a link."""


def escape(text: str) -> str:
    """User text as literal one-line Markdown: control characters gone, syntax backslash-escaped.

    Addresses in a customer's words stay text, not links: a summary must not invite its
    reader to click whatever someone typed or pasted into a call.
    """
    text = _SPECIAL.sub(r"\\\1", " ".join(clean(text, multiline=False).split()))
    return _AUTOLINK.sub(lambda match: "\\" + match.group(), text)


def render_markdown(summary: Summary) -> str:
    """The whole summary as Markdown text ending in a newline."""
    parts = [
        _head(summary),
        _changes(summary),
        _headlines(summary),
        _top_fixes(summary),
        _chart("Pain points per step", "Step", [(t.label, t.count) for t in summary.by_step]),
        _chart(
            f"Pain points per {summary.unit}",
            "Week of" if summary.unit == "week" else "Month",
            [(bar.label(), bar.count) for bar in summary.over_time],
        ),
        _reasons(summary),
        _shipped(summary),
        _promises(summary),
        _new_and_recurring(summary),
    ]
    return "\n\n".join(parts) + "\n"


def _head(summary: Summary) -> str:
    period = summary.period
    who = "Customers are named" if summary.include_names else "Customers are shown by segment, not by name"
    return (
        "# Customer pain summary\n\n"
        f"**Period:** {period.label()}, compared with the {period.days} days before "
        f"({period.previous().since.isoformat()} – {period.previous().until.isoformat()}).  \n"
        f"Generated {summary.generated.isoformat(sep=' ', timespec='minutes')}. {who}."
        + (_(" Only what {name} logged.").format(name=escape(summary.operator)) if summary.operator else "")
    )


def _signed(change: int) -> str:
    return f"+{change:,}" if change > 0 else "±0" if change == 0 else f"−{-change:,}"


def _headlines(summary: Summary) -> str:
    rows = ["## Headline numbers", "", "| | This period | Previous period | Change |", "|---|---:|---:|---:|"]
    rows += [
        f"| {h.label} | {h.current:,} | {h.previous:,} | {_signed(h.change)} |" for h in summary.headlines
    ]
    return "\n".join(rows)


def _changes(summary: Summary) -> str:
    lines = ["## What changed", ""]
    for change in summary.action.changes:
        said = "".join(
            f"  \n  “{escape(quote)}” (severity {severity})" for quote, severity in change.quotes[:1]
        )
        lines.append(f"- **{escape(change.sentence())}**{said}")
    if not summary.action.changes:
        lines.append("- No complaint count jumped: no week stood well above the weeks before it.")
    lines += [f"- {escape(line)}" for line in changes_notes(summary)]
    return "\n".join(lines)


def _top_fixes(summary: Summary) -> str:
    if not summary.top_fixes:
        return "## Top fixes\n\nNo open fix has pain points in this period."
    out = [f"## Top {len(summary.top_fixes)} fixes", escape(risk_note(summary))]
    for fix in summary.top_fixes:
        steps = ", ".join(escape(s) for s in fix.steps) or "—"
        out.append(f"### {fix.rank}. {escape(fix.title)} — score {fix.score:g}")
        out.append(
            f"Status: **{escape(fix.status)}** · Customers affected: **{fix.customers}** · "
            f"Pain points: {fix.pain_points} · Steps: {steps} · "
            + ("new this period" if fix.new else "recurring")
        )
        if fix.why is not None:
            answer = escape(fix.why.answer) if fix.why.answer else "none agreed yet"
            out.append(
                f"**Why:** {escape(fix.why.words)}.  \n"
                f"Score: {escape(fix.why.equation(fix.score))}.  \nAgreed answer: {answer}"
            )
        out += [
            f"> “{escape(q.text)}”  \n> — {escape(q.who)}, severity {q.severity}, {q.day.isoformat()}"
            for q in fix.quotes
        ]
    return "\n\n".join(out)


def _bar(count: int, most: int) -> str:
    if not count:
        return ""
    return "█" * max(1, round(BAR_WIDTH * count / most))


def _chart(title: str, label: str, rows: list[tuple[str, int]]) -> str:
    most = max((n for _label, n in rows), default=0)
    lines = [f"## {title}", "", f"| {label} | Pain points | |", "|---|---:|---|"]
    lines += [f"| {escape(name)} | {n} | {_bar(n, most)} |" for name, n in rows]
    return "\n".join(lines)


def _tallies(tallies: list[Tally], unit: str) -> str:
    if not tallies:
        return "- none"
    return "\n".join(f"- {escape(t.label)} — {t.count} {unit}{'' if t.count == 1 else 's'}" for t in tallies)


def _reasons(summary: Summary) -> str:
    return (
        "## Why customers churned or asked for a refund\n\n"
        "Ranked by how many customers gave each reason, then by how severe it was.\n\n"
        f"**Controllable** (we can fix these):\n\n{_reason_list(summary.controllable)}\n\n"
        f"**Involuntary** (outside our control):\n\n{_reason_list(summary.involuntary)}"
    )


def _reason_list(reasons: list[Reason]) -> str:
    return "\n".join(f"- {escape(r.label)} — {escape(reason_evidence(r))}" for r in reasons) or "- none"


def _shipped(summary: Summary) -> str:
    if not summary.action.shipped:
        return "## Shipped this period\n\nNo fix was shipped in this period."
    lines = ["## Shipped this period", ""]
    lines += [f"- **{escape(s.title)}** — {escape(shipped_note(s))}" for s in summary.action.shipped]
    return "\n".join(lines)


def _promises(summary: Summary) -> str:
    if not summary.promises:
        return "## Open promises\n\nNo promise is waiting to be kept."
    lines = ["## Open promises", "", summary.promise_note(), ""]
    lines += ["| Due | Promise | Customer | |", "|---|---|---|---|"]
    for p in summary.promises:
        due = p.due.isoformat() if p.due else "no date"
        flag = "**OVERDUE**" if p.overdue else ""
        lines.append(f"| {due} | {escape(p.text)} | {escape(p.who)} | {flag} |")
    return "\n".join(lines)


def _new_and_recurring(summary: Summary) -> str:
    return (
        "## New this period vs recurring\n\n"
        f"**New this period:**\n\n{_tallies(summary.new_fixes, 'pain point')}\n\n"
        "**Recurring** (asked for before this period too):\n\n"
        + _tallies(summary.recurring_fixes, "pain point")
    )
