"""The shared audit trail (table ``audit_events``, on the ticket database): who changed what, when.

Tickets and console accounts keep their own trails (``ticket_events``, ``account_events``: a ticket's
events cascade with it, an account's are keyed by login); any other subject staff change — first the
policies edited on ``/office/policies`` — is recorded here, keyed by ``subject_kind`` and ``subject``.
Each change is one row written in its own transaction; ``detail`` is JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tickets.models import AuditEventRow

__all__ = ["AuditEvent", "AuditTrail"]


@dataclass(frozen=True)
class AuditEvent:
    """One recorded change (``at`` aware UTC)."""

    at: datetime
    actor: str
    subject_kind: str
    subject: str
    action: str
    detail: dict[str, Any]


class AuditTrail:
    """Append and read ``audit_events`` (built by :class:`tickets.store.TicketStore` as ``store.audit``)."""

    def __init__(
        self,
        read: Callable[[], Session],
        write: Callable[[], Session],
        clock: Callable[[], datetime],
    ) -> None:
        self._read, self._write, self._clock = read, write, clock

    def record(
        self,
        subject_kind: str,
        subject: str,
        actor: str,
        action: str,
        detail: dict[str, Any],
        *,
        at: datetime | None = None,
    ) -> AuditEvent:
        """Append one change (committed before it returns) and return it."""
        row = AuditEventRow(
            at=at or self._clock(),
            actor=actor[:64],
            subject_kind=subject_kind,
            subject=subject,
            action=action,
            detail=detail,
        )
        with self._write.begin() as session:
            session.add(row)
        return _event(row)

    def events(self, subject_kind: str, subject: str | None = None, *, limit: int = 500) -> list[AuditEvent]:
        """The changes of one subject (or of every subject of the kind), oldest first."""
        stmt = select(AuditEventRow).where(AuditEventRow.subject_kind == subject_kind)
        if subject is not None:
            stmt = stmt.where(AuditEventRow.subject == subject)
        stmt = stmt.order_by(AuditEventRow.id.desc()).limit(limit)
        with self._read() as session:
            return [_event(r) for r in reversed(session.scalars(stmt).all())]

    def count(self, subject_kind: str) -> int:
        """How many changes of this kind are recorded."""
        with self._read() as session:
            stmt = select(func.count(AuditEventRow.id)).where(AuditEventRow.subject_kind == subject_kind)
            return int(session.scalar(stmt) or 0)


def _event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(row.at, row.actor, row.subject_kind, row.subject, row.action, dict(row.detail))
