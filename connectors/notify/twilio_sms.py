"""SMS through Twilio's Messaging API."""

from __future__ import annotations

from twilio.base.exceptions import TwilioException
from twilio.rest import Client

from connectors.notify.base import NotifyError, clip_body


class TwilioNotifier:
    """Send SMS from the district's Twilio number.

    The client is created on first use, never at import time.
    """

    def __init__(self, account_sid: str, auth_token: str, from_number: str) -> None:
        self._account_sid = account_sid
        self._auth_token = auth_token
        self.from_number = from_number
        self._client: Client | None = None

    def send_sms(self, to: str, body: str) -> str:
        """Send the message and return Twilio's message SID."""
        if self._client is None:
            self._client = Client(self._account_sid, self._auth_token)
        try:
            message = self._client.messages.create(to=to, from_=self.from_number, body=clip_body(body))
        except TwilioException as exc:
            raise NotifyError(f"Twilio refused the SMS to {to[:3]}****: {exc}") from exc
        return str(message.sid)
