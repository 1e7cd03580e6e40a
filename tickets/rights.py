"""Rights protection (维权) as a procedure of its own, behind each 维权投诉 ticket.

A firm complains that a benefit was not paid, a fee was charged against a policy, or a department acted
against one. The zone team's lawyer records the facts, the clause the firm relies on and the department
concerned, then each step taken (contacting the department, a written legal opinion 法律意见书, a
referral), and finally the outcome: resolved or not, and the money obtained. The outcome is due
``HUIQI_RIGHTS_CASE_DAYS`` days (:data:`CASE_DAYS` by default) after the complaint; a case keeps the
due time it was opened with. Outcomes feed the programme figures (``/office``); where
the department is at fault, concluding the case opens a flag in the feedback loop to the department
that issued the policy (:mod:`tickets.feedback`, kind ``not_implemented``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from tickets.consultation_report import DayRange, in_range
from tickets.errors import TicketNotFoundError, TicketPermissionError, TicketStateError, TicketValidationError
from tickets.models import RightsCaseRow, TicketRow
from tickets.money import format_fen, parse_fen
from tickets.validation import check_choice, clean_text
from tickets.vocab import CHINA_TZ, RIGHTS_CATEGORY

if TYPE_CHECKING:
    from tickets.store import TicketStore

#: Days from the complaint until the outcome is due, unless ``HUIQI_RIGHTS_CASE_DAYS`` says otherwise.
CASE_DAYS = 30
STEP_KINDS: dict[str, str] = {
    "contact": "联系有关部门",
    "opinion": "出具法律意见书",
    "referral": "移送有关机关",
    "other": "其他措施",
}
OUTCOMES: dict[str, str] = {"resolved": "已解决", "unresolved": "未解决"}
TEXT_MAX_CHARS = 5000
DEPARTMENT_MAX_CHARS = 200
STEPS_MAX = 50


@dataclass(frozen=True)
class RightsStep:
    """One step taken: what (``STEP_KINDS``), on which day, what came of it, by whom."""

    kind: str
    on: date
    note: str
    by: str
    at: datetime

    @property
    def kind_label(self) -> str:
        """The step in Chinese."""
        return STEP_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class RightsCase:
    """A 维权 case as stored."""

    ticket_number: str
    team_id: str
    firm_name: str
    facts: str
    policy_id: str | None
    policy_title: str | None
    clause: str | None
    clause_text: str | None
    issuer: str | None
    department: str
    steps: tuple[RightsStep, ...]
    outcome: str | None
    amount_fen: int
    outcome_note: str | None
    department_at_fault: bool
    feedback_id: int | None
    lawyer_login: str
    created_at: datetime
    updated_at: datetime
    due_at: datetime
    concluded_at: datetime | None

    @property
    def concluded(self) -> bool:
        """Whether the outcome is recorded (the case can no longer change)."""
        return self.outcome is not None

    @property
    def outcome_label(self) -> str:
        """已解决 / 未解决 / 办理中."""
        return OUTCOMES.get(self.outcome or "", "办理中")

    @property
    def amount_label(self) -> str:
        """The money obtained as the district writes it (``12.5万元``)."""
        return format_fen(self.amount_fen)

    def overdue(self, now: datetime) -> bool:
        """Concluded after its due time, or still open past it."""
        return (self.concluded_at or now) > self.due_at


@dataclass(frozen=True)
class RightsSummary:
    """The programme's 维权 figures for a period (and the open cases now)."""

    opened: int  # 维权投诉 tickets filed in the period
    concluded: int  # outcomes recorded in the period
    resolved: int
    on_time: int  # concluded within the due time
    money_fen: int  # money obtained, by the cases concluded in the period
    department_faults: int  # concluded with the department at fault (each opened a feedback flag)
    open_now: int
    overdue_now: int

    @property
    def money_label(self) -> str:
        """The money obtained as the district writes it."""
        return format_fen(self.money_fen)


