"""Editing the customer value chain: add, rename, reorder, retire and restore steps.

Pain points refer to a step by its slug, so a slug never changes once created: a
rename changes only the display name and description, and retiring a step hides it
from every picker while old pain points keep it (and still show its name). Each
change is one batch on the store; the editing screen runs these in a worker.
"""

from __future__ import annotations

import re
from collections import Counter

from cxnotes.domain.models import PainPoint, Step
from cxnotes.domain.text import clean, one_line
from cxnotes.i18n import _
from cxnotes.storage.store import Store

PICKER_DIGITS = 9
"""Active steps the live-call picker can reach with one digit."""

_SLUG = re.compile(r"[^\W_][\w-]{0,29}")
"""A slug: a letter or digit (any script), then up to 29 letters, digits, ``_`` or ``-``."""


class StepError(ValueError):
    """A change to the value chain that cannot be made; ``str()`` is a one-line message."""


def pain_point_counts(store: Store) -> Counter[str]:
    """How many pain points each step slug has (retired steps included)."""
    return Counter(str(doc.get("step", "")) for doc in store.docs(PainPoint))


def slug_for(name: str) -> str:
    """A slug proposed for a display name: "Sign-up / purchase" -> "sign-up-purchase"."""
    words = re.findall(r"[^\W_]+", clean(name, multiline=False).casefold())
    return "-".join(words)[:30].strip("-")


def _text(value: str, what: str, limit: int) -> str:
    text = " ".join(clean(value, multiline=False).split())
    if len(text) > limit:
        said = (
            _("The name is too long: at most {limit} characters.")
            if what == "name"
            else _("The description is too long: at most {limit} characters.")
        )
        raise StepError(said.format(limit=limit))
    return text


def _check_unique(steps: list[Step], name: str, slug: str, keep: Step | None = None) -> None:
    """Names and slugs are how the CLI and the form find a step: none may be taken twice."""
    for other in steps:
        if keep is not None and other.id == keep.id:
            continue
        taken = {other.slug.casefold(), other.name.casefold()}
        if name.casefold() in taken:
            raise StepError(
                _('"{name}" is already used by the step "{step}".').format(
                    name=one_line(name, 30), step=other.slug
                )
            )
        if slug.casefold() in taken:
            raise StepError(
                _('The slug "{slug}" is already used by the step "{step}".').format(
                    slug=slug, step=other.slug
                )
            )


def add_step(store: Store, name: str, description: str = "", slug: str = "") -> Step:
    """Add a step at the end of the chain; the slug is made from the name if not given.

    Raises:
        StepError: empty name, a bad or taken slug or name.
    """
    name = _text(name, "name", 60)
    if not name:
        raise StepError(_("Give the step a name."))
    slug = clean(slug, multiline=False).strip().casefold() or slug_for(name)
    if not _SLUG.fullmatch(slug):
        raise StepError(
            _('"{slug}" cannot be a slug: one word of letters, digits and -, at most 30.').format(
                slug=one_line(slug, 30)
            )
        )
    steps = store.steps(include_retired=True)
    _check_unique(steps, name, slug)
    step = Step(
        slug=slug,
        name=name,
        description=_text(description, "description", 200),
        order=max((s.order for s in steps), default=-1) + 1,
    )
    store.put(step)
    return step


def rename_step(store: Store, slug: str, name: str, description: str) -> Step:
    """Change a step's display name and description; its slug stays.

    Raises:
        StepError: no such step, an empty or taken name.
    """
    steps = store.steps(include_retired=True)
    step = _find(steps, slug)
    name = _text(name, "name", 60)
    if not name:
        raise StepError(_("A step needs a name."))
    _check_unique(steps, name, step.slug, keep=step)
    step.name = name
    step.description = _text(description, "description", 200)
    store.put(step)
    return step


def move_step(store: Store, slug: str, offset: int) -> list[Step]:
    """Move a step ``offset`` places along the chain (retired steps count as places).

    Every step is renumbered 0, 1, 2, ... so the order is exact even if stored orders
    tied; only the steps whose number changed are written, in one batch.
    """
    steps = store.steps(include_retired=True)
    step = _find(steps, slug)
    index = steps.index(step)
    target = max(0, min(len(steps) - 1, index + offset))
    steps.insert(target, steps.pop(index))
    changed = []
    for order, each in enumerate(steps):
        if each.order != order:
            each.order = order
            changed.append(each)
    store.write(put=changed)
    return steps


def set_retired(store: Store, slug: str, retired: bool) -> Step:
    """Retire a step (hidden from pickers; its pain points keep it) or bring it back.

    Raises:
        StepError: no such step, or it is the last active one (a pain point needs a step).
    """
    steps = store.steps(include_retired=True)
    step = _find(steps, slug)
    if retired and not step.retired and sum(not s.retired for s in steps) == 1:
        raise StepError(_("Keep at least one active step: every complaint needs one."))
    step.retired = retired
    store.put(step)
    return step


def _find(steps: list[Step], slug: str) -> Step:
    for step in steps:
        if step.slug == slug:
            return step
    raise StepError(
        _('There is no step "{slug}" any more; it may have been changed elsewhere.').format(
            slug=one_line(slug, 30)
        )
    )
