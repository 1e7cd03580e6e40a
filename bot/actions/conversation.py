"""Reading the conversation: what the firm just said, the question it means, its zone, its ticket.

These helpers turn a rasa-sdk :class:`~rasa_sdk.Tracker` into plain values for the actions.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import commands, escalation, rights, services
from bot.actions.answer import Answer
from bot.actions.facts import asks_something, is_request
from bot.actions.followup import own_content
from bot.actions.respond import respond
from bot.actions.state import State, state_from, state_slots

#: Intents whose fixed reply stands when retrieval finds nothing and the message asks nothing real.
FIXED_REPLY = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thanks": "utter_you_are_welcome",
    "chitchat": "utter_chitchat",
    "out_of_scope": "utter_out_of_scope",
    "nlu_fallback": "utter_default",
    "new_topic": "utter_new_topic",
}


#: Intents of small talk: their fixed reply stands unless the message asks about a subject of its own
#: ("我们是见习基地，这季度带了三个见习生，见习补贴怎么算" had been taken for a goodbye).
SMALL_TALK = frozenset({"chitchat", "greet", "goodbye", "thanks"})
#: Small talk about the assistant itself ("你是机器人吗", "你叫什么名字") keeps its fixed reply.
_ABOUT_THE_BOT = re.compile(r"你是|您是|你叫|你会|你几岁|机器人|人工智能|智能助手|你好|在吗")
#: A message NLU took for chit-chat that asks about a subject this long (e.g. "员工出车祸公司要赔多少")
#: is a question the collection cannot answer: it gets the no-match reply, which offers a lawyer.
CHITCHAT_SUBJECT = 4


def latest_text(tracker: Tracker) -> str:
    """The text of the firm's latest message."""
    return str(tracker.latest_message.get("text") or "").strip()


def latest_entity(tracker: Tracker, name: str) -> str | None:
    """The first value of entity ``name`` in the latest message, or None."""
    return next(tracker.get_latest_entity_values(name), None)


async def respond_to_latest(tracker: Tracker, intent: str | None) -> tuple[Answer | None, State]:
    """Answer the latest message in the light of the conversation (the search runs in a worker thread).

    "换个问题" (intent ``new_topic``) drops the policy discussed first; the firm's facts are kept.
    """
    state = state_from(tracker).new_topic() if intent == "new_topic" else state_from(tracker)
    index = await asyncio.to_thread(services.get_index)
    zones = services.get_zones()
    text = latest_text(tracker)
    return await asyncio.to_thread(
        respond,
        index,
        text,
        state,
        intent=intent,
        resolve_zone=zones.resolve,
        place_names=zones.place_names,
        district_names=zones.district.names,
    )


def resolved_zone(tracker: Tracker, *, from_text: bool) -> str | None:
    """The firm's zone as named in the zones file, or None when unknown (never guessed).

    Args:
        tracker: The conversation.
        from_text: Also look for a zone, alias or address in the latest message's whole text.
    """
    zones = services.get_zones()
    for said in (latest_entity(tracker, "zone"), latest_text(tracker) if from_text else None):
        zone = zones.resolve(said) if said else None
        if zone:
            return zone
    slot = tracker.get_slot("zone")
    return zones.resolve(slot) if slot else None


