"""Whole calls through the signed webhooks, TwiML parsed with ElementTree.

The bot here is a local HTTP server answering in the exact shape of Rasa's REST channel from a script
(``scripted_rasa``), so that each branch of the phone flow can be reached on purpose; the same calls
against the real Rasa + action server are in ``test_real_stack.py``.
"""

from __future__ import annotations

import re
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
from tickets.programme import china_today

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
TICKET = {"number": "HQ-20261201-0007", "team": "team-4", "firm": "青岛蓝村律师事务所", "status": "new"}
#: The escalation form as Rasa's REST channel says it on the hotline: intro + zone question, then the ticket.
ASK_ZONE = [
    {"text": "好的，为您联系所在街道的律师团队，先登记几项信息。"},
    {"text": "请说出贵企业所在的街道、镇或功能区名称，例如蓝村街道。"},
    {"custom": {"action": "ask_zone", "citations": []}},
]
TICKET_CREATED = [
    {
        "text": f"已为您登记工单。工单号是{TICKET['number']}。再说一遍，工单号是{TICKET['number']}。"
        "蓝村街道由青岛蓝村律师事务所负责，律师会在12月3日10点前联系您。"
    },
    {"custom": {"action": "ticket_created", "citations": [], "ticket": TICKET}},
]


@pytest.fixture
def escalation_rasa(scripted_rasa):
    url, handler = scripted_rasa
    handler.script = [("/request_lawyer", ASK_ZONE), ("蓝村", TICKET_CREATED)]
    return url, handler


@pytest.fixture
def rasa(scripted_rasa):
    url, handler = scripted_rasa
    handler.script = [("港返还", ANSWER), ("岗返还", ANSWER), ("研发", ANSWER), ("材料", MATERIALS)]
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


def test_question_reaches_the_bot_as_heard_is_answered_for_the_ear_and_clause_sent_by_sms(
    make_hotline, rasa, tmp_path
) -> None:
    url, handler = rasa
    app, services = make_hotline(url)
    call = start_call(app)
    call.start()
    turn = call.say("问港返还怎么申请")
    # speech slips are normalised once, by the answer path every channel shares, not here
    assert handler.received[-1] == {
        "sender": call.sender,
        "message": "问港返还怎么申请",
        "metadata": {"caller": CALLER},
    }
    assert "五十万元" in turn.text and "百分之十" in turn.text
    answer = turn.says[0]  # the prompt after it names keys ("请按2"); the answer itself has no digits
    assert "*" not in answer and not any(ch.isdigit() for ch in answer)
    assert prompts.SMS_SENT in turn.text
    assert turn.gather is not None and "step=rate" in turn.gather["action"]  # the keypad rating follows
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


def test_bot_down_the_caller_leaves_a_message_that_becomes_the_zones_ticket(
    make_hotline, closed_port_url, tmp_path
) -> None:
    app, services = make_hotline(closed_port_url, now=AFTER_HOURS)
    call = start_call(app)
    call.start()
    turn = call.say("稳岗返还怎么申请")  # Rasa is down: the question is kept, a message is asked for
    assert turn.status == 200 and prompts.MESSAGE_LEAD in turn.text and turn.gather and not turn.hangup
    turn = call.say("我们是做机械加工的，想找律师问问")  # no zone yet: asked again, nothing filed
    assert prompts.MESSAGE_NO_ZONE in turn.text and prompts.LEAVE_MESSAGE in turn.text
    turn = call.say("在蓝村街道，青岛蓝村精密机械有限公司")
    number = re.search(r"HQ-\d{8}-\d{4}", outbox(tmp_path)[0]["body"]).group(0)
    assert speak_ticket_number(number) in turn.text and prompts.TICKET_SMS in turn.text and turn.hangup
    ticket = services.store.get(number)
    assert ticket.zone == "蓝村街道" and ticket.team_id == "team-4" and ticket.channel == "hotline"
    assert ticket.phone == CALLER and ticket.sender_id == call.sender
    assert "稳岗返还怎么申请" in ticket.question and "青岛蓝村精密机械有限公司" in ticket.question
    assert outbox(tmp_path)[0]["to"] == CALLER


