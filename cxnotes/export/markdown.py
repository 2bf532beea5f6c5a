"""The summary as Markdown: one page a CEO reads in a mail client, a wiki or a terminal.

User text is escaped so that Markdown renderers show it literally: a quote holding
``<script>`` or ``[link](...)`` stays text, never HTML or a link. Lines of user text
are folded onto one line so nothing they contain can start a heading or a list.
"""

from __future__ import annotations

import re

from cxnotes.domain import labels
from cxnotes.domain.text import clean
from cxnotes.export.summary_model import Summary, Tally
from cxnotes.export.why import Reason, changes_notes, reason_evidence, risk_note, shipped_note
from cxnotes.i18n import _, ngettext, pgettext

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
        _chart(_("Pain points per step"), _("Step"), [(t.label, t.count) for t in summary.by_step]),
        _chart(
            _("Pain points per week") if summary.unit == "week" else _("Pain points per month"),
            _("Week of") if summary.unit == "week" else _("Month"),
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
    who = (
        _("Customers are named")
        if summary.include_names
        else _("Customers are shown by segment, not by name")
    )
    compared = ngettext(
        "**Period:** {period}, compared with the {days} day before ({since} – {until}).",
        "**Period:** {period}, compared with the {days} days before ({since} – {until}).",
        period.days,
    ).format(
        period=period.label(),
        days=period.days,
        since=period.previous().since.isoformat(),
        until=period.previous().until.isoformat(),
    )
    generated = _("Generated {moment}. {who}.").format(
        moment=summary.generated.isoformat(sep=" ", timespec="minutes"), who=who
    )
    only = _(" Only what {name} logged.").format(name=escape(summary.operator)) if summary.operator else ""
    return "# " + _("Customer pain summary") + f"\n\n{compared}  \n{generated}{only}"


def _signed(change: int) -> str:
    return f"+{change:,}" if change > 0 else "±0" if change == 0 else f"−{-change:,}"


def _headlines(summary: Summary) -> str:
    heads = "| | " + " | ".join((_("This period"), _("Previous period"), _("Change"))) + " |"
    rows = ["## " + _("Headline numbers"), "", heads, "|---|---:|---:|---:|"]
    rows += [
        f"| {_(h.label)} | {h.current:,} | {h.previous:,} | {_signed(h.change)} |" for h in summary.headlines
    ]
    return "\n".join(rows)


def _changes(summary: Summary) -> str:
    lines = ["## " + _("What changed"), ""]
    for change in summary.action.changes:
        said = "".join(
            "  \n  " + _("“{quote}” (severity {severity})").format(quote=escape(quote), severity=severity)
            for quote, severity in change.quotes[:1]
        )
        lines.append(f"- **{escape(change.sentence())}**{said}")
    if not summary.action.changes:
        lines.append("- " + _("No complaint count jumped: no week stood well above the weeks before it."))
    lines += [f"- {escape(line)}" for line in changes_notes(summary)]
    return "\n".join(lines)


def _top_fixes(summary: Summary) -> str:
    if not summary.top_fixes:
        return "## " + _("Top fixes") + "\n\n" + _("No open fix has pain points in this period.")
    top = len(summary.top_fixes)
    out = ["## " + ngettext("Top {n} fix", "Top {n} fixes", top).format(n=top), escape(risk_note(summary))]
    for fix in summary.top_fixes:
        steps = ", ".join(escape(s) for s in fix.steps) or "—"
        score = _("score {score}").format(score=f"{fix.score:g}")
        out.append(f"### {fix.rank}. {escape(fix.title)} — {score}")
        out.append(
            _(
                "Status: **{status}** · Customers affected: **{customers}** · "
                "Pain points: {points} · Steps: {steps} · "
            ).format(
                status=escape(labels.fix_status(fix.status)),
                customers=fix.customers,
                points=fix.pain_points,
                steps=steps,
            )
            + (_("new this period") if fix.new else _("recurring"))
        )
        if fix.why is not None:
            answer = escape(fix.why.answer) if fix.why.answer else _("none agreed yet")
            out.append(
                _("**Why:** {words}.  \nScore: {equation}.  \nAgreed answer: {answer}").format(
                    words=escape(fix.why.words), equation=escape(fix.why.equation(fix.score)), answer=answer
                )
            )
        out += [
            f"> “{escape(q.text)}”  \n> — "
            + _("{who}, severity {severity}, {day}").format(
                who=escape(q.who), severity=q.severity, day=q.day.isoformat()
            )
            for q in fix.quotes
        ]
    return "\n\n".join(out)


def _bar(count: int, most: int) -> str:
    if not count:
        return ""
    return "█" * max(1, round(BAR_WIDTH * count / most))


def _chart(title: str, label: str, rows: list[tuple[str, int]]) -> str:
    most = max((n for _name, n in rows), default=0)
    lines = [f"## {title}", "", f"| {label} | " + _("Pain points") + " | |", "|---|---:|---|"]
    lines += [f"| {escape(name)} | {n} | {_bar(n, most)} |" for name, n in rows]
    return "\n".join(lines)


def _tallies(tallies: list[Tally]) -> str:
    if not tallies:
        return "- " + _("none")
    return "\n".join(
        f"- {escape(t.label)} — " + ngettext("{n} pain point", "{n} pain points", t.count).format(n=t.count)
        for t in tallies
    )


def _reasons(summary: Summary) -> str:
    return (
        "## " + _("Why customers churned or asked for a refund") + "\n\n"
        + _("Ranked by how many customers gave each reason, then by how severe it was.") + "\n\n"
        + _("**Controllable** (we can fix these):") + f"\n\n{_reason_list(summary.controllable)}\n\n"
        + _("**Involuntary** (outside our control):") + f"\n\n{_reason_list(summary.involuntary)}"
    )  # fmt: skip


def _reason_list(reasons: list[Reason]) -> str:
    listed = "\n".join(f"- {escape(r.label)} — {escape(reason_evidence(r))}" for r in reasons)
    return listed or "- " + _("none")


def _shipped(summary: Summary) -> str:
    if not summary.action.shipped:
        return "## " + _("Shipped this period") + "\n\n" + _("No fix was shipped in this period.")
    lines = ["## " + _("Shipped this period"), ""]
    lines += [f"- **{escape(s.title)}** — {escape(shipped_note(s))}" for s in summary.action.shipped]
    return "\n".join(lines)


def _promises(summary: Summary) -> str:
    if not summary.promises:
        return "## " + _("Open promises") + "\n\n" + _("No promise is waiting to be kept.")
    lines = ["## " + _("Open promises"), "", summary.promise_note(), ""]
    heads = (pgettext("column", "Due"), pgettext("column", "Promise"), pgettext("column", "Customer"))
    lines += ["| " + " | ".join(heads) + " | |", "|---|---|---|---|"]
    for p in summary.promises:
        due = p.due.isoformat() if p.due else _("no date")
        flag = "**" + _("OVERDUE") + "**" if p.overdue else ""
        lines.append(f"| {due} | {escape(p.text)} | {escape(p.who)} | {flag} |")
    return "\n".join(lines)


def _new_and_recurring(summary: Summary) -> str:
    return (
        "## " + _("New this period vs recurring") + "\n\n"
        + _("**New this period:**") + f"\n\n{_tallies(summary.new_fixes)}\n\n"
        + _("**Recurring** (asked for before this period too):") + "\n\n"
        + _tallies(summary.recurring_fixes)
    )  # fmt: skip
