"""Every screen and dialog of cxnotes as a scenario: one sample store, the keys that reach it, what it shows.

One registry, so a picture test runs every scenario at every size (and, later, in every
language) from one parametrized test (``test_screen_snapshots.py``). A scenario is an async
function of the Pilot, registered with :func:`scenario`; its docstring says what the picture
must show, and the snapshot test uses it as its own. The app starts on the sample store's
unfinished call (it is restored, as for an operator who reopens cxnotes), so a scenario
starts there.

The store they open is :func:`sample_store.sample_store`, and every clock stands still
(:func:`sample_store.hold_time`), so each picture is the same on every run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from pilot_helpers import settle, wait_until
from test_snapshots import steady
from textual.pilot import Pilot
from textual.widgets import DataTable

Setup = Callable[[Pilot[None]], Awaitable[None]]


@dataclass(frozen=True)
class Scenario:
    """One picture: how to reach it from the restored call, and what it must show."""

    name: str
    """The snapshot's id (and its file name): ``calls_list``, ``fix_merge_dialog``…"""
    setup: Setup
    """Drives the app from start-up to the picture; the snapshot is taken when it returns."""

    @property
    def shows(self) -> str:
        """What the picture must show: the setup function's docstring."""
        return self.setup.__doc__ or ""


SCENARIOS: list[Scenario] = []
"""Every registered scenario, in the order a reader meets the screens."""


def scenario(setup: Setup) -> Setup:
    """Register ``setup`` under its function name; it must say in its docstring what the picture shows."""
    assert setup.__doc__, f"{setup.__name__} must say what its picture shows"
    SCENARIOS.append(Scenario(setup.__name__, setup))
    return setup


# -- how scenarios drive the app -----------------------------------------------------------------


async def keys(pilot: Pilot[None], *pressed: str) -> None:
    """Wait for the app, press ``pressed`` one by one letting each take effect, then hold still."""
    await steady(pilot)
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)
    await steady(pilot)


async def in_review(pilot: Pilot[None], *pressed: str) -> None:
    """Esc to the calls list, F6, wait for the first fix's evidence (read once the cursor rests), then
    press ``pressed``: a dialog over the review always has the same review under it."""
    await keys(pilot, "escape", "f6")
    evidence = pilot.app.screen.query_one("#evidence", DataTable)
    await wait_until(pilot, lambda: evidence.row_count > 0, "the first fix's evidence")
    await keys(pilot, *pressed)


# -- the live call and its dialogs ---------------------------------------------------------------


@scenario
async def live_call(pilot: Pilot[None]) -> None:
    """The restored call: the title bar "Call · 김민지 (1-year member, 2,000,000) · phone"; five
    transcript lines with mm:ss stamps, C/O speaker tags, "[red]Please[/red]" literal, ⚑ marks beside
    (not under) the scrollbar gutter; the side panel's points 1 (Cancel / refund) and 2 (Support),
    then point 3 (Billing / renewal) naming its fix "→ Double charge on renewal" with its agreed
    answer "✔ 3영업일 안에 두 번째…" under it (whole at 120x40, its first line at 80x24), then two
    promises (one ticked) with due days; the empty typing line stamped "--:-- C"; the footer keys
    whole, "f1 Keys" last at 80x24"""
    await keys(pilot)


@scenario
async def pain_point_picker(pilot: Pilot[None]) -> None:
    """Ctrl+G 7 4, Tab Tab, "dou", Tab: the last line as the quote, "Billing / renewal" and ●●●●
    highlighted, the fix title completed to "Double charge on renewal" and "✔ Agreed answer:
    3영업일 안에…" below it, wrapped, never cut."""
    await keys(pilot, "ctrl+g", "7", "4", "tab", "tab", "d", "o", "u", "tab")


@scenario
async def promise_dialog(pilot: Pilot[None]) -> None:
    """Ctrl+R, "환불", Tab, "다음 주 금요일": the due box holds the phrase and "→ 금 12월 4일"
    (Monday 23 November's next-week Friday) shows under it in green."""
    await keys(pilot, "ctrl+r", *"환불", "tab", *"다음 주 금요일")


