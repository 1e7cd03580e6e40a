"""The ticket store: create, route, read with team isolation, and work tickets with full history.

Every change is one database transaction; :meth:`TicketStore.create` returns only after the commit,
so a number the firm was told is on disk (SQLite: WAL + ``synchronous=FULL``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload, sessionmaker

from tickets import db
from tickets.accounts import AccountBook, cli_actor
from tickets.audit import AuditTrail
from tickets.checkups import CheckupBook
from tickets.consultations import note_ticket
from tickets.errors import TicketNotFoundError, TicketPermissionError, TicketStateError, TicketValidationError
from tickets.feedback import FeedbackBook
from tickets.models import DayCounterRow, EventRow, ReplyRow, TicketRow, TurnRow
from tickets.records import Ticket, ticket_from_row
from tickets.register import ConsultationRegister
from tickets.rights import RightsBook
from tickets.validation import (
    CONTACT_NAME_MAX_CHARS,
    FIRM_NAME_MAX_CHARS,
    QUESTION_MAX_CHARS,
    SENDER_ID_MAX_CHARS,
    TURN_ROLES,
    NewTicket,
    check_choice,
    check_citations,
    check_transcript,
    clean_text,
    normalize_phone,
)
from tickets.visits import VisitBook
from tickets.vocab import CATEGORIES, CHANNELS, CHINA_TZ, OPEN_STATUSES, STATUSES
from tickets.zones import Account, ZoneDirectory

REPLY_MAX_CHARS = 10_000
#: Actors that are not console accounts.
FIRM, SYSTEM = "firm", "system"


class TicketStore:
    """Tickets in SQLite or PostgreSQL, migrated to the newest schema on open.

    Args:
        database_url: SQLAlchemy URL; default ``Settings.database_url`` (SQLite under ``HUIQI_DATA_DIR``).
            PostgreSQL: ``postgresql+psycopg://user@host/db``.
        zones: routing and accounts; default: the zones file of the settings.
        clock: returns the current aware datetime (tests move time with it).
    """

    def __init__(
        self,
        database_url: str | None = None,
        zones: ZoneDirectory | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        rights_case_days: int | None = None,
    ) -> None:
        if database_url is None or zones is None or rights_case_days is None:
            from huiqi.settings import get_settings

            settings = get_settings()
            database_url = database_url or settings.database_url
            zones = zones or ZoneDirectory.load(settings.zones_file)
            rights_case_days = rights_case_days or settings.rights_case_days
        self.zones = zones
        self._clock = clock or (lambda: datetime.now(UTC))
        self.engine, self._write_engine = db.make_engines(database_url)
        db.upgrade(self._write_engine)
        db.analyze(self._write_engine)
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._write = sessionmaker(bind=self._write_engine, expire_on_commit=False)
        #: The consultation register and ratings, on the same database.
        self.register = ConsultationRegister(self, self._read, self._write)
        #: Console accounts (zones file + created by the office) and their audit trail.
        self.accounts = AccountBook(zones, self._read, self._write, self.now)
        #: Visits to firms (走访) and feedback on policies to their departments.
        self.visits = VisitBook(self)
        self.feedback = FeedbackBook(self)
        self.checkups = CheckupBook(self)
        #: The shared audit trail of other subjects (policy versions from the editors' page).
        self.audit = AuditTrail(self._read, self._write, self.now)
        #: Rights-protection cases (维权) behind 维权投诉 tickets.
        self.rights = RightsBook(self, case_days=rights_case_days)

    def dispose(self) -> None:
        """Close the database connections (the store can still be used; it reconnects)."""
        self.engine.dispose()

    def now(self) -> datetime:
        """The store's current time (aware, UTC)."""
        return self._clock().astimezone(UTC)

    # --- creating -------------------------------------------------------------------------------

    def create(self, new: NewTicket, *, recorded_by: str | None = None) -> Ticket:
        """Validate, route by zone and store a ticket in one transaction.

        The ticket's conversation is marked escalated in the consultation register in the same
        transaction (``recorded_by``: the staff login that logged a window or visit case).

        Returns:
            The stored ticket with its number (``HQ-YYYYMMDD-NNNN``), team and due time.

        Raises:
            TicketValidationError: a field is missing or invalid (``field``, Chinese ``message``).
        """
        fields = self._validate(new)
        now = self.now()
        day = now.astimezone(CHINA_TZ).strftime("%Y%m%d")
        with self._transaction() as session:
            seq = self._next_sequence(session, day)
            row = TicketRow(
                number=f"HQ-{day}-{seq:04d}",
                status="new",
                created_at=now,
                updated_at=now,
                due_at=now + self._sla(fields["category"]),
                **fields,
            )
            row.events.append(
                EventRow(
                    at=now,
                    actor=FIRM,
                    action="created",
                    detail={"channel": row.channel, "zone": row.zone, "team_id": row.team_id},
                )
            )
            session.add(row)
            session.flush()
            note_ticket(session, row, recorded_by=recorded_by)
            return ticket_from_row(row, now)

    def _validate(self, new: NewTicket) -> dict[str, Any]:
        zone = self.canonical_zone(new.zone)
        sender_id = (
            new.sender_id.strip() if isinstance(new.sender_id, str) and new.sender_id.strip() else None
        )
        if sender_id and len(sender_id) > SENDER_ID_MAX_CHARS:
            raise TicketValidationError("sender_id", "会话标识过长。")
        return {
            "channel": check_choice(new.channel, "channel", "渠道", CHANNELS),
            "firm_name": clean_text(new.firm_name, "firm_name", "企业名称", FIRM_NAME_MAX_CHARS),
            "contact_name": clean_text(
                new.contact_name, "contact_name", "联系人姓名", CONTACT_NAME_MAX_CHARS
            ),
            "phone": normalize_phone(new.phone),
            "zone": zone,
            "team_id": self.zones.team_for_zone(zone).id,
            "category": check_choice(new.category, "category", "问题类别", CATEGORIES),
            "question": clean_text(new.question, "question", "问题描述", QUESTION_MAX_CHARS),
            "transcript": check_transcript(new.transcript),
            "citations": check_citations(new.citations),
            "sender_id": sender_id,
        }

    def canonical_zone(self, zone: Any) -> str:
        """The zone's canonical name (an alias or place the resolver understands is accepted).

        Raises:
            TicketValidationError: unknown zone (field ``zone``).
        """
        if isinstance(zone, str) and zone.strip() in self.zones.zones:
            return zone.strip()
        resolved = self.zones.resolve(zone) if isinstance(zone, str) else None
        if resolved is None:
            examples = "、".join(list(self.zones.zones)[:3])  # this district's zones, not another's
            raise TicketValidationError("zone", f"请告诉我们企业所在的街道、镇或功能区（例如：{examples}）。")
        return resolved

    def _sla(self, category: str) -> timedelta:
        return timedelta(hours=self.zones.sla_hours[category])

    def _next_sequence(self, session: Session, day: str) -> int:
        """Atomically bump the day's counter (row-locked upsert; safe across processes)."""
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(DayCounterRow).values(day=day, last=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=[DayCounterRow.day], set_={"last": DayCounterRow.last + 1}
        ).returning(DayCounterRow.last)
        return session.execute(stmt).scalar_one()

    # --- reading --------------------------------------------------------------------------------

    def get(self, number: str) -> Ticket | None:
        """The ticket with ``number`` (any team), or None. Use :meth:`get_for_user` in the console."""
        with self._read() as session:
            row = self._row(session, number)
            return ticket_from_row(row, self.now()) if row else None

    def get_for_user(self, number: str, user: Account | str) -> Ticket | None:
        """The ticket if ``user`` may see it (own team's lawyer, or office), else None — the caller
        answers 404 either way, so another team's numbers reveal nothing."""
        account = self._account(user)
        ticket = self.get(number) if account else None
        if ticket is None or not _may_see(account, ticket.team_id):
            return None
        return ticket

    def find_for_firm(self, number: str, phone: str) -> Ticket | None:
        """The ticket if ``phone`` is its contact phone (any common writing), else None."""
        try:
            e164 = normalize_phone(phone)
        except TicketValidationError:
            return None
        ticket = self.get((number or "").strip().upper())
        return ticket if ticket and ticket.phone == e164 else None

    def for_sender(self, sender_id: str) -> list[Ticket]:
        """Tickets created from one chat or call (``web-<uuid>`` / ``tel-<CallSid>``), newest first."""
        if not sender_id:
            return []
        with self._read() as session:
            rows = session.scalars(
                self._select().where(TicketRow.sender_id == sender_id).order_by(TicketRow.id.desc())
            ).all()
            now = self.now()
            return [ticket_from_row(r, now) for r in rows]

    def list(
        self,
        team_id: str | None = None,
        status: str | None = None,
        zone: str | None = None,
        category: str | None = None,
        *,
        overdue_only: bool = False,
        limit: int | None = None,
    ) -> list[Ticket]:
        """Tickets matching the filters: overdue first (oldest due first), then open ones by due
        time, then answered/closed ones.

        Raises:
            TicketValidationError: an unknown status or category.
        """
        now = self.now()
        stmt = self._select()
        if team_id:
            stmt = stmt.where(TicketRow.team_id == team_id)
        if status:
            stmt = stmt.where(TicketRow.status == check_choice(status, "status", "状态", STATUSES))
        if zone:
            stmt = stmt.where(TicketRow.zone == zone)
        if category:
            stmt = stmt.where(
                TicketRow.category == check_choice(category, "category", "问题类别", CATEGORIES)
            )
        is_open = TicketRow.status.in_(OPEN_STATUSES)
        is_overdue = and_(is_open, TicketRow.due_at < now)
        if overdue_only:
            stmt = stmt.where(is_overdue)
        stmt = stmt.order_by(case((is_overdue, 0), (is_open, 1), else_=2), TicketRow.due_at, TicketRow.id)
        if limit:
            stmt = stmt.limit(limit)
        with self._read() as session:
            return [ticket_from_row(r, now) for r in session.scalars(stmt).all()]

    def list_for_user(self, user: Account | str, **filters: Any) -> list[Ticket]:
        """:meth:`list` limited to what ``user`` may see (lawyer: own team; office: all; department,
        editor or unknown: none)."""
        account = self._account(user)
        if account is None or account.role not in ("lawyer", "office"):
            return []
        if account.role == "lawyer":
            filters["team_id"] = account.team_id
        return self.list(**filters)

    def can_edit(self, user: Account | str, ticket: Ticket) -> bool:
        """Whether ``user`` may reply/assign/close/reopen ``ticket`` (a lawyer of its team)."""
        return _may_edit(self._account(user), ticket.team_id)

    # --- working a ticket -----------------------------------------------------------------------

    def reply(self, number: str, login: str, text: str) -> Ticket:
        """Answer the firm: stores the reply, status → answered (assigns to ``login`` if nobody).

        Raises:
            TicketNotFoundError, TicketPermissionError, TicketStateError (closed),
            TicketValidationError (empty or over 10,000 characters).
        """
        body = clean_text(text, "text", "答复内容", REPLY_MAX_CHARS)
        with self._working(number, login) as (session, row, now):
            if row.status == "closed":
                raise TicketStateError(f"工单 {number} 已关闭，请先重新打开再答复。")
            if row.assigned_login is None:
                row.assigned_login = login
            row.status = "answered"
            reply = ReplyRow(author_login=login, text=body, created_at=now)
            row.replies.append(reply)
            session.flush()
            row.events.append(EventRow(at=now, actor=login, action="replied", detail={"reply_id": reply.id}))
        return self._fetch(number)

    def assign(self, number: str, login: str, by: str) -> Ticket:
        """(Re)assign to ``login``, a lawyer of the ticket's own team; new/reopened → assigned.

        Raises:
            TicketNotFoundError, TicketPermissionError (``by`` or ``login`` not of the team),
            TicketStateError (closed).
        """
        with self._working(number, by) as (_session, row, now):
            if not _may_edit(self.account(login), row.team_id):
                raise TicketPermissionError(f"{login} 不是本团队的律师，只能在团队内部转派。")
            if row.status == "closed":
                raise TicketStateError(f"工单 {number} 已关闭，请先重新打开再转派。")
            previous = row.assigned_login
            row.assigned_login = login
            if row.status in ("new", "reopened"):
                row.status = "assigned"
            row.events.append(
                EventRow(at=now, actor=by, action="assigned", detail={"from": previous, "to": login})
            )
        return self._fetch(number)

    def transfer(self, number: str, team_id: str, by: str, reason: str) -> Ticket:
        """Move the ticket to another lawyer team (the district office only; ``reason`` is required).

        The ticket keeps its zone, number and due time; it is unassigned and becomes ``new`` for the
        new team (``reopened`` stays so), unless it is already answered. Audited as ``transferred``.

        Raises:
            TicketNotFoundError, TicketPermissionError (``by`` not an office account),
            TicketValidationError (unknown team, same team, no reason), TicketStateError (closed).
        """
        reason = clean_text(reason, "reason", "转交原因", 500)
        if self.zones.team(team_id) is None:
            raise TicketValidationError("team", f"没有团队 {team_id}。")
        account = self.account(by)
        if account is None or account.role != "office":
            raise TicketPermissionError("只有区办公室可以把工单转交其他团队。")
        now = self.now()
        with self._transaction() as session:
            row = self._row(session, number, lock=True)
            if row is None:
                raise TicketNotFoundError(number)
            if row.status == "closed":
                raise TicketStateError(f"工单 {number} 已关闭，请团队重新打开后再转交。")
            if row.team_id == team_id:
                raise TicketValidationError("team", f"工单 {number} 已由 {team_id} 办理。")
            detail = {
                "from_team": row.team_id,
                "to_team": team_id,
                "from": row.assigned_login,
                "reason": reason,
            }
            row.events.append(EventRow(at=now, actor=by, action="transferred", detail=detail))
            row.team_id, row.assigned_login, row.updated_at = team_id, None, now
            if row.status == "assigned":
                row.status = "new"
            session.flush()
        return self._fetch(number)

    def recategorise(self, number: str, category: str, by: str) -> Ticket:
        """File the ticket under another category (a lawyer of its team), e.g. a complaint that came in
        as 政策咨询 taken up as 维权投诉; the due time stays. Audited as ``recategorised`` {from, to}.

        Raises:
            TicketNotFoundError, TicketPermissionError, TicketValidationError (unknown category),
            TicketStateError (already in that category).
        """
        check_choice(category, "category", "问题类别", CATEGORIES)
        with self._working(number, by) as (_session, row, now):
            if row.category == category:
                raise TicketStateError(f"工单 {number} 已是“{category}”。")
            detail = {"from": row.category, "to": category}
            row.events.append(EventRow(at=now, actor=by, action="recategorised", detail=detail))
            row.category = category
        return self._fetch(number)

    def add_event(self, number: str, actor: str, action: str, detail: dict[str, Any]) -> None:
        """Append a history line that changes nothing else (e.g. ``warned`` by the overdue warnings).

        Raises:
            TicketNotFoundError: no such ticket.
        """
        with self._transaction() as session:
            row = self._row(session, number, lock=True)
            if row is None:
                raise TicketNotFoundError(number)
            row.events.append(EventRow(at=self.now(), actor=actor, action=action, detail=detail))

    def close(self, number: str, by: str) -> Ticket:
        """Close the ticket.

        Raises:
            TicketNotFoundError, TicketPermissionError, TicketStateError (already closed).
        """
        with self._working(number, by) as (_session, row, now):
            if row.status == "closed":
                raise TicketStateError(f"工单 {number} 已经关闭。")
            row.events.append(EventRow(at=now, actor=by, action="closed", detail={"from": row.status}))
            row.status = "closed"
        return self._fetch(number)

    def reopen(self, number: str, by: str, reason: str | None = None) -> Ticket:
        """Reopen an answered or closed ticket (``by`` a team lawyer, or ``"firm"``); new due time.

        Raises:
            TicketNotFoundError, TicketPermissionError, TicketStateError (still open).
        """
        with self._working(number, by, allow_firm=True) as (_session, row, now):
            if row.status not in ("answered", "closed"):
                raise TicketStateError(f"工单 {number} 仍在办理中，无需重新打开。")
            detail = {"from": row.status, "reason": (reason or "").strip()[:500] or None}
            row.events.append(EventRow(at=now, actor=by, action="reopened", detail=detail))
            row.status = "reopened"
            row.due_at = now + self._sla(row.category)
        return self._fetch(number)

    @contextmanager
    def _working(
        self, number: str, actor: str, *, allow_firm: bool = False
    ) -> Iterator[tuple[Session, TicketRow, datetime]]:
        """One write transaction on a locked ticket row that ``actor`` may change."""
        now = self.now()
        with self._transaction() as session:
            row = self._row(session, number, lock=True)
            if row is None:
                raise TicketNotFoundError(number)
            if not (allow_firm and actor == FIRM) and not _may_edit(self.account(actor), row.team_id):
                raise TicketPermissionError("您没有处理该工单的权限（仅负责该区位的律师团队可以处理）。")
            yield session, row, now
            row.updated_at = now
            session.flush()

    # --- hotline transcript ---------------------------------------------------------------------

    def append_turn(self, conversation_id: str, role: str, text: str) -> None:
        """Append one turn (``role`` ``firm`` or ``bot``) to a conversation's transcript.

        Raises:
            TicketValidationError: unknown role, empty conversation id.
        """
        if not conversation_id or len(conversation_id) > SENDER_ID_MAX_CHARS:
            raise TicketValidationError("conversation_id", "会话标识无效。")
        check_choice(role, "role", "发言方", TURN_ROLES)
        with self._transaction() as session:
            session.add(TurnRow(conversation_id=conversation_id, role=role, text=text or "", at=self.now()))

    def transcript(self, conversation_id: str) -> list[dict[str, Any]]:
        """The conversation so far: ``[{"role", "text", "at"}]`` in order (``at`` ISO 8601)."""
        with self._read() as session:
            rows = session.scalars(
                select(TurnRow).where(TurnRow.conversation_id == conversation_id).order_by(TurnRow.id)
            ).all()
            return [{"role": r.role, "text": r.text, "at": r.at.isoformat()} for r in rows]

    # --- console accounts -----------------------------------------------------------------------

    def account(self, login: str) -> Account | None:
        """Who ``login`` is (zones file, or created by the office), or None when unknown or disabled."""
        return self.accounts.get(login)

    def set_password(self, login: str, password: str, *, by: str | None = None) -> None:
        """Set (or replace) the console password of ``login`` (audited; ``by`` defaults to the CLI user).

        Raises:
            TicketValidationError: unknown login, or a password shorter than 10 characters.
        """
        self.accounts.set_password(login, password, by=by or cli_actor())

    def authenticate(self, login: str, password: str) -> Account | None:
        """The account if ``password`` is right for ``login`` and the account is active, else None."""
        return self.accounts.authenticate(login, password)

    # --- helpers --------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with self._write() as session, session.begin():
            yield session

    @staticmethod
    def _select() -> Any:
        return select(TicketRow).options(selectinload(TicketRow.replies), selectinload(TicketRow.events))

    def _row(self, session: Session, number: str, *, lock: bool = False) -> TicketRow | None:
        stmt = self._select().where(TicketRow.number == (number or ""))
        if lock:
            stmt = stmt.with_for_update()
        return session.scalars(stmt).one_or_none()

    def _fetch(self, number: str) -> Ticket:
        ticket = self.get(number)
        if ticket is None:
            raise TicketNotFoundError(number)
        return ticket

    def _account(self, user: Account | str) -> Account | None:
        return self.account(user) if isinstance(user, str) else user

    def count(self) -> int:
        """Number of tickets stored."""
        with self._read() as session:
            return session.scalar(select(func.count()).select_from(TicketRow)) or 0


def _may_see(account: Account | None, team_id: str) -> bool:
    return account is not None and (account.role == "office" or account.team_id == team_id)


def _may_edit(account: Account | None, team_id: str) -> bool:
    """Only a lawyer of the ticket's team works it (the office reads only)."""
    return account is not None and account.role == "lawyer" and account.team_id == team_id
