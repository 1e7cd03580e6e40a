"""Whole hotline calls against the REAL Rasa server and action server (``rasa_stack``).

The webhooks, signatures and SMS outbox are the ones of the other tests; the bot is the trained Rasa
model with the action server answering from the real policy index, and its escalation form storing
the ticket in the stack's database — which the web app reads, as under ``make run``.
"""

from __future__ import annotations

import pytest

from connectors.voice import prompts
from connectors.voice.speech import speak_ticket_number
from tests.voice.conftest import AFTER_HOURS, CALLER, OFFICE_HOURS, outbox, start_call

pytestmark = [pytest.mark.rasa, pytest.mark.slow]


def test_question_and_escalation_through_rasas_form(rasa_stack, make_hotline, tmp_path) -> None:
    app, services = make_hotline(rasa_stack.rasa_url, now=AFTER_HOURS, database_url=rasa_stack.database_url)
    call = start_call(app)
    assert call.start().gather is not None
    answer = call.say("问港返还怎么申请")  # a speech slip: normalised by the answer path, not the phone
    assert answer.status == 200 and answer.gather is not None
    spoken = answer.says[0]
    assert "稳岗" in spoken and "*" not in spoken and not any(ch.isdigit() for ch in spoken)
    sms = outbox(tmp_path)
    assert sms and sms[-1]["to"] == CALLER and "《" in sms[-1]["body"]  # the clause in writing
    # the first cited answer asks for a keypad rating (1 满意 / 2 基本满意 / 3 不满意); then the menu again
    assert "step=rate" in answer.gather["action"] and prompts.RATED in call.press("1").text
    # key 2: Rasa's escalation form with its spoken prompts; the zone first, the caller's number known
    asked = call.press("2")
    assert "街道" in asked.text and "slot=zone" in asked.gather["action"]
    listing = call.press("0")  # 0: the numbered list; 10#: the tenth zone
    assert "十，蓝村街道" in listing.text and "slot=zone" in listing.gather["action"]
    assert "企业的名称" in call.press("10").text
    call.say("青岛蓝村测试机械有限公司")
    done = call.say("王丽")
    (ticket,) = services.store.for_sender(call.sender)
    assert ticket.channel == "hotline" and ticket.phone == CALLER and ticket.zone == "蓝村街道"
    assert ticket.firm_name == "青岛蓝村测试机械有限公司" and ticket.contact_name == "王丽"
    assert "港返还" in ticket.question or "稳岗返还" in ticket.question
    assert any(t["role"] == "bot" for t in ticket.transcript)
    assert done.dial is None and done.hangup
    assert done.text.count(speak_ticket_number(ticket.number)) == 2
    assert ticket.number in outbox(tmp_path)[-1]["body"]
    # The call is one hotline consultation, escalated, in the register (written off the call's path).
    assert services.rasa.on_exchange.__self__.flush(60.0)  # type: ignore[attr-defined]
    consultation = services.store.register.get(ticket.sender_id)
    assert consultation is not None and consultation["channel"] == "hotline"
    assert consultation["outcome"] == "escalated" and consultation["answers"] >= 1
    assert consultation["ticket_number"] == ticket.number


def test_office_hours_transfer_leaves_a_ticket(rasa_stack, make_hotline) -> None:
    app, services = make_hotline(rasa_stack.rasa_url, now=OFFICE_HOURS, database_url=rasa_stack.database_url)
    call = start_call(app)
    call.start()
    call.say("我要找律师，我们的技改补贴申请被退回了想问问原因")
    call.say("我们在通济街道")
    call.say("青岛通济精密制造有限公司")
    transfer = call.say("张经理")
    assert transfer.dial is not None and transfer.dial["number"] == "+8653288510001"
    (ticket,) = services.store.for_sender(call.sender)
    assert ticket.zone == "通济街道" and ticket.channel == "hotline" and "技改补贴" in ticket.question
    assert prompts.DIAL_DONE in call.dial_ended("completed").text
    call.post("/voice/status", {"CallStatus": "completed", "CallDuration": "95"})
    assert len(services.store.for_sender(call.sender)) == 1  # the connected transfer keeps its one ticket


def test_hanging_up_after_the_zone_still_leaves_a_ticket(rasa_stack, make_hotline, tmp_path) -> None:
    app, services = make_hotline(rasa_stack.rasa_url, now=AFTER_HOURS, database_url=rasa_stack.database_url)
    call = start_call(app)
    call.start()
    assert prompts.RATE in call.say("研发费用奖补多少钱").text  # a cited answer, then the keypad rating
    assert prompts.RATED in call.press("1").text
    call.press("2")
    assert "企业的名称" in call.say("我们在蓝村街道").text
    call.post("/voice/status", {"CallStatus": "completed", "CallDuration": "63"})
    call.post("/voice/status", {"CallStatus": "completed", "CallDuration": "63"})  # Twilio retries
    (ticket,) = services.store.for_sender(call.sender)
    assert ticket.zone == "蓝村街道" and ticket.phone == CALLER and "研发费用" in ticket.question
    assert ticket.number in outbox(tmp_path)[-1]["body"]  # the number still reaches the firm by SMS
    assert [r.score for r in services.store.register.ratings(conversation_id=call.sender)] == ["satisfied"]


def test_no_match_then_the_lawyer_team_and_a_question_in_the_middle_of_the_form(
    rasa_stack, make_hotline, tmp_path
) -> None:
    app, services = make_hotline(rasa_stack.rasa_url, now=AFTER_HOURS, database_url=rasa_stack.database_url)
    call = start_call(app)
    call.start()
    nothing = call.say("公司注销要办什么手续")
    assert nothing.text.endswith(prompts.NO_MATCH_NEXT) and "step=offer" in nothing.gather["action"]
    assert "slot=zone" in call.press("2").gather["action"]
    assert "slot=firm_name" in call.say("蓝村街道").gather["action"]
    answered = call.say("稳岗返还怎么申请")
    # the answer and its policy first, then the form's question again: the firm's name, not taken
    assert "稳岗" in answered.text and answered.text.index("依据") < answered.text.index("取消")
    assert "slot=firm_name" in answered.gather["action"] and prompts.RATE not in answered.text
    asked = call.say("你是机器人吗")
    assert "不是真人" in asked.text and "slot=firm_name" in asked.gather["action"]
    call.say("青岛蓝村测试机械有限公司")
    done = call.say("王丽")
    (ticket,) = services.store.for_sender(call.sender)
    assert (ticket.firm_name, ticket.contact_name, ticket.zone) == (
        "青岛蓝村测试机械有限公司",
        "王丽",
        "蓝村街道",
    )
    assert done.hangup and ticket.number in outbox(tmp_path)[-1]["body"]