class RightsBook:
    """维权 cases in the ticket database (``store.rights``), each due ``case_days`` after the complaint."""

    def __init__(self, store: TicketStore, *, case_days: int = CASE_DAYS) -> None:
        self._store = store
        self.case_days = case_days

    def due_at(self, ticket: Any) -> datetime:
        """When the outcome of the case of ``ticket`` (a 维权投诉 ticket) is due: its complaint time plus
        :attr:`case_days` (a saved case keeps the due time it was opened with: ``RightsCase.due_at``)."""
        return ticket.created_at + timedelta(days=self.case_days)

    def get(self, number: str) -> RightsCase | None:
        """The case of ticket ``number``, or None before the lawyer first saved it."""
        with self._store._read() as session:
            row = _row(session, number)
            return _case(row) if row else None

    def save(
        self,
        number: str,
        *,
        by: str,
        facts: object,
        department: object,
        policy: dict[str, str] | None = None,
    ) -> RightsCase:
        """Create or update the facts, the department concerned and the clause relied on (``policy``:
        ``{"policy_id", "title", "clause", "text", "issuer"}`` from the collection, or None).

        Raises:
            TicketNotFoundError; TicketPermissionError: not a lawyer of the ticket's team;
            TicketStateError: not a 维权投诉 ticket, or the case is concluded;
            TicketValidationError: no facts or no department (field ``facts`` / ``department``).
        """
        ticket = self._ticket(number, by)
        text = clean_text(facts, "facts", "案件事实", TEXT_MAX_CHARS)
        concerned = clean_text(department, "department", "涉及部门", DEPARTMENT_MAX_CHARS)
        now = self._store.now()
        with self._store._transaction() as session:
            row = self._open_row(session, number)
            if row is None:
                row = RightsCaseRow(
                    ticket_number=number,
                    team_id=ticket.team_id,
                    firm_name=ticket.firm_name,
                    steps=[],
                    amount_fen=0,
                    department_at_fault=False,
                    created_at=now,
                    due_at=self.due_at(ticket),
                )
                session.add(row)
            row.facts, row.department, row.lawyer_login, row.updated_at = text, concerned, by, now
            policy = policy or {}
            row.policy_id, row.policy_title = (
                policy.get("policy_id"),
                (policy.get("title") or "")[:300] or None,
            )
            row.clause, row.clause_text = policy.get("clause") or None, policy.get("text") or None
            row.issuer = policy.get("issuer") or None
        self._store.add_event(number, by, "rights_saved", {"department": concerned})
        return self._fetch(number)

    def add_step(
        self, number: str, *, by: str, kind: str, note: object, on: date | None = None
    ) -> RightsCase:
        """Record a step taken (``STEP_KINDS``) on China-time day ``on`` (default today).

        Raises:
            TicketStateError: no case saved yet, or concluded; TicketValidationError: unknown kind,
            no note, a day in the future.
        """
        self._ticket(number, by)
        check_choice(kind, "kind", "措施类型", tuple(STEP_KINDS))
        text = clean_text(note, "note", "措施说明", TEXT_MAX_CHARS)
        now = self._store.now()
        today = now.astimezone(CHINA_TZ).date()
        day = on or today
        if day > today:
            raise TicketValidationError("on", "措施日期不能晚于今天。")
        with self._store._transaction() as session:
            row = self._open_row(session, number, required=True)
            if len(row.steps) >= STEPS_MAX:
                raise TicketValidationError("note", f"每个案件最多记录 {STEPS_MAX} 项措施。")
            step = {"kind": kind, "on": day.isoformat(), "note": text, "by": by, "at": now.isoformat()}
            row.steps = [*row.steps, step]
            row.updated_at = now
        self._store.add_event(number, by, "rights_step", {"kind": kind, "on": day.isoformat()})
        return self._fetch(number)

    def conclude(
        self,
        number: str,
        *,
        by: str,
        outcome: str,
        amount: object = None,
        note: object = None,
        department_at_fault: bool = False,
    ) -> RightsCase:
        """Record the outcome (resolved or not, money obtained as written: ``12.5万元``). With the
        department at fault, a feedback flag goes to the issuer of the clause relied on.

        Raises:
            TicketStateError: no case saved yet, or already concluded;
            TicketValidationError: unknown outcome, unreadable amount, money on an unresolved case,
            the department at fault without a clause from the collection.
        """
        self._ticket(number, by)
        check_choice(outcome, "outcome", "办理结果", tuple(OUTCOMES))
        fen = parse_fen(amount)
        if fen and outcome != "resolved":
            raise TicketValidationError("amount", "未解决的案件不能填写挽回金额。")
        text = (str(note or "")).strip()[:TEXT_MAX_CHARS] or None
        case = self.get(number)
        if case is None or case.concluded:
            raise TicketStateError("请先填写案件事实和涉及部门。" if case is None else "该维权案件已办结。")
        if department_at_fault and not (case.policy_id and case.issuer):
            raise TicketValidationError(
                "department_at_fault", "认定部门存在过错时，请先填写所依据的政策条款（用于向发文部门反馈）。"
            )
        feedback_id = self._flag(case, by, text) if department_at_fault else None
        now = self._store.now()
        with self._store._transaction() as session:
            row = self._open_row(session, number, required=True)
            row.outcome, row.amount_fen, row.outcome_note = outcome, fen, text
            row.department_at_fault, row.feedback_id = department_at_fault, feedback_id
            row.concluded_at = row.updated_at = now
        detail = {"outcome": outcome, "amount_fen": fen, "feedback_id": feedback_id}
        self._store.add_event(number, by, "rights_concluded", detail)
        return self._fetch(number)

    def summary(self, first: date, last: date) -> RightsSummary:
        """The 维权 figures of the China-time days ``first`` … ``last`` (open and overdue: as of now)."""
        days, now = DayRange(first, last), self._store.now()
        rights_ticket = TicketRow.category == RIGHTS_CATEGORY
        done = in_range(RightsCaseRow.concluded_at, days)
        with self._store._read() as session:
            opened = session.scalar(
                select(func.count())
                .select_from(TicketRow)
                .where(rights_ticket, in_range(TicketRow.created_at, days))
            )
            concluded, resolved, on_time, money, faults = session.execute(
                select(
                    func.count(),
                    func.count().filter(RightsCaseRow.outcome == "resolved"),
                    func.count().filter(RightsCaseRow.concluded_at <= RightsCaseRow.due_at),
                    func.coalesce(func.sum(RightsCaseRow.amount_fen), 0),
                    func.count().filter(RightsCaseRow.department_at_fault.is_(True)),
                ).where(done)
            ).one()
            still_open = and_(rights_ticket, RightsCaseRow.concluded_at.is_(None))
            joined = (
                select(func.count())
                .select_from(TicketRow)
                .outerjoin(RightsCaseRow, RightsCaseRow.ticket_number == TicketRow.number)
            )
            open_now = session.scalar(joined.where(still_open))
            overdue_now = session.scalar(  # a saved case by its own due time, one not yet opened by now's
                joined.where(
                    still_open,
                    or_(
                        RightsCaseRow.due_at < now,
                        and_(
                            RightsCaseRow.id.is_(None),
                            TicketRow.created_at < now - timedelta(days=self.case_days),
                        ),
                    ),
                )
            )
        return RightsSummary(
            opened or 0, concluded, resolved, on_time, int(money), faults, open_now or 0, overdue_now or 0
        )

    def concluded_between(self, first: date, last: date) -> list[RightsCase]:
        """Cases concluded on the China-time days ``first`` … ``last``, oldest first (for exports)."""
        stmt = (
            select(RightsCaseRow)
            .where(in_range(RightsCaseRow.concluded_at, DayRange(first, last)))
            .order_by(RightsCaseRow.concluded_at, RightsCaseRow.id)
        )
        with self._store._read() as session:
            return [_case(row) for row in session.scalars(stmt).all()]

    # --- helpers --------------------------------------------------------------------------------

    def _ticket(self, number: str, by: str) -> Any:
        ticket = self._store.get(number)
        if ticket is None:
            raise TicketNotFoundError(number)
        if not self._store.can_edit(by, ticket):
            raise TicketPermissionError("只有负责该区位的律师团队可以办理维权案件。")
        if ticket.category != RIGHTS_CATEGORY:
            raise TicketStateError(f"工单 {number} 不是维权投诉。")
        return ticket

    @staticmethod
    def _open_row(session: Session, number: str, *, required: bool = False) -> RightsCaseRow | None:
        row = _row(session, number, lock=True)
        if row is None and required:
            raise TicketStateError("请先填写案件事实和涉及部门。")
        if row is not None and row.outcome is not None:
            raise TicketStateError("该维权案件已办结，不能再修改。")
        return row

    def _flag(self, case: RightsCase, by: str, note: str | None) -> int:
        """Open the feedback flag of a department at fault; its id."""
        description = (
            f"维权案件 {case.ticket_number}：{case.department}未按《{case.policy_title}》"
            f"{case.clause or ''}执行。案件事实：{case.facts}" + (f"　办理结果：{note}" if note else "")
        )
        flag = self._store.feedback.raise_flag(
            by=by,
            policy_id=case.policy_id or "",
            policy_title=case.policy_title or "",
            issuer=case.issuer,
            kind="not_implemented",
            description=description[:TEXT_MAX_CHARS],
            ticket_numbers=[case.ticket_number],
        )
        return flag.id

    def _fetch(self, number: str) -> RightsCase:
        case = self.get(number)
        if case is None:
            raise TicketNotFoundError(number)
        return case


def _row(session: Session, number: str, *, lock: bool = False) -> RightsCaseRow | None:
    stmt = select(RightsCaseRow).where(RightsCaseRow.ticket_number == number)
    return session.scalars(stmt.with_for_update() if lock else stmt).one_or_none()


def _case(row: RightsCaseRow) -> RightsCase:
    return RightsCase(
        ticket_number=row.ticket_number,
        team_id=row.team_id,
        firm_name=row.firm_name,
        facts=row.facts,
        policy_id=row.policy_id,
        policy_title=row.policy_title,
        clause=row.clause,
        clause_text=row.clause_text,
        issuer=row.issuer,
        department=row.department,
        steps=tuple(
            RightsStep(
                s["kind"], date.fromisoformat(s["on"]), s["note"], s["by"], datetime.fromisoformat(s["at"])
            )
            for s in row.steps
        ),
        outcome=row.outcome,
        amount_fen=row.amount_fen,
        outcome_note=row.outcome_note,
        department_at_fault=row.department_at_fault,
        feedback_id=row.feedback_id,
        lawyer_login=row.lawyer_login,
        created_at=row.created_at,
        updated_at=row.updated_at,
        due_at=row.due_at,
        concluded_at=row.concluded_at,
    )
