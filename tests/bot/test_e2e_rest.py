"""End to end through Rasa's REST channel: the real Rasa server, the real action server, the real index.

Question → cited answer in the ``custom`` payload; a follow-up resolved from the conversation;
escalation through the form → a ticket in the store; conversations kept in the SQL tracker store.
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

import pytest
import requests

from tests.stack import Stack

pytestmark = [pytest.mark.rasa, pytest.mark.slow]

CITATION_KEYS = {"policy_id", "title", "doc_no", "issuer", "clause", "text", "expired", "valid_until"}


def sender() -> str:
    return f"web-{uuid.uuid4().hex[:12]}"


def payloads(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item["custom"] for item in items if "custom" in item]


def texts(items: list[dict[str, Any]]) -> str:
    return "\n".join(item["text"] for item in items if item.get("text"))


def slots(stack: Stack, sender_id: str) -> dict[str, Any]:
    url = f"{stack.rasa_url}/conversations/{sender_id}/tracker"
    response = requests.get(url, params={"token": stack.token}, timeout=30)
    response.raise_for_status()
    return response.json()["slots"]


def test_question_gets_a_cited_answer_whose_lead_is_quoted_from_a_clause(rasa_stack: Stack) -> None:
    items = rasa_stack.say(sender(), "评上高新技术企业区里奖励多少钱")

    [payload] = payloads(items)
    assert payload["action"] == "answer"
    assert payload["citations"] and all(set(c) == CITATION_KEYS for c in payload["citations"])
    lead = texts(items).splitlines()[0].rstrip("。")
    assert any(lead in citation["text"] for citation in payload["citations"])
    assert "依据：《" in texts(items)


def test_follow_up_is_answered_from_the_conversation(rasa_stack: Stack) -> None:
    firm = sender()
    first = rasa_stack.say(firm, "高新技术企业认定有什么奖励")
    policy_id = slots(rasa_stack, firm)["policy_id"]
    items = rasa_stack.say(firm, "那需要什么材料？")

    assert payloads(items)[0]["action"] == "answer"
    assert {c["policy_id"] for c in payloads(items)[0]["citations"]} == {policy_id}
    state = slots(rasa_stack, firm)
    assert state["policy_id"] == policy_id and state["asked_aspects"] == ["materials"]
    cited = [c for reply in (first, items) for c in payloads(reply)[0]["citations"]]
    assert {f"{c['policy_id']} {c['clause']}" for c in cited} <= set(state["cited_clauses"])


def test_escalation_form_creates_a_ticket_for_the_zone_team(rasa_stack: Stack) -> None:
    from tickets import TicketStore

    firm = sender()
    assert "问题" in texts(rasa_stack.say(firm, "转人工"))
    assert "公司" in texts(rasa_stack.say(firm, "我们符合条件，但区里一直不给发高企奖励"))
    assert "联系人" in texts(rasa_stack.say(firm, "青岛惠民机械有限公司"))
    assert "电话" in texts(rasa_stack.say(firm, "王丽"))
    asked_zone = rasa_stack.say(firm, "13912345678")
    assert {"citations": [], "action": "ask_zone"} in payloads(asked_zone)
    done = rasa_stack.say(firm, "我们在兰村")

    [payload] = payloads(done)
    assert payload["action"] == "ticket_created"
    number = payload["ticket"]["number"]
    assert number in texts(done)
    ticket = TicketStore(rasa_stack.database_url).get(number)
    assert (ticket.zone, ticket.team_id, ticket.sender_id) == ("蓝村街道", payload["ticket"]["team"], firm)
    assert (ticket.firm_name, ticket.contact_name, ticket.phone) == (
        "青岛惠民机械有限公司",
        "王丽",
        "+8613912345678",
    )
    assert ticket.question == "我们符合条件，但区里一直不给发高企奖励"
    assert next(turn["text"] for turn in ticket.transcript if turn["role"] == "firm") == "转人工"


def test_nonsense_gets_no_policy_answer(rasa_stack: Stack) -> None:
    items = rasa_stack.say(sender(), "asdfgh")
    assert not [p for p in payloads(items) if p.get("citations")]
    assert texts(items)


def test_conversations_are_kept_in_the_sql_tracker_store(rasa_stack: Stack) -> None:
    firm = sender()
    rasa_stack.say(firm, "你好")
    with sqlite3.connect(rasa_stack.data_dir / "rasa-tracker.db") as db:
        (count,) = db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (firm,)).fetchone()
    assert count >= 3  # session start, the user message, the bot's greeting
