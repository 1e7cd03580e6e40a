"""Team and lawyer performance over a period: tickets, first-reply time, share answered within the
due time, satisfaction, cases by category and zone. Pure counting over tickets the caller read."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from tickets.records import Ticket
from tickets.vocab import OPEN_STATUSES


@dataclass
class Performance:
    """One team's or one lawyer's figures."""

    key: str
    name: str
    tickets: int = 0
    open_now: int = 0
    overdue_now: int = 0
    answered: int = 0
    in_time: int = 0  # first reply at or before the due time
    due: int = 0  # tickets whose due time passed or that were answered: the in-time denominator
    closed: int = 0
    first_reply_hours: list[float] = field(default_factory=list)
    by_category: Counter[str] = field(default_factory=Counter)
    by_zone: Counter[str] = field(default_factory=Counter)
    satisfaction: dict[str, int] = field(default_factory=dict)  # satisfied / fair / dissatisfied → n

    @property
    def in_time_rate(self) -> float | None:
        """Share answered within the due time, None before anything was due."""
        return self.in_time / self.due if self.due else None

    @property
    def median_first_reply_hours(self) -> float | None:
        """Median hours from the ticket to its first reply, None without replies."""
        return statistics.median(self.first_reply_hours) if self.first_reply_hours else None

    @property
    def rated(self) -> int:
        """Ratings received."""
        return sum(self.satisfaction.values())

    @property
    def satisfaction_rate(self) -> float | None:
        """Share rated 满意 or 基本满意, None without ratings."""
        good = self.satisfaction.get("satisfied", 0) + self.satisfaction.get("fair", 0)
        return good / self.rated if self.rated else None


def performance(
    tickets: Iterable[Ticket],
    now: datetime,
    key_of: Callable[[Ticket], str | None],
    names: dict[str, str],
    satisfaction: dict[str, dict[str, int]],
) -> list[Performance]:
    """Figures per ``key_of(ticket)`` (team id, or the lawyer who first replied / is assigned), one row
    per name in ``names`` (zero rows included), in the order of ``names``.

    Args:
        tickets: the tickets created in the period.
        now: the time "open" and "overdue" are counted at.
        key_of: the row a ticket counts for (None: none).
        names: row key → what the page calls it.
        satisfaction: row key → score → ratings (``store.register.programme(...)``).
    """
    rows = {
        key: Performance(key, name, satisfaction=dict(satisfaction.get(key, {})))
        for key, name in names.items()
    }
    for ticket in tickets:
        row = rows.get(key_of(ticket) or "")
        if row is not None:
            _count(row, ticket, now)
    return list(rows.values())


def lawyer_of(ticket: Ticket) -> str | None:
    """The lawyer a ticket counts for: who replied first, else who it is assigned to."""
    return ticket.replies[0].author_login if ticket.replies else ticket.assigned_login


def _count(row: Performance, ticket: Ticket, now: datetime) -> None:
    row.tickets += 1
    row.by_category[ticket.category] += 1
    row.by_zone[ticket.zone] += 1
    if ticket.status in OPEN_STATUSES:
        row.open_now += 1
        row.overdue_now += ticket.due_at < now
    row.closed += ticket.status == "closed"
    if ticket.replies:
        first = ticket.replies[0].created_at
        row.answered += 1
        row.first_reply_hours.append((first - ticket.created_at).total_seconds() / 3600)
        row.due += 1
        row.in_time += first <= ticket.due_at
    elif ticket.due_at < now:
        row.due += 1
