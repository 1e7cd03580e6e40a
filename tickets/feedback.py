"""Feedback on policies to their issuing departments (政策运行闭环).

A lawyer or the office flags a policy (unclear, not carried out as written, …) with evidence: tickets,
conversations, and how many consultations cited it. The office sends the department's flags (in a
report); the department's account acknowledges, answers and, when the policy is amended, says so; the
office closes. Every step is a ``feedback_events`` line: who, when, what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import selectinload

from tickets.errors import TicketNotFoundError, TicketPermissionError, TicketStateError, TicketValidationError
from tickets.models import ConsultationRow, FeedbackEventRow, FeedbackRow
from tickets.validation import check_choice, clean_text
from tickets.zones import Account

if TYPE_CHECKING:
    from tickets.store import TicketStore

KINDS: dict[str, str] = {
    "unclear": "表述不清、理解有歧义",
    "not_implemented": "未按文件规定执行",
    "conflicting": "与其他政策冲突",
    "threshold_unreachable": "门槛过高，企业难以达到",
    "expired_needed": "已失效但企业仍有需要",
}
STATUS_LABELS: dict[str, str] = {
    "open": "待发送",
    "sent": "已发送部门",
    "acknowledged": "部门已签收",
    "answered": "部门已答复",
    "changed": "政策已修改",
    "closed": "已办结",
}
ACTION_LABELS: dict[str, str] = {"raised": "提出", **{k: v for k, v in STATUS_LABELS.items() if k != "open"}}
#: action → (roles that may take it, statuses it may be taken from)
STEPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sent": (("office",), ("open",)),
    "acknowledged": (("department",), ("sent",)),
    "answered": (("department",), ("sent", "acknowledged")),
    "changed": (("department", "office"), ("answered",)),
    "closed": (("office",), ("open", "sent", "acknowledged", "answered", "changed")),
}
OPEN_STATUSES = ("open", "sent", "acknowledged", "answered", "changed")
DESCRIPTION_MAX_CHARS = 5000
EVIDENCE_MAX = 20


@dataclass(frozen=True)
class FeedbackStep:
    """One line of a flag's history."""

    at: datetime
    actor: str
    action: str
    note: str | None


@dataclass(frozen=True)
class Feedback:
    """A flag on a policy and where it stands."""

    id: int
    policy_id: str
    policy_title: str
    issuer: str
    kind: str
    description: str
    evidence: dict[str, Any]
    status: str
    raised_by: str
    raised_at: datetime
    answer: str | None
    updated_at: datetime
    history: tuple[FeedbackStep, ...]

    @property
    def kind_label(self) -> str:
        """What is wrong, in Chinese."""
        return KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        """Where it stands, in Chinese."""
        return STATUS_LABELS.get(self.status, self.status)

    def allowed(self, account: Account) -> list[str]:
        """The steps ``account`` may take now."""
        return [a for a in STEPS if _may(account, a, self)]


