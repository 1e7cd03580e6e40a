"""Drive a real escalation conversation through Rasa's REST channel, answering what the bot asks.

The bot's form asks for the question, firm name, contact, phone and zone in an order it chooses; the
driver reads each reply's text and answers the field it asks for, so the tests do not depend on the
order, only on the bot asking in its own words (bot/domain.yml ``utter_ask_*``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

FIRM = {
    "question": "我们去年新上了一条自动化生产线，想请律师看看能不能申请技术改造补贴。",
    "firm_name": "青岛蓝村精密机械有限公司",
    "contact_name": "王立军",
    "phone": "13912345678",
    "zone": "蓝村街道",
}
#: A phrase of each ``utter_ask_*`` text → the form field it asks for.
ASKS = {
    "想请律师解答的问题": "question",
    "公司的全称": "firm_name",
    "联系人怎么称呼": "contact_name",
    "联系电话": "phone",
    "哪个街道": "zone",
}
START = "我要找律师，转人工"

Say = Callable[[int, str], list[dict[str, Any]]]


def rest_say(urls: list[str], sender: str, timeout: float = 60) -> Say:
    """``say(turn, text)`` posting to Rasa instance ``urls[turn % len(urls)]`` (REST channel)."""

    def say(turn: int, text: str) -> list[dict[str, Any]]:
        url = urls[turn % len(urls)] + "/webhooks/rest/webhook"
        response = requests.post(url, json={"sender": sender, "message": text}, timeout=timeout)
        response.raise_for_status()
        return response.json()

    return say


def asked_field(items: list[dict[str, Any]]) -> str | None:
    """The form field the bot's last question asks for, if any."""
    for item in reversed(items):
        text = item.get("text") or ""
        for phrase, field in ASKS.items():
            if phrase in text:
                return field
    return None


def ticket_of(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The ticket announced in the bot's reply (``custom.ticket``), if any."""
    for item in items:
        custom = item.get("custom") or {}
        if isinstance(custom, dict) and custom.get("ticket"):
            return custom["ticket"]
    return None


def web_say(base: str, sender: str, timeout: float = 60) -> Say:
    """``say(turn, text)`` through the web app's ``/api/chat`` at ``base`` (the shape escalate reads)."""

    def say(_turn: int, text: str) -> list[dict[str, Any]]:
        response = requests.post(
            base + "/api/chat", json={"sender": sender, "message": text}, timeout=timeout
        )
        assert response.status_code == 200, response.text
        return [
            {"text": m["text"], "custom": {"ticket": m.get("ticket")}} for m in response.json()["messages"]
        ]

    return say


def escalate(
    say: Say, max_turns: int = 10, firm: dict[str, str] | None = None
) -> tuple[dict[str, Any], list[tuple[str, list[dict[str, Any]]]]]:
    """Ask for a lawyer and answer the form (with ``firm``'s details, default :data:`FIRM`) until the
    bot confirms a ticket.

    Returns:
        The confirmed ticket (``number``, ``team`` …) and the transcript ``[(said, replies), …]``.

    Raises:
        AssertionError: no ticket after ``max_turns`` turns, or the bot asked something unexpected.
    """
    transcript: list[tuple[str, list[dict[str, Any]]]] = []
    text = START
    for turn in range(max_turns):
        replies = say(turn, text)
        transcript.append((text, replies))
        ticket = ticket_of(replies)
        if ticket:
            return ticket, transcript
        field = asked_field(replies)
        assert field, f"the bot did not ask a form question after {text!r}: {replies}"
        text = (firm or FIRM)[field]
    raise AssertionError(f"no ticket after {max_turns} turns: {transcript}")
