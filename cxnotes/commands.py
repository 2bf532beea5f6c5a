"""Command palette entries: every action of the screen it is opened on, by name, and a few named commands.

The screen's actions come from its key bindings (their descriptions are the names the
footer shows; the help line is the key and the action's docstring), so an action with
a key is in the palette without being listed twice. :data:`PALETTE` adds what has no
key on that screen, such as "New call" from anywhere the calls list can be reached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from cxnotes.i18n import N_

PALETTE: list[tuple[str, str, str]] = [
    ("New call", "Start a live call with a customer", "screen.new_call"),
    ("Calls", "Unfinished and past calls", "app.go_home"),
    ("Log a complaint", "Quick complaint from a chat or call, without an interview", "app.log_complaint"),
    ("Fixes", "Ranked fix list: what to fix first, and why", "app.show_fixes"),
    ("Customers", "Find a customer: their record, calls, pain points and promises", "app.show_customers"),
    ("Follow-ups", "Whom to call back (left or at risk, no reason known)", "app.show_followups"),
    ("Trends", "Complaints per week by step, channel, segment, operator; what jumped", "app.show_trends"),
    ("My week", "An operator's own week: calls, pain points, promises, fixes fed", "app.show_week"),
    ("Triage queue", "Pain points not attached to a fix yet", "screen.triage"),
    ("Inbox", "Imported conversations (helpdesk, chat, VOC sheets) waiting for review", "app.show_inbox"),
    ("Export summary", "CEO summary (md, html), csv of pain points or json backup", "app.show_export"),
    ("Edit value chain", "Rename, add, reorder or retire the customer value chain's steps", "app.edit_steps"),
    (
        N_("Conflicts"),
        N_("Versions replaced by a later one: keep mine or take theirs"),
        "screen.show_conflicts",
    ),
]
"""(name, help, action) of named commands; shown where the screen (or app) has the action."""


@dataclass(frozen=True)
class Entry:
    """One palette command."""

    name: str
    help: str
    run: Callable[[], object]


class CxCommands(Provider):
    """Offers the named commands and every bound action of the screen the palette was opened on."""

    def _entries(self) -> list[Entry]:
        screen = self.screen  # the screen under the palette (``app.screen`` is the palette itself)
        entries: dict[str, Entry] = {}
        named: set[tuple[int, str]] = set()
        for name, help_text, action in PALETTE:
            target, _, method = action.partition(".")
            owner = screen if target == "screen" else self.app
            if hasattr(owner, f"action_{method.split('(')[0]}"):
                entries[name.casefold()] = Entry(name, help_text, partial(self.app.run_action, action))
                named.add((id(owner), method))
        for entry in self._bound(screen, named):
            entries.setdefault(entry.name.casefold(), entry)
        return list(entries.values())

    def _bound(self, screen: Screen[object], named: set[tuple[int, str]]) -> Iterator[Entry]:
        """The screen's and the app's bound actions that can run now, each once with all its keys.

        ``named`` holds the (node id, action) of :data:`PALETTE` entries, which are not repeated.
        """
        keys: dict[tuple[int, str], list[str]] = {}
        found = []
        for active in screen.active_bindings.values():
            node, binding = active.node, active.binding
            if not binding.description or not active.enabled or not isinstance(node, Screen | App):
                continue
            which = (id(node), binding.action)
            if which in named:
                continue
            if which not in keys:
                keys[which] = []
                found.append((node, binding))
            keys[which].append(self.app.get_key_display(binding))
        for node, binding in found:
            method = getattr(node, f"action_{binding.action.split('(')[0]}", None)
            about = (method.__doc__ or "").strip().split("\n")[0] if method else ""
            shown = " / ".join(keys[(id(node), binding.action)])
            run = partial(self.app.run_action, binding.action, node)
            yield Entry(binding.description, f"{shown} · {about}" if about else shown, run)

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(entry.name, entry.run, help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.name)
            if score > 0:
                yield Hit(score, matcher.highlight(entry.name), entry.run, help=entry.help)
