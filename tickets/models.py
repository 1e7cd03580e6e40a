"""SQLAlchemy 2 ORM tables of the ticket store (the Alembic migrations create exactly these).

Times are stored in UTC; :class:`UTCDateTime` hands back timezone-aware values on SQLite too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of the ticket tables."""


class TicketRow(Base):
    """One escalated question of a firm."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(20), nullable=False)
    channel: Mapped[str] = mapped_column(String(16), nullable=False)
    firm_name: Mapped[str] = mapped_column(String(200), nullable=False)
    contact_name: Mapped[str] = mapped_column(String(100), nullable=False)
    phone: Mapped[str] = mapped_column(String(32), nullable=False)  # E.164, e.g. +8613800000101
    zone: Mapped[str] = mapped_column(String(64), nullable=False)
    team_id: Mapped[str] = mapped_column(String(64), nullable=False)
    category: Mapped[str] = mapped_column(String(16), nullable=False)
    question: Mapped[str] = mapped_column(Text, nullable=False)
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)
    citations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)
    sender_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    assigned_login: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    replies: Mapped[list[ReplyRow]] = relationship(order_by="ReplyRow.id", cascade="all, delete-orphan")
    events: Mapped[list[EventRow]] = relationship(order_by="EventRow.id", cascade="all, delete-orphan")

    __table_args__ = (
        UniqueConstraint("number", name="uq_tickets_number"),
        Index("ix_tickets_team_status", "team_id", "status"),
        Index("ix_tickets_sender_id", "sender_id"),
        Index("ix_tickets_due_at", "due_at"),
    )


class ReplyRow(Base):
    """A lawyer's answer to the firm."""

    __tablename__ = "ticket_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False)
    author_login: Mapped[str] = mapped_column(String(64), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (Index("ix_ticket_replies_ticket_id", "ticket_id"),)


class EventRow(Base):
    """One line of a ticket's history: who did what, when."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)  # a login, "firm" or "system"
    action: Mapped[str] = mapped_column(String(32), nullable=False)  # created, assigned, replied, …
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)

    __table_args__ = (Index("ix_ticket_events_ticket_id", "ticket_id"),)


class DayCounterRow(Base):
    """Last ticket sequence number issued on one (China-time) day; bumped atomically per ticket."""

    __tablename__ = "ticket_day_counters"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)  # YYYYMMDD
    last: Mapped[int] = mapped_column(Integer, nullable=False)


class UserRow(Base):
    """A console account: the password of a zones-file login (lawyer, office), or a whole account
    created by the office (office, department, editor: ``name`` set). ``disabled_at`` locks it out."""

    __tablename__ = "console_users"

    login: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), nullable=False)  # tickets.vocab.ROLES
    team_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    name: Mapped[str | None] = mapped_column(String(100), nullable=True)  # None: from the zones file
    department: Mapped[str | None] = mapped_column(String(200), nullable=True)  # issuer (department role)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AccountEventRow(Base):
    """The audit trail of console accounts: who changed which account, when, and how."""

    __tablename__ = "account_events"
    __table_args__ = (Index("ix_account_events_login", "login", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)  # a login, or "命令行:<os user>"
    login: Mapped[str] = mapped_column(String(64), nullable=False)  # the account changed
    action: Mapped[str] = mapped_column(String(32), nullable=False)  # tickets.accounts.ACTION_LABELS
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)


class AuditEventRow(Base):
    """The shared audit trail of what staff change outside tickets and accounts: one row per change of
    one subject (``subject_kind`` "policy": a policy's versions from the editors' page), who and when,
    the details (for a policy: changed fields, diff, the whole text after) as JSON."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject", "subject_kind", "subject", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)  # a login
    subject_kind: Mapped[str] = mapped_column(String(16), nullable=False)  # "policy"
    subject: Mapped[str] = mapped_column(String(100), nullable=False)  # e.g. the policy id
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)


