"""RasaClient against real HTTP servers: Rasa's reply shape is merged, outages surface fast."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import ClassVar

import pytest

from connectors.rasa_client import RasaClient, RasaUnavailable
from tests.rasa_standin import Item, RasaStandIn, closed_port_url, serve

CITATION = {"policy_id": "JM-2023-014", "title": "高企奖励", "clause": "第三条", "expired": False}


class _RestReply(RasaStandIn):
    """Answers every message with the items of ``reply`` (text and custom payload as separate items)."""

    reply: ClassVar[list[Item]] = []

    def items(self, body: dict[str, str]) -> list[Item]:
        return self.reply


@pytest.fixture
def rest_server() -> Iterator[tuple[str, type[_RestReply]]]:
    with serve(_RestReply) as served:
        yield served


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
    started = time.monotonic()
    with RasaClient(closed_port_url(), timeout=5) as client, pytest.raises(RasaUnavailable):
        client.send("web-abc", "你好")
    assert time.monotonic() - started < 2.0


def test_slow_server_times_out(rest_server) -> None:
    url, handler = rest_server
    handler.reply = [{"text": "迟到的回答"}]
    handler.delay = 1.5
    with RasaClient(url, timeout=0.5) as client, pytest.raises(RasaUnavailable):
        client.send("web-abc", "你好")
