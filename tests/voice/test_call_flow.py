"""Whole calls through the signed webhooks, TwiML parsed with ElementTree.

The bot here is a local HTTP server answering in the exact shape of Rasa's REST channel from a script
(``scripted_rasa``), so that each branch of the phone flow can be reached on purpose; the same calls
against the real Rasa + action server are in ``test_real_stack.py``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, time

import holidays
import pytest

from connectors.voice import prompts
from connectors.voice.flow import MAX_MISSES
from connectors.voice.office_hours import LOCAL_TZ
from connectors.voice.speech import speak_ticket_number
from connectors.voice.twiml import SPEECH_LANGUAGE, TTS_LANGUAGE, TTS_VOICE
from tests.voice.conftest import AFTER_HOURS, CALLER, CLAUSE, OFFICE_HOURS, PUBLIC_URL, outbox, start_call
from tests.voice.test_office_hours import makeup_saturdays

ANSWER = [
    {"text": "**研发投入奖补**：对研发费用增长部分给予10%的奖补，单个企业最高不超过50万元。"},
    {"custom": {"action": "answer", "citations": [CLAUSE]}},
]
MATERIALS = [
    {"text": "需要申报书和研发费用加计扣除优惠明细表，报送所在街道科技主管部门，电话0532-88516018。"},
    {"custom": {"action": "answer", "citations": [CLAUSE]}},
]
# Team 4 (蓝村街道) has the duty phone 0532-88510004 in data/zones.yaml.
LANCUN_DUTY_PHONE = "+8653288510004"


@pytest.fixture
def rasa(scripted_rasa):
    url, handler = scripted_rasa
    handler.script = [("稳岗返还", ANSWER), ("研发", ANSWER), ("材料", MATERIALS)]
    return url, handler


def test_greeting_is_mandarin_and_listens_for_speech_and_keys(make_hotline, rasa) -> None:
    app, _ = make_hotline(rasa[0])
    turn = start_call(app).start()
    root = ET.fromstring(turn.xml)
    gather = root.find("Gather")
    assert gather is not None
    assert gather.get("input") == "speech dtmf"
    assert gather.get("language") == SPEECH_LANGUAGE == "cmn-Hans-CN"
    assert gather.get("action", "").startswith(PUBLIC_URL + "/voice/gather?")
    assert gather.get("method") == "POST"
    assert gather.get("speechTimeout") == "auto" and int(gather.get("timeout", "0")) > 0
    assert gather.get("actionOnEmptyResult") == "true"
    assert gather.get("numDigits") == "1"
    hints = gather.get("hints", "").split(",")
    assert "稳岗返还" in hints and "专精特新" in hints and "加计扣除" in hints
    says = gather.findall("Say")
    assert says and all(s.get("voice") == TTS_VOICE and s.get("language") == TTS_LANGUAGE for s in says)
    text = "".join(s.text or "" for s in says)
    assert "惠企通" in text and "请按1" in text and "请按2" in text and "请按0" in text


def test_question_with_speech_slip_is_normalised_answered_for_the_ear_and_clause_sent_by_sms(
    make_hotline, rasa, tmp_path
) -> None:
    url, handler = rasa
    app, services = make_hotline(url)
    call = start_call(app)
    call.start()
    turn = call.say("问港返还怎么申请")
    assert handler.received[-1] == {"sender": call.sender, "message": "稳岗返还怎么申请"}
    assert "五十万元" in turn.text and "百分之十" in turn.text
    answer = turn.says[0]  # the prompt after it names keys ("请按2"); the answer itself has no digits
    assert "*" not in answer and not any(ch.isdigit() for ch in answer)
    assert prompts.SMS_SENT in turn.text
    assert turn.gather is not None and "step=ask" in turn.gather["action"]
    (sms,) = outbox(tmp_path)
    assert sms["to"] == "+8613912345678"  # E.164: Twilio's SMS API refuses a bare national number
    assert CLAUSE["text"] in sms["body"] and "即科字〔2024〕11号" in sms["body"]
    transcript = services.store.transcript(call.sender)
    assert {"role": "firm", "text": "问港返还怎么申请"}.items() <= transcript[1].items()


def test_follow_up_repeat_and_menu_keys(make_hotline, rasa) -> None:
    app, _ = make_hotline(rasa[0])
    call = start_call(app)
    call.start()
    assert prompts.ASK in call.press("1").text
    first = call.say("研发费用奖补多少钱")
    follow = call.say("需要什么材料")
    assert "零五三二，八八五幺，六零幺八" in follow.text
    repeat = call.press("0")
    assert "零五三二，八八五幺，六零幺八" in repeat.text  # 0 repeats the last answer
    assert "五十万元" in first.text


def test_three_silences_end_the_call_with_a_reason(make_hotline, rasa) -> None:
    app, _ = make_hotline(rasa[0])
    call = start_call(app)
    call.start()
    for _ in range(MAX_MISSES):
        turn = call.silence()
        assert prompts.NOT_HEARD in turn.text and turn.gather is not None and not turn.hangup
    last = call.silence()
    assert last.hangup and last.gather is None
    assert last.text == prompts.SILENCE_BYE


def test_an_answer_resets_the_silence_count(make_hotline, rasa) -> None:
    app, _ = make_hotline(rasa[0])
    call = start_call(app)
    call.start()
    call.silence()
    call.silence()
    call.say("稳岗返还")
    assert not call.silence().hangup


def test_unknown_keys_are_re_prompted_then_the_call_ends_with_a_reason(make_hotline, rasa) -> None:
    app, _ = make_hotline(rasa[0])
    call = start_call(app)
    call.start()
    assert prompts.NOT_UNDERSTOOD_KEY in call.press("7").text
    call.press("9")
    assert call.press("*").hangup


def test_bot_down_apologises_and_offers_the_lawyer_team(make_hotline, closed_port_url) -> None:
    app, _ = make_hotline(closed_port_url)
    call = start_call(app)
    call.start()
    turn = call.say("稳岗返还怎么申请")
    assert turn.status == 200
    assert prompts.BOT_DOWN in turn.text and "请按2" in turn.text
    assert turn.gather is not None
    zone = call.press("2")
    assert prompts.ASK_ZONE in zone.text


def test_no_match_offers_the_lawyer_team(make_hotline, rasa) -> None:
    app, _ = make_hotline(rasa[0])
    call = start_call(app)
    call.start()
    turn = call.say("我想问一下公司注销的事情")
    assert prompts.OFFER_LAWYER in turn.text


def test_yes_after_the_offer_goes_to_the_lawyer_team(make_hotline, rasa) -> None:
    url, handler = rasa
    app, _ = make_hotline(url, now=OFFICE_HOURS)
    call = start_call(app)
    call.start()
    call.say("我们在潮海街道，想问一下公司注销的事情")
    transfer = call.say("好的")
    assert transfer.dial is not None and transfer.dial["number"] == "+8653288510001"
    assert len(handler.received) == 1  # the "yes" did not go to the bot's own escalation form


def test_office_hours_transfer_to_the_zone_team_duty_phone(make_hotline, rasa) -> None:
    app, _ = make_hotline(rasa[0], now=OFFICE_HOURS)
    call = start_call(app)
    call.start()
    call.say("稳岗返还怎么申请")
    ask_zone = call.press("2")
    assert ask_zone.gather is not None and ask_zone.gather["numDigits"] == "2"
    assert "蓝村街道" in ask_zone.gather["hints"].split(",")
    assert "step=zone" in ask_zone.gather["action"]
    transfer = call.say("我们公司在蓝村")
    assert transfer.dial is not None and transfer.dial["number"] == LANCUN_DUTY_PHONE
    assert transfer.dial["action"].startswith(PUBLIC_URL + "/voice/dialed?")
    assert "蓝村街道" in transfer.text and "律师团队" in transfer.text
    done = call.dial_ended("completed")
    assert done.hangup and prompts.DIAL_DONE in done.text


def test_zone_by_keypad_after_hearing_the_list(make_hotline, rasa) -> None:
    app, _ = make_hotline(rasa[0], now=OFFICE_HOURS)
    call = start_call(app)
    call.start()
    call.press("2")
    listing = call.press("0")
    assert "十，蓝村街道" in listing.text
    transfer = call.press("10")
    assert transfer.dial is not None and transfer.dial["number"] == LANCUN_DUTY_PHONE


def test_unknown_zone_is_asked_again_with_the_list_then_the_call_ends_with_a_reason(
    make_hotline, rasa
) -> None:
    app, _ = make_hotline(rasa[0])
    call = start_call(app)
    call.start()
    call.press("2")
    again = call.say("我也不知道")
    assert prompts.ZONE_NOT_FOUND in again.text and "蓝村街道" in again.text and again.gather is not None
    call.press("99")
    last = call.silence()
    assert last.hangup and last.text == prompts.NO_ZONE_BYE


def test_unanswered_transfer_becomes_a_ticket(make_hotline, rasa, tmp_path) -> None:
    app, services = make_hotline(rasa[0], now=OFFICE_HOURS)
    call = start_call(app)
    call.start()
    call.say("我们在蓝村街道，稳岗返还怎么申请")
    transfer = call.press("2")  # the zone is already known from the question
    assert transfer.dial is not None
    name = call.dial_ended("no-answer")
    assert prompts.DIAL_FAILED in name.text and prompts.ASK_FIRM_NAME in name.text
    done = call.say("青岛蓝村机械有限公司")
    (ticket,) = services.store.list()
    assert (
        ticket.channel == "hotline"
        and ticket.zone == "蓝村街道"
        and ticket.firm_name == "青岛蓝村机械有限公司"
    )
    assert done.hangup and done.text.count(speak_ticket_number(ticket.number)) == 2


def test_after_hours_escalation_writes_a_ticket_and_reads_its_number_twice(
    make_hotline, rasa, tmp_path
) -> None:
    app, services = make_hotline(rasa[0], now=AFTER_HOURS)
    call = start_call(app)
    call.start()
    call.say("问港返还怎么申请")
    call.say("我们在鳌山卫")
    asked = call.press("2")
    assert asked.dial is None and prompts.AFTER_HOURS in asked.text
    done = call.press("1")  # prefers not to say the firm's name
    (ticket,) = services.store.list()
    assert ticket.channel == "hotline"
    assert ticket.phone == CALLER
    assert ticket.zone == "鳌山卫街道" and ticket.team_id == "team-3"
    assert ticket.firm_name == prompts.FIRM_NAME_MISSING
    assert "问港返还怎么申请" in ticket.question
    firm_turns = [t["text"] for t in ticket.transcript if t["role"] == "firm"]
    assert firm_turns[:2] == ["问港返还怎么申请", "我们在鳌山卫"]
    assert any(t["role"] == "bot" and "50万元" in t["text"] for t in ticket.transcript)
    assert done.text.count(speak_ticket_number(ticket.number)) == 2
    assert done.hangup and done.text.endswith(prompts.THANKS_BYE)
    assert ticket.number in outbox(tmp_path)[-1]["body"]


def test_public_holiday_escalation_writes_a_ticket_instead_of_ringing_an_empty_office(
    make_hotline, rasa, tmp_path
) -> None:
    holiday = datetime(2026, 10, 1, 10, 0, tzinfo=LOCAL_TZ)  # 国庆节, a Thursday, 10:00
    assert holiday.date() in holidays.country_holidays("CN", years=2026)
    app, services = make_hotline(rasa[0], now=holiday)
    call = start_call(app)
    call.start()
    call.say("我们在蓝村街道，稳岗返还怎么申请")
    asked = call.press("2")
    assert asked.dial is None and prompts.AFTER_HOURS in asked.text
    assert prompts.ASK_FIRM_NAME in asked.text
    done = call.say("青岛蓝村机械有限公司")
    (ticket,) = services.store.list()
    assert ticket.channel == "hotline" and ticket.zone == "蓝村街道" and ticket.phone == CALLER
    assert ticket.firm_name == "青岛蓝村机械有限公司"
    assert done.hangup and done.text.count(speak_ticket_number(ticket.number)) == 2
    assert ticket.number in outbox(tmp_path)[-1]["body"]


def test_makeup_working_saturday_escalation_is_transferred(make_hotline, rasa) -> None:
    saturday = makeup_saturdays(2026)[0]  # 调休上班, from the holidays package's data
    app, services = make_hotline(rasa[0], now=datetime.combine(saturday, time(10, 0), tzinfo=LOCAL_TZ))
    call = start_call(app)
    call.start()
    call.say("我们在蓝村街道，稳岗返还怎么申请")
    transfer = call.press("2")
    assert transfer.dial is not None and transfer.dial["number"] == LANCUN_DUTY_PHONE
    assert services.store.list() == []


def test_hanging_up_before_giving_the_name_still_gets_the_ticket_once(make_hotline, rasa, tmp_path) -> None:
    app, services = make_hotline(rasa[0], now=AFTER_HOURS)
    call = start_call(app)
    call.start()
    call.say("研发费用奖补多少钱")
    call.press("2")
    asked = call.say("我们在蓝村街道")
    assert prompts.ASK_FIRM_NAME in asked.text
    call.post("/voice/status", {"CallStatus": "completed", "CallDuration": "63"})
    call.post("/voice/status", {"CallStatus": "completed", "CallDuration": "63"})  # Twilio retries
    (ticket,) = services.store.list()
    assert ticket.sender_id == call.sender and ticket.zone == "蓝村街道"
    assert "研发费用奖补多少钱" in ticket.question
    assert ticket.number in outbox(tmp_path)[-1]["body"]  # the number still reaches the firm by SMS


def test_asking_for_a_person_escalates_without_the_bot(make_hotline, rasa) -> None:
    url, handler = rasa
    app, _ = make_hotline(url, now=OFFICE_HOURS)
    call = start_call(app)
    call.start()
    transfer = call.say("我要转人工，我们在通济街道")
    assert transfer.dial is not None and transfer.dial["number"] == "+8653288510001"
    assert handler.received == []


def test_withheld_caller_number_is_told_why_no_ticket_can_be_written(make_hotline, rasa) -> None:
    app, services = make_hotline(rasa[0], now=AFTER_HOURS)
    call = start_call(app, caller="anonymous")
    call.start()
    call.say("我们在蓝村街道，找律师")
    last = call.last
    assert last is not None and last.hangup
    assert prompts.NO_CALLER_NUMBER in last.text
    assert services.store.list() == []


def test_a_very_long_call_ends_politely(make_hotline, rasa) -> None:
    app, _ = make_hotline(rasa[0])
    call = start_call(app)
    call.start()
    turn = call.post(PUBLIC_URL + "/voice/gather?step=ask&misses=0&turns=40", {"SpeechResult": "稳岗返还"})
    assert turn.hangup and turn.text == prompts.TOO_LONG_BYE


def test_status_callback_is_acknowledged_with_empty_twiml(make_hotline, rasa) -> None:
    app, _ = make_hotline(rasa[0])
    call = start_call(app)
    turn = call.post("/voice/status", {"CallStatus": "completed", "CallDuration": "42"})
    assert turn.status == 200 and ET.fromstring(turn.xml).tag == "Response" and not turn.says