def test_bot_down_key_2_reaches_the_duty_lawyer_after_the_message(make_hotline, closed_port_url) -> None:
    app, _ = make_hotline(closed_port_url, now=OFFICE_HOURS)
    call = start_call(app)
    call.start()
    assert prompts.LEAVE_MESSAGE in call.press("2").text  # the lawyer team: the form is Rasa's, so a message
    turn = call.say("蓝村街道的企业，问一下稳岗返还")
    assert turn.dial and turn.dial["number"] == LANCUN_DUTY_PHONE  # the ticket exists before the phone rings


def test_no_match_gives_one_next_step_by_key_and_key_2_reaches_the_lawyer_team(
    make_hotline, scripted_rasa
) -> None:
    url, handler = scripted_rasa
    handler.script = [("/request_lawyer", ASK_ZONE)]
    app, _ = make_hotline(url)
    call = start_call(app)
    call.start()
    turn = call.say("我想问一下公司注销的事情")
    # as in the chat (the no-match reply offers a lawyer): one next step, said once, not the rating
    assert turn.text.endswith(prompts.NO_MATCH_NEXT) and turn.text.count("按2") == 1
    assert "step=offer" in turn.gather["action"] and prompts.RATE not in turn.text
    again = call.silence()  # nothing heard: the same choices again
    assert again.text.endswith(prompts.NO_MATCH_NEXT) and "step=offer" in again.gather["action"]
    repeated = call.press("0")
    assert "没有找到" in repeated.text and repeated.text.endswith(prompts.NO_MATCH_NEXT)
    asked = call.press("2")
    assert handler.received[-1]["message"] == "/request_lawyer" and "slot=zone" in asked.gather["action"]


def test_a_question_answered_in_the_middle_of_the_form_ends_with_the_forms_question(
    make_hotline, scripted_rasa, tmp_path
) -> None:
    url, handler = scripted_rasa
    in_form = [
        *ANSWER,
        {"text": "我们接着登记转律师的信息，不需要转了请说“取消”。"},
        {"custom": {"action": "resume_form", "citations": []}},
        {"text": "请说出贵企业的名称。"},
        {"custom": {"action": "ask_detail", "citations": [], "slot": "firm_name"}},
    ]
    handler.script = [("/request_lawyer", ASK_ZONE), ("研发", in_form)]
    app, _ = make_hotline(url)
    call = start_call(app)
    call.start()
    call.press("2")
    turn = call.say("对了，研发费用奖补最高多少")
    # the answer, the policy it rests on, the SMS; then the form's question, last, and no rating
    assert turn.text.index("奖补") < turn.text.index("依据") < turn.text.index("接着登记")
    assert turn.text.endswith("请说出贵企业的名称。") and prompts.RATE not in turn.text
    assert "step=form" in turn.gather["action"] and "slot=firm_name" in turn.gather["action"]
    assert outbox(tmp_path) and "《" in outbox(tmp_path)[-1]["body"]


def test_key_2_asks_rasa_for_the_lawyer_team_with_the_callers_number(make_hotline, escalation_rasa) -> None:
    url, handler = escalation_rasa
    app, _ = make_hotline(url)
    call = start_call(app)
    call.start()
    asked = call.press("2")
    assert handler.received[-1] == {
        "sender": call.sender,
        "message": "/request_lawyer",
        "metadata": {"caller": CALLER},
    }
    # The form asks for the zone: keys are now an answer (a zone number ended by #), zone names are hints.
    assert (
        asked.gather is not None
        and "step=form" in asked.gather["action"]
        and "slot=zone" in asked.gather["action"]
    )
    assert asked.gather.get("finishOnKey") == "#" and "numDigits" not in asked.gather
    assert "蓝村街道" in asked.gather["hints"].split(",")
    call.press("10")
    assert handler.received[-1]["message"] == "10"  # sent to the form as the answer, not a menu key


