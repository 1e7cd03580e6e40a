"""The escalation form in a real conversation (real Rasa server, action server, index and ticket store).

A policy question typed while the form asks for a contact detail is answered and the form goes on; a
firm asking whether it talks to a person learns how to reach a lawyer.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.test_e2e_rest import payloads as _payloads
from tests.bot.test_e2e_rest import sender as _sender
from tests.bot.test_e2e_rest import texts as _text
from tests.stack import Stack

pytestmark = [pytest.mark.rasa, pytest.mark.slow]


def _asks_for(items: list[dict[str, Any]]) -> str | None:
    """The detail the form asks for last in ``items`` (None when it asks for none)."""
    asks = [p for p in _payloads(items) if p.get("action") in {"ask_detail", "ask_zone"}]
    return (asks[-1].get("slot") or "zone") if asks else None


def test_questions_typed_while_the_form_asks_for_details_are_answered_and_the_ticket_is_stored_once(
    rasa_stack: Stack,
) -> None:
    from tickets import TicketStore

    firm = _sender()
    started = rasa_stack.say(firm, "转人工")
    # "转人工" is not taken for a too short question: the form simply asks for it
    assert _asks_for(started) == "question" and "多说几句" not in _text(started)
    assert _asks_for(rasa_stack.say(firm, "我们的高企奖励申请被退回了，想请律师看看原因")) == "firm_name"

    answered = rasa_stack.say(firm, "对了，技改补贴要什么材料？")
    # answered through retrieval like any question (which clause is retrieval's business)
    assert any(p.get("action") == "answer" and p.get("citations") for p in _payloads(answered))
    assert "取消" in _text(answered)  # the firm is told the transfer goes on, and how to stop it
    assert _asks_for(answered) == "firm_name"  # asked again, not taken for the firm's name

    assert _asks_for(rasa_stack.say(firm, "青岛惠民机械有限公司")) == "contact_name"
    again = rasa_stack.say(firm, "稳岗返还怎么申请")
    assert any(p.get("citations") for p in _payloads(again)) and _asks_for(again) == "contact_name"
    assert _asks_for(rasa_stack.say(firm, "王丽")) == "phone"
    # a detail given together with a question is kept, and the question answered
    both = rasa_stack.say(firm, "电话13912345678，另外稳岗返还多久能到账")
    assert any(p.get("citations") for p in _payloads(both)) and _asks_for(both) == "zone"
    done = rasa_stack.say(firm, "我们在兰村")

    [created] = [p for p in _payloads(done) if p.get("action") == "ticket_created"]
    store = TicketStore(rasa_stack.database_url)
    (ticket,) = store.for_sender(firm)
    assert ticket.number == created["ticket"]["number"]
    assert (ticket.firm_name, ticket.contact_name, ticket.phone, ticket.zone) == (
        "青岛惠民机械有限公司",
        "王丽",
        "+8613912345678",
        "蓝村街道",
    )
    assert ticket.question == "我们的高企奖励申请被退回了，想请律师看看原因"
    said = [turn["text"] for turn in ticket.transcript if turn["role"] == "firm"]
    assert "对了，技改补贴要什么材料？" in said and "稳岗返还怎么申请" in said  # nothing typed is lost


def test_the_firm_can_cancel_the_transfer_after_an_answered_question(rasa_stack: Stack) -> None:
    from tickets import TicketStore

    firm = _sender()
    rasa_stack.say(firm, "转人工")
    rasa_stack.say(firm, "我们的高企奖励申请被退回了，想请律师看看原因")
    assert _asks_for(rasa_stack.say(firm, "稳岗返还怎么申请")) == "firm_name"
    cancelled = rasa_stack.say(firm, "取消")
    assert "取消" in _text(cancelled) and _asks_for(cancelled) is None
    assert TicketStore(rasa_stack.database_url).for_sender(firm) == []


def test_asked_whether_it_is_a_person_the_assistant_says_it_is_not_and_how_to_reach_a_lawyer(
    rasa_stack: Stack,
) -> None:
    reply = _text(rasa_stack.say(_sender(), "你是机器人还是真人啊？"))
    assert "不是真人" in reply and "转人工" in reply and "律师" in reply
    other = _text(rasa_stack.say(_sender(), "你吃饭了吗"))
    assert "不是真人" not in other and "政策" in other  # other small talk keeps the general reply
    assert "不是真人" not in _text(rasa_stack.say(_sender(), "你们一般多久回复？"))  # names no person


def test_asked_whether_it_is_a_person_during_the_form_the_form_goes_on(rasa_stack: Stack) -> None:
    firm = _sender()
    rasa_stack.say(firm, "转人工")
    rasa_stack.say(firm, "我们的高企奖励申请被退回了，想请律师看看原因")
    reply = rasa_stack.say(firm, "你是真人吗")
    assert "不是真人" in _text(reply) and _asks_for(reply) == "firm_name"
