"""The actions of the guided eligibility check: start, ask, validate, answer, forget (thin, as actions.py).

"我能享受哪些政策？" → :class:`ActionStartEligibilityCheck` fills what the conversation (``firm_facts``,
``zone``) or the firm's consented profile already knows → ``eligibility_form`` asks only the rest (web
and hotline prompts, :mod:`bot.actions.check_prompts`) → :class:`ActionAnswerEligibility` matches
(:mod:`matching`) and answers with 符合 / 可能符合, keeps the facts in the profile if the firm agreed
(:mod:`bot.actions.firm_profiles`), and offers a lawyer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import (
    check_answers,
    check_prompts,
    commands,
    eligibility,
    escalation,
    firm_profiles,
    services,
)
from bot.actions.conversation import latest_text, reply_events, resolved_zone, respond_to_latest
from bot.actions.facts import asks_something
from bot.actions.question_shape import ASPECT_WORDS, asks_where_it_applies
from policy_index.aspects import asked_aspects

logger = logging.getLogger(__name__)


async def _answered_instead(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """A question about one policy that NLU took for the guided check ("屋顶光伏补贴能拿几年", or an
    aspect of the policy discussed: "这政策执行到哪年"): its answer — or, when retrieval finds none, the
    no-match reply with a lawyer offered — and no check (the events end with ``action_listen``); None
    for the check itself ("我们能享受哪些政策") or a message that asks nothing of its own."""
    text = latest_text(tracker)
    # "这政策执行到哪年"; "能拿啥奖励" said after a policy was cited for the firm's facts
    on_policy = bool(tracker.get_slot("policy_id")) and bool(
        asked_aspects(text) or commands.asks_what_it_gives(text)
    )
    about_one = commands.looks_like_check_request(text)  # "哪些补贴不用申请就能拿到" (not the check)
    about_one = about_one or commands.applies_for_one(text, ASPECT_WORDS)  # "我们想申请就业见习补贴"
    about_one = about_one or asks_where_it_applies(text)  # "民宿补助哪些镇能申请": that benefit's zones
    if (commands.is_check_request(text) and not on_policy) or not (
        on_policy or about_one or commands.asks_own_question(text, ASPECT_WORDS)
    ):
        return None
    intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
    answer, state = await respond_to_latest(tracker, intent)
    if answer is None:
        return None
    # unanswered, it is still a question about one benefit: the no-match reply offers a lawyer
    return [*reply_events(dispatcher, tracker, answer, state, intent), FollowupAction("action_listen")]


class ActionStartEligibilityCheck(Action):
    """Start the check: fill in what the conversation or the firm's consented profile already says."""

    def name(self) -> str:
        return "action_start_eligibility_check"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answered = await _answered_instead(dispatcher, tracker)
        if answered is not None:
            return answered
        channel = escalation.channel_for(tracker.sender_id)
        key = firm_profiles.profile_key(tracker)
        stored = await asyncio.to_thread(firm_profiles.get_profiles().get, key) if key else None
        facts = stored.facts if stored is not None and stored.consent == "granted" else None
        values = eligibility.prefill(tracker.get_slot("firm_facts"), facts, dt.date.today())
        zone = resolved_zone(tracker, from_text=True) or (facts or {}).get("zone")
        firm_facts = firm_profiles.with_partial_lists(tracker.get_slot("firm_facts"), facts)
        events = [SlotSet("channel", channel), SlotSet("zone", zone), SlotSet("escalation_offered", False)]
        events.append(SlotSet("firm_facts", firm_facts))
        known_before = {s: tracker.get_slot(s) for s in eligibility.FIELD_OF_SLOT if s != "zone"}
        for slot, value in values.items():
            if not known_before.get(slot):
                events.append(SlotSet(slot, value))
        vocabulary, _ = firm_profiles.match_conditions()
        stated = eligibility.stated_lists(firm_facts, vocabulary)
        for (
            slot,
            field,
        ) in firm_profiles.LIST_SLOTS.items():  # answered in an earlier check, plus what was said since
            if known_before.get(slot) and stated[field]:
                events.append(SlotSet(slot, firm_profiles.joined_items(known_before[slot], stated[field])))
        return events


