"""What the firm may ask around the guided check: "哪些不符合？为什么？", and "转人工" in the middle of it.

:class:`ActionExplainNotEligible` lists the 不符合 policies with their reasons (after a check in this
conversation, or on the firm's consented profile); before any check a question naming a policy goes
to retrieval like any other. :class:`ActionLeaveEligibilityCheck` ends the check when the firm asks
for a lawyer: the facts said so far become the question, and the one escalation path
(``action_command_or_question`` → ``escalation_form`` → ``action_create_ticket``) takes over.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import check_prompts, eligibility, eligibility_reasons, firm_profiles
from bot.actions.conversation import latest_text

#: Said when the firm asks what does not fit before any check (and names no policy).
NO_CHECK_YET = (
    "还没有对照过贵公司的情况。说“我能享受哪些政策”，我先问几个简单的情况，"
    "再告诉您哪些符合、哪些不符合以及原因。"
)
#: The escalation category of a lawyer asked for during the check.
CHECK_CATEGORY = "政策适用"


def check_done(tracker: Tracker) -> bool:
    """Whether the guided check answered in this conversation."""
    return any(
        e.get("event") == "action" and e.get("name") == "action_answer_eligibility" for e in tracker.events
    )


def lawyer_question(profile: dict[str, Any]) -> str:
    """The ticket's question for a lawyer asked about the firm's eligibility."""
    return f"请律师核实本企业可以享受哪些政策（{eligibility.describe_firm(profile) or '企业情况未提供'}）"


def _stored_profile(tracker: Tracker) -> dict[str, Any] | None:
    """The firm's consented profile (``huiqi match`` shape), or None."""
    key = firm_profiles.profile_key(tracker)
    stored = firm_profiles.get_profiles().get(key) if key else None
    if stored is None or stored.consent != "granted" or not stored.facts:
        return None
    return {"name": tracker.get_slot("firm_name") or "对话中的企业", **stored.facts}


class ActionExplainNotEligible(Action):
    """ "哪些不符合？为什么？": the 不符合 policies by reason, each with its reason; a lawyer offered."""

    def name(self) -> str:
        return "action_explain_not_eligible"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if check_done(tracker):
            profile: dict[str, Any] | None = firm_profiles.checked_profile(tracker)
        else:
            profile = await asyncio.to_thread(_stored_profile, tracker)
        text = latest_text(tracker)
        if profile is None:
            if eligibility_reasons.names_something(text):  # "为什么我们不符合高企认定条件"
                from bot.actions.actions import ActionAnswerPolicy

                return await ActionAnswerPolicy().run(dispatcher, tracker, domain)
            dispatcher.utter_message(
                text=NO_CHECK_YET, json_message={"citations": [], "action": "ask_detail"}
            )
            return []
        report = await asyncio.to_thread(firm_profiles.match_profile, profile)
        titles = {m.policy_id: m.title for m in [*report.eligible, *report.maybe, *report.not_eligible]}
        answer = eligibility_reasons.compose_not_eligible(
            eligibility_reasons.asked_about(text, list(report.not_eligible)),
            profile,
            channel=check_prompts.channel_of(tracker),
            titles=titles,
            zone_team=firm_profiles.zone_team(profile),
        )
        dispatcher.utter_message(text=answer.text, json_message=answer.payload)
        question = lawyer_question(profile)
        return [
            SlotSet("escalation_offered", True),
            SlotSet("escalation_category", CHECK_CATEGORY),
            SlotSet("last_question", question),
            SlotSet("question", question),
        ]


class ActionLeaveEligibilityCheck(Action):
    """ "转人工" / "找律师" during the check: end the check; the facts so far become the lawyer's question."""

    def name(self) -> str:
        return "action_leave_eligibility_check"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        asked = tracker.get_slot("requested_slot")
        profile = firm_profiles.checked_profile(tracker)
        question = lawyer_question(profile)
        events: list[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None)]
        if asked and asked != "zone":  # "转人工" is no answer to the question asked
            events.append(SlotSet(asked, None))
        return [
            *events,
            SlotSet("escalation_category", CHECK_CATEGORY),
            SlotSet("last_question", question),
            SlotSet("question", question),
        ]