def test_silence_in_the_form_repeats_the_bots_question(make_hotline, escalation_rasa) -> None:
    app, _ = make_hotline(escalation_rasa[0])
    call = start_call(app)
    call.start()
    call.press("2")
    again = call.silence()
    assert prompts.NOT_HEARD in again.text and "街道" in again.text and "step=form" in again.gather["action"]


def test_office_hours_ticket_is_followed_by_a_transfer_to_the_zone_team(
    make_hotline, escalation_rasa, tmp_path
) -> None:
    app, _ = make_hotline(escalation_rasa[0], now=OFFICE_HOURS)
    call = start_call(app)
    call.start()
    call.press("2")
    transfer = call.say("我们公司在蓝村")
    root = ET.fromstring(transfer.xml)
    dial = root.find("Dial")
    assert dial is not None and (dial.text or "").strip() == LANCUN_DUTY_PHONE
    assert dial.get("action", "").startswith(PUBLIC_URL + "/voice/dialed?") and dial.get("method") == "POST"
    says = [s.text or "" for s in root.findall("Say")]
    assert says and says[0].count(speak_ticket_number(TICKET["number"])) == 2 and "转接" in says[0]
    assert root.find("Hangup") is None
    assert TICKET["number"] in outbox(tmp_path)[-1]["body"]  # the number in writing too
    done = call.dial_ended("completed")
    assert done.hangup and prompts.DIAL_DONE in done.text


def test_unanswered_transfer_says_the_ticket_stands(make_hotline, escalation_rasa) -> None:
    app, _ = make_hotline(escalation_rasa[0], now=OFFICE_HOURS)
    call = start_call(app)
    call.start()
    call.press("2")
    assert call.say("我们公司在蓝村").dial is not None
    missed = call.dial_ended("no-answer")
    assert missed.hangup and missed.text == prompts.DIAL_FAILED


def test_after_hours_ticket_is_read_out_and_the_call_ends(make_hotline, escalation_rasa) -> None:
    app, _ = make_hotline(escalation_rasa[0], now=AFTER_HOURS)
    call = start_call(app)
    call.start()
    call.press("2")
    done = call.say("我们公司在蓝村")
    assert done.dial is None and done.hangup and done.text.endswith(prompts.THANKS_BYE)
    assert done.text.count(speak_ticket_number(TICKET["number"])) == 2


def test_public_holiday_is_not_transferred_to_an_empty_office(make_hotline, escalation_rasa) -> None:
    holiday = datetime(2026, 10, 1, 10, 0, tzinfo=LOCAL_TZ)  # 国庆节, a Thursday, 10:00
    assert holiday.date() in holidays.country_holidays("CN", years=2026)
    app, _ = make_hotline(escalation_rasa[0], now=holiday)
    call = start_call(app)
    call.start()
    call.press("2")
    assert call.say("我们公司在蓝村").dial is None


def test_makeup_working_saturday_is_transferred(make_hotline, escalation_rasa) -> None:
    saturday = makeup_saturdays(2026)[0]  # 调休上班, from the holidays package's data
    app, _ = make_hotline(escalation_rasa[0], now=datetime.combine(saturday, time(10, 0), tzinfo=LOCAL_TZ))
    call = start_call(app)
    call.start()
    call.press("2")
    transfer = call.say("我们公司在蓝村")
    assert transfer.dial is not None and transfer.dial["number"] == LANCUN_DUTY_PHONE


def test_withheld_caller_number_is_not_sent_to_the_bot(make_hotline, escalation_rasa) -> None:
    url, handler = escalation_rasa
    app, _ = make_hotline(url)
    call = start_call(app, caller="anonymous")
    call.start()
    call.press("2")
    assert "metadata" not in handler.received[-1]  # the form then asks for a number


