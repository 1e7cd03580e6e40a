"""A rating of the bot's answers that arrives before its conversation is in the register.

Each web worker writes its exchanges from a background queue (:mod:`connectors.consultation_recorder`);
a firm's tap on 满意 (or a keypad rating) may reach another worker a moment before the answering
worker has written the conversation. The rating is then held in ``pending_ratings``, keyed by the
conversation, and moved into ``ratings`` — with the time it was given — in the same transaction that
writes the conversation's exchange (:func:`settle`, called by
:func:`tickets.consultations.apply_exchanges`). While it waits it is counted nowhere, so a rating for
a conversation that never existed never reaches the figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tickets.models import ConsultationRow, PendingRatingRow, RatingRow

__all__ = ["KEEP", "hold", "rate_consultation", "settle"]

#: How long a rating waits for its conversation; older ones (their conversation never came: a forged
#: or lost request) are removed when the next rating is held.
KEEP = timedelta(days=1)


def rate_consultation(
    session: Session,
    consultation: ConsultationRow,
    channel: str,
    score: str,
    comment: str | None,
    at: datetime,
) -> RatingRow:
    """Record (or replace: a second tap replaces the first) the rating of a conversation's answers."""
    row = session.scalars(
        select(RatingRow).where(
            RatingRow.conversation_id == consultation.conversation_id, RatingRow.ticket_number.is_(None)
        )
    ).one_or_none()
    row = row or RatingRow(conversation_id=consultation.conversation_id)
    row.channel, row.score, row.comment = channel, score, comment
    row.team_id, row.created_at = consultation.team_id, at
    session.add(row)
    session.flush()
    return row


def hold(
    session: Session, conversation_id: str, channel: str, score: str, comment: str | None, at: datetime
) -> PendingRatingRow:
    """Keep the rating of a conversation not yet in the register (a later tap replaces it); ratings
    that waited longer than :data:`KEEP` are dropped."""
    session.execute(delete(PendingRatingRow).where(PendingRatingRow.created_at < at - KEEP))
    values = {
        "conversation_id": conversation_id,
        "channel": channel,
        "score": score,
        "comment": comment,
        "created_at": at,
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(PendingRatingRow).values(**values)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=[PendingRatingRow.conversation_id],
            set_={k: v for k, v in values.items() if k != "conversation_id"},
        )
    )
    return session.scalars(
        select(PendingRatingRow).where(PendingRatingRow.conversation_id == conversation_id)
    ).one()


def settle(session: Session, consultations: Iterable[ConsultationRow]) -> list[RatingRow]:
    """Move the waiting ratings of these conversations (now in the register) into ``ratings``.

    Each waiting rating is locked and deleted before it is recorded, so two transactions settling
    the same conversation at once (PostgreSQL) record it once.
    """
    moved: list[RatingRow] = []
    if session.scalar(select(PendingRatingRow.id).limit(1)) is None:
        return moved  # nearly always: nothing waits (one indexed look, not one per conversation)
    by_id = {row.conversation_id: row for row in consultations}
    ids = list(by_id)
    for start in range(0, len(ids), 500):
        waiting = session.scalars(
            select(PendingRatingRow)
            .where(PendingRatingRow.conversation_id.in_(ids[start : start + 500]))
            .with_for_update()
        ).all()
        for pending in waiting:
            session.delete(pending)
            session.flush()
            consultation = by_id[pending.conversation_id]
            moved.append(
                rate_consultation(
                    session, consultation, pending.channel, pending.score, pending.comment, pending.created_at
                )
            )
    return moved
