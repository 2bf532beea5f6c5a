"""The summary as one self-contained html page: readable on a phone, printable on A4.

Everything is inline (CSS, SVG charts); a Content-Security-Policy forbids loading
anything at all, so the page works offline and opening it contacts no one. Every
piece of user text goes through :func:`text`, which cleans and ``html.escape``-s it:
a quote holding ``<script>`` shows those characters and runs nothing.
"""

from __future__ import annotations

import html

from cxnotes.domain import labels
from cxnotes.domain.text import clean
from cxnotes.export import svg
from cxnotes.export.summary_model import Summary, Tally, TopFix
from cxnotes.export.why import Reason, changes_notes, reason_evidence, risk_note, shipped_note
from cxnotes.i18n import _, language, ngettext, pgettext

CSS = """
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --accent: #3558c8;
  --warn: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 1rem; color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic",
  "Noto Sans KR", "Noto Sans CJK KR", sans-serif; word-break: keep-all; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
.meta, .facts, cite { color: var(--muted); font-size: .9rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem .75rem; }
.card b { display: block; font-size: 1.6rem; }
.card span { color: var(--muted); font-size: .85rem; }
.worse { color: var(--warn); } .better { color: #1e7a3c; }
.fix { border-left: 4px solid var(--accent); padding: .25rem 0 .25rem .75rem; margin: 1rem 0; }
blockquote { margin: .5rem 0; padding: 0 0 0 .75rem; border-left: 2px solid var(--line); }
blockquote p { margin: 0; }
cite { display: block; font-style: normal; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.overdue { color: var(--warn); font-weight: 600; }
.split { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; }
.chart { width: 100%; max-width: 34rem; height: auto; display: block; }
.chart .bar { fill: var(--accent); } .chart .partial { fill-opacity: .4; }
.chart .axis { stroke: var(--line); }
.chart text { font-size: 14px; fill: var(--ink); } .chart .count { fill: var(--muted); }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  .fix, .card, table, svg, blockquote { break-inside: avoid; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'"
"""Nothing may be fetched, no script may run: the page is all there is."""


def text(value: str) -> str:
    """User text made safe for html: cleaned to one line, then every ``<>&"'`` escaped."""
    return html.escape(" ".join(clean(value, multiline=False).split()), quote=True)


def tag(name: str, words: str) -> str:
    """``<name>words</name>`` for the page's own words (translations included: they are escaped too)."""
    return f"<{name}>{html.escape(words, quote=False)}</{name}>"


def render_html(summary: Summary) -> str:
    """The whole summary as an html document."""
    body = "\n".join(
        [
            _head(summary),
            _changes(summary),
            _headlines(summary),
            _top_fixes(summary),
            tag("h2", _("Pain points per step")),
            svg.bar_chart([(t.label, t.count) for t in summary.by_step], _("Pain points per step")),
            tag("h2", _("Pain points per week")),
            svg.time_chart(
                summary.over_time,
                _("Pain points per week") if summary.unit == "week" else _("Pain points per month"),
            ),
            _partial_weeks(summary),
            _reasons(summary),
            _shipped(summary),
            _promises(summary),
            _new_and_recurring(summary),
        ]
    )
    title = "{title} {since} – {until}".format(  # i18n: not shown (only placeholders)
        title=_("Customer pain summary"),
        since=summary.period.since.isoformat(),
        until=summary.period.until.isoformat(),
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language())}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"{tag('title', title)}\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _head(summary: Summary) -> str:
    period, previous = summary.period, summary.period.previous()
    who = (
        _("Customers are named.")
        if summary.include_names
        else _("Customers are shown by segment, not by name.")
    )
    meta = _("{period}, compared with {since} – {until}. Generated {moment}. {who}").format(
        period=period.label(),
        since=previous.since.isoformat(),
        until=previous.until.isoformat(),
        moment=summary.generated.isoformat(sep=" ", timespec="minutes"),
        who=who,
    )
    return (
        "<header>"
        + tag("h1", _("Customer pain summary"))
        + f'<p class="meta">{html.escape(meta)}'
        + (
            _(" Only what {name} logged.").format(name=html.escape(summary.operator))
            if summary.operator
            else ""
        )
        + "</p></header>"
    )


def _headlines(summary: Summary) -> str:
    cards = []
    for h in summary.headlines:
        change = h.change
        arrow = "▲" if change > 0 else "▼" if change < 0 else "="
        css = (
            "" if not change or h.up_is_bad is None else "worse" if (change > 0) == h.up_is_bad else "better"
        )
        before = _("(before: {n})").format(n=f"{h.previous:,}")
        cards.append(
            f'<div class="card"><b>{h.current:,}</b>{html.escape(_(h.label))}'
            f'<span class="{css}"> {arrow} {f"{abs(change):,}" if change else ""}</span>'
            f"<span> {html.escape(before)}</span></div>"
        )
    return tag("h2", _("Headline numbers")) + '\n<div class="cards">' + "".join(cards) + "</div>"


def _changes(summary: Summary) -> str:
    items = [
        f"<li><b>{text(change.sentence())}</b>"
        + "".join(
            f"<br><q>{text(quote)}</q> " + text(_("(severity {severity})").format(severity=severity))
            for quote, severity in change.quotes[:1]
        )
        + "</li>"
        for change in summary.action.changes
    ] or [tag("li", _("No complaint count jumped: no week stood well above the weeks before it."))]
    items += [f"<li>{text(line)}</li>" for line in changes_notes(summary)]
    return tag("h2", _("What changed")) + f"\n<ul>{''.join(items)}</ul>"


