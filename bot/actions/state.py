"""The conversation state a follow-up leans on, read from and written back to Rasa slots.

Kept per conversation: the policy being discussed (id, title, topic), the last question and the
aspects it asked for (amount, materials, deadline …), every clause cited so far, the firm's facts
(zone, industry, size, qualifications and recent events), and what it said of its case before any policy
was discussed (the situation a question with no subject of its own is about).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

#: Clauses remembered as cited (oldest dropped first).
MAX_CITED = 30


@dataclass(frozen=True)
class State:
    """What the conversation has established so far."""

    policy_id: str | None = None
    policy_title: str | None = None
    topic: str | None = None
    last_question: str | None = None
    aspects: tuple[str, ...] = ()
    zone: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    cited: tuple[str, ...] = ()
    situation: str | None = None

    def new_topic(self) -> State:
        """The state after "换个问题": the policy discussed and the situation are dropped, the firm's facts
        are kept."""
        return replace(
            self,
            policy_id=None,
            policy_title=None,
            topic=None,
            last_question=None,
            aspects=(),
            situation=None,
        )

    def citing(self, citations: list[dict[str, Any]]) -> State:
        """The state with ``citations`` added to the clauses cited so far (``"<policy_id> <clause>"``)."""
        new = [f"{c.get('policy_id')} {c.get('clause') or ''}".strip() for c in citations]
        cited = tuple(dict.fromkeys([*self.cited, *new]))[-MAX_CITED:]
        return replace(self, cited=cited)


def state_from(tracker: Tracker) -> State:
    """The state kept in the tracker's slots."""
    slot = tracker.get_slot
    facts = slot("firm_facts") if isinstance(slot("firm_facts"), dict) else {}
    return State(
        policy_id=slot("policy_id"),
        policy_title=slot("policy_title"),
        topic=slot("topic"),
        last_question=slot("last_question"),
        aspects=tuple(slot("asked_aspects") or ()),
        zone=slot("zone"),
        facts=dict(facts),
        cited=tuple(slot("cited_clauses") or ()),
        situation=slot("situation"),
    )


def state_slots(state: State) -> list[EventType]:
    """The slot events that store ``state``."""
    return [
        SlotSet("policy_id", state.policy_id),
        SlotSet("policy_title", state.policy_title),
        SlotSet("topic", state.topic),
        SlotSet("last_question", state.last_question),
        SlotSet("asked_aspects", list(state.aspects)),
        SlotSet("zone", state.zone),
        SlotSet("firm_facts", state.facts),
        SlotSet("cited_clauses", list(state.cited)),
        SlotSet("situation", state.situation),
    ]
