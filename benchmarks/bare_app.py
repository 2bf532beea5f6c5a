"""The baseline for the terminal benchmarks: a bare Textual app holding one TextArea.

Whatever key latency and first-paint time this app has on a machine is what
Textual itself costs there; cxnotes is measured against it in the same run.
Run it with ``python -m benchmarks.bare_app``.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import TextArea


class BareApp(App[None]):
    """One focused TextArea filling the screen, nothing else."""

    def compose(self) -> ComposeResult:
        yield TextArea(id="text")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()


if __name__ == "__main__":
    BareApp().run()
