"""The one client every channel uses to talk to the Rasa server's REST channel.

Rasa answers ``POST /webhooks/rest/webhook`` with a list of messages; our actions put structured data
(citations, ticket, action) in ``json_message``, which the REST channel returns under ``custom``
(see docs/interfaces.md). This module turns that list into :class:`BotMessage` objects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

REST_WEBHOOK = "/webhooks/rest/webhook"
log = logging.getLogger(__name__)

#: Called after every answered message with ``(sender, message, replies)`` (the consultation register).
ExchangeHook = Callable[[str, str, "list[BotMessage]"], None]


class RasaUnavailable(RuntimeError):
    """Rasa (or the action server behind it) did not answer in time or answered with an error."""


@dataclass
class BotMessage:
    """One message from the bot, as a channel renders it."""

    text: str = ""
    buttons: list[dict[str, str]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    ticket: dict[str, Any] | None = None
    action: str | None = None
    custom: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_rest(cls, raw: dict[str, Any]) -> BotMessage:
        """Build a message from one item of Rasa's REST channel reply."""
        custom = raw.get("custom") if isinstance(raw.get("custom"), dict) else {}
        buttons = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in raw.get("buttons") or []
            if isinstance(b, dict)
        ]
        return cls(
            text=str(raw.get("text") or custom.get("text") or ""),
            buttons=buttons,
            citations=list(custom.get("citations") or []),
            ticket=custom.get("ticket") or None,
            action=custom.get("action"),
            custom=custom,
        )

    def to_dict(self) -> dict[str, Any]:
        """The shape ``/api/chat`` returns for one message."""
        return {
            "text": self.text,
            "buttons": self.buttons,
            "citations": self.citations,
            "ticket": self.ticket,
        }


def merge_rest_items(items: list[dict[str, Any]]) -> list[BotMessage]:
    """Turn Rasa's REST reply into messages, joining each custom-only item to the text before it.

    Rasa's collecting output channel sends ``utter_message(text=..., json_message=...)`` as two items
    (text first, then ``custom``); a channel wants them as one message with its citations.
    """
    messages: list[BotMessage] = []
    for item in items:
        message = BotMessage.from_rest(item)
        custom_only = "custom" in item and not item.get("text") and not item.get("buttons")
        previous = messages[-1] if messages else None
        if custom_only and previous is not None and not previous.custom:
            previous.custom = message.custom
            previous.citations = message.citations
            previous.ticket = message.ticket
            previous.action = message.action
            if not previous.text:
                previous.text = message.text
            continue
        messages.append(message)
    return messages


class RasaClient:
    """Send a firm's message to Rasa and collect the bot's replies.

    Args:
        base_url: The Rasa server, e.g. ``http://127.0.0.1:5005``.
        timeout: Seconds to wait for the whole answer (connect + read).
        session: Optional ``requests.Session`` (one per process is enough; it pools connections).
        on_exchange: Optional hook called with ``(sender, message, replies)`` after each answer —
            every channel passes here, so the consultation register hangs on it. It must not block;
            an exception in it is logged, never raised.
    """

    def __init__(
        self,
        base_url: str,
        timeout: float = 10.0,
        session: requests.Session | None = None,
        *,
        on_exchange: ExchangeHook | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session = session or requests.Session()
        self.on_exchange = on_exchange

    def send(
        self,
        sender: str,
        message: str,
        *,
        metadata: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> list[BotMessage]:
        """Relay one message and return the bot's replies.

        Args:
            sender: The conversation (``web-<uuid>`` or ``tel-<CallSid>``).
            message: What the firm said or typed (``/intent`` triggers an intent directly).
            metadata: Facts the channel knows about the message (the hotline sends the caller's number);
                Rasa's REST channel hands them to the actions as the message's metadata.
            timeout: Seconds for this message instead of the client's default (Twilio waits 15 s).

        Raises:
            RasaUnavailable: Rasa is down, too slow, or answered with an error status.
        """
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        wait = timeout or self.timeout
        try:
            response = self._session.post(
                self.base_url + REST_WEBHOOK, json=body, timeout=(min(2.0, wait), wait)
            )
        except requests.RequestException as exc:
            raise RasaUnavailable(f"Rasa server unreachable at {self.base_url}: {exc}") from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"Rasa server answered {response.status_code}: {response.text[:200]}")
        try:
            payload = response.json()
        except ValueError as exc:
            raise RasaUnavailable("Rasa server answered with invalid JSON") from exc
        if not isinstance(payload, list):
            raise RasaUnavailable("Rasa server answered with an unexpected shape")
        messages = merge_rest_items([item for item in payload if isinstance(item, dict)])
        if self.on_exchange is not None:
            try:
                self.on_exchange(sender, message, messages)
            except Exception:
                log.exception("on_exchange hook failed for %s", sender)
        return messages

    def close(self) -> None:
        """Close pooled connections."""
        self._session.close()

    def __enter__(self) -> RasaClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
