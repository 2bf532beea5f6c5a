"""A live call being taken: what the operator typed, and what is not saved yet.

No Textual and no disk here. The call screen edits a :class:`CallSession`; a
saver periodically takes the dirty records (:meth:`CallSession.take_dirty`) and
writes them in one batch off the UI thread. If that write fails the records are
handed back (:meth:`CallSession.give_back`) and stay in memory until a later
save succeeds, so nothing typed is lost while the disk is full.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from cxnotes.domain.models import Call, Customer, Line, PainPoint, Promise, Record, now
from cxnotes.storage.errors import StoreWriteError

if TYPE_CHECKING:
    from cxnotes.storage.store import Store


@dataclass
class Dirty:
    """Records to save and to delete, copied so the saver never sees half an edit."""

    put: list[Record] = field(default_factory=list)
    delete: list[Record] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.put or self.delete)


class CallSession:
    """The state of one call on screen, restored or new."""

    @staticmethod
    def clock() -> datetime:
        """Where the call's time comes from: the wall clock. Tests step or freeze it here."""
        return now()

    def __init__(
        self,
        call: Call,
        customer: Customer | None = None,
        lines: list[Line] | None = None,
        pain_points: list[PainPoint] | None = None,
        promises: list[Promise] | None = None,
        current: Line | None = None,
    ) -> None:
        self.call = call
        self.customer = customer
        self.lines: list[Line] = lines or []
        self.pain_points: list[PainPoint] = pain_points or []
        self.promises: list[Promise] = promises or []
        self.current = current
        """The line being typed, not yet committed with Enter (saved with ``typing`` set)."""
        latest = current or (self.lines[-1] if self.lines else None)
        self.speaker = latest.speaker if latest else "customer"
        """Speaker of the next line."""
        last_offset = latest.offset if latest else 0.0
        restored = latest is not None or call.ended_at is not None
        self._origin = self.clock().timestamp() - last_offset if restored else call.started_at.timestamp()
        self._mutex = threading.Lock()
        self._saving = threading.Lock()
        self._dirty: dict[str, Record] = {}
        self._deleted: dict[str, Record] = {}
        self._whole_line: set[str] = set()
        """Pain points marked on a whole line: their quote follows the line's text."""
        if not restored:
            self._touch(call)
            if customer is not None:
                self._touch(customer)

    @classmethod
    def load(cls, store: Store, call_id: str) -> CallSession:
        """A stored call with its customer, transcript, pain points and promises.

        An unfinished call's last line, if it was still being typed when last saved (a
        crash, a quit mid-line), comes back as the current line, to finish with Enter.
        """
        call = store.get(Call, call_id)
        if call is None:
            raise KeyError(call_id)
        lines = store.lines_of(call_id)
        current = lines.pop() if lines and lines[-1].typing and not call.finished else None
        return cls(
            call,
            store.get(Customer, call.customer_id),
            lines,
            store.pain_points_of(call_id),
            store.promises_of(call_id),
            current,
        )

    @classmethod
    def start(cls, customer: Customer | None, channel: str) -> CallSession:
        """A new call starting now."""
        call = Call(customer_id=customer.id if customer else None, channel=channel, started_at=cls.clock())
        return cls(call, customer)

    # -- clock --------------------------------------------------------------------------

    def elapsed(self) -> float:
        """Seconds on the call clock; a resumed call continues from its last line."""
        return max(0.0, self.clock().timestamp() - self._origin)

    # -- transcript ---------------------------------------------------------------------

    def type_current(self, text: str) -> Line | None:
        """The operator typed: begin the current line at the call time, or update it."""
        if self.current is None:
            if not text:
                return None
            self.current = Line(
                call_id=self.call.id,
                index=len(self.lines),
                offset=self.elapsed(),
                speaker=self.speaker,
                typing=True,
            )
        self.current.text = text
        self._touch(self.current)
        return self.current

    def commit_current(self) -> Line | None:
        """Enter: the current line joins the transcript (if it has text)."""
        line, self.current = self.current, None
        if line is None:
            return None
        if not line.text.strip():
            self._remove(line)
            return None
        line.typing = False
        self._touch(line)
        self.lines.append(line)
        self._refresh_quotes(line)
        return line

    def toggle_speaker(self, line: Line | None = None) -> str:
        """Flip a line's speaker (the current line, or the next one if none is typed)."""
        target = line or self.current
        if target is None:
            self.speaker = _other(self.speaker)
            return self.speaker
        target.speaker = _other(target.speaker)
        if target is self.current:
            self.speaker = target.speaker
        self._touch(target)
        return target.speaker

    def edit_line(self, line: Line, text: str) -> None:
        """Change a committed line's text."""
        line.text = text
        self._touch(line)
        self._refresh_quotes(line)

    def line_for_mark(self) -> Line | None:
        """The line a mark refers to while typing: the current one if any, else the last."""
        if self.current is not None:
            return self.current
        return self.lines[-1] if self.lines else None

    def _refresh_quotes(self, line: Line) -> None:
        for point in self.pain_points:
            if point.id in self._whole_line and point.line_id == line.id and point.quote != line.text:
                point.quote = line.text
                self._touch(point)

    # -- pain points and promises --------------------------------------------------------

    def mark(
        self, line: Line | None, quote: str, step: str, severity: int, fix_id: str | None = None
    ) -> PainPoint:
        """Record a pain point on a line (or on the call when no line exists yet)."""
        point = PainPoint(
            quote=quote or (line.text if line else ""),
            step=step,
            severity=severity,
            customer_id=self.call.customer_id,
            call_id=self.call.id,
            line_id=line.id if line else None,
            channel=self.call.channel,
            created_at=self.clock(),
            fix_id=fix_id,
        )
        if line is not None and not quote:
            self._whole_line.add(point.id)
        self.pain_points.append(point)
        self._touch(point)
        return point

    def update_point(self, point: PainPoint, step: str, severity: int, fix_id: str | None) -> None:
        """Change a pain point's tags."""
        point.step, point.severity, point.fix_id = step, severity, fix_id
        self._touch(point)

    def remove_point(self, point: PainPoint) -> None:
        """Delete a pain point."""
        self.pain_points.remove(point)
        self._remove(point)

    def add_promise(self, text: str, due: date | None) -> Promise:
        """Record something promised to the customer."""
        call = self.call
        promise = Promise(
            text=text, due=due, customer_id=call.customer_id, call_id=call.id, created_at=self.clock()
        )
        self.promises.append(promise)
        self._touch(promise)
        return promise

    def toggle_promise(self, promise: Promise) -> None:
        """Mark a promise done or not done."""
        promise.done = not promise.done
        self._touch(promise)

    def remove_promise(self, promise: Promise) -> None:
        """Delete a promise."""
        self.promises.remove(promise)
        self._remove(promise)

    def extra(self, record: Record) -> None:
        """Save another record (a new fix, say) with the call's next batch."""
        self._touch(record)

    def set_customer(self, customer: Customer) -> None:
        """Link the call and everything on it to a (possibly newly created) customer."""
        self.customer = customer
        self.call.customer_id = customer.id
        self._touch(customer)
        self._touch(self.call)
        on_call: list[PainPoint | Promise] = [*self.pain_points, *self.promises]
        for record in on_call:
            record.customer_id = customer.id
            self._touch(record)

    def end(self, outcome: str, summary: str, when: datetime | None = None) -> None:
        """Finish the call; the current line, if any, is committed first."""
        self.commit_current()
        self.call.outcome = outcome
        self.call.summary = summary
        self.call.ended_at = when or self.clock()
        self._touch(self.call)

    # -- saving -------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """Whether anything is not saved yet."""
        return bool(self._dirty or self._deleted)

    def take_dirty(self) -> Dirty:
        """Hand the unsaved records to a saver, as copies."""
        with self._mutex:
            batch = Dirty(
                put=[copy.copy(r) for r in self._dirty.values()],
                delete=list(self._deleted.values()),
            )
            self._dirty.clear()
            self._deleted.clear()
        return batch

    def save(self, store: Store) -> str | None:
        """Write what changed in one durable batch.

        Returns:
            None once it is on disk; otherwise why not. The change is then handed
            back and stays in memory for the next try.
        """
        with self._saving:  # one save at a time, so an older batch never lands after a newer one
            batch = self.take_dirty()
            if not batch:
                return None
            try:
                store.write(put=batch.put, delete=batch.delete)
            except StoreWriteError as error:
                self.give_back(batch)
                return str(error)
            return None

    def give_back(self, batch: Dirty) -> None:
        """A save failed: keep its records dirty unless edited (or deleted) since."""
        with self._mutex:
            for record in batch.put:
                if record.id not in self._dirty and record.id not in self._deleted:
                    self._dirty[record.id] = record
            for record in batch.delete:
                if record.id not in self._dirty:
                    self._deleted.setdefault(record.id, record)

    def _touch(self, record: Record) -> None:
        with self._mutex:
            self._deleted.pop(record.id, None)
            self._dirty[record.id] = record

    def _remove(self, record: Record) -> None:
        with self._mutex:
            self._dirty.pop(record.id, None)
            self._deleted[record.id] = record


def _other(speaker: str) -> str:
    return "operator" if speaker == "customer" else "customer"
