"""The custom actions (thin: read slots → one call into a helper module → one message → events)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    ActionExecutionRejected,
    EventType,
    FollowupAction,
    SessionStarted,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import commands, escalation, firm_profiles, form_questions, rights, services
from bot.actions.conversation import (
    latest_text,
    reply_events,
    resolved_zone,
    respond_to_latest,
    ticket_request,
)
from bot.actions.question_shape import ASPECT_WORDS

logger = logging.getLogger(__name__)

#: Slots emptied once a ticket is stored (the firm profile is kept for the rest of the conversation).
ESCALATION_SLOTS = (
    "question",
    "escalation_offered",
    "escalation_category",
    "unhappy_count",
    "requested_slot",
)


def _announce(dispatcher: CollectingDispatcher, ticket: Any) -> None:
    """Tell the firm its stored ticket: number, team, due time (spoken on the hotline), with the payload."""
    team = services.get_zones().team_for_zone(ticket.zone)
    text = escalation.ticket_message(ticket, team.firm, ticket.zone, channel=ticket.channel)
    payload = {
        "citations": [],
        "ticket": escalation.ticket_payload(ticket, team.firm),
        "action": "ticket_created",
    }
    dispatcher.utter_message(text=text, json_message=payload)


class ActionSessionStart(Action):
    """Start a conversation (or a new session of one): carry the slots over and note the channel.

    The ``channel`` slot (``web`` | ``hotline``, from the sender id) lets every response have a spoken
    variation for the hotline (``bot/domain.yml``).
    """

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        carried = [SlotSet(name, value) for name, value in tracker.slots.items() if value is not None]
        channel = SlotSet("channel", escalation.channel_for(tracker.sender_id))
        return [SessionStarted(), *carried, channel, ActionExecuted("action_listen")]


class ActionAnswerPolicy(Action):
    """Every message that could be a policy question: retrieval decides what it gets.

    Policy questions, follow-ups, facts about the firm, "换个问题" (the policy discussed is dropped
    first), and what NLU took for chit-chat, off-topic or did not understand all come here; a fixed
    small-talk reply is given only when retrieval finds nothing answerable either
    (:func:`bot.actions.conversation.reply_events`). The search runs in a worker thread so the
    action server keeps serving other conversations.
    """

    def name(self) -> str:
        return "action_answer_policy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
        answer, state = await respond_to_latest(tracker, intent)
        if state.facts and state.facts != tracker.get_slot("firm_facts"):  # kept only with consent
            await asyncio.to_thread(firm_profiles.keep_stated_facts, tracker, state.facts)
        return reply_events(dispatcher, tracker, answer, state, intent)


class ActionHandleUnhappy(Action):
    """The firm says the answer did not help: ask to rephrase once, offer a lawyer the second time.

    A policy question NLU took for displeasure ("算力券今年没用完能留到明年用吗") is answered instead
    when retrieval answers it.
    """

    def name(self) -> str:
        return "action_handle_unhappy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
        if commands.asks_own_question(latest_text(tracker), ASPECT_WORDS):  # "…没用完能留到明年用吗"
            answer, state = await respond_to_latest(tracker, intent)
            if answer is not None and answer.answered:
                return reply_events(dispatcher, tracker, answer, state, intent)
        count = int(tracker.get_slot("unhappy_count") or 0) + 1
        if count < 2:
            dispatcher.utter_message(response="utter_rephrase_please")
            return [SlotSet("unhappy_count", float(count))]
        dispatcher.utter_message(
            response="utter_offer_escalation", json_message={"citations": [], "action": "offer_escalation"}
        )
        category = tracker.get_slot("escalation_category") or "政策适用"
        offer = [SlotSet("escalation_offered", True), SlotSet("escalation_category", category)]
        return [SlotSet("unhappy_count", float(count)), *offer]


class ActionAboutTheAssistant(Action):
    """Asked "你是机器人还是真人？": the assistant is no person, and "转人工" reaches the zone's lawyers.

    In the middle of the escalation form the firm hears that the lawyers will call once the details
    are taken (the form then goes on). A message NLU took for that question but that names no person
    or machine ("你们一般多久回复？") is small talk like any other: retrieval first, then the fixed reply.
    """

    def name(self) -> str:
        return "action_about_the_assistant"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if commands.asks_if_human(latest_text(tracker)):
            in_form = tracker.active_loop.get("name") == "escalation_form"
            dispatcher.utter_message(
                response="utter_bot_challenge_in_form" if in_form else "utter_bot_challenge"
            )
            return []
        answer, state = await respond_to_latest(tracker, "chitchat")
        return reply_events(dispatcher, tracker, answer, state, "chitchat")


def _decline(dispatcher: CollectingDispatcher) -> list[EventType]:
    """The firm does not want the offered lawyer after all."""
    dispatcher.utter_message(response="utter_escalation_declined")
    return [SlotSet("escalation_offered", False), SlotSet("unhappy_count", 0.0)]


def _start_escalation(
    dispatcher: CollectingDispatcher, tracker: Tracker, intent: str | None
) -> list[EventType]:
    """Start an escalation: note the category, prefill the question and zone from the conversation.

    ``escalation_offered`` set to False is what the rules start the escalation form on (rules.yml).
    """
    # an offered lawyer taken, or one asked for in the middle of the eligibility check (政策适用)
    taken = intent == "affirm" or tracker.latest_action_name == "action_leave_eligibility_check"
    category = tracker.get_slot("escalation_category") if taken else None
    category = category or escalation.category_for(intent)
    text = latest_text(tracker)
    own = text if intent in escalation.SELF_DESCRIBING else None
    if intent == "request_lawyer":  # "我要找律师，我们的高企奖励一直没发" carries its question
        own = escalation.question_in_request(text)
    question = own or tracker.get_slot("question") or tracker.get_slot("last_question")
    category = rights.category_for_question(category, question)  # "…一直没发，找律师" is 维权
    channel = escalation.channel_for(tracker.sender_id)
    dispatcher.utter_message(response="utter_escalation_intro")
    zone = resolved_zone(tracker, from_text=True)
    return [
        SlotSet("escalation_category", category),
        SlotSet("question", question),
        SlotSet("zone", zone),
        # The offer is taken: a "不要/取消" inside the form now cancels the form (rules.yml).
        SlotSet("escalation_offered", False),
        # The form's prompts are spoken on the hotline, where the caller's number is known already.
        SlotSet("channel", channel),
        *escalation.known_phone(channel, tracker.latest_message.get("metadata"), tracker.get_slot("phone")),
    ]


class ActionCommandOrQuestion(Action):
    """Yes/no, "找律师", a complaint, a check-up booking: the command, unless the message asks a question.

    A message that asks a real policy question besides (``commands.is_question``) goes to retrieval
    like any other: "钱要不要退" is answered on the policy discussed; "IPO材料被受理了，区里有奖励吗"
    is answered and, since the firm spoke of a lawyer, a lawyer is offered. A request for a lawyer
    whose question retrieval cannot answer starts the form. Otherwise: yes to an offered lawyer (or a
    request, complaint or booking) starts the escalation form (``escalation_offered`` False, which the
    rule after this action keys on); no declines; yes/no with nothing offered asks what else. A
    message NLU took for a complaint that asks a question retrieval cannot answer ("客户欠款不还，有没有
    不花钱的调解渠道", "奖励一直没到账，在哪里查进度") gets the no-match reply offering a lawyer: it asked
    something, and says yes to have the form started.
    """

    def name(self) -> str:
        return "action_command_or_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
        offered = bool(tracker.get_slot("escalation_offered"))
        wants_lawyer = intent in commands.LAWYER_INTENTS
        text = latest_text(tracker)
        if commands.is_question(text, intent, ASPECT_WORDS):
            # "想换个新店招，政府补不补？" taken for a complaint: a question, answered (or not) as any other
            wants_lawyer = wants_lawyer and commands.says_the_request(text, intent)
            answer, state = await respond_to_latest(tracker, intent)
            offer_first = intent in commands.OFFER_FIRST  # a complaint that asks: offered, not filed
            if answer is not None and (answer.answered or not wants_lawyer or offer_first):
                if answer.answered and wants_lawyer:
                    answer = replace(answer, text=f"{answer.text}\n{commands.LAWYER_OFFER}")
                # Never False here: the rule after this action starts the form on False.
                lawyer_offered = wants_lawyer or not (answer and answer.answered)
                events = reply_events(dispatcher, tracker, answer, state, intent)
                return [*events, SlotSet("escalation_offered", True if lawyer_offered else None)]
        elif commands.only_states_a_case(text, intent):
            # "我们公司刚被认定为省级农业产业化重点龙头" taken for a complaint: answered when the collection
            # answers it, else noted — no form, no lawyer pressed on news
            answer, state = await respond_to_latest(tracker, intent)
            offered_now = answer is not None and not answer.answered
            events = reply_events(dispatcher, tracker, answer, state, intent)
            return [*events, SlotSet("escalation_offered", True if offered_now else None)]
        if wants_lawyer or (intent == "affirm" and offered):
            return _start_escalation(dispatcher, tracker, intent)
        if intent == "deny" and offered:
            return _decline(dispatcher)
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("escalation_offered", None)]


def _since_user(tracker: Tracker) -> list[dict[str, Any]]:
    """The events since the firm's latest message, oldest first."""
    events: list[dict[str, Any]] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        events.append(event)
    return events[::-1]


def _resumes(tracker: Tracker, form: str) -> bool:
    """Whether ``form`` runs again after stepping aside for what the firm said (Rasa's unhappy path:
    the form was rejected after the latest message, and another action answered it)."""
    since = _since_user(tracker)
    rejected = next(
        (
            i
            for i, e in enumerate(since)
            if e.get("event") == "action_execution_rejected" and e.get("name") == form
        ),
        None,
    )
    return rejected is not None and any(
        e.get("event") == "action" and e.get("name") not in {form, "action_listen"} for e in since[rejected:]
    )


class ValidateEscalationForm(FormValidationAction):
    """Clean and check what the firm tells the escalation form.

    A policy question typed where a contact detail was asked ("对了，技改补贴要什么材料？") is not
    taken for the detail: the form steps aside (``ActionExecutionRejected``), the question is answered
    as any other (the answering rules, rules.yml), and the form then asks again, saying the transfer
    goes on and how to cancel it. A detail given in the same message ("我们在环秀街道，…") is kept.
    """

    def name(self) -> str:
        return "validate_escalation_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        since = _since_user(tracker)
        heard = not any(e.get("event") == "action" and e.get("name") != self.form_name() for e in since)
        slot = tracker.get_slot("requested_slot")
        if tracker.active_loop.get("name") == self.form_name() and heard and slot:
            zones = services.get_zones()
            reply = form_questions.read_reply(
                slot,
                latest_text(tracker),
                tracker.get_intent_of_latest_message(skip_fallback_intent=False),
                resolve_zone=zones.resolve,
                zone_names=lambda zone: [zone, *(a for a, z in zones.aliases.items() if z == zone)],
            )
            if reply.asks:  # answered by the rules, then the form asks again
                return [SlotSet(slot, reply.value), ActionExecutionRejected(self.form_name())]
        events = await super().run(dispatcher, tracker, domain)
        if _resumes(tracker, self.form_name()):
            required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
            if any(tracker.get_slot(name) is None for name in required):  # it asks again: say so first
                dispatcher.utter_message(response="utter_escalation_resume")
        return events

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """The form's questions; the hotline asks the zone first (a caller who hangs up keeps a ticket)."""
        return escalation.slot_order(domain_slots, tracker.get_slot("channel"))

    def validate_firm_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        said = str(value or "")
        person = escalation.introduced_name(said)
        if person and not escalation.firm_name_with_suffix(said) and not tracker.get_slot("contact_name"):
            # "我叫王丽" said where the firm's name was asked: the contact, kept; the name is asked again
            dispatcher.utter_message(text=f"好的，联系人记为{person}。")
            return {"firm_name": None, "contact_name": person}
        name = escalation.clean_firm_name(said)
        if not name:
            dispatcher.utter_message(response="utter_invalid_firm_name")
        return {"firm_name": name}

    def validate_contact_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        name = escalation.clean_contact_name(str(value or ""))
        if not name:
            dispatcher.utter_message(response="utter_invalid_contact_name")
        return {"contact_name": name}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        phone = escalation.clean_phone(str(value or ""))
        if not phone:
            dispatcher.utter_message(response="utter_invalid_phone")
        return {"phone": phone}

    def validate_zone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        zones = services.get_zones()
        said = str(value or "")
        zone = escalation.zone_by_number(said, zones.zones) or (zones.resolve(said) if said else None)
        if not zone and tracker.get_slot("requested_slot") == "zone":  # only when it is the answer asked for
            dispatcher.utter_message(
                response="utter_zone_unknown", zone_list=escalation.zone_list(zones.zones)
            )
        return {"zone": zone}

    def validate_question(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        question = str(value or "").strip()
        if len(question) < 4:
            # "转人工" / "好的" that started the form is no question: the form asks for it, no complaint
            intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
            if intent not in commands.COMMAND_INTENTS:
                dispatcher.utter_message(response="utter_question_too_short")
            return {"question": None}
        return {"question": question}


class ActionCreateTicket(Action):
    """Store the escalation as a ticket (one transaction), then tell the firm its number and team."""

    def name(self) -> str:
        return "action_create_ticket"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        from tickets import TicketValidationError

        try:
            ticket = services.get_store().create(ticket_request(tracker))
        except TicketValidationError as error:
            dispatcher.utter_message(text=error.message)
            return [SlotSet(error.field, None), FollowupAction("escalation_form")]
        _announce(dispatcher, ticket)
        return [SlotSet("ticket_number", ticket.number)] + [SlotSet(slot, None) for slot in ESCALATION_SLOTS]


class ActionTicketOnHangUp(Action):
    """The caller hung up in the middle of the form: store what is known, if a team can call back."""

    def name(self) -> str:
        return "action_ticket_on_hang_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        from tickets import TicketValidationError

        cleared = [SlotSet(slot, None) for slot in ESCALATION_SLOTS]
        request = escalation.hang_up_ticket(ticket_request(tracker), tracker.get_slot("last_question"))
        if request is None:
            return cleared
        try:
            ticket = services.get_store().create(request)
        except TicketValidationError as error:
            logger.warning("挂机来电的工单未通过校验：%s", error)
            return cleared
        _announce(dispatcher, ticket)  # the hotline sends the number by SMS
        return [SlotSet("ticket_number", ticket.number), *cleared]
