"""Whole hotline calls against the REAL Rasa server and action server (``rasa_stack``).

The webhooks, signatures, ticket store (SQLite) and SMS outbox are the ones of the other tests; the
bot is the trained Rasa model with the action server answering from the real policy index.
"""

from __future__ import annotations

import pytest

from connectors.voice import prompts
from connectors.voice.speech import speak_ticket_number
from tests.voice.conftest import AFTER_HOURS, CALLER, OFFICE_HOURS, outbox, start_call

pytestmark = [pytest.mark.rasa, pytest.mark.slow]


def test_question_follow_up_escalation_and_ticket(rasa_stack, make_hotline, tmp_path) -> None:
    app, services = make_hotline(rasa_stack.rasa_url, now=AFTER_HOURS)
    call = start_call(app)
    assert call.start().gather is not None
    answer = call.say("高新技术企业认定有什么奖励")
    assert answer.status == 200 and answer.gather is not None
    spoken = answer.says[0]
    assert spoken and "*" not in spoken and not any(ch.isdigit() for ch in spoken)
    sms = outbox(tmp_path)
    assert sms and sms[-1]["to"] == "+8613912345678" and "《" in sms[-1]["body"]  # the clause in writing
    follow = call.say("需要什么材料")
    assert follow.status == 200 and follow.gather is not None and follow.says[0]
    zone = call.press("2")
    assert prompts.ASK_ZONE in zone.text
    name = call.say("我们公司在蓝村")
    assert prompts.AFTER_HOURS in name.text
    done = call.say("青岛蓝村测试机械有限公司")
    (ticket,) = services.store.list()
    assert ticket.channel == "hotline" and ticket.phone == CALLER and ticket.zone == "蓝村街道"
    assert "高新技术企业认定有什么奖励" in ticket.question
    assert sum(1 for t in ticket.transcript if t["role"] == "bot") >= 3
    assert done.text.count(speak_ticket_number(ticket.number)) == 2 and done.hangup
    # The call is one hotline consultation, escalated, in the register (written off the call's path).
    assert services.bot.on_exchange.__self__.flush(60.0)  # type: ignore[attr-defined]
    consultation = services.store.register.get(ticket.sender_id)
    assert consultation is not None and consultation["channel"] == "hotline"
    assert consultation["outcome"] == "escalated" and consultation["answers"] >= 1
    assert consultation["ticket_number"] == ticket.number


def test_speech_slip_reaches_the_bot_normalised_and_gets_an_answer(rasa_stack, make_hotline) -> None:
    app, _ = make_hotline(rasa_stack.rasa_url, now=OFFICE_HOURS)
    call = start_call(app)
    call.start()
    turn = call.say("问港返还怎么申请")
    assert turn.status == 200 and turn.gather is not None
    assert "稳岗" in turn.says[0]
