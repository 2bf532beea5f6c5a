"""The value-chain editor: the CVC steps in order, with how many pain points each has.

Rename, add, reorder and retire steps. The rules (stable slugs, unique names, at
least one active step) are :mod:`cxnotes.services.value_chain`; every change runs there in a
worker, one at a time, and the table is read again afterwards. A refused add or
rename reopens its dialog with what was typed, so nothing has to be typed twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from cxnotes.domain import labels
from cxnotes.domain.models import Step
from cxnotes.i18n import N_, _
from cxnotes.messages import StoreReady
from cxnotes.screens.footer import KeysInLanguage
from cxnotes.screens.typed_app import cx_app
from cxnotes.services import value_chain
from cxnotes.services.value_chain import PICKER_DIGITS, StepError
from cxnotes.storage.errors import StoreError
from cxnotes.storage.store import Store
from cxnotes.widgets.completing import CleanInput
from cxnotes.widgets.fitted_table import FittedTable
from cxnotes.widgets.steady_footer import SteadyFooter

DESCRIPTION_CELLS = 80
"""Most cells the description column gets in the table."""


@dataclass
class StepEdit:
    """What the step dialog returns."""

    slug: str
    """Empty for a new step whose slug should be made from its name."""
    name: str
    description: str


class StepDialog(ModalScreen[StepEdit | None]):
    """Name and description of a step (and its slug, when adding). Enter on the last field keeps."""

    BINDINGS = [Binding("escape", "dismiss(None)", N_("Cancel"), id="cancel")]

    def __init__(self, edit: StepEdit, *, new: bool, error: str = "") -> None:
        super().__init__()
        self.edit = edit
        self.new = new
        """Adding a step: the slug can be typed; afterwards it never changes."""
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = _("Add a step") if self.new else _("Rename the step “{slug}”").format(slug=self.edit.slug)
            yield Label(Text(title), classes="dialog-title")
            yield CleanInput(
                self.edit.name, placeholder=_("Name shown everywhere, e.g. Delivery"), id="step-name"
            )
            yield CleanInput(
                self.edit.description, placeholder=_("What happens to the customer here"), id="step-text"
            )
            if self.new:
                yield CleanInput(
                    self.edit.slug,
                    placeholder=_("Slug for the shell, e.g. delivery (empty: from the name; never changes)"),
                    id="step-slug",
                )
            yield Static(Text(self.error), classes="dialog-error")
            yield Label(_("Enter next / keep · Esc cancel"), classes="dialog-help")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        boxes = list(self.query(Input))
        if event.input is not boxes[-1]:
            self.focus_next()
            return
        self.dismiss(
            StepEdit(
                slug=self.query_one("#step-slug", Input).value if self.new else self.edit.slug,
                name=self.query_one("#step-name", Input).value,
                description=self.query_one("#step-text", Input).value,
            )
        )


class StepsScreen(KeysInLanguage, Screen[None]):
    """The value chain as a table; the cursor row is the step every key acts on."""

    CSS_PATH = "steps.tcss"
    BINDINGS = [
        Binding("e", "edit", N_("Rename"), id="steps-edit"),
        Binding("a", "add", N_("Add step"), id="steps-add"),
        Binding("ctrl+up,shift+up", "move(-1)", N_("Move up"), id="steps-up"),
        Binding("ctrl+down,shift+down", "move(1)", N_("Move down"), id="steps-down"),
        Binding("x", "retire", N_("Retire/restore"), id="steps-retire"),
        Binding("escape", "back", N_("Back"), id="steps-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[Step] = []
        """The chain as shown, retired steps included, in order."""
        self._counts: dict[str, int] = {}
        """Pain points per step slug, as shown."""
        self._changing = threading.Lock()
        """One change at a time, so quick repeated moves apply in turn."""
        self._cursor_slug: str | None = None
        """The step the cursor should be on after the next reload."""

    @property
    def store(self) -> Store | None:
        """The app's open store; None while it loads."""
        return cx_app(self).store

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Reading the value chain…"), id="steps-status")
        yield FittedTable(id="steps", cursor_type="row", zebra_stripes=True)
        yield Static(id="steps-detail")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = _("Value chain")
        self._fill()
        if self.store is not None:
            self.action_reload()

    @on(FittedTable.Resized)
    def _resized(self) -> None:
        """Cut the descriptions again once the table is drawn at its new width."""
        self.call_after_refresh(self._fill)

    def on_store_ready(self, _ready: StoreReady) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """Read the steps and their pain point counts again (in a worker)."""
        self._load()

    @work(thread=True, exclusive=True, group="steps-load", exit_on_error=False)
    def _load(self) -> None:
        if self.store is None:
            return
        steps = self.store.steps(include_retired=True)
        counts = value_chain.pain_point_counts(self.store)
        self.app.call_from_thread(self._show, steps, counts)

    def _show(self, steps: list[Step], counts: dict[str, int]) -> None:
        self.steps, self._counts = steps, counts
        keep = self._cursor_slug or self.current_slug
        self._fill()
        table = self.query_one(FittedTable)
        slugs = [s.slug for s in steps]
        if keep in slugs and table.cursor_row != slugs.index(keep):
            table.move_cursor(row=slugs.index(keep), animate=False)
        self._cursor_slug = None
        active = sum(not s.retired for s in steps)
        self._status(active, len(steps) - active)
        self._detail()

    def _fill(self) -> None:
        """The steps in the table, with their descriptions where every one fits whole beside the other
        columns: cut, a translated description read as a shorter sentence. The highlighted step's
        description is under the table either way."""
        table = self.query_one(FittedTable)
        cells: dict[str, list[Text]] = {}
        number = 0
        for step in self.steps:
            style = "dim" if step.retired else ""
            if not step.retired:
                number += 1
            cells[step.slug] = [
                Text("—" if step.retired else str(number), justify="right", style=style),
                Text(step.slug, style=style),
                Text(labels.step_name(step), style="dim strike" if step.retired else "bold"),
                Text(str(self._counts.get(step.slug, 0)), justify="right", style=style),
                Text(_("retired") if step.retired else "", style="yellow"),
            ]
        columns: list[tuple[str, str, int | None]] = [
            ("n", "#", None),
            ("slug", _("Slug"), None),
            ("name", _("Name"), None),
            ("points", _("Pain points"), None),
            ("state", "", None),
        ]
        firsts = [
            [label, *(row[i].plain for row in cells.values())] for i, (_k, label, _w) in enumerate(columns)
        ]
        room = table.room((0, DESCRIPTION_CELLS), *firsts)
        described = {
            s.slug: Text(labels.step_description(s), style="dim" if s.retired else "") for s in self.steps
        }
        if all(text.cell_len <= room for text in described.values()):
            columns.append(("description", _("Description"), room))
            for slug, text in described.items():
                cells[slug].append(text)
        table.fill(columns, cells)

    def _status(self, active: int, retired: int) -> None:
        counted = _("{n} active steps").format(n=active)
        text = Text(counted + (_(" · {n} retired").format(n=retired) if retired else ""))
        text.append(_(" · the number is the digit that picks the step in a call"), style="dim")
        if active > PICKER_DIGITS:
            text.append(
                "\n"
                + _(
                    "Only the first {n} active steps have a digit in the call picker: "
                    "move the one you need up, or retire one."
                ).format(n=PICKER_DIGITS),
                style="yellow",
            )
        self.query_one("#steps-status", Static).update(text)

    @on(DataTable.RowHighlighted)
    def _detail(self) -> None:
        step = self.current
        detail = self.query_one("#steps-detail", Static)
        if step is None:
            detail.update("")
            return
        text = Text.assemble(
            (labels.step_name(step), "bold"), f"  ({step.slug})\n", labels.step_description(step) or "—"
        )
        if step.retired:
            text.append(
                "\n" + _("Retired: hidden from pickers; its pain points keep it. x brings it back."),
                style="yellow",
            )
        detail.update(text)

    @property
    def current_slug(self) -> str | None:
        """Slug of the step under the cursor."""
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @property
    def current(self) -> Step | None:
        """The step under the cursor."""
        return next((s for s in self.steps if s.slug == self.current_slug), None)

    # -- changes -------------------------------------------------------------------------

    @work(thread=True, group="steps-change", exit_on_error=False)
    def _change(
        self,
        operation: Callable[..., Any],
        *args: Any,
        done: str = "",
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``operation(store, *args)`` off the UI thread; say why if it is refused."""
        if self.store is None:
            return
        with self._changing:
            try:
                operation(self.store, *args)
            except (StepError, StoreError) as error:
                report = refused or self._warn
                self.app.call_from_thread(report, str(error))
                return
        if done:
            self.app.call_from_thread(self.notify, done, markup=False)
        self.app.call_from_thread(self.action_reload)

    def _warn(self, message: str) -> None:
        self.notify(message, severity="warning", markup=False)

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        """Rename the step under the cursor (name and description; the slug stays)."""
        step = self.current
        if step is not None:  # shown as translated; kept as stored unless changed (see _edit_dialog)
            self._edit_dialog(
                StepEdit(step.slug, labels.step_name(step), labels.step_description(step)), new=False
            )

    def action_add(self) -> None:
        """Add a step at the end of the chain."""
        self._edit_dialog(StepEdit("", "", ""), new=True)

    def _edit_dialog(self, edit: StepEdit, *, new: bool, error: str = "") -> None:
        def done(result: StepEdit | None) -> None:
            if result is None:
                return

            def again(message: str) -> None:
                self._edit_dialog(result, new=new, error=message)

            step = next((s for s in self.steps if s.slug == result.slug), None)
            if step is not None and not new:  # a default step's translated text left as it was stays stored
                result.name = step.name if result.name == labels.step_name(step) else result.name
                same = result.description == labels.step_description(step)
                result.description = step.description if same else result.description
            if new:
                self._cursor_slug = result.slug or value_chain.slug_for(result.name)
                self._change(
                    value_chain.add_step, result.name, result.description, result.slug, refused=again
                )
            else:
                self._change(
                    value_chain.rename_step, result.slug, result.name, result.description, refused=again
                )

        self.app.push_screen(StepDialog(edit, new=new, error=error), done)

    def action_move(self, offset: int) -> None:
        """Move the step under the cursor up or down the chain."""
        slug = self.current_slug
        if slug is not None:
            self._cursor_slug = slug
            self._change(value_chain.move_step, slug, offset)

    def action_retire(self) -> None:
        """Retire the step under the cursor, or bring a retired one back."""
        step = self.current
        if step is None:
            return
        if step.retired:
            done = _("{step} is back in the pickers.").format(step=labels.step_name(step))
        else:
            done = _("{step} retired: hidden from pickers; its pain points keep it.").format(
                step=labels.step_name(step)
            )
        self._cursor_slug = step.slug
        self._change(value_chain.set_retired, step.slug, not step.retired, done=done)

    def action_back(self) -> None:
        """Back to where F8 was pressed."""
        self.app.pop_screen()
