"""``cxnotes triage``: the pain points waiting for a fix, with ``--suggest`` the fixes they likely belong to.

Suggestions come from :mod:`cxnotes.services.suggest` (the same ones the triage screen shows) and
never attach anything: a person decides. ``--suggest`` also lists open fixes that look
like the same problem, for merging. The store is opened read-only, so this works while
the app is open.
"""

from __future__ import annotations

import argparse
import json

from cxnotes.cli import common
from cxnotes.domain.models import Fix
from cxnotes.domain.text import one_line
from cxnotes.i18n import _
from cxnotes.services import triage

QUOTE_WIDTH = 60
"""Cells of a quote in the text listing; json has it whole."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``triage`` subcommand."""
    parser = subparsers.add_parser(
        "triage",
        help=_("list pain points without a fix (--suggest: with their likely fixes)"),
        description=_(
            "List the triage queue, most severe first. With --suggest, each pain point gets up to "
            "three fixes it likely belongs to (by its words against each fix's title and evidence), "
            "and fixes that look alike are suggested for merging. Nothing is attached or merged."
        ),
    )
    parser.add_argument(
        "--suggest", action="store_true", help=_("add likely fixes and likely duplicate fixes")
    )
    parser.add_argument("--top", type=int, metavar="N", help=_("only the first N pain points"))
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help=_("text (default) or json")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read the queue (and the suggestions), print them."""
    if args.top is not None and args.top < 1:
        raise common.UserError(_("--top needs a whole number of 1 or more."))
    with common.open_store(args, readonly=True) as store:
        points = triage.queue(store)[: args.top]
        suggested, duplicates, titles = {}, [], {}
        if args.suggest:
            index = triage.suggestion_index(store)
            suggested = triage.suggestions(index, points)
            duplicates = triage.duplicate_fixes(index)
            titles = {d["id"]: str(d.get("title", "")) for d in store.docs(Fix)}
    if args.format == "json":
        document: dict[str, object] = {
            "points": [
                {
                    "id": p.id, "quote": p.quote, "step": p.step, "severity": p.severity,
                    "created_at": p.created_at.isoformat(), "call_id": p.call_id,
                    **({"suggestions": [vars(s) for s in suggested.get(p.id, [])]} if args.suggest else {}),
                }
                for p in points
            ]
        }  # fmt: skip
        if args.suggest:
            document["merges"] = [
                {
                    **vars(d),
                    "source_title": titles.get(d.source_id, ""),
                    "target_title": titles.get(d.target_id, ""),
                }
                for d in duplicates
            ]
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    console = common.stdout()
    for p in points:
        console.print(f"{p.severity} {p.step:<10} {one_line(p.quote, QUOTE_WIDTH)}")
        for rank, s in enumerate(suggested.get(p.id, []), start=1):
            console.print(f"    {rank}. {one_line(s.title, QUOTE_WIDTH)}  ({s.score:.2f})")
    for d in duplicates:
        source, target = one_line(titles.get(d.source_id, ""), 40), one_line(titles.get(d.target_id, ""), 40)
        console.print(
            _("Merge? “{source}” into “{target}” ({score})").format(
                source=source, target=target, score=f"{d.score:.2f}"
            )
        )
    if not points:
        console.print(_("No pain point is waiting for a fix."))
    return 0