def _make_ask_action(slot: str) -> type[Action]:
    """The ``action_ask_<slot>`` action of one question of the check (web or spoken wording)."""

    class AskAction(Action):
        def name(self) -> str:
            return f"action_ask_{slot}"

        async def run(
            self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
        ) -> list[EventType]:
            known = ""
            if slot in firm_profiles.LIST_SLOTS and (named := firm_profiles.known_items(tracker, slot)):
                known = f"除了{'、'.join(named)}，"
            if slot == "profile_consent" and (key := firm_profiles.profile_key(tracker)):
                await asyncio.to_thread(firm_profiles.get_profiles().ask, key, "guided_check")
            web, spoken = check_prompts.PROMPTS[slot]
            text = (spoken if check_prompts.channel_of(tracker) == "hotline" else web).format(known=known)
            dispatcher.utter_message(
                text=text, json_message={"citations": [], "action": "ask_detail", "slot": slot}
            )
            return []

    AskAction.__name__ = AskAction.__qualname__ = f"ActionAsk_{slot}"
    AskAction.__doc__ = f"Ask the firm for ``{slot}`` in the eligibility check."
    return AskAction


ASK_ACTIONS = {slot: _make_ask_action(slot) for slot in check_prompts.PROMPTS}


class ValidateEligibilityForm(FormValidationAction):
    """Read the check's answers as firms say them; ask only what is unknown; "算了" answers right away."""

    def name(self) -> str:
        return "validate_eligibility_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """The questions; the consent question only for a firm with a key that was never asked."""
        slots = [s for s in domain_slots if s != "profile_consent"]
        if tracker.get_slot("requested_slot") == "profile_consent":
            return [*slots, "profile_consent"]
        key = firm_profiles.profile_key(tracker)
        if key and tracker.get_slot("profile_consent") is None:
            stored = await asyncio.to_thread(firm_profiles.get_profiles().get, key)
            if stored is None:
                slots.append("profile_consent")
        return slots

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Validate; a firm that says "算了/直接说结果" gets the answer with what it has said so far; one
        that asks a question of its own instead of answering is answered, and the check is left."""
        if (left := await self._left_for_a_question(dispatcher, tracker, domain)) is not None:
            return left
        events = await super().get_validation_events(dispatcher, tracker, domain)
        text = str(tracker.latest_message.get("text") or "")
        if tracker.get_slot("requested_slot") and check_answers.wants_to_stop(text):
            filled = {e.get("name") for e in events if e.get("event") == "slot" and e.get("value")}
            rest = [s for s in eligibility.FIELD_OF_SLOT if s not in filled and not tracker.get_slot(s)]
            events += [SlotSet(s, check_answers.UNKNOWN) for s in rest]
            if tracker.get_slot("profile_consent") is None and "profile_consent" not in filled:
                events.append(SlotSet("profile_consent", "no"))
        return events

    async def _left_for_a_question(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType] | None:
        """Asked "贵公司在哪个街道？", the firm asks "个体户能申请不" or "高企奖励多少": no answer to the
        question of the check, but a question of its own. It is answered (retrieval, as outside the
        check) and the check is left, instead of asking the same question again and again; None when
        the message answers the question asked, or asks nothing of its own."""
        requested = tracker.get_slot("requested_slot")
        text = latest_text(tracker)
        own = commands.asks_own_question(text, ASPECT_WORDS) or commands.applies_for_one(text, ASPECT_WORDS)
        asks = own or asks_something(text)
        if not requested or not asks or check_answers.wants_to_stop(text) or check_answers.dont_know(text):
            return None
        validate = getattr(self, f"validate_{requested}", None)
        read = validate(text, CollectingDispatcher(), tracker, domain) if validate else {requested: text}
        read = await read if inspect.isawaitable(read) else read
        # any few words read as a trade, but a trade is not asked: "数字化车间评上了奖多少" is a question
        asked_not_told = requested == "check_industry" and own and asks_something(text)
        if read.get(requested) is not None and not asked_not_told:
            return None
        intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
        answer, state = await respond_to_latest(tracker, intent)
        if answer is None or not (answer.answered or own):  # "啥意思": the check's question again
            return None
        left = [SlotSet("requested_slot", None), ActiveLoop(None), FollowupAction("action_listen")]
        return [*reply_events(dispatcher, tracker, answer, state, intent), *left]

    def _read(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, reader: Any
    ) -> dict[str, Any]:
        said = str(value or "").strip()
        if check_answers.wants_to_stop(said):
            return {slot: check_answers.UNKNOWN}
        read = reader(said) if said else None
        if read is None and tracker.get_slot("requested_slot") == slot:
            check_prompts.say(dispatcher, tracker, check_prompts.RETRY[slot])
        return {slot: read}

    def validate_zone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        said = str(value or "")
        zones = services.get_zones()
        if check_answers.dont_know(said) or check_answers.wants_to_stop(said):
            return {"zone": check_answers.UNKNOWN}
        zone = escalation.zone_by_number(said, zones.zones) or (zones.resolve(said) if said else None)
        if not zone and tracker.get_slot("requested_slot") == "zone":
            dispatcher.utter_message(
                response="utter_zone_unknown", zone_list=escalation.zone_list(zones.zones)
            )
        return {"zone": zone}

    def validate_check_industry(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        return self._read("check_industry", value, dispatcher, tracker, check_answers.parse_industry)

    def validate_check_employees(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        return self._read("check_employees", value, dispatcher, tracker, check_answers.parse_employees)

    def validate_check_revenue(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        return self._read("check_revenue", value, dispatcher, tracker, check_answers.parse_revenue)

    def validate_check_founded(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        today = dt.date.today()
        return self._read(
            "check_founded", value, dispatcher, tracker, lambda s: check_answers.parse_founded(s, today)
        )

    def _read_list(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """A list answer joined to what the firm stated before the check ("除了高新技术企业，…")."""
        read = self._read(slot, value, dispatcher, tracker, check_answers.parse_list)
        known = firm_profiles.known_items(tracker, slot)
        if known and read[slot] is not None:
            read[slot] = firm_profiles.joined_items(read[slot], known)
        return read

    def validate_check_qualifications(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        return self._read_list("check_qualifications", value, dispatcher, tracker)

    def validate_check_events(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        return self._read_list("check_events", value, dispatcher, tracker)

    def validate_profile_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        return self._read("profile_consent", value, dispatcher, tracker, eligibility.consent_answer)


class ActionAnswerEligibility(Action):
    """Match the firm and answer: 符合 with the clause, 可能符合 with what is unknown; offer a lawyer."""

    def name(self) -> str:
        return "action_answer_eligibility"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        profile = firm_profiles.checked_profile(tracker)
        report = await asyncio.to_thread(firm_profiles.match_profile, profile)
        channel = check_prompts.channel_of(tracker)
        answer = eligibility.compose(
            report, profile, channel=channel, zone_team=firm_profiles.zone_team(profile)
        )
        kept = False
        try:
            kept = await asyncio.to_thread(
                firm_profiles.remember_checked_facts,
                firm_profiles.profile_key(tracker),
                tracker.get_slot("profile_consent"),
                profile,
                channel,
            )
        except Exception:  # the answer matters more than the bookkeeping
            logger.exception("保存企业信息失败")
        text = answer.text + ("\n已按您的同意保存企业信息。" if kept and channel != "hotline" else "")
        dispatcher.utter_message(text=text, json_message=answer.payload)
        question = (
            f"请律师核实本企业可以享受哪些政策（{eligibility.describe_firm(profile) or '企业情况未提供'}）"
        )
        return [
            SlotSet("zone", profile["zone"]),
            SlotSet("escalation_offered", True),
            SlotSet("escalation_category", "政策适用"),
            SlotSet("last_question", question),
            SlotSet("question", question),
            SlotSet("citations", answer.payload["citations"]),
        ]


class ActionForgetProfile(Action):
    """The firm withdraws its consent: its stored profile is erased (the refusal is remembered).

    A message NLU took for it that names nothing withdrawn ("拿了落户奖励以后公司要搬走会怎么样") is
    answered as the policy question it is.
    """

    def name(self) -> str:
        return "action_forget_profile"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not commands.withdraws_consent(latest_text(tracker)):  # a policy question: nothing erased
            intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
            answer, state = await respond_to_latest(tracker, intent)
            return reply_events(dispatcher, tracker, answer, state, intent)
        key = firm_profiles.profile_key(tracker)
        if key is None:
            dispatcher.utter_message(text=check_prompts.NO_KEY)
            return []
        store = firm_profiles.get_profiles()
        stored = await asyncio.to_thread(store.get, key)
        if stored is None or stored.consent != "granted":
            dispatcher.utter_message(text=check_prompts.NOTHING_TO_FORGET)
            return []
        await asyncio.to_thread(store.revoke, key, "firm")
        dispatcher.utter_message(text=check_prompts.FORGOTTEN)
        return [SlotSet("profile_consent", "no")]
