"""What the interface calls the values stored in records, in the current language.

Records keep English keys (``"in progress"``, ``"churned"``, a step's ``"discover"``): they are an
interface to the CLI, the exports' json and other team members. Only what is shown is translated,
here, in one place. A default step keeps its translated name and description until a lead
renames it; a renamed step shows the lead's words.
"""

from __future__ import annotations

from typing import Protocol

from cxnotes.domain.models import DEFAULT_STEPS
from cxnotes.i18n import pgettext


def fix_status(status: str) -> str:
    """A fix's status (:data:`~cxnotes.domain.models.FIX_STATUSES`) as shown."""
    return {
        "open": pgettext("fix status", "open"),
        "planned": pgettext("fix status", "planned"),
        "in progress": pgettext("fix status", "in progress"),
        "shipped": pgettext("fix status", "shipped"),
        "won't fix": pgettext("fix status", "won't fix"),
    }.get(status, status)


def outcome(value: str) -> str:
    """How a call ended (:data:`~cxnotes.domain.models.OUTCOMES`) as shown."""
    return {
        "resolved": pgettext("call outcome", "resolved"),
        "retained": pgettext("call outcome", "retained"),
        "refund requested": pgettext("call outcome", "refund requested"),
        "churned": pgettext("call outcome", "churned"),
        "other": pgettext("call outcome", "other"),
    }.get(value, value)


def customer_status(status: str) -> str:
    """A customer's status (:data:`~cxnotes.domain.models.CUSTOMER_STATUSES`) as shown."""
    return {
        "active": pgettext("customer status", "active"),
        "at-risk": pgettext("customer status", "at-risk"),
        "churned": pgettext("customer status", "churned"),
        "refund-requested": pgettext("customer status", "refund-requested"),
    }.get(status, status)


def channel(value: str) -> str:
    """A channel (:data:`~cxnotes.domain.models.CHANNELS`) as shown."""
    return {
        "phone": pgettext("channel", "phone"),
        "chat": pgettext("channel", "chat"),
        "video": pgettext("channel", "video"),
        "in person": pgettext("channel", "in person"),
        "email": pgettext("channel", "email"),
        "other": pgettext("channel", "other"),
    }.get(value, value)


def speaker(value: str) -> str:
    """Who said a line (:data:`~cxnotes.domain.models.SPEAKERS`) as shown."""
    return {"customer": pgettext("speaker", "customer"), "operator": pgettext("speaker", "operator")}.get(
        value, value
    )


class _StepLike(Protocol):
    slug: str
    name: str
    description: str


_DEFAULTS = {slug: (name, text) for slug, name, text in DEFAULT_STEPS}


def _default_step_texts() -> dict[str, tuple[str, str]]:
    """The default chain's names and descriptions in the current language, by slug."""
    return {
        "discover": (
            pgettext("step", "Discover"),
            pgettext("step", "First hears of us: ads, word of mouth, search."),
        ),
        "evaluate": (
            pgettext("step", "Evaluate"),
            pgettext("step", "Compares, reads reviews, tries a demo, asks questions."),
        ),
        "purchase": (
            pgettext("step", "Sign-up / purchase"),
            pgettext("step", "Signs up, chooses a plan, pays for the first time."),
        ),
        "onboarding": (
            pgettext("step", "Onboarding"),
            pgettext("step", "First days: set-up, first use, learning the ropes."),
        ),
        "use": (pgettext("step", "Use"), pgettext("step", "Everyday use of the product or service.")),
        "support": (
            pgettext("step", "Support"),
            pgettext("step", "Asks for help and gets (or does not get) an answer."),
        ),
        "billing": (
            pgettext("step", "Billing / renewal"),
            pgettext("step", "Invoices, charges, renewals, price changes."),
        ),
        "cancel": (
            pgettext("step", "Cancel / refund"),
            pgettext("step", "Cancels, asks for a refund, leaves."),
        ),
    }


def step_name(step: _StepLike) -> str:
    """A step's name as shown: the translated default until a lead renames it."""
    if _DEFAULTS.get(step.slug, ("",))[0] == step.name:
        return _default_step_texts()[step.slug][0]
    return step.name


def step_description(step: _StepLike) -> str:
    """A step's description as shown: the translated default until a lead rewrites it."""
    if _DEFAULTS.get(step.slug, ("", ""))[1] == step.description:
        return _default_step_texts()[step.slug][1]
    return step.description


def step_slug(slug: str) -> str:
    """A step's slug where a chart or a narrow column shows it: a default step's short name in the
    current language (``"billing"`` in English), any other slug as it is."""
    return {
        "discover": pgettext("step slug", "discover"),
        "evaluate": pgettext("step slug", "evaluate"),
        "purchase": pgettext("step slug", "purchase"),
        "onboarding": pgettext("step slug", "onboarding"),
        "use": pgettext("step slug", "use"),
        "support": pgettext("step slug", "support"),
        "billing": pgettext("step slug", "billing"),
        "cancel": pgettext("step slug", "cancel"),
    }.get(slug, slug)


def severity_mix(mix: dict[int, int]) -> str:
    """``"5×2 3×1"``: most severe first, so the worst evidence reads first."""
    return " ".join(f"{severity}×{count}" for severity, count in sorted(mix.items(), reverse=True))


def steps_cell(steps: list[str], shown: int = 2) -> str:
    """The most frequent steps, then how many more: a fix touching all eight stays one line."""
    more = f" +{len(steps) - shown}" if len(steps) > shown else ""
    return ", ".join(step_slug(s) for s in steps[:shown]) + more
