"""Around the guided check, as actions: "转人工" leaves the check for the one escalation path, and
"哪些不符合？为什么？" lists the 不符合 policies (real zones, real matcher on tests/bot/corpus)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import actions, eligibility_followups

pytestmark = [
    pytest.mark.usefixtures("bot_services"),
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in. <_io.FileIO name='.*/jieba/:pytest.PytestUnraisableExceptionWarning"
    ),
]

CHECK_SLOTS = {"zone": "蓝村街道", "check_industry": "机械加工", "check_employees": "200", "channel": "web"}


def run(action: Action, tracker: Tracker, domain: dict[str, Any]) -> tuple[list[dict], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    return asyncio.run(action.run(dispatcher, tracker, domain)), dispatcher


def slots_set(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_lawyer_asked_in_the_check_leaves_it_and_escalates_with_the_facts_so_far(
    tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    slots = {**CHECK_SLOTS, "requested_slot": "check_revenue", "check_revenue": "转人工"}
    tracker = tracker_for("转人工", "request_lawyer", slots=slots, active_loop="eligibility_form")
    events, _ = run(eligibility_followups.ActionLeaveEligibilityCheck(), tracker, domain)
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events if e["event"] == "active_loop"
    ]
    left = slots_set(events)
    assert left["requested_slot"] is None and left["check_revenue"] is None  # "转人工" is no revenue
    assert "蓝村街道" in left["question"] and "机械加工" in left["question"]
    # the one escalation path takes over: the form starts with the check's question and category
    after = tracker_for(
        "转人工",
        "request_lawyer",
        slots={**slots, **left},
        latest_action_name="action_leave_eligibility_check",
    )
    events, _ = run(actions.ActionCommandOrQuestion(), after, domain)
    started = slots_set(events)
    assert started["escalation_offered"] is False  # the rule starts escalation_form on False
    assert started["question"] == left["question"] and started["escalation_category"] == "政策适用"
    assert started["zone"] == "蓝村街道"


def test_not_eligible_after_the_check_lists_reasons_and_offers_a_lawyer(
    tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    done = [{"event": "action", "name": "action_answer_eligibility"}]
    tracker = tracker_for("哪些不符合？为什么？", "ask_not_eligible", slots=CHECK_SLOTS, events=done)
    events, dispatcher = run(eligibility_followups.ActionExplainNotEligible(), tracker, domain)
    message = dispatcher.messages[-1]
    listed = message["custom"]["not_eligible"]
    assert message["custom"]["action"] == "not_eligible" and listed
    for item in listed:
        assert f"《{item['title']}》" in message["text"] and item["why"]
    assert slots_set(events)["escalation_offered"] is True


def test_not_eligible_before_any_check_says_how_to_start_one(
    tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    tracker = tracker_for("哪些不符合？为什么？", "ask_not_eligible")
    events, dispatcher = run(eligibility_followups.ActionExplainNotEligible(), tracker, domain)
    assert dispatcher.messages[-1]["text"] == eligibility_followups.NO_CHECK_YET and events == []