class FeedbackBook:
    """Policy feedback in the ticket database (``store.feedback``)."""

    def __init__(self, store: TicketStore) -> None:
        self._store = store

    def raise_flag(
        self,
        *,
        by: str,
        policy_id: str,
        policy_title: str,
        issuer: str | None,
        kind: str,
        description: Any,
        ticket_numbers: list[str] = (),  # type: ignore[assignment]
        conversation_ids: list[str] = (),  # type: ignore[assignment]
    ) -> Feedback:
        """Flag a policy (by a lawyer or the office); the number of consultations that cited it is
        counted now and kept with the evidence.

        Raises:
            TicketPermissionError: ``by`` is not a lawyer or office account.
            TicketValidationError: unknown kind, no issuer, empty description, a ticket ``by`` cannot see.
        """
        store = self._store
        account = store.account(by)
        if account is None or account.role not in ("lawyer", "office"):
            raise TicketPermissionError("只有律师和区办公室可以提出政策问题反馈。")
        check_choice(kind, "kind", "问题类型", tuple(KINDS))
        if not issuer:
            raise TicketValidationError("policy_id", "这条政策没有发文部门，无法反馈。")
        text = clean_text(description, "description", "问题说明", DESCRIPTION_MAX_CHARS)
        numbers = _unique(n.strip().upper() for n in ticket_numbers)
        conversations = _unique(c.strip() for c in conversation_ids)
        if len(numbers) > EVIDENCE_MAX or len(conversations) > EVIDENCE_MAX:
            raise TicketValidationError(
                "tickets", f"证据最多列 {EVIDENCE_MAX} 张工单、{EVIDENCE_MAX} 段对话。"
            )
        for number in numbers:
            if store.get_for_user(number, account) is None:
                raise TicketValidationError("tickets", f"找不到工单 {number}（或不是本团队的工单）。")
        evidence = {
            "tickets": numbers,
            "conversations": conversations,
            "questions": self.questions_citing(policy_id),
        }
        now = store.now()
        row = FeedbackRow(
            policy_id=policy_id,
            policy_title=policy_title[:300],
            issuer=issuer,
            kind=kind,
            description=text,
            evidence=evidence,
            status="open",
            raised_by=by,
            raised_at=now,
            updated_at=now,
        )
        row.events.append(FeedbackEventRow(at=now, actor=by, action="raised", note=None))
        with store._transaction() as session:
            session.add(row)
            session.flush()
            feedback_id = row.id
        return self.get(feedback_id)

    def advance(self, feedback_id: int, action: str, *, by: str, note: str | None = None) -> Feedback:
        """Take one step (``sent``, ``acknowledged``, ``answered`` — ``note`` is the answer —,
        ``changed``, ``closed``).

        Raises:
            TicketNotFoundError: no such flag, or one ``by``'s department may not see.
            TicketPermissionError: ``by``'s role may not take this step.
            TicketStateError: the step does not follow from where the flag stands.
            TicketValidationError: an answer without text.
        """
        account = self._store.account(by)
        check_choice(action, "action", "操作", tuple(STEPS))
        text = (note or "").strip()[:DESCRIPTION_MAX_CHARS] or None
        if action == "answered" and not text:
            raise TicketValidationError("note", "请填写答复内容。")
        now = self._store.now()
        with self._store._transaction() as session:
            row = session.get(FeedbackRow, feedback_id, with_for_update=True)
            if row is None or account is None or not _may_see(account, row.issuer, row.status):
                raise TicketNotFoundError(f"反馈 {feedback_id}")
            roles, sources = STEPS[action]
            if account.role not in roles:
                raise TicketPermissionError(f"{STATUS_LABELS[action]}这一步不由您的账号办理。")
            if row.status not in sources:
                raise TicketStateError(
                    f"该反馈目前为“{STATUS_LABELS[row.status]}”，不能{ACTION_LABELS[action]}。"
                )
            row.status, row.updated_at = action, now
            if action == "answered":
                row.answer = text
            session.add(FeedbackEventRow(feedback_id=row.id, at=now, actor=by, action=action, note=text))
        return self.get(feedback_id)

    def get(self, feedback_id: int, account: Account | None = None) -> Feedback:
        """One flag with its history (as ``account`` may see it, when given).

        Raises:
            TicketNotFoundError: none, or not for ``account``'s eyes (a department sees its own once sent).
        """
        with self._store._read() as session:
            row = session.scalars(
                select(FeedbackRow)
                .options(selectinload(FeedbackRow.events))
                .where(FeedbackRow.id == feedback_id)
            ).one_or_none()
            if row is None or (account is not None and not _may_see(account, row.issuer, row.status)):
                raise TicketNotFoundError(f"反馈 {feedback_id}")
            return _feedback(row)

    def list(
        self,
        account: Account,
        *,
        status: str | None = None,
        issuer: str | None = None,
        policy_id: str | None = None,
    ) -> list[Feedback]:
        """Flags ``account`` may see (department: its own, once sent), newest first."""
        stmt = select(FeedbackRow).options(selectinload(FeedbackRow.events)).order_by(FeedbackRow.id.desc())
        if account.role == "department":
            stmt = stmt.where(FeedbackRow.issuer == account.department, FeedbackRow.status != "open")
        elif account.role not in ("lawyer", "office"):
            return []
        if status:
            stmt = stmt.where(FeedbackRow.status == status)
        if issuer:
            stmt = stmt.where(FeedbackRow.issuer == issuer)
        if policy_id:
            stmt = stmt.where(FeedbackRow.policy_id == policy_id)
        with self._store._read() as session:
            return [_feedback(r) for r in session.scalars(stmt).all()]

    def open_count(self, policy_id: str) -> int:
        """Flags on ``policy_id`` not yet closed (the policy page and search results show it)."""
        stmt = select(func.count()).where(FeedbackRow.policy_id == policy_id, FeedbackRow.status != "closed")
        with self._store._read() as session:
            return session.scalar(stmt.select_from(FeedbackRow)) or 0

    def count_open(self) -> int:
        """Flags not yet closed, on every policy."""
        stmt = select(func.count()).select_from(FeedbackRow).where(FeedbackRow.status != "closed")
        with self._store._read() as session:
            return session.scalar(stmt) or 0

    def questions_citing(self, policy_id: str) -> int:
        """Consultations whose answers cited ``policy_id`` (all time)."""
        needle = f'%"{policy_id}"%'
        stmt = (
            select(func.count())
            .select_from(ConsultationRow)
            .where(cast(ConsultationRow.policy_ids, String).like(needle))
        )
        with self._store._read() as session:
            return session.scalar(stmt) or 0


def _may_see(account: Account, issuer: str, status: str) -> bool:
    if account.role == "department":
        return account.department == issuer and status != "open"
    return account.role in ("lawyer", "office")


def _may(account: Account, action: str, item: Feedback) -> bool:
    roles, sources = STEPS[action]
    return account.role in roles and item.status in sources and _may_see(account, item.issuer, item.status)


def _unique(items: Any) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


def _feedback(row: FeedbackRow) -> Feedback:
    return Feedback(
        id=row.id,
        policy_id=row.policy_id,
        policy_title=row.policy_title,
        issuer=row.issuer,
        kind=row.kind,
        description=row.description,
        evidence=dict(row.evidence),
        status=row.status,
        raised_by=row.raised_by,
        raised_at=row.raised_at,
        answer=row.answer,
        updated_at=row.updated_at,
        history=tuple(FeedbackStep(e.at, e.actor, e.action, e.note) for e in row.events),
    )
