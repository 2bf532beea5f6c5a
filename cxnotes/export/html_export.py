"""The summary as one self-contained html page: readable on a phone, printable on A4.

Everything is inline (CSS, SVG charts); a Content-Security-Policy forbids loading
anything at all, so the page works offline and opening it contacts no one. Every
piece of user text goes through :func:`text`, which cleans and ``html.escape``-s it:
a quote holding ``<script>`` shows those characters and runs nothing.
"""

from __future__ import annotations

import html

from cxnotes.domain.text import clean
from cxnotes.export import svg
from cxnotes.export.summary import Summary, Tally, TopFix
from cxnotes.export.why import Reason, changes_notes, reason_evidence, risk_note, shipped_note
from cxnotes.i18n import _

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


def render_html(summary: Summary) -> str:
    """The whole summary as an html document."""
    body = "\n".join(
        [
            _head(summary),
            _changes(summary),
            _headlines(summary),
            _top_fixes(summary),
            "<h2>Pain points per step</h2>",
            svg.bar_chart([(t.label, t.count) for t in summary.by_step], "Pain points per step"),
            "<h2>Pain points per week</h2>",
            svg.time_chart(summary.over_time, f"Pain points per {summary.unit}"),
            _partial_weeks(summary),
            _reasons(summary),
            _shipped(summary),
            _promises(summary),
            _new_and_recurring(summary),
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>Customer pain summary {summary.period.since.isoformat()} – "
        f"{summary.period.until.isoformat()}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _head(summary: Summary) -> str:
    period, previous = summary.period, summary.period.previous()
    who = "Customers are named." if summary.include_names else "Customers are shown by segment, not by name."
    return (
        "<header><h1>Customer pain summary</h1>"
        f'<p class="meta">{html.escape(period.label())}, compared with {previous.since.isoformat()} – '
        f"{previous.until.isoformat()}. Generated "
        f"{summary.generated.isoformat(sep=' ', timespec='minutes')}. {who}"
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
        cards.append(
            f'<div class="card"><b>{h.current:,}</b>{html.escape(h.label)}'
            f'<span class="{css}"> {arrow} {f"{abs(change):,}" if change else ""}</span>'
            f"<span> (before: {h.previous:,})</span></div>"
        )
    return '<h2>Headline numbers</h2>\n<div class="cards">' + "".join(cards) + "</div>"


def _changes(summary: Summary) -> str:
    items = [
        f"<li><b>{text(change.sentence())}</b>"
        + "".join(f"<br><q>{text(quote)}</q> (severity {severity})" for quote, severity in change.quotes[:1])
        + "</li>"
        for change in summary.action.changes
    ] or ["<li>No complaint count jumped: no week stood well above the weeks before it.</li>"]
    items += [f"<li>{text(line)}</li>" for line in changes_notes(summary)]
    return f"<h2>What changed</h2>\n<ul>{''.join(items)}</ul>"


def _why(fix: TopFix) -> str:
    if fix.why is None:
        return ""
    answer = text(fix.why.answer) if fix.why.answer else "none agreed yet"
    return (
        f"<p><b>Why:</b> {text(fix.why.words)}.<br>"
        f'<span class="facts">Score: {text(fix.why.equation(fix.score))}.</span><br>'
        f"Agreed answer: {answer}</p>"
    )


def _top_fixes(summary: Summary) -> str:
    if not summary.top_fixes:
        return "<h2>Top fixes</h2>\n<p>No open fix has pain points in this period.</p>"
    out = [f"<h2>Top {len(summary.top_fixes)} fixes</h2>", f"<p>{text(risk_note(summary))}</p>"]
    for fix in summary.top_fixes:
        steps = ", ".join(text(s) for s in fix.steps) or "—"
        quotes = "".join(
            f"<blockquote><p>“{text(q.text)}”</p><cite>— {text(q.who)}, severity {q.severity}, "
            f"{q.day.isoformat()}</cite></blockquote>"
            for q in fix.quotes
        )
        out.append(
            f'<section class="fix"><h3>{fix.rank}. {text(fix.title)}</h3>'
            f'<p class="facts">Score <b>{fix.score:g}</b> · status <b>{text(fix.status)}</b> · '
            f"<b>{_count(fix.customers, 'customer')}</b> affected · "
            f"{_count(fix.pain_points, 'pain point')} · steps: {steps} · "
            f"{'new this period' if fix.new else 'recurring'}</p>{_why(fix)}{quotes}</section>"
        )
    return "\n".join(out)


def _partial_weeks(summary: Summary) -> str:
    """Explain the starred, pale bars of weeks (or months) the period covers only in part."""
    partial = [bar for bar in summary.over_time if bar.days < bar.length]
    if not partial:
        return ""
    which = "; ".join(bar.label() for bar in partial)
    return f'<p class="meta">* Partial {summary.unit}, drawn pale ({which}).</p>'


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _list(tallies: list[Tally], unit: str) -> str:
    if not tallies:
        return "<p>None.</p>"
    items = "".join(f"<li>{text(t.label)} — {_count(t.count, unit)}</li>" for t in tallies)
    return f"<ul>{items}</ul>"


def _reasons(summary: Summary) -> str:
    return (
        "<h2>Why customers churned or asked for a refund</h2>\n"
        '<p class="meta">Ranked by how many customers gave each reason, then by how severe it was.</p>'
        '<div class="split">'
        f"<div><h3>Controllable</h3>{_reason_list(summary.controllable)}</div>"
        f"<div><h3>Involuntary</h3>{_reason_list(summary.involuntary)}</div></div>"
    )


def _reason_list(reasons: list[Reason]) -> str:
    if not reasons:
        return "<p>None.</p>"
    return (
        "<ul>" + "".join(f"<li>{text(r.label)} — {text(reason_evidence(r))}</li>" for r in reasons) + "</ul>"
    )


def _shipped(summary: Summary) -> str:
    if not summary.action.shipped:
        return "<h2>Shipped this period</h2>\n<p>No fix was shipped in this period.</p>"
    items = "".join(
        f"<li><b>{text(s.title)}</b> — {text(shipped_note(s))}</li>" for s in summary.action.shipped
    )
    return f"<h2>Shipped this period</h2>\n<ul>{items}</ul>"


def _promises(summary: Summary) -> str:
    if not summary.promises:
        return "<h2>Open promises</h2>\n<p>No promise is waiting to be kept.</p>"
    note = f"<p>{html.escape(summary.promise_note())}</p>"
    rows = []
    for p in summary.promises:
        due = p.due.isoformat() if p.due else "no date"
        flag = ' <span class="overdue">OVERDUE</span>' if p.overdue else ""
        rows.append(f"<tr><td>{due}{flag}</td><td>{text(p.text)}</td><td>{text(p.who)}</td></tr>")
    return (
        f"<h2>Open promises</h2>\n{note}<table><thead><tr><th>Due</th><th>Promise</th><th>Customer</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _new_and_recurring(summary: Summary) -> str:
    return (
        '<h2>New this period vs recurring</h2>\n<div class="split">'
        f"<div><h3>New this period</h3>{_list(summary.new_fixes, 'pain point')}</div>"
        f"<div><h3>Recurring</h3>{_list(summary.recurring_fixes, 'pain point')}</div></div>"
    )
