"""A footer that is built again only when the keys it shows change.

Textual's :class:`Footer` throws its keys away and mounts new ones every time the screen
says its bindings may have changed: on each focus move, each time the screen is shown
again, on each resize. Each rebuild styles, lays out and draws a dozen new widgets, 20 to
60 ms of the UI thread at 120x40, and every screen of the stalls benchmark
(``benchmarks/stalls.py``) rebuilt its footer four to nine times with the same keys,
the calls list each time it came back.

:class:`SteadyFooter` notes what the keys it drew were made from (each shown key, its
display, description, group, whether it is enabled, its tooltip, and the palette's key)
and keeps its widgets while that stays the same.
"""

from __future__ import annotations

from textual.widgets import Footer


class SteadyFooter(Footer):
    """A :class:`Footer` that keeps its keys while the bindings it shows stay the same."""

    _drawn: tuple[object, ...] | None = None
    """What the keys on show were made from; None until a build showed keys."""

    def _shown(self) -> tuple[object, ...]:
        """Everything :meth:`Footer.compose` reads to make the keys, in its order."""
        app = self.app
        keys = tuple(
            (key, binding, app.get_key_display(binding), enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING
        )
        return keys, self.show_command_palette, app.ENABLE_COMMAND_PALETTE

    async def recompose(self) -> None:
        """Build the keys again, unless the bindings they show are the ones already shown."""
        if not self.is_attached:
            return await super().recompose()
        shown = self._shown()
        if shown == self._drawn:
            return
        await super().recompose()
        # Textual builds nothing until the screen first reports its bindings: build again then.
        self._drawn = shown if self.children else None
