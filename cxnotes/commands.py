"""Command palette entries: every action of the screen it is opened on, by name, and a few named commands.

The screen's actions come from its key bindings (their descriptions are the names the
footer shows; the help line is the key and the action's docstring), so an action with
a key is in the palette without being listed twice. :data:`PALETTE` adds what has no
key on that screen, such as "New call" from anywhere the calls list can be reached, and
Textual's system commands (theme, quit, screenshot), which replace Textual's own provider
so that they too speak the interface's language.

Names and help are shown in the interface's language; a command is found by its shown
name or by its English one (an operator who learned "Export" in English still finds it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.app import App
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from cxnotes.i18n import N_, _
from cxnotes.screens.footer import english_bindings

PALETTE: list[tuple[str, str, str]] = [
    (N_("New call"), N_("Start a live call with a customer"), "screen.new_call"),
    (N_("Calls"), N_("Unfinished and past calls"), "app.go_home"),
    (
        N_("Log a complaint"),
        N_("Quick complaint from a chat or call, without an interview"),
        "app.log_complaint",
    ),
    (N_("Fixes"), N_("Ranked fix list: what to fix first, and why"), "app.show_fixes"),
    (
        N_("Customers"),
        N_("Find a customer: their record, calls, pain points and promises"),
        "app.show_customers",
    ),
    (N_("Follow-ups"), N_("Whom to call back (left or at risk, no reason known)"), "app.show_followups"),
    (
        N_("Trends"),
        N_("Complaints per week by step, channel, segment, operator; what jumped"),
        "app.show_trends",
    ),
    (N_("My week"), N_("An operator's own week: calls, pain points, promises, fixes fed"), "app.show_week"),
    (N_("Triage queue"), N_("Pain points not attached to a fix yet"), "screen.triage"),
    (
        N_("Inbox"),
        N_("Imported conversations (helpdesk, chat, VOC sheets) waiting for review"),
        "app.show_inbox",
    ),
    (
        N_("Export summary"),
        N_("CEO summary (md, html), csv of pain points or json backup"),
        "app.show_export",
    ),
    (
        N_("Edit value chain"),
        N_("Rename, add, reorder or retire the customer value chain's steps"),
        "app.edit_steps",
    ),
    (
        N_("Conflicts"),
        N_("Versions replaced by a later one: keep mine or take theirs"),
        "screen.show_conflicts",
    ),
]
"""(name, help, action) of named commands, marked with ``N_`` and translated where shown."""


@dataclass(frozen=True)
class Entry:
    """One palette command."""

    name: str
    """As shown: in the interface's language."""
    help: str
    run: Callable[[], object]
    english: str = ""
    """The name as written in the code, also searched; empty when it is the shown name."""


class CxCommands(Provider):
    """Offers the named commands and every bound action of the screen the palette was opened on."""

    def _entries(self) -> list[Entry]:
        screen = self.screen  # the screen under the palette (``app.screen`` is the palette itself)
        entries: dict[str, Entry] = {}
        named: set[tuple[int, str]] = set()
        for name, help_text, action in PALETTE:
            target, _dot, method = action.partition(".")
            owner = screen if target == "screen" else self.app
            if hasattr(owner, f"action_{method.split('(')[0]}"):
                run = partial(self.app.run_action, action)
                entries[name.casefold()] = Entry(_(name), _(help_text), run, english=name)
                named.add((id(owner), method))
        for entry in self._bound(screen, named):
            entries.setdefault((entry.english or entry.name).casefold(), entry)
        for title, help_text, callback, discover in self.app.get_system_commands(screen):
            if discover:
                entries.setdefault(title.casefold(), Entry(_(title), _(help_text), callback, english=title))
        return list(entries.values())

    def _bound(self, screen: Screen[object], named: set[tuple[int, str]]) -> Iterator[Entry]:
        """The screen's and the app's bound actions that can run now, each once with all its keys.

        ``named`` holds the (node id, action) of :data:`PALETTE` entries, which are not repeated.
        """
        from cxnotes.screens.keys import what_it_does  # the help screen's module: not on the first paint

        keys: dict[tuple[int, str], list[str]] = {}
        found = []
        for active in english_bindings(screen).values():
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
            about = what_it_does(node, binding)
            shown = " / ".join(keys[(id(node), binding.action)])
            run = partial(self.app.run_action, binding.action, node)
            name = _(binding.description)
            yield Entry(
                name, f"{shown} · {about}" if about != name else shown, run, english=binding.description
            )

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(entry.name, entry.run, help=entry.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.name)
            english = matcher.match(entry.english) if entry.english and entry.english != entry.name else 0
            if english > score:  # found by its English name: show both, the English highlighted
                yield Hit(
                    english, matcher.highlight(f"{entry.name} · {entry.english}"), entry.run, help=entry.help
                )
            elif score > 0:
                yield Hit(score, matcher.highlight(entry.name), entry.run, help=entry.help)


class TextualInLanguage(App[None]):
    """Mix in before ``App``: Textual's own words (the palette's placeholder, Ctrl+C's hint) in ours."""

    def action_command_palette(self) -> None:
        """Open the command palette: every action by its name."""
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))

    def action_help_quit(self) -> None:
        """Say which key quits, for someone who pressed Ctrl+C (which copies)."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                shown = self.get_key_display(active.binding)
                self.notify(_("Press {key} to quit.").format(key=shown), title=_("Do you want to quit?"))
                return
