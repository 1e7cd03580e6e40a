"""Plain, detached records the store hands out (no database session behind them)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

from tickets.models import TicketRow
from tickets.validation import display_phone
from tickets.vocab import OPEN_STATUSES, STATUS_LABELS

R = TypeVar("R")


@dataclass(frozen=True)
class Reply:
    """A lawyer's answer to the firm."""

    author_login: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class Event:
    """One history line: ``actor`` (a login, ``firm`` or ``system``) did ``action`` at ``at``."""

    at: datetime
    actor: str
    action: str  # created | assigned | replied | closed | reopened
    detail: dict[str, Any]


@dataclass(frozen=True)
class Ticket:
    """A ticket as stored, with its replies and history; ``overdue`` is as of the read."""

    number: str
    channel: str
    firm_name: str
    contact_name: str
    phone: str  # E.164
    zone: str
    team_id: str
    category: str
    question: str
    transcript: list[dict[str, Any]]
    citations: list[dict[str, Any]]
    sender_id: str | None
    status: str
    assigned_login: str | None
    created_at: datetime
    updated_at: datetime
    due_at: datetime
    overdue: bool
    replies: tuple[Reply, ...]
    history: tuple[Event, ...]

    @property
    def status_label(self) -> str:
        """Chinese label of the status (待分派, 办理中, 已答复, 已关闭, 已重新打开)."""
        return STATUS_LABELS[self.status]

    @property
    def phone_display(self) -> str:
        """The contact phone as written in China (``138 0000 0101``)."""
        return display_phone(self.phone)

    @property
    def latest_reply(self) -> Reply | None:
        """The newest reply, or None."""
        return self.replies[-1] if self.replies else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (times as ISO 8601 strings in UTC), e.g. for ``GET /api/tickets``."""
        data = asdict(self)
        data["status_label"] = self.status_label
        return _iso(data)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_iso(v) for v in value]
    return value


def ticket_from_row(row: TicketRow, now: datetime) -> Ticket:
    """Detach a row (with its replies and events) into a :class:`Ticket`."""
    return _detached(
        Ticket,
        row,
        transcript=list(row.transcript),
        citations=list(row.citations),
        overdue=row.status in OPEN_STATUSES and row.due_at < now,
        replies=tuple(_detached(Reply, r) for r in row.replies),
        history=tuple(_detached(Event, e, detail=dict(e.detail)) for e in row.events),
    )


def _detached(record: type[R], row: object, **derived: Any) -> R:
    """A ``record`` dataclass: each field is ``derived[name]`` if given, else ``row``'s attribute ``name``."""
    copied = {f.name: getattr(row, f.name) for f in fields(record) if f.name not in derived}
    return record(**copied, **derived)
