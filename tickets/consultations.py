"""The consultation register: every conversation on every channel is one row with its outcome.

An :class:`Exchange` is one message of the firm and what the bot did with it (the ``action`` values
of the bot's ``custom`` payloads, docs/interfaces.md); :func:`apply_exchanges` folds a batch into the
conversations' rows. :func:`note_ticket` does the same for a ticket, inside the ticket's own
transaction, so every ticket — whatever the channel — is an escalated consultation.

Outcomes (one per consultation, the strongest wins): ``escalated`` (a ticket was filed) >
``answered`` (a cited answer) > ``no_match`` (no policy matched and the firm did not take a lawyer)
> ``clarified`` (the bot only asked back — the zone, whether to call in a lawyer — and the firm left
before an answer or a ticket) > ``other`` (greetings, nothing asked).
``resolved`` (a lawyer answered the ticket) is derived when counting, from the ticket itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tickets.models import ConsultationRow, TicketRow
from tickets.pending_ratings import settle

#: Channels of a consultation (tickets come from the first three; WeChat is issue 15's).
CONSULTATION_CHANNELS: tuple[str, ...] = ("web", "hotline", "window", "visit", "wechat")
#: Outcomes, in the order reports list them.
OUTCOMES: tuple[str, ...] = ("answered", "clarified", "no_match", "escalated", "resolved", "other")
#: Chinese names of the outcomes and channels, for pages and exports.
OUTCOME_LABELS: dict[str, str] = {
    "answered": "已答复（引用条款）",
    "clarified": "追问澄清",
    "no_match": "无匹配政策",
    "escalated": "已转律师",
    "resolved": "律师已解决",
    "other": "其他",
}
CHANNEL_LABELS: dict[str, str] = {
    "web": "网页对话",
    "hotline": "电话热线",
    "window": "窗口",
    "visit": "走访",
    "wechat": "微信",
}
#: Sender-id prefixes that name the channel (docs/interfaces.md, "Rasa ↔ channels").
SENDER_PREFIXES: dict[str, str] = {
    "web-": "web",
    "tel-": "hotline",
    "wechat-": "wechat",
    "wx-": "wechat",
    "window-": "window",
    "visit-": "visit",
}
#: Longest question kept in the register (the ticket keeps the full text).
QUESTION_KEEP_CHARS = 500
#: Channels whose cases staff log by hand (the window desk, lawyers' visits).
DESK_CHANNELS: tuple[str, ...] = ("window", "visit")
#: Bot actions that answered with cited policies (a question; the guided eligibility check's matches).
ANSWER_ACTIONS = frozenset({"answer", "eligibility_result"})
#: Bot actions that mean "the bot asked back" rather than answered.
_CLARIFYING = {"ask_zone"}


def channel_for_sender(sender: str, default: str = "web") -> str:
    """The channel a Rasa sender id belongs to (``tel-CA…`` → ``hotline``); ``default`` otherwise."""
    for prefix, channel in SENDER_PREFIXES.items():
        if sender.startswith(prefix):
            return channel
    return default


@dataclass(frozen=True)
class Exchange:
    """One message of the firm and what the bot did with it."""

    conversation_id: str
    at: datetime
    message: str
    actions: tuple[str, ...] = ()
    policy_ids: tuple[str, ...] = ()
    ticket_number: str | None = None
    channel: str | None = None  # None: from the sender id's prefix
    topic: str | None = None  # what an unmatched question is about (the gaps in the collection)


def outcome_of(row: ConsultationRow) -> str:
    """The consultation's outcome from its counters (``resolved`` is derived later, from the ticket)."""
    if row.ticket_number:
        return "escalated"
    if row.answers:
        return "answered"
    if row.no_matches:
        return "no_match"
    if row.clarifications or row.escalation_offers:
        return "clarified"
    return "other"


def new_values(conversation_id: str, channel: str, at: datetime) -> dict[str, Any]:
    """The columns of a conversation's row before its first exchange."""
    return {
        "conversation_id": conversation_id,
        "channel": channel,
        "started_at": at,
        "last_at": at,
        "outcome": "other",
        "messages": 0,
        "answers": 0,
        "no_matches": 0,
        "clarifications": 0,
        "escalation_offers": 0,
        "policy_ids": [],
    }