@scenario
async def promise_date_error(pilot: Pilot[None]) -> None:
    """A due date that is not one ("언젠가"), Enter: the whole message, every accepted form up to
    "12월 1일.", wraps inside the dialog in red; nothing is cut."""
    await keys(pilot, "ctrl+r", *"환불", "tab", *"언젠가", "enter")


@scenario
async def customer_dialog(pilot: Pilot[None]) -> None:
    """F4: "Who is on the call?" with 김민지 and "1-year member" filled in, the value box holding
    "200만" as typed (the stored ₩2,000,000 replaced), the channel row with "phone" highlighted."""
    await keys(pilot, "f4", "tab", "tab", "ctrl+a", *"200만")


@scenario
async def line_edit_dialog(pilot: Pilot[None]) -> None:
    """↑ ↑ Enter: "Edit the line" over the call, holding "I can see both charges; one will be
    refunded." whole with the cursor at its end, and the help line "Enter save · Esc cancel"."""
    await keys(pilot, "up", "up", "enter")


@scenario
async def confirm_removal(pilot: Pilot[None]) -> None:
    """Tab to the pain points, Delete: "Remove pain point 1 “안녕하세요, 이번 달 요금이 두 번 청구됐…”?"
    (the quote shortened with an ellipsis) and "y or Enter: remove · n or Esc: keep"."""
    await keys(pilot, "tab", "delete")


@scenario
async def end_call_dialog(pilot: Pilot[None]) -> None:
    """F10, Ctrl+→: the outcomes in a row with "retained" highlighted, an empty summary box and the
    help line "Enter save and end · Ctrl+←/→ outcome · Esc back to the call"."""
    await keys(pilot, "f10", "ctrl+right")


@scenario
async def keys_help_in_a_call(pilot: Pilot[None]) -> None:
    """F1: "Keys · Call · 김민지…" over the call; Enter, Tab / Shift+Tab, ↑, Delete and Esc with what
    they do in each part of the call, then Ctrl+G / F2 … F10, then "Everywhere" (Ctrl+Q, F1, F5-F8,
    Ctrl+P); at 80x24 it fits the screen and scrolls."""
    await keys(pilot, "f1")


# -- the calls list and what it opens ------------------------------------------------------------


@scenario
async def calls_list(pilot: Pilot[None]) -> None:
    """Esc from the call: "12 calls · 1 unfinished"; the unfinished call on top under the cursor, then
    the finished calls newest first with date, customer (Korean, and "Bob [b]Stone[/b]" literally),
    the status whole ("refund requested"), the customer's value (2M, 12M, 150K, a dash when unknown),
    points and segment; at 120x40 also the channel and "Held by" (Alex, 지수; empty for calls held
    before operators were named); at 80x24 the footer's keys whole, "f5 Log complaint" last"""
    await keys(pilot, "escape")


@scenario
async def start_call_dialog(pilot: Pilot[None]) -> None:
    """n on the calls list: "New call" with the customer, segment and value boxes empty (their
    placeholders whole: "Value: revenue or plan price, e.g. 2,000,000 or 200만 (optional)"), the
    channel row with "phone" highlighted and "Enter start · Ctrl+←/→ channel · Esc cancel"."""
    await keys(pilot, "escape", "n")


@scenario
async def ended_call(pilot: Pilot[None]) -> None:
    """The finished 김민지 call opened from the calls list: its two points in the side panel and,
    where the typing line was, "Ended, read-only · … · refund requested" with its summary whole."""
    await keys(pilot, "escape", "down", "enter")


@scenario
async def customers_screen(pilot: Pilot[None]) -> None:
    """c on the calls list: "6 customers"; name, status, value (12M for Bob and 박지훈, 2M, 150K, a dash
    when unknown) and segment; Bob [b]Stone[/b] (churned, literal brackets) highlighted, his detail
    beside: churned since 2026-11-22, value 12M, his one call, no pain points or promises (at 80x24
    the segment column is cut at the detail's edge: "enter", "1-yea")"""
    await keys(pilot, "escape", "c")


