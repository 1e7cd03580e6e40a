"""Counting the consultation register for a period: the figures of ``huiqi report consultations``.

Periods are China-time calendar days (the district's days): ``since`` from 00:00, ``until`` up to
the end of that day, both inclusive. A consultation counts in the period it started in; a ticket and
a rating in the period they were made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from tickets.consultations import CONSULTATION_CHANNELS, OUTCOMES
from tickets.models import ConsultationRow, RatingRow, ReplyRow, TicketRow
from tickets.ratings import SCORES
from tickets.vocab import CHINA_TZ


@dataclass(frozen=True)
class DayRange:
    """China-time days ``first`` … ``last`` (inclusive), as the UTC half-open range ``[start, end)``."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), CHINA_TZ)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(0), CHINA_TZ)


def resolved_count(session: Session, days: DayRange) -> int:
    """Escalated consultations of ``days`` whose ticket a lawyer has answered (answered or closed, with
    a reply): these count as ``resolved``."""
    answered = exists(select(ReplyRow.id).where(ReplyRow.ticket_id == TicketRow.id))
    stmt = (
        select(func.count())
        .select_from(ConsultationRow)
        .join(TicketRow, TicketRow.number == ConsultationRow.ticket_number)
        .where(
            ConsultationRow.outcome == "escalated",
            in_range(ConsultationRow.started_at, days),
            TicketRow.status.in_(("answered", "closed")),
            answered,
        )
    )
    return session.scalar(stmt) or 0


def in_range(column: Any, days: DayRange) -> Any:
    """SQL condition: ``column`` falls within ``days``."""
    return and_(column >= days.start, column < days.end)


def satisfaction_counts(session: Session, days: DayRange) -> dict[str, Any]:
    """Ratings made in ``days``: count per score, total and the share satisfied or fairly satisfied."""
    rows = session.execute(
        select(RatingRow.score, func.count())
        .where(in_range(RatingRow.created_at, days))
        .group_by(RatingRow.score)
    ).all()
    counts = {score: 0 for score in SCORES}
    counts.update({score: n for score, n in rows if score in counts})
    total = sum(counts.values())
    rate = round((counts["satisfied"] + counts["fair"]) / total, 3) if total else None
    return {**counts, "total": total, "rate": rate}


def consultation_report(
    session: Session, days: DayRange, counts: Sequence[tuple[str, str, int]] | None = None
) -> dict[str, Any]:
    """The register's figures for ``days`` (``counts``: the ``(channel, outcome, n)`` rows, when the
    caller has already grouped them — the programme page groups by day too).

    Returns:
        ``{"total", "by_channel": {channel: n}, "by_outcome": {outcome: n}, "tickets",
        "satisfaction": {"satisfied", "fair", "dissatisfied", "total", "rate"}}`` — every channel
        and outcome present, zero when none.
    """
    rows = counts
    if rows is None:
        rows = session.execute(
            select(ConsultationRow.channel, ConsultationRow.outcome, func.count())
            .where(in_range(ConsultationRow.started_at, days))
            .group_by(ConsultationRow.channel, ConsultationRow.outcome)
        ).all()
    by_channel = dict.fromkeys(CONSULTATION_CHANNELS, 0)
    by_outcome = dict.fromkeys(OUTCOMES, 0)
    for channel, result, n in rows:
        by_channel[channel] = by_channel.get(channel, 0) + n
        by_outcome[result] = by_outcome.get(result, 0) + n
    resolved = resolved_count(session, days)
    by_outcome["escalated"] -= resolved
    by_outcome["resolved"] += resolved
    tickets = session.scalar(
        select(func.count()).select_from(TicketRow).where(in_range(TicketRow.created_at, days))
    )
    return {
        "total": sum(by_channel.values()),
        "by_channel": by_channel,
        "by_outcome": by_outcome,
        "tickets": tickets or 0,
        "satisfaction": satisfaction_counts(session, days),
    }
