"""A reply to the escalation form's question for a contact detail: the detail, and a question asked instead.

Real zones file (data/zones.yaml), real cleaners; NLU's intent is given as Rasa would pass it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rasa_sdk import Tracker

from bot.actions import services
from bot.actions.form_questions import Reply, read_reply


def _read(slot: str, text: str, intent: str) -> Reply:
    zones = services.get_zones()
    return read_reply(
        slot,
        text,
        intent,
        resolve_zone=zones.resolve,
        zone_names=lambda zone: [zone, *(a for a, z in zones.aliases.items() if z == zone)],
    )


@pytest.mark.parametrize(
    ("slot", "said", "intent"),
    [
        ("firm_name", "对了，技改补贴要什么材料？", "ask_procedure"),
        ("contact_name", "稳岗返还怎么申请", "ask_procedure"),
        ("contact_name", "那要多少钱？", "ask_policy"),
        ("contact_name", "技改补贴申请材料", "ask_procedure"),  # no question word, NLU says it is one
        ("phone", "稳岗返还怎么申请", "ask_procedure"),
        ("zone", "高企认定有什么奖励", "ask_policy"),
    ],
)
def test_a_question_instead_of_the_detail_is_a_question_and_gives_no_detail(
    slot: str, said: str, intent: str
) -> None:
    assert _read(slot, said, intent) == Reply(None, True)


@pytest.mark.parametrize(
    ("slot", "said", "intent", "value"),
    [
        (
            "firm_name",
            "我们公司叫青岛惠民机械有限公司，技改补贴要什么材料",
            "ask_procedure",
            "青岛惠民机械有限公司",
        ),
        ("contact_name", "我叫王丽，对了稳岗返还怎么申请", "ask_procedure", "王丽"),
        ("phone", "电话13912345678，另外稳岗返还多久到账", "ask_policy", "+8613912345678"),
        ("zone", "我们在环秀街道，稳岗返还怎么申请", "ask_procedure", "环秀街道"),
        ("zone", "环秀街道的企业能申请稳岗返还吗", "ask_eligibility", "环秀街道"),
    ],
)
def test_a_detail_given_with_a_question_is_kept(slot: str, said: str, intent: str, value: str) -> None:
    assert _read(slot, said, intent) == Reply(value, True)


@pytest.mark.parametrize(
    ("slot", "said", "intent"),
    [
        ("firm_name", "青岛惠民机械有限公司", "provide_company_info"),
        ("firm_name", "惠民机械", "nlu_fallback"),
        ("contact_name", "王丽", "nlu_fallback"),
        ("contact_name", "欧阳娜娜", "ask_policy"),  # a name, whatever NLU took it for
        ("contact_name", "张经理", "chitchat"),
        ("phone", "0532-88510001", "nlu_fallback"),
        ("zone", "是环秀街道吗？", "provide_company_info"),  # asks only about the detail itself
        ("zone", "不知道是哪个街道", "nlu_fallback"),
        ("contact_name", "转人工", "request_lawyer"),  # a command keeps its own rule
        ("contact_name", "稳岗返还怎么申请", "deny"),
    ],
)
def test_an_answer_or_a_command_is_not_taken_for_a_question(slot: str, said: str, intent: str) -> None:
    assert not _read(slot, said, intent).asks


def test_the_question_for_the_lawyer_is_never_an_interruption() -> None:
    assert _read("question", "稳岗返还怎么申请", "ask_procedure") == Reply(None, False)


def _validate(tracker: Tracker, domain: dict) -> tuple[list[dict], list[dict]]:
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from bot.actions.actions import ValidateEscalationForm

    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateEscalationForm().run(dispatcher, tracker, domain))
    return events, dispatcher.messages


def test_the_form_steps_aside_for_a_question_and_keeps_nothing_of_it(
    bot_services: None, tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    slots = {"requested_slot": "contact_name", "contact_name": "稳岗返还怎么申请", "channel": "web"}
    tracker = tracker_for("稳岗返还怎么申请", "ask_procedure", slots=slots, active_loop="escalation_form")
    events, said = _validate(tracker, domain)
    assert {"event": "slot", "timestamp": None, "name": "contact_name", "value": None} in events
    assert [e["name"] for e in events if e["event"] == "action_execution_rejected"] == ["escalation_form"]
    assert said == []  # no "没听清联系人的称呼": the answering rule speaks next


def test_after_the_answer_the_form_says_it_goes_on_before_asking_again(
    bot_services: None, tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    tracker = tracker_for(
        "稳岗返还怎么申请",
        "ask_procedure",
        slots={
            "requested_slot": "contact_name",
            "question": "补贴被退回了怎么办",
            "firm_name": "青岛惠民机械有限公司",
        },
        active_loop="escalation_form",
    )
    tracker.events += [
        {"event": "action_execution_rejected", "name": "escalation_form"},
        {"event": "action", "name": "action_answer_policy"},
        {"event": "action", "name": "escalation_form"},
    ]
    events, said = _validate(tracker, domain)
    assert [m.get("response") for m in said] == ["utter_escalation_resume"]
    assert not [e for e in events if e["event"] == "action_execution_rejected"]


def test_a_name_is_taken_as_before(
    bot_services: None, tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    slots = {"requested_slot": "contact_name", "contact_name": "王丽"}
    tracker = tracker_for("王丽", "nlu_fallback", slots=slots, active_loop="escalation_form")
    tracker.events += [{"event": "slot", "name": "contact_name", "value": "王丽"}]
    events, said = _validate(tracker, domain)
    assert {
        "event": "slot",
        "timestamp": None,
        "name": "contact_name",
        "value": "王丽",
    } in events and said == []
