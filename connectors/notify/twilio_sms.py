"""SMS through Twilio's Messaging API."""

from __future__ import annotations

from typing import Any

import requests
from twilio.base.exceptions import TwilioException
from twilio.rest import Client

from connectors.notify.base import NotifyError, clip_body


class TwilioNotifier:
    """Send SMS from the district's Twilio number.

    The client is created on first use, never at import time.

    Args:
        account_sid, auth_token: the Twilio account's credentials.
        from_number: the district's Twilio number the SMS come from.
        http_client: a ``twilio.http.HttpClient`` (default: Twilio's own, over HTTPS).
        status_callback: the URL Twilio posts delivery reports to (``<public URL>/sms/status``).
    """

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        http_client: Any = None,
        status_callback: str | None = None,
    ) -> None:
        self.status_callback = status_callback
        self._account_sid = account_sid
        self._auth_token = auth_token
        self.from_number = from_number
        self._http_client = http_client
        self._client: Client | None = None

    def send_sms(self, to: str, body: str) -> str:
        """Send the message and return Twilio's message SID.

        Raises:
            NotifyError: Twilio refused the message (e.g. an invalid number) or could not be reached.
        """
        if self._client is None:
            self._client = Client(self._account_sid, self._auth_token, http_client=self._http_client)
        try:
            extra = {"status_callback": self.status_callback} if self.status_callback else {}
            message = self._client.messages.create(
                to=to, from_=self.from_number, body=clip_body(body), **extra
            )
        except (TwilioException, requests.RequestException) as exc:
            code = getattr(exc, "code", None)
            raise NotifyError(
                f"Twilio refused the SMS to {to[:3]}****" + (f" (error {code})" if code else "") + f": {exc}"
            ) from exc
        return str(message.sid)
