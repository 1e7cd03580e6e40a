"""The console's overview (概览): what firms ask, where, and which policies did not settle it.

:func:`build_overview` is pure: it counts a list of tickets (already limited to what the user may
see) for a period ending at ``now``; the web view only renders the :class:`Overview` it returns.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import phonenumbers

from tickets.records import Ticket
from tickets.vocab import CATEGORIES, CHANNELS, OPEN_STATUSES, STATUS_LABELS, STATUSES

#: Chinese names of the channels a ticket comes from.
CHANNEL_LABELS: dict[str, str] = {
    "web": "网页对话",
    "hotline": "电话热线",
    "window": "窗口",
    "visit": "走访",
    "wechat": "微信公众号",
}
#: Most-cited policies listed.
TOP_POLICIES = 10
#: Latest questions shown for escalations the bot had no policy for.
LATEST_GAPS = 5
#: Longest part of a question shown in the overview.
QUESTION_PREVIEW_CHARS = 140
PHONE_HIDDEN = "（电话已隐去）"
# Phone-like digit runs the validating matcher may let through (e.g. unassigned mobile prefixes).
_PHONE_LIKE = re.compile(
    r"(?<!\d)(?:\+?86[- ]?)?1\d{2}[- ]?\d{4}[- ]?\d{4}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"
)


@dataclass(frozen=True)
class Period:
    """A look-back window: ``key`` as in the query string, ``days`` None for all time."""

    key: str
    label: str
    days: int | None


PERIODS: tuple[Period, ...] = (
    Period("7", "最近 7 天", 7),
    Period("30", "最近 30 天", 30),
    Period("90", "最近 90 天", 90),
    Period("all", "全部", None),
)
DEFAULT_PERIOD = PERIODS[1]


def parse_period(value: str | None) -> Period:
    """The period named by ``value`` (``7``, ``30``, ``90``, ``all``); anything else → 30 days."""
    return next((p for p in PERIODS if p.key == value), DEFAULT_PERIOD)


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: ``count`` of ``total``; ``step`` is the share rounded to 5 % steps."""

    key: str
    label: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        """Share of the total in whole per cent (0 when the total is 0)."""
        return round(100 * self.count / self.total) if self.total else 0

    @property
    def step(self) -> int:
        """Bar width in per cent, a multiple of 5; a non-zero count is never drawn empty."""
        if not self.count or not self.total:
            return 0
        return max(5, round(20 * self.count / self.total) * 5)


@dataclass(frozen=True)
class ZoneRow:
    """Tickets of one zone in the period, per category (in :data:`CATEGORIES` order)."""

    zone: str
    team_id: str
    by_category: tuple[int, ...]

    @property
    def total(self) -> int:
        """All tickets of the zone in the period."""
        return sum(self.by_category)


@dataclass(frozen=True)
class PolicyCount:
    """A policy the bot cited in ``count`` escalated tickets (its clauses did not settle them)."""

    policy_id: str
    title: str
    count: int
    total: int

    @property
    def bar(self) -> Bar:
        """The count as a bar against all escalations of the period."""
        return Bar(self.policy_id, self.title, self.count, self.total)


@dataclass(frozen=True)
class GapQuestion:
    """An escalation with no cited policy: the question (phone numbers hidden, shortened)."""

    number: str
    zone: str
    category: str
    created_at: datetime
    question: str


@dataclass(frozen=True)
class Overview:
    """Figures of the tickets a user may see, for one period ending at ``now``."""

    period: Period
    now: datetime
    since: datetime | None
    total: int
    open_now: int
    overdue_now: int
    replied: int
    median_first_reply: timedelta | None
    by_status: tuple[Bar, ...]
    by_channel: tuple[Bar, ...]
    by_category: tuple[Bar, ...]
    by_zone: tuple[Bar, ...]
    zone_table: tuple[ZoneRow, ...]
    top_policies: tuple[PolicyCount, ...]
    uncited: int
    latest_uncited: tuple[GapQuestion, ...]

    @property
    def categories(self) -> tuple[str, ...]:
        """Column order of :attr:`zone_table`."""
        return CATEGORIES

    @property
    def category_totals(self) -> tuple[int, ...]:
        """Column sums of :attr:`zone_table`."""
        return tuple(sum(r.by_category[i] for r in self.zone_table) for i in range(len(CATEGORIES)))