@scenario
async def customer_merge_dialog(pilot: Pilot[None]) -> None:
    """c, F4: "Merge Bob [b]Stone[/b] into…" (literal brackets) over the customers, an empty search
    box, the five other customers with their segments, and the help line wrapped whole to its end
    "Esc: cancel"."""
    await keys(pilot, "escape", "c", "f4")


@scenario
async def customer_split_dialog(pilot: Pilot[None]) -> None:
    """c, F10, Space: "Split Bob [b]Stone[/b]: which calls were someone else's?" with his one call
    ticked, the other person's name box with its example, and "Space: tick a call · Tab: the name ·
    Enter: split · Esc: cancel"."""
    await keys(pilot, "escape", "c", "f10", "space")


@scenario
async def followups_screen(pilot: Pilot[None]) -> None:
    """b on the calls list: one customer to call back, Bob [b]Stone[/b], churned since 2026-11-22 (1d),
    12M, enterprise; then the promises overdue or due soon: "해지 확인 메일 보내기" OVERDUE since
    2026-11-20 for 박지훈 and "Refund the second charge" due 2026-11-24"""
    await keys(pilot, "escape", "b")


@scenario
async def trends_screen(pilot: Pilot[None]) -> None:
    """t on the calls list: complaints per week by step, 12 weeks from 2026-09-07, "No spike…";
    Billing / renewal, Cancel / refund, Use and Support with their totals, a bar per week and last and
    this week's counts; the keys for step, channel, segment, operator and weeks"""
    await keys(pilot, "escape", "t")


@scenario
async def week_screen(pilot: Pilot[None]) -> None:
    """w, o, ←: "지수 · week of 2026-11-16 to 2026-11-22": 1 call held, 1 pain point captured, no
    promises, and the fix their evidence fed, "One-click cancellation · planned · 1 pain point(s)"."""
    await keys(pilot, "escape", "w", "o", "left")


@scenario
async def inbox_screen(pilot: Pilot[None]) -> None:
    """i on the calls list: "1 imported conversation to review"; its row flagged "!", 2026-11-22 07:00,
    zendesk, chat, rated bad, the customer's segment "1-year member" and the first words (whole at
    120x40; "환불 신청한 지 2" up to the screen's edge at 80x24)."""
    await keys(pilot, "escape", "i")


@scenario
async def conversation_screen(pilot: Pilot[None]) -> None:
    """i, Enter: "zendesk 4711 · 2026-11-22 07:00 · chat · 1-year member · rated bad" (the rating in
    red), the summary "Refund not received", "0 pain points marked · read-only"; three transcript
    lines with stamps and speakers, the first highlighted, "[b]Again[/b]?" literal; Ctrl+G, r, Esc"""
    await keys(pilot, "escape", "i", "enter")


# -- fixes, triage and their dialogs -------------------------------------------------------------


@scenario
async def fix_review(pilot: Pilot[None]) -> None:
    """F6: "3 fixes" (at 120x40 with the step and week charts; at 80x24 without them); the table ranks
    the fixes with score, title, customers and points (severity, steps, status to the right at
    120x40); the first fix's facts, its agreed answer and the score breakdown (severity, customer
    value, churn or refund, older evidence, score) in view at both sizes; the evidence, quotes cut
    with "…", dates under "Noted" at 120x40 and no sliver of that column at 80x24; footer keys whole"""
    await in_review(pilot)


@scenario
async def fix_rename_dialog(pilot: Pilot[None]) -> None:
    """F6, r: the rename dialog over the review holding the first fix's title."""
    await in_review(pilot, "r")


@scenario
async def fix_answer_dialog(pilot: Pilot[None]) -> None:
    """F6, a: "Agreed answer (shown to operators who attach a pain point to this fix)" holding the
    answer selected, its end in view, no syllable cut in half; "Enter: keep · Esc: cancel"."""
    await in_review(pilot, "a")


@scenario
async def fix_status_dialog(pilot: Pilot[None]) -> None:
    """F6, s: "Status" over the review with open (highlighted: the fix's status), planned, in progress,
    shipped and won't fix"""
    await in_review(pilot, "s")


