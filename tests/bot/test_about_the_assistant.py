"""Asked whether it is a person: the assistant says it is not, and how to reach a lawyer.

Real action, real fixture index (tests/bot/conftest.py); NLU's intent is given as Rasa would pass it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import actions


def _said(tracker: Tracker, domain: dict) -> list[dict]:
    dispatcher = CollectingDispatcher()
    asyncio.run(actions.ActionAboutTheAssistant().run(dispatcher, tracker, domain))
    return dispatcher.messages


@pytest.mark.parametrize("text", ["你是机器人还是真人啊？", "现在回复我的是人工还是机器", "是自动回复吗"])
def test_a_firm_asking_whether_it_talks_to_a_person_learns_how_to_reach_one(
    bot_services: None, tracker_for: Callable[..., Tracker], domain: dict, text: str
) -> None:
    [message] = _said(tracker_for(text, "bot_challenge"), domain)
    assert message["response"] == "utter_bot_challenge"
    texts = [v["text"] for v in domain["responses"]["utter_bot_challenge"]]
    assert all("不是真人" in t and "转人工" in t for t in texts)
    hotline = next(v["text"] for v in domain["responses"]["utter_bot_challenge"] if v.get("condition"))
    assert "按2" in hotline  # the hotline's key for the lawyer team (connectors/voice/prompts.MENU)


def test_in_the_middle_of_the_form_it_says_the_lawyers_will_call(
    bot_services: None, tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    tracker = tracker_for("你是真人吗", "bot_challenge", active_loop="escalation_form")
    [message] = _said(tracker, domain)
    assert message["response"] == "utter_bot_challenge_in_form"


def test_small_talk_that_names_no_person_is_not_taken_for_the_question(
    bot_services: None, tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    [message] = _said(tracker_for("你们一般多久回复？", "bot_challenge"), domain)
    assert message.get("response") != "utter_bot_challenge"