def _why(fix: TopFix) -> str:
    if fix.why is None:
        return ""
    answer = text(fix.why.answer) if fix.why.answer else text(_("none agreed yet"))
    score = text(_("Score: {equation}.").format(equation=fix.why.equation(fix.score)))
    return (
        "<p>" + tag("b", _("Why:")) + f" {text(fix.why.words)}.<br>"
        f'<span class="facts">{score}</span><br>'
        + html.escape(_("Agreed answer: {answer}"), quote=False).format(answer=answer)
        + "</p>"
    )


def _top_fixes(summary: Summary) -> str:
    if not summary.top_fixes:
        return tag("h2", _("Top fixes")) + "\n" + tag("p", _("No open fix has pain points in this period."))
    top = len(summary.top_fixes)
    out = [
        tag("h2", ngettext("Top {n} fix", "Top {n} fixes", top).format(n=top)),
        tag("p", risk_note(summary)),
    ]
    for fix in summary.top_fixes:
        steps = ", ".join(text(s) for s in fix.steps) or "—"
        quotes = "".join(
            f"<blockquote><p>“{text(q.text)}”</p><cite>— "
            + text(
                _("{who}, severity {severity}, {day}").format(
                    who=q.who, severity=q.severity, day=q.day.isoformat()
                )
            )
            + "</cite></blockquote>"
            for q in fix.quotes
        )
        facts = _(
            "Score <b>{score}</b> · status <b>{status}</b> · <b>{customers}</b> affected · "
            "{points} · steps: {steps} · "
        ).format(
            score=f"{fix.score:g}",
            status=text(labels.fix_status(fix.status)),
            customers=text(ngettext("{n} customer", "{n} customers", fix.customers).format(n=fix.customers)),
            points=text(_points(fix.pain_points)),
            steps=steps,
        )
        age = _("new this period") if fix.new else _("recurring")
        out.append(
            f'<section class="fix"><h3>{fix.rank}. {text(fix.title)}</h3>'
            f'<p class="facts">{facts}{text(age)}</p>{_why(fix)}{quotes}</section>'
        )
    return "\n".join(out)


def _partial_weeks(summary: Summary) -> str:
    """Explain the starred, pale bars of weeks (or months) the period covers only in part."""
    partial = [bar for bar in summary.over_time if bar.days < bar.length]
    if not partial:
        return ""
    which = "; ".join(bar.label() for bar in partial)
    said = (
        _("* Partial week, drawn pale ({which}).")
        if summary.unit == "week"
        else _("* Partial month, drawn pale ({which}).")
    )
    return f'<p class="meta">{html.escape(said.format(which=which))}</p>'


def _points(n: int) -> str:
    return ngettext("{n} pain point", "{n} pain points", n).format(n=n)


def _list(tallies: list[Tally]) -> str:
    if not tallies:
        return tag("p", _("None."))
    items = "".join(f"<li>{text(t.label)} — {text(_points(t.count))}</li>" for t in tallies)
    return f"<ul>{items}</ul>"


def _reasons(summary: Summary) -> str:
    ranked = _("Ranked by how many customers gave each reason, then by how severe it was.")
    return (
        tag("h2", _("Why customers churned or asked for a refund")) + "\n"
        f'<p class="meta">{html.escape(ranked)}</p>'
        '<div class="split">'
        "<div>" + tag("h3", _("Controllable")) + f"{_reason_list(summary.controllable)}</div>"
        "<div>" + tag("h3", _("Involuntary")) + f"{_reason_list(summary.involuntary)}</div></div>"
    )


def _reason_list(reasons: list[Reason]) -> str:
    if not reasons:
        return tag("p", _("None."))
    return (
        "<ul>" + "".join(f"<li>{text(r.label)} — {text(reason_evidence(r))}</li>" for r in reasons) + "</ul>"
    )


def _shipped(summary: Summary) -> str:
    if not summary.action.shipped:
        return tag("h2", _("Shipped this period")) + "\n" + tag("p", _("No fix was shipped in this period."))
    items = "".join(
        f"<li><b>{text(s.title)}</b> — {text(shipped_note(s))}</li>" for s in summary.action.shipped
    )
    return tag("h2", _("Shipped this period")) + f"\n<ul>{items}</ul>"


def _promises(summary: Summary) -> str:
    if not summary.promises:
        return tag("h2", _("Open promises")) + "\n" + tag("p", _("No promise is waiting to be kept."))
    note = f"<p>{html.escape(summary.promise_note())}</p>"
    rows = []
    for p in summary.promises:
        due = p.due.isoformat() if p.due else html.escape(_("no date"))
        flag = ' <span class="overdue">' + html.escape(_("OVERDUE")) + "</span>" if p.overdue else ""
        rows.append(f"<tr><td>{due}{flag}</td><td>{text(p.text)}</td><td>{text(p.who)}</td></tr>")
    heads = "".join(
        tag("th", name)
        for name in (pgettext("column", "Due"), pgettext("column", "Promise"), pgettext("column", "Customer"))
    )
    return (
        tag("h2", _("Open promises")) + f"\n{note}<table><thead><tr>{heads}</tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _new_and_recurring(summary: Summary) -> str:
    return (
        tag("h2", _("New this period vs recurring")) + '\n<div class="split">'
        "<div>" + tag("h3", _("New this period")) + f"{_list(summary.new_fixes)}</div>"
        "<div>" + tag("h3", _("Recurring")) + f"{_list(summary.recurring_fixes)}</div></div>"
    )
