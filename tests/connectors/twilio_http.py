"""A ``twilio.http.HttpClient`` that records each request the Twilio SDK makes and answers with a
response in the shape Twilio's REST API documents, so the real SDK code runs end to end offline."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from twilio.http import HttpClient
from twilio.http.response import Response

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "0123456789abcdef0123456789abcdef"
FROM_NUMBER = "+15005550006"


@dataclass
class Sent:
    """One request as the SDK made it."""

    method: str
    uri: str
    data: dict[str, Any]
    auth: tuple[str, str] | None


def message_created(data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Twilio's 201 answer to ``POST …/Messages.json`` (fields as in its API reference)."""
    return 201, {
        "sid": "SM" + "a" * 32,
        "account_sid": ACCOUNT_SID,
        "to": data.get("To"),
        "from": data.get("From"),
        "body": data.get("Body"),
        "status": "queued",
        "num_segments": "1",
        "direction": "outbound-api",
        "api_version": "2010-04-01",
        "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/SM{'a' * 32}.json",
    }


def invalid_number(data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Twilio's 400 answer for a number it cannot text (error 21211)."""
    return 400, {
        "code": 21211,
        "message": f"The 'To' number {data.get('To')} is not a valid phone number.",
        "more_info": "https://www.twilio.com/docs/errors/21211",
        "status": 400,
    }


class RecordingTwilioHttp(HttpClient):
    """Records requests; ``answer(data)`` gives the status and JSON body of the reply."""

    def __init__(self, answer: Any = message_created) -> None:
        super().__init__(logging.getLogger(__name__), is_async=False)
        self.answer = answer
        self.sent: list[Sent] = []

    def request(self, method: str, uri: str, params=None, data=None, headers=None, auth=None, **_: Any):
        self.sent.append(Sent(method, uri, dict(data or {}), auth))
        status, body = self.answer(dict(data or {}))
        return Response(status, json.dumps(body))
