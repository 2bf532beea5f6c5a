"""The export screen (F7, palette "Export summary"): choose a period and a format, see the summary, write it.

The preview is the md summary of what the fields say, rendered again (in a worker,
shortly after typing stops) whenever they change. Writing runs in a worker too,
through the same :func:`cxnotes.export.export_to_path` as ``cxnotes export -o``, so
a file is written whole or not at all; a notification gives its path.

The file goes by default to ``~/Documents`` when that folder exists, else to the
current folder, named after the format and the period; the path can be edited.
In a browser (``cxnotes serve``) a file on the server would be out of the user's
reach: the export is delivered as a download instead, and the box holds its name.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Header, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from cxnotes import export
from cxnotes.domain.dates import DateError, parse_date
from cxnotes.export.period import DEFAULT_DAYS, Period
from cxnotes.i18n import N_, _
from cxnotes.messages import StoreReady
from cxnotes.screens.footer import KeysInLanguage
from cxnotes.screens.typed_app import cx_app
from cxnotes.storage.errors import StoreError
from cxnotes.storage.store import Store
from cxnotes.widgets.completing import CleanInput
from cxnotes.widgets.markdown_lines import MarkdownLines
from cxnotes.widgets.steady_footer import SteadyFooter

PREVIEW_DELAY = 0.3
"""Seconds after the last change before the preview is rendered again: typing a date stays quick."""

FILE_STEMS = {"md": "summary", "html": "summary", "csv": "pain-points", "json": "export"}
"""What the default file name calls each format's content."""

MIME_TYPES = {"md": "text/markdown", "html": "text/html", "csv": "text/csv", "json": "application/json"}
"""What a browser is told each downloaded format is."""


def download_name(typed: str, fallback: str) -> str:
    """A download's file name from the box: its last part, in ASCII letters, digits, ``.``, ``-``, ``_``.

    textual-serve puts the name unquoted in a Content-Disposition header, where other
    characters (Hangul too) would break it or be misread; a name left without a letter
    or digit before its extension becomes ``fallback``, the default name.
    """
    last = typed.replace("\\", "/").rsplit("/", 1)[-1]
    stem, _dot, extension = last.rpartition(".") if "." in last else (last, "", "")
    stem, extension = (re.sub(r"[^A-Za-z0-9._-]+", "-", part).strip(".-") for part in (stem, extension))
    if not re.search(r"[A-Za-z0-9]", stem):
        return fallback
    return f"{stem}.{extension}" if extension else stem


def default_folder() -> Path:
    """``~/Documents`` if it exists (where people look for a report), else the current folder."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.cwd()


def default_name(fmt: str, period: Period) -> str:
    """``cxnotes-summary-2026-03-02-to-2026-03-31.html``, and so on."""
    stem = FILE_STEMS.get(fmt, "export")
    return f"cxnotes-{stem}-{period.since.isoformat()}-to-{period.until.isoformat()}.{fmt}"


@dataclass(frozen=True)
class Request:
    """What the fields ask for, checked."""

    since: date | None
    until: date | None
    period: Period
    fmt: str
    top: int
    include_names: bool
    operator: str = ""
    """Summaries of one operator's calls and pain points ("": the whole team)."""


