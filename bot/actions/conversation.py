"""Reading the conversation: what the firm just said, the question it means, its zone, its ticket.

These helpers turn a rasa-sdk :class:`~rasa_sdk.Tracker` into plain values for the actions.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from bot.actions import escalation, services
from bot.actions.answer import Answer
from bot.actions.followup import resolve_question
from bot.actions.topics import find_topic


def latest_text(tracker: Tracker) -> str:
    """The text of the firm's latest message."""
    return str(tracker.latest_message.get("text") or "").strip()


def latest_entity(tracker: Tracker, name: str) -> str | None:
    """The first value of entity ``name`` in the latest message, or None."""
    return next(tracker.get_latest_entity_values(name), None)


def message_topic(tracker: Tracker) -> str | None:
    """The policy topic the latest message names itself (NLU entity, else the domain dictionary)."""
    return latest_entity(tracker, "topic") or find_topic(latest_text(tracker))


def resolved_question(tracker: Tracker) -> str:
    """The latest message as a self-contained question, completed from the topic slots if a fragment."""
    return resolve_question(
        latest_text(tracker),
        topic=tracker.get_slot("topic"),
        policy_title=tracker.get_slot("policy_title"),
        has_own_topic=message_topic(tracker) is not None,
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


def answer_slots(
    tracker: Tracker, answer: Answer, question: str, zone: str | None, intent: str | None
) -> list[EventType]:
    """Slots an answer sets: what was asked and cited (for follow-ups and a ticket) and the offer state.

    A question on another topic starts the "unhappy twice" count again.
    """
    previous_topic = tracker.get_slot("topic")
    topic = message_topic(tracker) or previous_topic
    events: list[EventType] = [
        SlotSet("last_question", question),
        SlotSet("topic", topic),
        SlotSet("zone", zone),
        SlotSet("escalation_offered", not answer.answered),
        SlotSet(
            "escalation_category",
            escalation.CATEGORY_BY_INTENT.get(intent or "") or tracker.get_slot("escalation_category"),
        ),
    ]
    if topic != previous_topic and tracker.get_slot("unhappy_count"):
        events.append(SlotSet("unhappy_count", 0.0))
    if answer.answered:
        events += [
            SlotSet("policy_id", answer.policy_id),
            SlotSet("policy_title", answer.policy_title),
            SlotSet("citations", answer.citations),
        ]
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
        category=tracker.get_slot("escalation_category") or "其他",
        question=tracker.get_slot("question"),
        transcript=escalation.transcript_from_events(tracker.events),
        citations=list(tracker.get_slot("citations") or []),
        sender_id=tracker.sender_id,
    )
