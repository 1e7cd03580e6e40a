"""The consultation register and ratings on the ticket database (``TicketStore.register``).

Writes are one transaction each; :meth:`ConsultationRegister.record` takes a batch (the web process
writes from a background queue, :mod:`connectors.consultation_recorder`, off the answer path).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tickets import db
from tickets.consultation_report import DayRange, consultation_report
from tickets.consultations import DESK_CHANNELS, Exchange, apply_exchanges, channel_for_sender, new_values
from tickets.errors import TicketNotFoundError, TicketStateError, TicketValidationError
from tickets.models import ConsultationRow, RatingRow
from tickets.pending_ratings import hold, rate_consultation, settle
from tickets.programme import Programme, programme, satisfaction_by
from tickets.ratings import Rating, clean_comment, parse_score
from tickets.validation import FIRM_NAME_MAX_CHARS, QUESTION_MAX_CHARS, clean_text, normalize_phone

if TYPE_CHECKING:
    from tickets.store import TicketStore

#: Exchanges recorded between two refreshes of the query planner's statistics.
OPTIMIZE_EVERY = 5_000
#: Longest answer recorded for a case answered at the window.
ANSWER_MAX_CHARS = 5000
#: Where a rating may be given.
RATING_CHANNELS: tuple[str, ...] = ("web", "hotline", "sms", "wechat")


class ConsultationRegister:
    """Consultations and ratings, sharing the ticket store's database and clock."""

    def __init__(self, store: TicketStore, read: sessionmaker[Session], write: sessionmaker[Session]) -> None:
        self._store = store
        self._read = read
        self._write = write
        self._recorded = 0

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with self._write() as session, session.begin():
            yield session

    def record(self, exchanges: Sequence[Exchange]) -> int:
        """Fold exchanges into the register in one transaction; returns how many.

        Every :data:`OPTIMIZE_EVERY` exchanges the planner statistics are refreshed (SQLite), so the
        period queries keep using the right index as the register grows.
        """
        if not exchanges:
            return 0
        with self._transaction() as session:
            count = apply_exchanges(session, exchanges)
        before, self._recorded = self._recorded, self._recorded + count
        if before // OPTIMIZE_EVERY != self._recorded // OPTIMIZE_EVERY:
            db.analyze(self._store._write_engine)
        return count

    def get(self, conversation_id: str) -> dict[str, Any] | None:
        """One consultation as a dict (columns; ``outcome`` as stored), or None."""
        with self._read() as session:
            row = session.scalars(
                select(ConsultationRow).where(ConsultationRow.conversation_id == conversation_id)
            ).one_or_none()
            return _as_dict(row) if row is not None else None

    def report(self, first: date, last: date) -> dict[str, Any]:
        """The figures of ``huiqi report consultations`` for China-time days ``first`` … ``last``.

        Raises:
            ValueError: ``last`` before ``first``.
        """
        if last < first:
            raise ValueError("结束日期早于开始日期。")
        with self._read() as session:
            return consultation_report(session, DayRange(first, last))

    def programme(self, first: date, last: date) -> Programme:
        """The figures of the programme page ``/office`` for China-time days ``first`` … ``last``."""
        with self._read() as session:
            return programme(session, first, last)

    def satisfaction(
        self, first: date, last: date
    ) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
        """Ratings of the China-time days ``first`` … ``last``: ``(per team, per lawyer)``, score → n."""
        days = DayRange(first, last)
        with self._read() as session:
            return satisfaction_by(session, days, RatingRow.team_id), satisfaction_by(
                session, days, RatingRow.lawyer_login
            )

    # --- cases logged by staff ------------------------------------------------------------------

    def log_case(
        self,
        *,
        channel: str,
        firm_name: object,
        phone: object,
        zone: object,
        question: object,
        answer: object,
        by: str,
    ) -> dict[str, Any]:
        """Record a window or visit case answered on the spot (a hand-off is a ticket instead:
        ``TicketStore.create(..., recorded_by=by)`` with a ``window-…`` sender).

        Raises:
            TicketValidationError: a field is missing or invalid (``field``, Chinese message).
        """
        if channel not in DESK_CHANNELS:
            raise TicketValidationError("channel", "只能登记窗口或走访的咨询。")
        zone_name = self._store.canonical_zone(zone)
        fields = {
            "firm_name": clean_text(firm_name, "firm_name", "企业名称", FIRM_NAME_MAX_CHARS),
            "phone": normalize_phone(phone),
            "zone": zone_name,
            "team_id": self._store.zones.team_for_zone(zone_name).id,
            "note": clean_text(answer, "answer", "答复内容", ANSWER_MAX_CHARS),
            "recorded_by": by,
        }
        text = clean_text(question, "question", "问题描述", QUESTION_MAX_CHARS)
        now = self._store.now()
        row = ConsultationRow(**new_values(f"{channel}-{uuid.uuid4().hex}", channel, now))
        with self._transaction() as session:
            session.add(row)
            apply_exchanges(session, [Exchange(row.conversation_id, now, text, ("answer",))])
            for name, value in fields.items():
                setattr(row, name, value)
        return self.get(row.conversation_id) or {}

    def cases_by(self, login: str, limit: int = 10) -> list[dict[str, Any]]:
        """The latest window/visit cases ``login`` recorded (answered on the spot or handed off)."""
        with self._read() as session:
            rows = session.scalars(
                select(ConsultationRow)
                .where(ConsultationRow.recorded_by == login)
                .order_by(ConsultationRow.id.desc())
                .limit(limit)
            ).all()
            return [_as_dict(row) for row in rows]

    # --- ratings --------------------------------------------------------------------------------

    def rate_answer(
        self, conversation_id: str, score: object, comment: object = None, *, channel: str | None = None
    ) -> Rating:
        """The firm rates the bot's answers in a conversation (a second rating replaces the first).

        A conversation not in the register yet (its answer is still being written by another web
        worker) keeps the rating waiting, keyed by the conversation: it is recorded, with the time it
        was given, when the conversation is (``Rating.pending``; :mod:`tickets.pending_ratings`).

        Raises:
            TicketValidationError: bad score or comment.
        """
        key, text = parse_score(score), clean_comment(comment)
        channel = self._rating_channel(channel or channel_for_sender(conversation_id))
        now = self._store.now()
        with self._transaction() as session:
            consultation = self._consultation(session, conversation_id)
            if consultation is not None:
                return _rating(rate_consultation(session, consultation, channel, key, text, now))
            waiting = hold(session, conversation_id, channel, key, text, now)
            rating = Rating(
                id=waiting.id,
                score=key,
                comment=text,
                channel=channel,
                conversation_id=conversation_id,
                ticket_number=None,
                team_id=None,
                lawyer_login=None,
                created_at=now,
                pending=True,
            )
        with self._transaction() as session:  # written meanwhile (PostgreSQL: read committed)
            consultation = self._consultation(session, conversation_id)
            moved = settle(session, [consultation]) if consultation is not None else []
        return _rating(moved[0]) if moved else rating

    @staticmethod
    def _consultation(session: Session, conversation_id: str) -> ConsultationRow | None:
        return session.scalars(
            select(ConsultationRow).where(ConsultationRow.conversation_id == conversation_id)
        ).one_or_none()

    def rate_ticket(
        self, number: str, score: object, comment: object = None, *, channel: str = "sms"
    ) -> Rating:
        """The firm rates a ticket a lawyer answered; 不满意 reopens it for the team (a new due time).

        Raises:
            TicketNotFoundError; TicketStateError: the team has not answered it yet;
            TicketValidationError: bad score or comment.
        """
        key, text = parse_score(score), clean_comment(comment)
        channel = self._rating_channel(channel)
        ticket = self._store.get(number)
        if ticket is None:
            raise TicketNotFoundError(number)
        if ticket.status not in ("answered", "closed"):
            raise TicketStateError("律师团队答复后才能评价该工单。")
        lawyer = ticket.latest_reply.author_login if ticket.latest_reply else ticket.assigned_login
        with self._transaction() as session:
            row = session.scalars(
                select(RatingRow).where(RatingRow.ticket_number == ticket.number)
            ).one_or_none()
            row = row or RatingRow(ticket_number=ticket.number, conversation_id=ticket.sender_id)
            row.channel, row.score, row.comment = channel, key, text
            row.team_id, row.lawyer_login, row.created_at = ticket.team_id, lawyer, self._store.now()
            session.add(row)
            session.flush()
            rating = _rating(row)
        if key != "dissatisfied":
            return rating
        reason = "企业评价“不满意”" + (f"：{text}" if text else "")
        self._store.reopen(ticket.number, "firm", reason=reason)
        return Rating(**{**rating.__dict__, "reopened": True})

    @staticmethod
    def _rating_channel(channel: str) -> str:
        if channel not in RATING_CHANNELS:
            raise TicketValidationError("channel", "评价渠道无效。")
        return channel

    def ratings(
        self, *, ticket_number: str | None = None, conversation_id: str | None = None
    ) -> list[Rating]:
        """Ratings of one ticket or one conversation, oldest first."""
        stmt = select(RatingRow).order_by(RatingRow.id)
        if ticket_number is not None:
            stmt = stmt.where(RatingRow.ticket_number == ticket_number)
        if conversation_id is not None:
            stmt = stmt.where(RatingRow.conversation_id == conversation_id)
        with self._read() as session:
            return [_rating(row) for row in session.scalars(stmt).all()]


def _as_dict(row: ConsultationRow) -> dict[str, Any]:
    return {column.name: getattr(row, column.name) for column in ConsultationRow.__table__.columns}


def _rating(row: RatingRow) -> Rating:
    return Rating(
        id=row.id,
        score=row.score,
        comment=row.comment,
        channel=row.channel,
        conversation_id=row.conversation_id,
        ticket_number=row.ticket_number,
        team_id=row.team_id,
        lawyer_login=row.lawyer_login,
        created_at=row.created_at,
    )
