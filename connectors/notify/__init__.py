"""Outbound notifications to firms (SMS): Twilio when configured, a recording fake otherwise."""

from __future__ import annotations

from connectors.notify.base import Notifier, NotifyError
from connectors.notify.recording import RecordingNotifier
from connectors.notify.twilio_sms import TwilioNotifier
from huiqi.settings import Settings


def get_notifier(settings: Settings) -> Notifier:
    """Return the notifier the settings call for.

    Twilio when ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN`` and ``TWILIO_FROM_NUMBER`` are all set;
    otherwise a :class:`RecordingNotifier` writing to ``<data_dir>/outbox.jsonl``. Twilio reports
    each message's delivery to ``<HUIQI_PUBLIC_URL>/sms/status``.
    """
    if settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_from_number:
        return TwilioNotifier(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            settings.twilio_from_number,
            status_callback=f"{settings.public_url}/sms/status",
        )
    return RecordingNotifier(settings.data_dir / "outbox.jsonl")


__all__ = ["Notifier", "NotifyError", "RecordingNotifier", "TwilioNotifier", "get_notifier"]