def build_overview(
    tickets: Iterable[Ticket],
    zones: Sequence[tuple[str, str]],
    period: Period,
    now: datetime,
) -> Overview:
    """Count ``tickets`` (those the user may see) for ``period`` ending at ``now``.

    Args:
        tickets: every ticket visible to the user (any time; the period is applied here).
        zones: ``(zone, team_id)`` of every zone the user is responsible for, in display order; each
            gets a row even with no ticket, so silent zones show.
        period: the look-back window.
        now: aware datetime; "open" and "overdue" are as of this moment, over all visible tickets.
    """
    everything = list(tickets)
    since = now - timedelta(days=period.days) if period.days is not None else None
    chosen = [t for t in everything if since is None or since <= t.created_at <= now]
    total = len(chosen)
    open_now = [t for t in everything if t.status in OPEN_STATUSES and t.created_at <= now]
    waits = [_first_reply_wait(t) for t in chosen]
    waits = [w for w in waits if w is not None]
    uncited = sorted((t for t in chosen if not _policy_ids(t)), key=lambda t: t.created_at, reverse=True)
    return Overview(
        period=period,
        now=now,
        since=since,
        total=total,
        open_now=len(open_now),
        overdue_now=sum(1 for t in open_now if t.due_at < now),
        replied=len(waits),
        median_first_reply=statistics.median(waits) if waits else None,
        by_status=_bars(Counter(t.status for t in chosen), STATUSES, STATUS_LABELS, total),
        by_channel=_bars(Counter(t.channel for t in chosen), CHANNELS, CHANNEL_LABELS, total),
        by_category=_bars(Counter(t.category for t in chosen), CATEGORIES, {}, total),
        by_zone=_bars(Counter(t.zone for t in chosen), [z for z, _ in zones], {}, total),
        zone_table=_zone_table(chosen, zones),
        top_policies=_top_policies(chosen, total),
        uncited=len(uncited),
        latest_uncited=tuple(_gap(t) for t in uncited[:LATEST_GAPS]),
    )


def _first_reply_wait(ticket: Ticket) -> timedelta | None:
    first = min((r.created_at for r in ticket.replies), default=None)
    return first - ticket.created_at if first is not None else None


def _bars(counts: Counter[str], keys: Sequence[str], labels: dict[str, str], total: int) -> tuple[Bar, ...]:
    """One bar per known key (zero included), then any value the vocabulary does not know."""
    ordered = list(keys) + sorted(k for k in counts if k not in keys)
    return tuple(Bar(k, labels.get(k, k), counts.get(k, 0), total) for k in ordered)


def _zone_table(tickets: list[Ticket], zones: Sequence[tuple[str, str]]) -> tuple[ZoneRow, ...]:
    cells = Counter((t.zone, t.category) for t in tickets)
    rows = list(zones)
    known = {z for z, _ in rows}
    rows += sorted({(t.zone, t.team_id) for t in tickets if t.zone not in known})
    return tuple(ZoneRow(z, team, tuple(cells.get((z, c), 0) for c in CATEGORIES)) for z, team in rows)


def _policy_ids(ticket: Ticket) -> dict[str, str]:
    """Distinct cited policies of a ticket: id → title (first title seen)."""
    found: dict[str, str] = {}
    for c in ticket.citations:
        pid = str(c.get("policy_id") or "").strip()
        if pid and pid not in found:
            found[pid] = str(c.get("title") or "").strip()
    return found


def _top_policies(tickets: list[Ticket], total: int) -> tuple[PolicyCount, ...]:
    """Policies by the number of escalated tickets citing them (a ticket counts once per policy);
    the title is the one of the newest ticket; ties by policy id."""
    counts: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for ticket in sorted(tickets, key=lambda t: t.created_at):
        for pid, title in _policy_ids(ticket).items():
            counts[pid] += 1
            titles[pid] = title or titles.get(pid, "")
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_POLICIES]
    return tuple(PolicyCount(pid, titles[pid] or pid, n, total) for pid, n in ranked)


def _gap(ticket: Ticket) -> GapQuestion:
    text = hide_phones(ticket.question)
    if len(text) > QUESTION_PREVIEW_CHARS:
        text = text[:QUESTION_PREVIEW_CHARS] + "……"
    return GapQuestion(ticket.number, ticket.zone, ticket.category, ticket.created_at, text)


def hide_phones(text: str) -> str:
    """Replace every phone number in ``text`` (mobile or landline, any common writing)."""
    matches = list(phonenumbers.PhoneNumberMatcher(text, "CN"))
    for match in reversed(matches):
        text = text[: match.start] + PHONE_HIDDEN + text[match.end :]
    return _PHONE_LIKE.sub(PHONE_HIDDEN, text)


def duration_zh(value: timedelta | None) -> str:
    """A waiting time in Chinese: ``2 天 3 小时``, ``5 小时 20 分钟``, ``不到 1 分钟``; ``—`` if None."""
    if value is None:
        return "—"
    minutes = max(0, int(value.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} 天 {hours} 小时" if hours else f"{days} 天"
    if hours:
        return f"{hours} 小时 {mins} 分钟" if mins else f"{hours} 小时"
    return f"{mins} 分钟" if mins else "不到 1 分钟"
