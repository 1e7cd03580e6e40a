"""Firm profiles kept with consent, in the ticket database (table ``firm_profiles``, Alembic 0002).

A profile is keyed by the firm's phone (``tel:+8613912345678``) or WeChat openid (``wx:o…``). The firm is
asked once; facts are stored only while consent is granted, and revoking erases them (the revoked
state is kept so that the firm is not asked again). An unsubscribe (TD) stops pushes but keeps the
profile. Facts are a plain dict; the caller validates them (``matching.parse_profile``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tickets import db
from tickets.models import CampaignMessageRow, FirmProfileRow
from tickets.validation import normalize_phone

__all__ = ["ConsentError", "ProfileStore", "StoredProfile", "profile_key"]

ASKED, GRANTED, REVOKED = "asked", "granted", "revoked"


class ConsentError(RuntimeError):
    """Facts offered for a firm that has not consented; ``str()`` is Chinese."""


def profile_key(*, phone: str | None = None, openid: str | None = None) -> str:
    """The key of a firm: ``tel:<E.164>`` or ``wx:<openid>``.

    Raises:
        tickets.TicketValidationError: the phone number is not a valid Chinese number.
        ValueError: neither is given.
    """
    if phone:
        return f"tel:{normalize_phone(phone)}"
    if openid and openid.strip():
        return f"wx:{openid.strip()}"
    raise ValueError("需要手机号或微信 openid")


@dataclass(frozen=True)
class StoredProfile:
    """One firm's consent state and (with consent) its facts."""

    key: str
    consent: str
    consent_at: datetime
    facts: dict[str, Any]
    source: str
    updated_by: str
    updated_at: datetime
    push_opt_out_at: datetime | None

    @property
    def may_push(self) -> bool:
        """Consent granted and not unsubscribed."""
        return self.consent == GRANTED and self.push_opt_out_at is None


def _stored(row: FirmProfileRow) -> StoredProfile:
    return StoredProfile(
        row.key,
        row.consent,
        row.consent_at,
        dict(row.facts or {}),
        row.source,
        row.updated_by,
        row.updated_at,
        row.push_opt_out_at,
    )


class ProfileStore(db.SessionStore):
    """Consent, facts and push bookkeeping of firms, on the ticket database (migrated on open)."""

    def get(self, key: str) -> StoredProfile | None:
        """The firm's profile, or ``None`` when it was never asked."""
        with self._read() as session:
            row = session.get(FirmProfileRow, key)
            return _stored(row) if row else None

    def _set_consent(self, key: str, consent: str, by: str, source: str, *, erase: bool) -> StoredProfile:
        now = self._clock()
        with self._write.begin() as session:
            row = session.get(FirmProfileRow, key)
            if row is None:
                row = FirmProfileRow(key=key, facts={}, source=source, updated_by=by)
                session.add(row)
            row.consent, row.consent_at, row.updated_at, row.updated_by = consent, now, now, by
            row.source = source or row.source
            if erase:
                row.facts = {}
            return _stored(row)

    def ask(self, key: str, source: str = "") -> bool:
        """Record that the firm was asked; ``True`` only the first time (ask once, never again)."""
        if self.get(key) is not None:
            return False
        try:
            self._set_consent(key, ASKED, "firm", source, erase=False)
        except IntegrityError:  # asked at the same moment elsewhere
            return False
        return True

    def grant(self, key: str, by: str, source: str = "") -> StoredProfile:
        """The firm agreed that its facts are kept (and matching policies pushed)."""
        return self._set_consent(key, GRANTED, by, source, erase=False)

    def revoke(self, key: str, by: str) -> StoredProfile:
        """The firm withdrew consent: its facts are erased, the refusal is remembered."""
        return self._set_consent(key, REVOKED, by, "", erase=True)

    def update(self, key: str, facts: dict[str, Any], by: str, source: str = "") -> StoredProfile:
        """Merge facts into a consenting firm's profile (lists are joined, other fields replaced).

        Raises:
            ConsentError: the firm has not granted consent.
        """
        now = self._clock()
        with self._write.begin() as session:
            row = session.get(FirmProfileRow, key)
            if row is None or row.consent != GRANTED:
                raise ConsentError("该企业尚未同意保存企业信息，不能记录画像。")
            merged = dict(row.facts or {})
            for name, value in facts.items():
                if isinstance(value, list) and isinstance(merged.get(name), list):
                    value = list(dict.fromkeys([*merged[name], *value]))
                if value is not None:
                    merged[name] = value
            row.facts, row.updated_at, row.updated_by = merged, now, by
            row.source = source or row.source
            return _stored(row)

    def opt_out(self, key: str) -> bool:
        """Stop pushes to the firm (TD); ``False`` when there is no such profile."""
        with self._write.begin() as session:
            row = session.get(FirmProfileRow, key)
            if row is None:
                return False
            row.push_opt_out_at = row.push_opt_out_at or self._clock()
            return True

    def push_targets(self) -> list[StoredProfile]:
        """Firms that may be sent pushes (consent granted, not unsubscribed), by key."""
        with self._read() as session:
            rows = session.scalars(
                select(FirmProfileRow)
                .where(FirmProfileRow.consent == GRANTED, FirmProfileRow.push_opt_out_at.is_(None))
                .order_by(FirmProfileRow.key)
            ).all()
            return [_stored(r) for r in rows]

    def already_sent(self, campaign: str, key: str) -> bool:
        """Whether this campaign already messaged this firm."""
        with self._read() as session:
            found = session.scalar(
                select(CampaignMessageRow.id).where(
                    CampaignMessageRow.campaign == campaign, CampaignMessageRow.profile_key == key
                )
            )
            return found is not None

    def record_message(
        self, campaign: str, key: str, policy_id: str, match: str, channel: str, message_id: str, status: str
    ) -> None:
        """Keep one push message (sent or failed) of a campaign."""
        with self._write.begin() as session:
            session.add(
                CampaignMessageRow(
                    campaign=campaign,
                    profile_key=key,
                    policy_id=policy_id,
                    match=match,
                    channel=channel,
                    message_id=message_id,
                    status=status,
                    sent_at=self._clock(),
                )
            )

    def campaign_messages(self, campaign: str) -> list[dict[str, Any]]:
        """The messages of one campaign, oldest first (for the office and tests)."""
        with self._read() as session:
            rows = session.scalars(
                select(CampaignMessageRow)
                .where(CampaignMessageRow.campaign == campaign)
                .order_by(CampaignMessageRow.id)
            ).all()
            return [
                {
                    "profile_key": r.profile_key,
                    "policy_id": r.policy_id,
                    "match": r.match,
                    "channel": r.channel,
                    "status": r.status,
                }
                for r in rows
            ]
