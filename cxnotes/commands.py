"""Command palette entries for what a user would search for by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

PALETTE: list[tuple[str, str, str]] = [
    ("New call", "Start a live call with a customer", "screen.new_call"),
    ("Calls", "Unfinished and past calls", "app.go_home"),
    ("Log a complaint", "Quick complaint from a chat or call, without an interview", "app.log_complaint"),
    ("Fixes", "Ranked fix list: what to fix first, and why", "app.show_fixes"),
    ("Triage queue", "Pain points not attached to a fix yet", "screen.triage"),
    ("Inbox", "Imported conversations (helpdesk, chat, VOC sheets) waiting for review", "app.show_inbox"),
    ("Export summary", "CEO summary (md, html), csv of pain points or json backup", "app.show_export"),
    ("Edit value chain", "Rename, add, reorder or retire the customer value chain's steps", "app.edit_steps"),
]
"""(name, help, action) of every palette command; screens and features add theirs."""


class CxCommands(Provider):
    """Offers the entries of :data:`PALETTE` that the current screen can run."""

    def _entries(self) -> list[tuple[str, str, str]]:
        screen = self.app.screen
        usable = []
        for name, help_text, action in PALETTE:
            target, _, method = action.partition(".")
            owner = screen if target == "screen" else self.app
            if hasattr(owner, f"action_{method.split('(')[0]}"):
                usable.append((name, help_text, action))
        return usable

    async def discover(self) -> Hits:
        for name, help_text, action in self._entries():
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(self.app.run_action, action), help=help_text
                )