@scenario
async def fix_merge_dialog(pilot: Pilot[None]) -> None:
    """F6, m: "Merge “Double charge on renewal” into…", an empty search box, the two other fixes to
    pick from, and "Type to search · ↓ then Enter: choose · Esc: cancel"."""
    await in_review(pilot, "m")


@scenario
async def fix_filters_dialog(pilot: Pilot[None]) -> None:
    """F6, f: "Filters": steps, segment, channel, since (with examples) and until, empty; at 80x24 the
    dialog stays inside the screen with a scrollbar"""
    await in_review(pilot, "f")


@scenario
async def get_back_dialog(pilot: Pilot[None]) -> None:
    """F6, g: "Get back to: Double charge on renewal", "3 customers to tell:" each with segment and
    pain points, 김민지's promise "Refund the second charge (due 2026-11-24)" under her; "Esc: close"."""
    await in_review(pilot, "g")


@scenario
async def triage_queue(pilot: Pilot[None]) -> None:
    """F6 then t: "7 pain points without a fix", newest first, with noted date, severity, step, segment
    and quote ("[red]Please[/red]" literal), and at 120x40 who noted it ("By": 지수, Alex); under them
    "Likely fix: s) Double charge on renewal 0.10" for the highlighted one; a, s, o, Esc in the footer"""
    await in_review(pilot, "t")


@scenario
async def triage_attach_dialog(pilot: Pilot[None]) -> None:
    """F6, t, a: "Attach to fix…" over the queue, an empty search box, the three fixes, and
    "Type to search · ↓ then Enter: choose · Esc: cancel"."""
    await in_review(pilot, "t", "a")


@scenario
async def conflicts_screen(pilot: Pilot[None]) -> None:
    """F3 on the calls list: "Conflicts", "1 conflict to resolve · m: keep mine · t: take theirs"; the
    row "2026-11-22 16:30:00Z · Fix · One-click cancellation" highlighted; below it, side by side,
    "Mine (replaced)" with "status: in progress" and "Theirs (current)" with "status: planned"; the
    footer whole: keep mine, take theirs, refresh, back, quit, keys (F5-F8 left to F1 and the palette)"""
    await keys(pilot, "escape", "f3")


# -- export, value chain, complaint form ---------------------------------------------------------


@scenario
async def export_form(pilot: Pilot[None]) -> None:
    """F7: since "30 days ago", until "today", format "html page", top fixes 5, "Include names"
    unticked, operator "whole team"; the file /home/minji/Documents/cxnotes-summary-2026-10-25-to…
    (whole at 120x40) and the Export button; the preview of the summary for 2026-10-25 – 2026-11-23
    "Customers are shown by segment, not by name" (at 120x40 past the headline numbers table to the
    first fix);
    Ctrl+S and Esc first in the footer"""
    await keys(pilot, "escape", "f7")


@scenario
async def value_chain_screen(pilot: Pilot[None]) -> None:
    """F8: the value-chain steps in order, the first highlighted and its description whole under the
    table; the descriptions in the table too where every one fits whole (120 columns), none cut;
    the keys to rename, add, move and retire in the footer."""
    await keys(pilot, "escape", "f8")


@scenario
async def step_dialog(pilot: Pilot[None]) -> None:
    """F8, e: "Rename the step “discover”" with the name "Discover" (the cursor at its end), its
    description below, and "Enter next / keep · Esc cancel"."""
    await keys(pilot, "escape", "f8", "e")


@scenario
async def complaint_form(pilot: Pilot[None]) -> None:
    """F5: the complaint form, one labelled row per field (complaint, customer, segment, channel,
    step, severity 3, fix, when) with their placeholders; Ctrl+S save and Esc back in the footer."""
    await keys(pilot, "escape", "f5")


@scenario
async def command_palette(pilot: Pilot[None]) -> None:
    """Ctrl+P on the calls list, "conf": the palette over the list, its search box holding "conf" and
    the one match "Conflicts" with what it does, "Versions replaced by a later one: keep mine or take
    theirs"."""
    await keys(pilot, "escape", "ctrl+p", *"conf")