class TurnRow(Base):
    """One turn of a conversation (the hotline keeps its transcript here)."""

    __tablename__ = "conversation_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)  # firm | bot
    text: Mapped[str] = mapped_column(Text, nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (Index("ix_conversation_turns_conversation_id", "conversation_id"),)


class ConsultationRow(Base):
    """One conversation on one channel (the consultation register): what the firm asked and how it ended.

    Written by :mod:`tickets.consultations` from what the bot did in each exchange and from the
    tickets the conversation produced; ``outcome`` is kept in step with the counters.
    """

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(200), nullable=False)  # web-…, tel-…, window-…
    channel: Mapped[str] = mapped_column(String(16), nullable=False)  # web|hotline|window|visit|wechat
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)  # tickets.consultations.OUTCOMES
    messages: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # the firm's messages
    answers: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # cited answers
    no_matches: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    clarifications: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    escalation_offers: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    first_question: Mapped[str | None] = mapped_column(Text, nullable=True)
    no_match_question: Mapped[str | None] = mapped_column(Text, nullable=True)  # first one unmatched
    topic: Mapped[str | None] = mapped_column(String(32), nullable=True)  # of the unmatched question
    policy_ids: Mapped[list[str]] = mapped_column(JSON, nullable=False)  # policies cited, in order
    zone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    team_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ticket_number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    recorded_by: Mapped[str | None] = mapped_column(String(64), nullable=True)  # staff login (window/visit)
    firm_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)  # E.164
    note: Mapped[str | None] = mapped_column(Text, nullable=True)  # the answer given at the window

    __table_args__ = (
        UniqueConstraint("conversation_id", name="uq_consultations_conversation_id"),
        Index("ix_consultations_started_at", "started_at", "channel", "outcome"),
        Index("ix_consultations_ticket_number", "ticket_number"),
        Index("ix_consultations_topic", "topic", "started_at"),
    )


class RatingRow(Base):
    """A firm's rating (好差评) of an answer or of a closed ticket."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    ticket_number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    channel: Mapped[str] = mapped_column(String(16), nullable=False)  # where the rating was given
    score: Mapped[str] = mapped_column(String(16), nullable=False)  # satisfied|fair|dissatisfied
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    team_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lawyer_login: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (
        Index("ix_ratings_created_at", "created_at"),
        Index("ix_ratings_conversation_id", "conversation_id"),
        Index("ix_ratings_ticket_number", "ticket_number"),
    )


class PendingRatingRow(Base):
    """A rating of the bot's answers that arrived before its conversation was in the register (another
    web worker had answered and was still writing the exchange): kept here, keyed by the conversation,
    and moved into ``ratings`` when the conversation's exchange is written (:mod:`tickets.pending_ratings`).
    Never counted while it waits."""

    __tablename__ = "pending_ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(200), nullable=False)
    channel: Mapped[str] = mapped_column(String(16), nullable=False)
    score: Mapped[str] = mapped_column(String(16), nullable=False)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (UniqueConstraint("conversation_id", name="uq_pending_ratings_conversation_id"),)


class FirmProfileRow(Base):
    """A firm's facts kept with its consent, keyed by phone (``tel:+86…``) or WeChat openid (``wx:…``).

    Without consent only the consent state is kept (asked once, granted, revoked); revoking erases
    the facts. ``push_opt_out_at`` is set by an unsubscribe (TD).
    """

    __tablename__ = "firm_profiles"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    consent: Mapped[str] = mapped_column(String(16), nullable=False)  # asked | granted | revoked
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    source: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    updated_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    push_opt_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class CampaignMessageRow(Base):
    """One push message of a campaign to one firm (never twice for the same campaign and firm)."""

    __tablename__ = "campaign_messages"
    __table_args__ = (
        UniqueConstraint("campaign", "profile_key", name="uq_campaign_messages_firm"),
        Index("ix_campaign_messages_message_id", "channel", "message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    campaign: Mapped[str] = mapped_column(String(100), nullable=False)
    profile_key: Mapped[str] = mapped_column(String(100), nullable=False)
    policy_id: Mapped[str] = mapped_column(String(64), nullable=False)
    match: Mapped[str] = mapped_column(String(16), nullable=False)  # eligible | maybe
    channel: Mapped[str] = mapped_column(String(16), nullable=False)  # sms | wechat
    message_id: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    # sent | delivered | read | failed (tickets.campaign_tracking, Alembic 0008)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    status_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    error_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # the firm's "已申报"


class VisitRow(Base):
    """A lawyer's visit to a firm (走访): what was discussed, what was found, the tickets it opened."""

    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_team_day", "team_id", "visited_on"),
        Index("ix_visits_day", "visited_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(64), nullable=False)
    zone: Mapped[str] = mapped_column(String(64), nullable=False)
    firm_name: Mapped[str] = mapped_column(String(200), nullable=False)
    contact_name: Mapped[str] = mapped_column(String(100), nullable=False)
    phone: Mapped[str] = mapped_column(String(32), nullable=False)  # E.164
    visited_on: Mapped[date] = mapped_column(Date, nullable=False)  # China-time day
    topics: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    findings: Mapped[str] = mapped_column(Text, nullable=False)
    ticket_numbers: Mapped[list[str]] = mapped_column(JSON, nullable=False)  # follow-up tickets
    lawyer_login: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class FeedbackRow(Base):
    """A flaw in a policy reported to its issuing department (政策运行闭环), tracked until closed."""

    __tablename__ = "policy_feedback"
    __table_args__ = (
        Index("ix_policy_feedback_issuer", "issuer", "status"),
        Index("ix_policy_feedback_policy", "policy_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    policy_id: Mapped[str] = mapped_column(String(64), nullable=False)
    policy_title: Mapped[str] = mapped_column(String(300), nullable=False)
    issuer: Mapped[str] = mapped_column(String(200), nullable=False)  # the department it goes to
    kind: Mapped[str] = mapped_column(String(32), nullable=False)  # tickets.feedback.KINDS
    description: Mapped[str] = mapped_column(Text, nullable=False)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)  # tickets, conversations, counts
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # tickets.feedback.STATUSES
    raised_by: Mapped[str] = mapped_column(String(64), nullable=False)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)  # the department's answer
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    events: Mapped[list[FeedbackEventRow]] = relationship(
        back_populates="feedback", order_by="FeedbackEventRow.id", cascade="all, delete-orphan"
    )


class FeedbackEventRow(Base):
    """One step of a feedback item: raised, sent, acknowledged, answered, changed, closed."""

    __tablename__ = "feedback_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("policy_feedback.id", ondelete="CASCADE"), nullable=False
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(16), nullable=False)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)

    feedback: Mapped[FeedbackRow] = relationship(back_populates="events")


