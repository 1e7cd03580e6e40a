"""The small interface every outbound notifier implements."""

from __future__ import annotations

from typing import Protocol

#: SMS bodies longer than this are cut (Twilio accepts 1,600 characters; Chinese SMS split at 70).
MAX_SMS_CHARS = 1500


class NotifyError(RuntimeError):
    """A message could not be handed to the provider."""


class Notifier(Protocol):
    """Sends a text message to a firm's phone."""

    def send_sms(self, to: str, body: str) -> str:
        """Send ``body`` to phone number ``to`` and return the provider's message id.

        Raises:
            NotifyError: The provider refused the message or could not be reached.
        """
        ...


def clip_body(body: str) -> str:
    """Cut an SMS body to :data:`MAX_SMS_CHARS`, marking the cut."""
    body = body.strip()
    if len(body) <= MAX_SMS_CHARS:
        return body
    mark = "……（略）"
    return body[: MAX_SMS_CHARS - len(mark)] + mark