class ExportScreen(KeysInLanguage, Screen[None]):
    """Period, format, top N and names; the md summary as a preview; Ctrl+S writes the file."""

    CSS_PATH = "export.tcss"
    BINDINGS = [
        Binding("ctrl+s", "write", N_("Export"), id="export-write"),
        Binding("escape", "back", N_("Back"), id="export-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self._path_edited = False
        """The user typed a path: format and period changes no longer rename the file."""
        self._naming = False
        """The screen itself is setting the path; that change is not the user's."""
        self._field_error = False
        """The status line shows why the fields cannot be used; a good preview clears it."""

    @property
    def store(self) -> Store | None:
        """The app's open store; None while it loads."""
        return cx_app(self).store

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="export-form"):
            with Vertical(classes="field"):
                yield Label(_("Since"))
                yield CleanInput(
                    placeholder=_("{days} days ago").format(days=DEFAULT_DAYS), id="export-since"
                )
            with Vertical(classes="field"):
                yield Label(_("Until"))
                yield CleanInput(placeholder=_("today"), id="export-until")
            with Vertical(classes="field"):
                yield Label(_("Format"))
                options = [
                    (_("md summary"), "md"),
                    (_("html page"), "html"),
                    (_("csv rows"), "csv"),
                    (_("json records"), "json"),
                ]
                yield Select(options, value="html", allow_blank=False, id="export-format")
            with Vertical(classes="field narrow"):
                yield Label(_("Top fixes"))
                yield CleanInput(str(export.DEFAULT_TOP), type="integer", id="export-top")
            with Vertical(classes="field"):
                yield Label(_("Customers"))
                yield Checkbox(_("Include names"), id="export-names")
            with Vertical(classes="field"):
                yield Label(_("Operator"))
                yield CleanInput(placeholder=_("whole team"), id="export-operator")
        with Horizontal(id="export-file"):
            yield Label(_("File"), id="export-file-label")
            yield CleanInput(id="export-path")
            yield Button(_("Export"), variant="primary", id="export-button")
        yield Static(id="export-status")
        with Vertical(id="export-preview"):
            yield MarkdownLines(id="export-markdown")
        yield SteadyFooter()

    def on_mount(self) -> None:
        if self.app.is_web:
            self.query_one("#export-file-label", Label).update(_("Download as"))
            self.query_one("#export-button", Button).label = _("Download")
        self._rename()
        self.query_one("#export-since", Input).focus()
        if self.store is not None:
            self._schedule()

    def on_store_ready(self, _ready: StoreReady) -> None:
        self._schedule()

    def action_back(self) -> None:
        """Leave the screen; a file being written is still finished and announced."""
        self.app.pop_screen()

    # -- reading the fields ---------------------------------------------------------------

    def _request(self) -> Request:
        """The fields as a request.

        Raises:
            DateError: a date cannot be read.
            export.ExportError: the period or the top number is not possible.
        """
        today = datetime.now().astimezone().date()
        since = self._day("#export-since", _("Since"), today)
        until = self._day("#export-until", _("Until"), today)
        top_text = self.query_one("#export-top", Input).value.strip()
        top = int(top_text) if top_text else export.DEFAULT_TOP
        if top < 1:
            raise export.ExportError(_("Top fixes must be at least 1."))
        return Request(
            since=since,
            until=until,
            period=Period.resolve(since, until, today),
            fmt=str(self.query_one("#export-format", Select).value),
            top=top,
            include_names=self.query_one("#export-names", Checkbox).value,
            operator=" ".join(self.query_one("#export-operator", Input).value.split()),
        )

    def _day(self, selector: str, label: str, today: date) -> date | None:
        text = self.query_one(selector, Input).value.strip()
        if not text:
            return None
        try:
            return parse_date(text, today)
        except DateError as error:
            raise DateError(_("{label}: {error}").format(label=label, error=error)) from None

    def _checked(self) -> Request | None:
        """The request, or None after showing why the fields cannot be used."""
        try:
            return self._request()
        except (DateError, export.ExportError) as error:
            self._status(str(error), error=True)
            self._field_error = True
            return None

    def _status(self, message: str, *, error: bool = False) -> None:
        """One line under the fields: why the fields cannot be used, or how the export went."""
        if not self.is_attached:
            return
        self._field_error = False
        status = self.query_one("#export-status", Static)
        status.update(Text(message))
        status.set_class(error, "error")

    def _rename(self) -> None:
        """Put the default file name for the fields in the path box, unless the user chose a path."""
        if self._path_edited:
            return
        try:
            request = self._request()
        except (DateError, export.ExportError):
            return
        path = self.query_one("#export-path", Input)
        self._naming = True
        name = default_name(request.fmt, request.period)
        path.value = name if self.app.is_web else str(default_folder() / name)

    # -- reacting to changes --------------------------------------------------------------

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        if self._naming:
            self._naming = False
        else:
            self._path_edited = True

    @on(Input.Changed, "#export-since, #export-until, #export-top, #export-operator")
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _fields_changed(self) -> None:
        self._rename()
        self._schedule()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the file path it exports."""
        if event.input.id == "export-path":
            self.action_write()
        else:
            self.focus_next()

    @on(Button.Pressed, "#export-button")
    def _pressed(self) -> None:
        self.action_write()

    def _schedule(self) -> None:
        """Render the preview once typing has paused."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(PREVIEW_DELAY, self._preview)

    # -- the work ---------------------------------------------------------------------------

    def _preview(self) -> None:
        request = self._checked()
        if request is None or self.store is None:
            return
        if self._field_error:
            self._status("")
        preview = self.query_one("#export-preview", Vertical)
        preview.border_title = _("Preview: md summary of {period}").format(period=request.period.label())
        self._render_preview(self.store, request)

    @work(thread=True, exclusive=True, group="export-preview", exit_on_error=False)
    def _render_preview(self, store: Store, request: Request) -> str:
        return export.render(
            store,
            "md",
            since=request.since,
            until=request.until,
            top=request.top,
            include_names=request.include_names,
            operator=request.operator,
        )

    def action_write(self) -> None:
        """Write the export to the file in the path box, in a worker."""
        request = self._checked()
        if request is None:
            return
        if self.store is None:
            self._status(_("The store is still opening; try again in a moment."), error=True)
            return
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self._status(_("Give a file to write to."), error=True)
            return
        if self.app.is_web:
            self._status(_("Preparing the {format} download…").format(format=request.fmt))
            name = download_name(path, default_name(request.fmt, request.period))
            self._download(self.store, request, name)
            return
        self._status(_("Exporting {format} to {path}…").format(format=request.fmt, path=path))
        self._write(self.store, request, path)

    @work(thread=True, exclusive=True, group="export-write", exit_on_error=False)
    def _download(self, store: Store, request: Request, name: str) -> None:
        """Render the export off the UI thread, then hand it to the browser as a download."""
        try:
            text = export.render(
                store,
                request.fmt,
                since=request.since,
                until=request.until,
                top=request.top,
                include_names=request.include_names,
                operator=request.operator,
            )
        except (export.ExportError, StoreError) as error:
            self.app.call_from_thread(self._announce, str(error), failed=True)
            return
        self.app.call_from_thread(self._deliver, text, name, request.fmt)

    def _deliver(self, text: str, name: str, fmt: str) -> None:
        self.app.deliver_text(
            io.StringIO(text), save_filename=name, encoding="utf-8", mime_type=MIME_TYPES.get(fmt)
        )
        self._announce(_("Downloading {name}").format(name=name))

    @work(thread=True, exclusive=True, group="export-write", exit_on_error=False)
    def _write(self, store: Store, request: Request, path: str) -> None:
        """Write the file and announce the outcome; both still happen if the screen was left meanwhile."""

        def progress(stage: str, done: int, total: int) -> None:
            self.app.call_from_thread(
                self._status,
                _("Exporting: {stage}").format(stage=stage) + (f" {done}/{total}" if total else "…"),
            )

        try:
            written = export.export_to_path(
                store,
                request.fmt,
                path,
                since=request.since,
                until=request.until,
                top=request.top,
                include_names=request.include_names,
                progress=progress,
                operator=request.operator,
            )
        except (export.ExportError, StoreError) as error:
            self.app.call_from_thread(self._announce, str(error), failed=True)
        else:
            self.app.call_from_thread(self._announce, _("Wrote {path}").format(path=written))

    def _announce(self, message: str, *, failed: bool = False) -> None:
        """A notification (seen on any screen) and, while this screen is up, the status line."""
        self._status(message, error=failed)
        if failed:
            self.app.notify(message, title=_("Export failed"), severity="error", markup=False)
        else:
            self.app.notify(message, title=_("Export"), markup=False, timeout=10)

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        """Show a finished preview; an unexpected failure of either worker becomes one line."""
        group, state = event.worker.group, event.state
        if group == "export-preview" and state == WorkerState.SUCCESS:
            self.query_one("#export-markdown", MarkdownLines).update(str(event.worker.result))
        elif group in ("export-preview", "export-write") and state == WorkerState.ERROR:
            error = event.worker.error
            known = isinstance(error, (export.ExportError, StoreError))
            failed = _("Export failed: {error}").format(error=repr(error))
            self._announce(str(error) if known else failed, failed=True)