def _row_for(session: Session, conversation_id: str, channel: str, at: datetime) -> ConsultationRow:
    """The conversation's row, created when new (insert-or-ignore, then read it locked)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(ConsultationRow).values(**new_values(conversation_id, channel, at))
    session.execute(stmt.on_conflict_do_nothing(index_elements=[ConsultationRow.conversation_id]))
    query = select(ConsultationRow).where(ConsultationRow.conversation_id == conversation_id)
    return session.scalars(query.with_for_update()).one()


def _fold(row: ConsultationRow, exchange: Exchange) -> None:
    """Add one exchange to a conversation's row and recompute its outcome."""
    actions = set(exchange.actions)
    question = (exchange.message or "").strip()[:QUESTION_KEEP_CHARS] or None
    row.messages += 1
    row.started_at = min(row.started_at, exchange.at)
    row.last_at = max(row.last_at, exchange.at)
    if actions & ANSWER_ACTIONS:
        row.answers += 1
    if "no_match" in actions:
        row.no_matches += 1
        row.no_match_question = row.no_match_question or question
        row.topic = row.topic or (exchange.topic or None)
    if actions & _CLARIFYING:
        row.clarifications += 1
    if "offer_escalation" in actions:
        row.escalation_offers += 1
    if actions & (ANSWER_ACTIONS | {"no_match"}):
        row.first_question = row.first_question or question
    if exchange.policy_ids:
        row.policy_ids = list(dict.fromkeys([*row.policy_ids, *exchange.policy_ids]))
    if exchange.ticket_number and not row.ticket_number:
        row.ticket_number = exchange.ticket_number
    row.outcome = outcome_of(row)


def apply_exchanges(session: Session, exchanges: Sequence[Exchange]) -> int:
    """Fold a batch of exchanges in order: one read of the known rows, new rows added, one flush.

    Two processes creating the same new conversation at once make one of them fail on the unique
    conversation id; the caller retries the batch, which then finds the row. A rating given before a
    conversation was written (another web worker took the tap) is recorded with it
    (:func:`tickets.pending_ratings.settle`).
    """
    ids = list(dict.fromkeys(e.conversation_id for e in exchanges))
    rows = {
        row.conversation_id: row
        for start in range(0, len(ids), 500)
        for row in session.scalars(
            select(ConsultationRow)
            .where(ConsultationRow.conversation_id.in_(ids[start : start + 500]))
            .with_for_update()
        )
    }
    for exchange in exchanges:
        row = rows.get(exchange.conversation_id)
        if row is None:
            channel = exchange.channel or channel_for_sender(exchange.conversation_id)
            row = ConsultationRow(**new_values(exchange.conversation_id, channel, exchange.at))
            rows[exchange.conversation_id] = row
            session.add(row)
        _fold(row, exchange)
    session.flush()
    settle(session, rows.values())  # ratings given before the conversation was written
    return len(exchanges)


def note_ticket(session: Session, ticket: TicketRow, *, recorded_by: str | None = None) -> None:
    """Mark the ticket's conversation as escalated (a ticket without a conversation is one of its own)."""
    conversation_id = ticket.sender_id or f"ticket-{ticket.number}"
    channel = (
        channel_for_sender(conversation_id, default=ticket.channel) if ticket.sender_id else ticket.channel
    )
    row = _row_for(session, conversation_id, channel, ticket.created_at)
    row.ticket_number = row.ticket_number or ticket.number
    row.zone, row.team_id = ticket.zone, ticket.team_id
    row.first_question = row.first_question or ticket.question[:QUESTION_KEEP_CHARS]
    row.last_at = max(row.last_at, ticket.created_at)
    row.recorded_by = row.recorded_by or recorded_by
    row.firm_name, row.phone = row.firm_name or ticket.firm_name, row.phone or ticket.phone
    cited = [str(c.get("policy_id")) for c in ticket.citations if isinstance(c, dict) and c.get("policy_id")]
    if cited:
        row.policy_ids = list(dict.fromkeys([*row.policy_ids, *cited]))
    row.outcome = outcome_of(row)