def reply_events(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    answer: Answer | None,
    state: State,
    intent: str | None,
) -> list[EventType]:
    """Say ``answer`` (or the fitting fixed reply) and return the slots that keep the conversation.

    ``answer`` None means the message only gave facts: they are acknowledged (a message that gave
    none and asked nothing searchable is asked to say more). A message NLU took for
    chit-chat gets the fixed reply when retrieval found nothing, unless it asks about a subject of
    its own (not the assistant): then it is a no-match question; one it did not understand, when
    retrieval found nothing and it asks nothing of substance; one it took for off-topic is said to be
    off-topic, with a lawyer offered when it asks something — unless it says where the firm is (the
    last question was asked again for that zone). Anything else that found nothing gets the no-match
    reply offering a lawyer.
    """
    events = state_slots(state)
    # "新招了10个应届生", "公司新招了一个硕士，现在租房住": noted, whatever NLU says
    stated = state.facts != (tracker.get_slot("firm_facts") or {}) or (
        bool(state.situation) and state.situation != tracker.get_slot("situation")
    )
    if answer is None and intent in FIXED_REPLY and not stated:
        dispatcher.utter_message(response=FIXED_REPLY[intent])
        return events
    if answer is None:
        if state.zone and state.zone != tracker.get_slot("zone"):
            dispatcher.utter_message(response="utter_zone_noted", zone=state.zone)
        elif stated:
            dispatcher.utter_message(response="utter_profile_noted")
        else:  # nothing noted: "已记下" would claim otherwise
            dispatcher.utter_message(response="utter_default")
        return events
    text = latest_text(tracker)
    substantive = asks_something(text) and len(own_content(text)) >= (
        CHITCHAT_SUBJECT if intent in SMALL_TALK else 2
    )
    if intent in SMALL_TALK and _ABOUT_THE_BOT.search(text):
        substantive = False
    # "店在犀浦百草路20号" after a question: the firm says where it is, the last question is asked again
    placed = bool(state.zone) and state.zone != tracker.get_slot("zone")
    # "我们是规上白酒企业，今年上了新灌装线，设备投了一千多万" NLU could not place: the reply naming the
    # policy closest to the case told stands, not "没太听明白" (blind116)
    names_nearest = intent == "nlu_fallback" and bool(answer.policy_id)
    if not answer.answered and intent in FIXED_REPLY and not substantive and not placed and not names_nearest:
        # "帮我写个年终总结，三百字就行" NLU could not place, retrieval found nothing for: a task the
        # assistant does not do, said as such (with the lawyers offered), not "没太听明白"
        request = intent == "nlu_fallback" and is_request(text)
        dispatcher.utter_message(response="utter_out_of_scope" if request else FIXED_REPLY[intent])
        return events
    # A complaint that a policy was not honoured (维权) gets the clause and the lawyer team's help.
    complaint = rights.is_rights_complaint(text)
    if complaint and answer.answered and intent not in commands.LAWYER_INTENTS:  # those offer already
        answer = replace(answer, text=f"{answer.text}\n{rights.RIGHTS_OFFER}")
    if not answer.answered and intent == "out_of_scope" and not placed:  # both agree: off-topic
        dispatcher.utter_message(response="utter_out_of_scope", json_message=answer.payload)
    else:
        dispatcher.utter_message(text=answer.text, json_message=answer.payload)
    category = escalation.CATEGORY_BY_INTENT.get(intent or "") or tracker.get_slot("escalation_category")
    events += [
        SlotSet("escalation_offered", not answer.answered or complaint),
        SlotSet(
            "escalation_category", rights.category_for_question(category, text) if complaint else category
        ),
    ]
    if state.policy_id != tracker.get_slot("policy_id") and tracker.get_slot("unhappy_count"):
        events.append(SlotSet("unhappy_count", 0.0))  # another topic: the "unhappy twice" count restarts
    if answer.answered:
        events.append(SlotSet("citations", answer.citations))
    return events


def ticket_request(tracker: Tracker) -> Any:
    """The :class:`tickets.NewTicket` for the escalation the form has just completed."""
    from tickets import NewTicket

    return NewTicket(
        channel=escalation.channel_for(tracker.sender_id),
        firm_name=tracker.get_slot("firm_name"),
        contact_name=tracker.get_slot("contact_name"),
        phone=tracker.get_slot("phone"),
        zone=tracker.get_slot("zone"),
        category=rights.category_for_question(
            tracker.get_slot("escalation_category"), tracker.get_slot("question")
        ),
        question=tracker.get_slot("question"),
        transcript=escalation.transcript_from_events(tracker.events),
        citations=list(tracker.get_slot("citations") or []),
        sender_id=tracker.sender_id,
    )
