"""What happened after a push: delivery reported by the channel, and firms who then asked or applied.

Delivery comes from the channel itself — Twilio's SMS status callback (``MessageStatus``), WeChat's
``TEMPLATESENDJOBFINISH`` event — matched to the push by the provider's message id. A status never
goes back (a late ``sent`` does not undo ``delivered``). A firm *asked* when a conversation or ticket of
it (same phone or openid) started after its push; it *applied* when it tapped the message's
"已申报" link (:meth:`CampaignTracking.mark_applied`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from tickets import db
from tickets.models import CampaignMessageRow, ConsultationRow, TicketRow

__all__ = ["DELIVERY_STATUSES", "CampaignSummary", "CampaignTracking", "twilio_status", "wechat_status"]

#: A push's status, in the order it can only move forward (``failed`` is final, from ``sent``).
DELIVERY_STATUSES: tuple[str, ...] = ("sent", "delivered", "read", "failed")
_RANK = {"sent": 0, "delivered": 1, "read": 2}
#: Twilio's ``MessageStatus`` → ours (queued / accepted / sending say nothing new).
_TWILIO = {
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "failed",
    "failed": "failed",
}


def _moves_forward(old: str, new: str) -> bool:
    """Whether a report changes a push's status: forward only; a failure only of a push merely sent."""
    if old == "failed" or old == new:
        return False
    if new == "failed":
        return old == "sent"
    return _RANK[new] > _RANK.get(old, 0)


def twilio_status(message_status: str) -> str | None:
    """Our status for Twilio's ``MessageStatus`` value, or None when it says nothing new."""
    return _TWILIO.get(message_status.strip().lower())


def wechat_status(status: str) -> str:
    """Our status for the ``Status`` of WeChat's ``TEMPLATESENDJOBFINISH`` (``success`` / ``failed:…``)."""
    return "delivered" if status.strip().lower() == "success" else "failed"


@dataclass(frozen=True)
class CampaignSummary:
    """One campaign in figures (the office's report and ``huiqi campaign report``)."""

    campaign: str
    policy_ids: tuple[str, ...]
    messages: int
    by_status: dict[str, int]
    by_match: dict[str, int]
    asked: int
    applied: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "campaign": self.campaign,
            "policy_ids": list(self.policy_ids),
            "messages": self.messages,
            "by_status": self.by_status,
            "by_match": self.by_match,
            "asked": self.asked,
            "applied": self.applied,
        }


def _address(key: str) -> tuple[str | None, str | None]:
    """``(phone, sender id)`` a firm's conversations and tickets carry, from its profile key."""
    kind, _, value = key.partition(":")
    return (value, None) if kind == "tel" else (None, f"wx-{value}")


class CampaignTracking(db.SessionStore):
    """Delivery and response bookkeeping of push campaigns, on the ticket database (migrated on open)."""

    def record_status(
        self, channel: str, message_id: str, status: str, error_code: str | None = None
    ) -> bool:
        """Note what the channel reports for one push; False when no push has that id.

        Args:
            channel: ``sms`` or ``wechat``.
            message_id: The provider's id (Twilio ``MessageSid``, WeChat ``MsgID``).
            status: One of :data:`DELIVERY_STATUSES`.
            error_code: The provider's error code of a failure (Twilio ``ErrorCode``, WeChat's status).
        """
        if status not in DELIVERY_STATUSES:
            raise ValueError(f"未知的送达状态 {status!r}")
        if not message_id:
            return False
        with self._write.begin() as session:
            row = session.scalar(
                select(CampaignMessageRow).where(
                    CampaignMessageRow.channel == channel, CampaignMessageRow.message_id == message_id
                )
            )
            if row is None:
                return False
            if _moves_forward(row.status, status):
                row.status, row.status_at = status, self._clock()
                row.error_code = (error_code or None)[:32] if status == "failed" and error_code else None
            return True

    def mark_applied(self, campaign: str, key: str) -> bool:
        """The firm says it applied (tapped the message's link); False when it got no such push."""
        with self._write.begin() as session:
            row = session.scalar(
                select(CampaignMessageRow).where(
                    CampaignMessageRow.campaign == campaign, CampaignMessageRow.profile_key == key
                )
            )
            if row is None:
                return False
            row.applied_at = row.applied_at or self._clock()
            return True

    def mark_applied_latest(self, key: str) -> str | None:
        """The firm says it applied without naming the push (a WeChat reply): its latest campaign, or None."""
        with self._read() as session:
            campaign = session.scalar(
                select(CampaignMessageRow.campaign)
                .where(CampaignMessageRow.profile_key == key, CampaignMessageRow.status != "failed")
                .order_by(CampaignMessageRow.sent_at.desc(), CampaignMessageRow.id.desc())
                .limit(1)
            )
        return campaign if campaign and self.mark_applied(campaign, key) else None

    def _asked(self, session: Any, key: str, since: datetime) -> bool:
        phone, sender = _address(key)
        consulted = select(ConsultationRow.id).where(
            ConsultationRow.started_at >= since,
            or_(ConsultationRow.phone == phone, ConsultationRow.conversation_id == sender),
        )
        ticketed = select(TicketRow.id).where(
            TicketRow.created_at >= since, or_(TicketRow.phone == phone, TicketRow.sender_id == sender)
        )
        return session.scalar(consulted.limit(1)) is not None or session.scalar(ticketed.limit(1)) is not None

    def summary(self, campaign: str) -> CampaignSummary | None:
        """The campaign's figures, or None when it sent nothing."""
        with self._read() as session:
            rows = session.scalars(
                select(CampaignMessageRow).where(CampaignMessageRow.campaign == campaign)
            ).all()
            if not rows:
                return None
            by_status = dict.fromkeys(DELIVERY_STATUSES, 0)
            by_match: dict[str, int] = {}
            for row in rows:
                by_status[row.status] = by_status.get(row.status, 0) + 1
                by_match[row.match] = by_match.get(row.match, 0) + 1
            reached = [r for r in rows if r.status != "failed"]
            return CampaignSummary(
                campaign=campaign,
                policy_ids=tuple(dict.fromkeys(r.policy_id for r in rows)),
                messages=len(rows),
                by_status=by_status,
                by_match=by_match,
                asked=sum(self._asked(session, r.profile_key, r.sent_at) for r in reached),
                applied=sum(r.applied_at is not None for r in rows),
            )
