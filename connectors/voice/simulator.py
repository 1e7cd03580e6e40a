"""Drive the hotline webhooks as Twilio would: signed form posts, TwiML parsed back.

Used by ``huiqi call`` (a person types what a caller says) and by the tests. Requests go through
Flask's test client — or, with :class:`HttpClient`, over real HTTP to a running web app (``make run``) —
signed with :class:`twilio.request_validator.RequestValidator` over the public URL and the POST
parameters, exactly as Twilio signs them.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

import requests
from twilio.request_validator import RequestValidator


class WebhookResponse(Protocol):
    """What the simulator reads from an answer (Flask's test response has this shape)."""

    status_code: int

    def get_data(self, as_text: bool = ...) -> str | bytes: ...


class WebhookClient(Protocol):
    """Where the simulator posts: Flask's test client, or :class:`HttpClient`."""

    def post(self, path: str, *, data: dict[str, str], headers: dict[str, str]) -> WebhookResponse: ...


@dataclass
class HttpResponse:
    """A real HTTP answer in the shape of Flask's test response."""

    status_code: int
    body: str

    def get_data(self, as_text: bool = False) -> str | bytes:
        return self.body if as_text else self.body.encode("utf-8")


class HttpClient:
    """Posts the webhooks over real HTTP to a running web app at ``base_url`` (e.g. ``make run``'s)."""

    def __init__(self, base_url: str, timeout: float = 20.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def post(self, path: str, *, data: dict[str, str], headers: dict[str, str]) -> HttpResponse:
        response = requests.post(self.base_url + path, data=data, headers=headers, timeout=self.timeout)
        return HttpResponse(response.status_code, response.text)


@dataclass
class Turn:
    """What the caller hears and what Twilio would do next, read from one TwiML document."""

    status: int
    xml: str
    says: list[str] = field(default_factory=list)
    gather: dict[str, str] | None = None
    dial: dict[str, str] | None = None
    hangup: bool = False

    @property
    def text(self) -> str:
        """Everything said, in order, as one string."""
        return "".join(self.says)

    @classmethod
    def parse(cls, status: int, body: str) -> Turn:
        """Parse a webhook answer (a non-200 answer has no TwiML)."""
        turn = cls(status=status, xml=body)
        if status != 200:
            return turn
        root = ET.fromstring(body)
        for element in root.iter():
            if element.tag == "Say":
                turn.says.append((element.text or "").strip())
            elif element.tag == "Gather":
                turn.gather = dict(element.attrib)
            elif element.tag == "Dial":
                turn.dial = {**element.attrib, "number": (element.text or "").strip()}
            elif element.tag == "Hangup":
                turn.hangup = True
        return turn

    @property
    def ended(self) -> bool:
        """True when Twilio would hang up after this document (no Gather and no Dial to come back)."""
        return self.hangup or (self.gather is None and self.dial is None)


class CallSimulator:
    """One simulated call from ``caller`` to the hotline.

    Args:
        client: A Flask test client of an app with the voice blueprint, or an :class:`HttpClient`.
        auth_token: The Twilio auth token the app checks signatures with.
        public_url: The public base URL the app rebuilds signed URLs from.
        caller: The caller's number as Twilio sends it (``+86…``).
    """

    def __init__(self, client: WebhookClient, auth_token: str, public_url: str, caller: str) -> None:
        self.client = client
        self.validator = RequestValidator(auth_token)
        self.public_url = public_url.rstrip("/")
        self.caller = caller
        self.call_sid = "CA" + uuid.uuid4().hex
        self.last: Turn | None = None

    @property
    def sender(self) -> str:
        """The Rasa sender id / transcript key of this call."""
        return f"tel-{self.call_sid}"

    def post(self, url: str, extra: dict[str, str] | None = None, *, signature: str | None = None) -> Turn:
        """Post Twilio's parameters (+ ``extra``) to ``url`` (absolute public URL or path), signed."""
        if url.startswith("/"):
            url = self.public_url + url
        params = {
            "CallSid": self.call_sid,
            "AccountSid": "AC" + "0" * 32,
            "From": self.caller,
            "To": "+8653288512345",
            "Direction": "inbound",
            "CallStatus": "in-progress",
            **(extra or {}),
        }
        # The app sits behind the public URL (a proxy may strip a path prefix such as /huiqi).
        if url.startswith(self.public_url):
            path = url[len(self.public_url) :] or "/"
        else:
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
        if signature is None:
            signature = self.validator.compute_signature(url, params)
        headers = {"X-Twilio-Signature": signature} if signature else {}
        response = self.client.post(path, data=params, headers=headers)
        self.last = Turn.parse(response.status_code, response.get_data(as_text=True))
        return self.last

    def start(self) -> Turn:
        """Twilio calls the Voice URL: the greeting."""
        return self.post("/voice/incoming", {"CallStatus": "ringing"})

    def _action(self) -> str:
        if self.last is None or self.last.gather is None:
            raise RuntimeError("the hotline is not listening (no <Gather> in the last answer)")
        return self.last.gather["action"]

    def say(self, words: str, confidence: str = "0.91") -> Turn:
        """The caller speaks: Twilio posts the transcript to the Gather's action."""
        return self.post(self._action(), {"SpeechResult": words, "Confidence": confidence})

    def press(self, digits: str) -> Turn:
        """The caller presses keys."""
        return self.post(self._action(), {"Digits": digits})

    def silence(self) -> Turn:
        """The caller says nothing until the Gather times out (``actionOnEmptyResult``)."""
        return self.post(self._action())

    def dial_ended(self, status: str) -> Turn:
        """The transfer ends with ``DialCallStatus`` = ``status`` (completed, no-answer, busy …)."""
        if self.last is None or self.last.dial is None:
            raise RuntimeError("no transfer in progress (no <Dial> in the last answer)")
        return self.post(self.last.dial["action"], {"DialCallStatus": status, "DialCallDuration": "0"})