class CheckupRow(Base):
    """A legal check-up (法律体检) of a firm, booked as a ticket: the lawyer's structured findings and
    the policies the firm should apply for; the report is drawn from it."""

    __tablename__ = "checkups"
    __table_args__ = (UniqueConstraint("ticket_number", name="uq_checkups_ticket_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_number: Mapped[str] = mapped_column(String(20), nullable=False)
    team_id: Mapped[str] = mapped_column(String(64), nullable=False)
    firm_name: Mapped[str] = mapped_column(String(200), nullable=False)
    lawyer_login: Mapped[str] = mapped_column(String(64), nullable=False)
    areas: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, nullable=False
    )  # area, risk, finding, advice
    policies: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, nullable=False
    )  # policy_id, title, clause, text
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # draft | final | sent
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class RightsCaseRow(Base):
    """A rights-protection case (维权) behind a 维权投诉 ticket: the facts, the clause relied on, the
    department concerned, the steps taken and the outcome (money obtained in fen)."""

    __tablename__ = "rights_cases"
    __table_args__ = (
        UniqueConstraint("ticket_number", name="uq_rights_cases_ticket_number"),
        Index("ix_rights_cases_concluded_at", "concluded_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ticket_number: Mapped[str] = mapped_column(String(20), nullable=False)
    team_id: Mapped[str] = mapped_column(String(64), nullable=False)
    firm_name: Mapped[str] = mapped_column(String(200), nullable=False)
    facts: Mapped[str] = mapped_column(Text, nullable=False)
    policy_id: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the clause relied on
    policy_title: Mapped[str | None] = mapped_column(String(300), nullable=True)
    clause: Mapped[str | None] = mapped_column(String(64), nullable=True)
    clause_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    issuer: Mapped[str | None] = mapped_column(String(200), nullable=True)  # the policy's issuing department
    department: Mapped[str] = mapped_column(String(200), nullable=False)  # the department concerned
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)  # kind, on, note, by, at
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)  # resolved | unresolved
    amount_fen: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)  # money obtained
    outcome_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    department_at_fault: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    feedback_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the flag it opened
    lawyer_login: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)  # the outcome is due by then
    concluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
