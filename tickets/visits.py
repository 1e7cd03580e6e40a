"""Visits to firms (走访): a lawyer logs the firm, the day, the topics, the findings and the issues
to follow up; each follow-up becomes a ticket on the 走访 channel for the zone's team (and so an
escalated consultation on that channel); a visit with nothing to follow up is one consultation
answered on the spot. Everything is validated before anything is written. The office reads the
visits per team and per zone."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from tickets.errors import TicketPermissionError, TicketValidationError
from tickets.models import VisitRow
from tickets.validation import (
    CONTACT_NAME_MAX_CHARS,
    FIRM_NAME_MAX_CHARS,
    QUESTION_MAX_CHARS,
    NewTicket,
    check_choice,
    clean_text,
    normalize_phone,
)
from tickets.vocab import CATEGORIES, CHINA_TZ

if TYPE_CHECKING:
    from tickets.store import TicketStore

FINDINGS_MAX_CHARS = 5000
TOPICS_MAX = 10
TOPIC_MAX_CHARS = 40
FOLLOW_UPS_MAX = 10
#: Topics offered on the form (free text is accepted too).
TOPIC_CHOICES: tuple[str, ...] = (
    "政策宣讲",
    "政策适用",
    "奖补申报",
    "劳动用工",
    "合同管理",
    "知识产权",
    "税务",
    "融资",
    "合规经营",
    "维权",
)


@dataclass(frozen=True)
class Visit:
    """One logged visit."""

    id: int
    team_id: str
    zone: str
    firm_name: str
    contact_name: str
    phone: str
    visited_on: date
    topics: tuple[str, ...]
    findings: str
    ticket_numbers: tuple[str, ...]
    lawyer_login: str
    created_at: datetime


@dataclass(frozen=True)
class VisitSummary:
    """Visits counted per team and per zone over a period (every team and zone listed)."""

    total: int
    firms: int
    follow_ups: int
    by_team: dict[str, int]
    by_zone: dict[str, int]
    by_topic: dict[str, int]


class VisitBook:
    """Visits in the ticket database (``store.visits``)."""

    def __init__(self, store: TicketStore) -> None:
        self._store = store

    def log(
        self,
        *,
        by: str,
        firm_name: Any,
        contact_name: Any,
        phone: Any,
        zone: Any,
        visited_on: date,
        topics: list[str],
        findings: Any,
        follow_ups: list[str] = (),  # type: ignore[assignment]
        category: str = "政策咨询",
    ) -> Visit:
        """Store a visit by lawyer ``by`` (of the zone's team, or the office) and open one ticket per
        follow-up line for the zone's team (channel 走访, the firm's contact).

        Raises:
            TicketPermissionError: ``by`` is neither a lawyer of the zone's team nor the office.
            TicketValidationError: a field is missing or invalid (Chinese message).
        """
        store = self._store
        zone_name = store.canonical_zone(zone)
        team = store.zones.team_for_zone(zone_name)
        account = store.account(by)
        if account is None or not (account.role == "office" or account.team_id == team.id):
            raise TicketPermissionError(
                f"{zone_name} 由 {team.id} 负责，只有该团队的律师或区办公室可以登记。"
            )
        today = store.now().astimezone(CHINA_TZ).date()
        if visited_on > today:
            raise TicketValidationError("visited_on", "走访日期不能晚于今天。")
        clean_topics = _topics(topics)
        follow = [line.strip() for line in follow_ups if line and line.strip()]
        if len(follow) > FOLLOW_UPS_MAX:
            raise TicketValidationError("follow_ups", f"需跟进的问题最多 {FOLLOW_UPS_MAX} 条，请合并。")
        for line in follow:
            clean_text(line, "follow_ups", "需跟进的问题", QUESTION_MAX_CHARS)
        fields = {
            "firm_name": clean_text(firm_name, "firm_name", "企业名称", FIRM_NAME_MAX_CHARS),
            "contact_name": clean_text(contact_name, "contact_name", "联系人", CONTACT_NAME_MAX_CHARS),
            "phone": normalize_phone(phone),
            "findings": clean_text(findings, "findings", "走访发现", FINDINGS_MAX_CHARS),
        }
        check_choice(category, "category", "问题类别", CATEGORIES)
        numbers = [
            store.create(
                NewTicket(
                    channel="visit",
                    zone=zone_name,
                    category=category,
                    question=line,
                    transcript=[],
                    citations=[],
                    sender_id=f"visit-{uuid.uuid4().hex}",
                    firm_name=fields["firm_name"],
                    contact_name=fields["contact_name"],
                    phone=fields["phone"],
                ),
                recorded_by=by,
            ).number
            for line in follow
        ]
        row = VisitRow(
            team_id=team.id,
            zone=zone_name,
            visited_on=visited_on,
            topics=clean_topics,
            ticket_numbers=numbers,
            lawyer_login=by,
            created_at=store.now(),
            **fields,
        )
        if not numbers:
            store.register.log_case(
                channel="visit",
                question="走访：" + "、".join(clean_topics),
                answer=fields["findings"],
                by=by,
                zone=zone_name,
                firm_name=fields["firm_name"],
                phone=fields["phone"],
            )
        with store._transaction() as session:
            session.add(row)
            session.flush()
            return _visit(row)

    def list(
        self,
        *,
        team_id: str | None = None,
        zone: str | None = None,
        first: date | None = None,
        last: date | None = None,
        limit: int = 200,
    ) -> list[Visit]:
        """Visits, newest day first, filtered by team, zone and days (both inclusive)."""
        stmt = select(VisitRow).order_by(VisitRow.visited_on.desc(), VisitRow.id.desc()).limit(limit)
        stmt = _filtered(stmt, team_id, zone, first, last)
        with self._store._read() as session:
            return [_visit(r) for r in session.scalars(stmt).all()]

    def summary(
        self, *, team_id: str | None = None, first: date | None = None, last: date | None = None
    ) -> VisitSummary:
        """Counts per team, zone and topic (all the zones file's teams and zones, zero included)."""
        stmt = _filtered(
            select(
                VisitRow.team_id, VisitRow.zone, VisitRow.firm_name, VisitRow.topics, VisitRow.ticket_numbers
            ),
            team_id,
            None,
            first,
            last,
        )
        with self._store._read() as session:
            rows = session.execute(stmt).all()
        zones = self._store.zones
        by_team = dict.fromkeys((t.id for t in zones.teams), 0) | Counter(r.team_id for r in rows)
        by_zone = dict.fromkeys(zones.zones, 0) | Counter(r.zone for r in rows)
        topics = Counter(topic for r in rows for topic in r.topics)
        return VisitSummary(
            total=len(rows),
            firms=len({r.firm_name for r in rows}),
            follow_ups=sum(len(r.ticket_numbers) for r in rows),
            by_team=by_team,
            by_zone=by_zone,
            by_topic=dict(topics.most_common()),
        )

    def count(self, first: date, last: date) -> int:
        """Visits on the days ``first`` … ``last`` (programme figures)."""
        stmt = _filtered(select(func.count()).select_from(VisitRow), None, None, first, last)
        with self._store._read() as session:
            return session.scalar(stmt) or 0


def _filtered(stmt: Any, team_id: str | None, zone: str | None, first: date | None, last: date | None) -> Any:
    if team_id:
        stmt = stmt.where(VisitRow.team_id == team_id)
    if zone:
        stmt = stmt.where(VisitRow.zone == zone)
    if first:
        stmt = stmt.where(VisitRow.visited_on >= first)
    if last:
        stmt = stmt.where(VisitRow.visited_on <= last)
    return stmt


def _topics(topics: list[str]) -> list[str]:
    seen: list[str] = []
    for topic in topics:
        text = (topic or "").strip()
        if text and text not in seen:
            seen.append(text[:TOPIC_MAX_CHARS])
    if not seen:
        raise TicketValidationError("topics", "请至少选择或填写一个走访主题。")
    if len(seen) > TOPICS_MAX:
        raise TicketValidationError("topics", f"走访主题最多 {TOPICS_MAX} 个。")
    return seen


def _visit(row: VisitRow) -> Visit:
    return Visit(
        id=row.id,
        team_id=row.team_id,
        zone=row.zone,
        firm_name=row.firm_name,
        contact_name=row.contact_name,
        phone=row.phone,
        visited_on=row.visited_on,
        topics=tuple(row.topics),
        findings=row.findings,
        ticket_numbers=tuple(row.ticket_numbers),
        lawyer_login=row.lawyer_login,
        created_at=row.created_at,
    )
