"""RasaClient against real HTTP servers: Rasa's reply shape is merged, outages surface fast."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from connectors.rasa_client import RasaClient, RasaUnavailable

CITATION = {"policy_id": "JM-2023-014", "title": "高企奖励", "clause": "第三条", "expired": False}


class _RestReply(BaseHTTPRequestHandler):
    """Answers like Rasa's REST channel: text and custom payload as separate items."""

    reply: ClassVar[list[dict]] = []
    status = 200
    delay = 0.0

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        time.sleep(self.delay)
        data = json.dumps([dict(item, recipient_id=body["sender"]) for item in self.reply]).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def rest_server() -> Iterator[tuple[str, type[_RestReply]]]:
    handler = type("Handler", (_RestReply,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", handler
    server.shutdown()
    server.server_close()


def test_text_and_custom_items_become_one_message_with_citations(rest_server) -> None:
    url, handler = rest_server
    handler.reply = [
        {"text": "高企认定后奖励30万元。"},
        {"custom": {"citations": [CITATION], "action": "answer"}},
        {"text": "还有别的问题吗？", "buttons": [{"title": "找律师", "payload": "/request_lawyer"}]},
    ]
    with RasaClient(url) as client:
        messages = client.send("web-abc", "高企奖多少")
    assert [m.text for m in messages] == ["高企认定后奖励30万元。", "还有别的问题吗？"]
    assert messages[0].citations == [CITATION]
    assert messages[0].action == "answer"
    assert messages[1].buttons == [{"title": "找律师", "payload": "/request_lawyer"}]
    assert messages[1].citations == []


def test_ticket_payload_is_exposed(rest_server) -> None:
    url, handler = rest_server
    ticket = {"number": "HQ-20261129-0001", "team": "team-1", "status": "new"}
    handler.reply = [{"text": "已为您转交律师。"}, {"custom": {"ticket": ticket, "action": "ticket_created"}}]
    with RasaClient(url) as client:
        (message,) = client.send("web-abc", "找律师")
    assert message.ticket == ticket
    assert message.to_dict()["ticket"] == ticket


def test_server_error_raises_unavailable(rest_server) -> None:
    url, handler = rest_server
    handler.status = 500
    handler.reply = []
    with RasaClient(url) as client, pytest.raises(RasaUnavailable):
        client.send("web-abc", "你好")


def test_closed_port_fails_within_two_seconds() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    with RasaClient(f"http://127.0.0.1:{port}", timeout=5) as client, pytest.raises(RasaUnavailable):
        client.send("web-abc", "你好")
    assert time.monotonic() - started < 2.0


def test_slow_server_times_out(rest_server) -> None:
    url, handler = rest_server
    handler.reply = [{"text": "迟到的回答"}]
    handler.delay = 1.5
    with RasaClient(url, timeout=0.5) as client, pytest.raises(RasaUnavailable):
        client.send("web-abc", "你好")