def test_hang_up_is_told_to_the_bot_and_a_ticket_it_stores_is_sent_by_sms(
    make_hotline, scripted_rasa, tmp_path
) -> None:
    url, handler = scripted_rasa
    handler.script = [("/call_ended", TICKET_CREATED)]
    app, _ = make_hotline(url)
    call = start_call(app)
    turn = call.post("/voice/status", {"CallStatus": "completed", "CallDuration": "42"})
    assert turn.status == 200 and not turn.says
    assert handler.received[-1] == {
        "sender": call.sender,
        "message": "/call_ended",
        "metadata": {"caller": CALLER},
    }
    assert TICKET["number"] in outbox(tmp_path)[-1]["body"]


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


def test_a_list_of_policies_is_read_in_order_and_the_reasons_follow_by_sms(
    make_hotline, scripted_rasa, tmp_path
) -> None:
    url, handler = scripted_rasa
    spoken = "有两项政策暂不符合：1项政策已失效，1项区域不在适用范围。《甲办法》，政策已于2024-12-31失效。"
    reasons = [
        {"policy_id": "A", "title": "甲办法", "clause": "", "text": "政策已于2024-12-31失效"},
        {"policy_id": "B", "title": "乙办法", "clause": "", "text": "本政策仅适用于龙山街道，不含蓝村街道"},
    ]
    payload = {"custom": {"action": "not_eligible", "citations": reasons}}
    handler.script = [("不符合", [{"text": spoken}, payload])]
    app, _services = make_hotline(url)
    call = start_call(app)
    call.start()
    turn = call.say("哪些不符合为什么")
    assert turn.says[0].startswith("有两项政策暂不符合") and "《甲办法》" in turn.says[0]  # in order
    assert "依据的文件是" not in turn.text and prompts.SMS_SENT_LIST in turn.text
    (sms,) = outbox(tmp_path)
    assert "《乙办法》：本政策仅适用于龙山街道，不含蓝村街道" in sms["body"]


def test_keypad_rating_after_the_first_answer_is_recorded_like_the_chats(make_hotline, rasa) -> None:
    app, services = make_hotline(rasa[0])
    call = start_call(app)
    call.start()
    answered = call.say("研发费用奖补多少钱")
    assert answered.says[-1] == prompts.RATE and answered.gather.get("numDigits") == "1"
    assert "五十万元" in call.press("0").text  # 0 still repeats the answer, and asks again
    assert prompts.NOT_UNDERSTOOD_KEY in call.press("7").text
    thanked = call.press("2")
    assert prompts.RATED in thanked.text and "step=ask" in thanked.gather["action"]
    [rating] = services.store.register.ratings(conversation_id=call.sender)
    assert (rating.score, rating.label, rating.channel) == ("fair", "基本满意", "hotline")
    again = call.say("需要什么材料")  # asked once per call: later answers go back to the menu keys
    assert prompts.RATE not in again.text and "step=ask" in again.gather["action"]
    today = china_today(services.store.now())  # counted in the programme's satisfaction like the chat's
    assert services.store.register.report(today, today)["satisfaction"]["fair"] == 1


def test_dissatisfied_on_the_keypad_hands_the_call_to_the_lawyer_team(make_hotline, scripted_rasa) -> None:
    url, handler = scripted_rasa
    handler.script = [("研发", ANSWER), ("/request_lawyer", ASK_ZONE)]
    app, services = make_hotline(url)
    call = start_call(app)
    call.start()
    call.say("研发费用奖补多少钱")
    turn = call.press("3")
    assert turn.text.startswith(prompts.RATED_SORRY) and "街道" in turn.text
    assert handler.received[-1]["message"] == "/request_lawyer"  # Rasa's escalation form, as key 2
    assert "step=form" in turn.gather["action"]
    [rating] = services.store.register.ratings(conversation_id=call.sender)
    assert rating.score == "dissatisfied" and rating.channel == "hotline"
