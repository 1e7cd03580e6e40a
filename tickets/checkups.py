"""Legal check-ups (法律体检): a booked check-up (a 法律体检预约 ticket) becomes a structured form the
team's lawyer fills — areas examined, findings each with a risk level and advice, policies from the
collection the firm should apply for with their clauses, a summary — from which the report is drawn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from tickets.errors import TicketNotFoundError, TicketPermissionError, TicketStateError, TicketValidationError
from tickets.models import CheckupRow
from tickets.validation import clean_text
from tickets.vocab import CHINA_TZ

if TYPE_CHECKING:
    from tickets.store import TicketStore

CHECKUP_CATEGORY = "法律体检预约"
AREAS: dict[str, str] = {
    "contracts": "合同管理",
    "labour": "劳动用工",
    "ip": "知识产权",
    "tax": "财税",
    "compliance": "合规经营",
    "benefits": "尚未申领的惠企政策",
}
RISKS: dict[str, str] = {"high": "高", "medium": "中", "low": "低"}
STATUS_LABELS = {"draft": "草稿", "final": "已定稿", "sent": "已发送企业"}
FINDINGS_MAX = 30
POLICIES_MAX = 20
TEXT_MAX_CHARS = 2000


@dataclass(frozen=True)
class Checkup:
    """A check-up as stored."""

    ticket_number: str
    team_id: str
    firm_name: str
    lawyer_login: str
    areas: tuple[str, ...]
    findings: tuple[dict[str, str], ...]
    policies: tuple[dict[str, str], ...]
    summary: str
    status: str
    updated_at: datetime

    @property
    def area_labels(self) -> list[str]:
        """The areas in Chinese."""
        return [AREAS[a] for a in self.areas if a in AREAS]

    @property
    def status_label(self) -> str:
        """草稿 / 已定稿 / 已发送企业."""
        return STATUS_LABELS.get(self.status, self.status)


class CheckupBook:
    """Check-ups in the ticket database (``store.checkups``)."""

    def __init__(self, store: TicketStore) -> None:
        self._store = store

    def get(self, number: str) -> Checkup | None:
        """The check-up of ticket ``number``, or None before the form was first saved."""
        with self._store._read() as session:
            row = session.scalars(select(CheckupRow).where(CheckupRow.ticket_number == number)).one_or_none()
            return _checkup(row) if row else None

    def save(
        self,
        number: str,
        *,
        by: str,
        areas: list[str],
        findings: list[dict[str, str]],
        policies: list[dict[str, str]],
        summary: str,
        final: bool = False,
    ) -> Checkup:
        """Create or update the form of check-up ticket ``number`` (a lawyer of its team); ``final``
        marks it ready to send.

        Raises:
            TicketNotFoundError: no such ticket. TicketPermissionError: not a lawyer of its team.
            TicketStateError: not a check-up booking, or already sent.
            TicketValidationError: an unknown area or risk, a finding without text, a final report
                without findings.
        """
        store = self._store
        ticket = store.get(number)
        if ticket is None:
            raise TicketNotFoundError(number)
        if not store.can_edit(by, ticket):
            raise TicketPermissionError("只有负责该区位的律师团队可以填写体检报告。")
        if ticket.category != CHECKUP_CATEGORY:
            raise TicketStateError(f"工单 {number} 不是法律体检预约。")
        clean_areas = [a for a in AREAS if a in set(areas)]
        if set(areas) - set(AREAS):
            raise TicketValidationError("areas", "体检领域无效。")
        clean_findings = [
            _finding(f) for f in findings if any((f.get(k) or "").strip() for k in ("finding", "advice"))
        ]
        if len(clean_findings) > FINDINGS_MAX or len(policies) > POLICIES_MAX:
            raise TicketValidationError(
                "findings", f"发现最多 {FINDINGS_MAX} 条，政策最多 {POLICIES_MAX} 条。"
            )
        text = (summary or "").strip()[:TEXT_MAX_CHARS]
        if final and not clean_findings:
            raise TicketValidationError("findings", "定稿前请至少填写一条体检发现。")
        now = store.now()
        with store._transaction() as session:
            row = session.scalars(
                select(CheckupRow).where(CheckupRow.ticket_number == number).with_for_update()
            ).one_or_none()
            if row is not None and row.status == "sent":
                raise TicketStateError("体检报告已发送企业，不能再修改。")
            if row is None:
                row = CheckupRow(
                    ticket_number=number, team_id=ticket.team_id, firm_name=ticket.firm_name, created_at=now
                )
                session.add(row)
            row.lawyer_login, row.areas, row.findings, row.policies = (
                by,
                clean_areas,
                clean_findings,
                list(policies),
            )
            row.summary, row.status, row.updated_at = text, "final" if final else "draft", now
        store.add_event(number, by, "checkup_saved", {"status": "final" if final else "draft"})
        return self.get(number)  # type: ignore[return-value]

    def count(self, first: date, last: date) -> int:
        """Reports finalised or sent whose last change fell on the China-time days ``first`` … ``last``."""
        stmt = select(func.count()).select_from(CheckupRow).where(*_reported(first, last))
        with self._store._read() as session:
            return session.scalar(stmt) or 0

    def between(self, first: date, last: date) -> list[Checkup]:
        """The reports :meth:`count` counts, oldest first (for exports)."""
        stmt = (
            select(CheckupRow).where(*_reported(first, last)).order_by(CheckupRow.updated_at, CheckupRow.id)
        )
        with self._store._read() as session:
            return [_checkup(row) for row in session.scalars(stmt).all()]

    def mark_sent(self, number: str, *, by: str) -> Checkup:
        """Record that the final report went to the firm.

        Raises:
            TicketStateError: no final report yet.
        """
        with self._store._transaction() as session:
            row = session.scalars(select(CheckupRow).where(CheckupRow.ticket_number == number)).one_or_none()
            if row is None or row.status == "draft":
                raise TicketStateError("请先定稿体检报告，再发送企业。")
            row.status, row.updated_at = "sent", self._store.now()
        self._store.add_event(number, by, "checkup_sent", {})
        return self.get(number)  # type: ignore[return-value]


def _reported(first: date, last: date) -> tuple[Any, ...]:
    """SQL conditions: a report finalised or sent, last changed on the China-time days ``first``–``last``."""
    start = datetime.combine(first, time.min, CHINA_TZ)
    end = datetime.combine(last + timedelta(days=1), time.min, CHINA_TZ)
    return CheckupRow.status != "draft", CheckupRow.updated_at >= start, CheckupRow.updated_at < end


def _finding(item: dict[str, Any]) -> dict[str, str]:
    area, risk = item.get("area") or "", item.get("risk") or ""
    if area not in AREAS:
        raise TicketValidationError("findings", "请为每条发现选择体检领域。")
    if risk not in RISKS:
        raise TicketValidationError("findings", "请为每条发现选择风险等级（高、中、低）。")
    return {
        "area": area,
        "risk": risk,
        "finding": clean_text(item.get("finding"), "findings", "体检发现", TEXT_MAX_CHARS),
        "advice": clean_text(item.get("advice"), "findings", "律师建议", TEXT_MAX_CHARS),
    }


def _checkup(row: CheckupRow) -> Checkup:
    return Checkup(
        ticket_number=row.ticket_number,
        team_id=row.team_id,
        firm_name=row.firm_name,
        lawyer_login=row.lawyer_login,
        areas=tuple(row.areas),
        findings=tuple(row.findings),
        policies=tuple(row.policies),
        summary=row.summary,
        status=row.status,
        updated_at=row.updated_at,
    )
