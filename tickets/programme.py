"""The programme's figures for ``/office``: headline counts, weekly trend, zones, gaps, satisfaction.

:func:`programme` reads the register for a period in a handful of grouped queries (no per-row Python
beyond the weekly buckets), so a year at ten times the reference district's volume stays well under a
second (bench/office_page.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from tickets.consultation_report import DayRange, consultation_report, in_range
from tickets.models import ConsultationRow, RatingRow
from tickets.ratings import SCORES
from tickets.vocab import CHINA_TZ

#: Topics of unmatched questions listed, and example questions shown per topic.
GAP_TOPICS = 12
GAP_EXAMPLES = 3
#: Outcomes drawn as the weekly series (the rest are folded into the total).
TREND_OUTCOMES: tuple[str, ...] = ("answered", "no_match", "escalated", "clarified", "other")


@dataclass(frozen=True)
class Gap:
    """Unmatched questions of one topic: how many, and a few of them."""

    topic: str
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Programme:
    """Everything ``/office`` shows for one period."""

    first: date
    last: date
    report: dict[str, Any]  # as `huiqi report consultations`
    firms: int  # distinct firms (phone numbers) on record: tickets, window and visit cases
    weeks: list[tuple[date, dict[str, int]]]  # Monday of each week → count per outcome
    zones: dict[str, int]  # consultations per zone (those with a zone: tickets, window, visits)
    gaps: list[Gap]
    team_satisfaction: dict[str, dict[str, int]] = field(default_factory=dict)  # team → score → n
    lawyer_satisfaction: dict[str, dict[str, int]] = field(default_factory=dict)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def china_day(session: Session, column: Any) -> Any:
    """SQL expression: the China-time calendar day of a UTC timestamp column (SQLite or PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("Asia/Shanghai", column))
    return func.date(column, "+8 hours")  # SQLite keeps naive UTC text


def daily_counts(session: Session, days: DayRange) -> list[tuple[date, str, str, int]]:
    """Consultations per China-time day, channel and outcome (one scan of the covering index)."""
    day = china_day(session, ConsultationRow.started_at)
    rows = session.execute(
        select(day, ConsultationRow.channel, ConsultationRow.outcome, func.count())
        .where(in_range(ConsultationRow.started_at, days))
        .group_by(day, ConsultationRow.channel, ConsultationRow.outcome)
    ).all()
    return [(date.fromisoformat(str(on)), channel, outcome, n) for on, channel, outcome, n in rows]


def weekly(daily: Sequence[tuple[date, str, str, int]], days: DayRange) -> list[tuple[date, dict[str, int]]]:
    """Consultations per week (Monday first) and outcome, every week of the period listed."""
    buckets: dict[date, Counter[str]] = defaultdict(Counter)
    for on, _channel, outcome, n in daily:
        buckets[_monday(on)][outcome] += n
    weeks, monday = [], _monday(days.first)
    while monday <= days.last:
        counts = buckets.get(monday, Counter())
        weeks.append((monday, {outcome: counts.get(outcome, 0) for outcome in TREND_OUTCOMES}))
        monday += timedelta(days=7)
    return weeks


def gaps(session: Session, days: DayRange) -> list[Gap]:
    """Topics of the questions no policy matched, most asked first, with the latest few of each."""
    where = (ConsultationRow.topic.is_not(None), in_range(ConsultationRow.started_at, days))
    top = session.execute(
        select(ConsultationRow.topic, func.count())
        .where(*where)
        .group_by(ConsultationRow.topic)
        .order_by(func.count().desc(), ConsultationRow.topic)
        .limit(GAP_TOPICS)
    ).all()
    return [
        Gap(
            name,
            count,
            tuple(
                session.scalars(
                    select(ConsultationRow.no_match_question)
                    .where(*where, ConsultationRow.topic == name)
                    .order_by(ConsultationRow.started_at.desc(), ConsultationRow.id.desc())
                    .limit(GAP_EXAMPLES)
                ).all()
            ),
        )
        for name, count in top
    ]


def satisfaction_by(session: Session, days: DayRange, column: Any) -> dict[str, dict[str, int]]:
    """Ratings of the period per team or per lawyer (``column``), each with every score."""
    rows = session.execute(
        select(column, RatingRow.score, func.count())
        .where(in_range(RatingRow.created_at, days), column.is_not(None))
        .group_by(column, RatingRow.score)
    ).all()
    result: dict[str, dict[str, int]] = {}
    for key, score, n in rows:
        result.setdefault(key, dict.fromkeys(SCORES, 0))[score] = n
    return result


def programme(session: Session, first: date, last: date) -> Programme:
    """The figures of ``/office`` for China-time days ``first`` … ``last``."""
    days = DayRange(first, last)
    period = in_range(ConsultationRow.started_at, days)
    firms = session.scalar(select(func.count(distinct(ConsultationRow.phone))).where(period)) or 0
    zones = dict(
        session.execute(
            select(ConsultationRow.zone, func.count())
            .where(period, ConsultationRow.zone.is_not(None))
            .group_by(ConsultationRow.zone)
        ).all()
    )
    daily = daily_counts(session, days)
    by_channel_outcome: Counter[tuple[str, str]] = Counter()
    for _on, channel, outcome, n in daily:
        by_channel_outcome[channel, outcome] += n
    counts = [(channel, outcome, n) for (channel, outcome), n in by_channel_outcome.items()]
    return Programme(
        first=first,
        last=last,
        report=consultation_report(session, days, counts),
        firms=firms,
        weeks=weekly(daily, days),
        zones=zones,
        gaps=gaps(session, days),
        team_satisfaction=satisfaction_by(session, days, RatingRow.team_id),
        lawyer_satisfaction=satisfaction_by(session, days, RatingRow.lawyer_login),
    )


def period_bounds(today: date, since: str | None, until: str | None) -> tuple[date, date]:
    """The period a page asks for (``YYYY-MM-DD``; default: the last 30 days up to ``today``).

    Raises:
        ValueError: a date that is not ``YYYY-MM-DD``, or ``until`` before ``since``.
    """
    last = date.fromisoformat(until) if until else today
    first = date.fromisoformat(since) if since else last - timedelta(days=29)
    if last < first:
        raise ValueError("结束日期早于开始日期。")
    return first, last


def china_today(now: datetime) -> date:
    """The China-time day of ``now``."""
    return now.astimezone(CHINA_TZ).date()
