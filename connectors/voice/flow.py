"""The hotline's call flow: a thin adapter between Twilio and the one conversation in Rasa.

What the caller says (and the keys they press while the bot asks for a number) goes to Rasa's REST
channel as the conversation ``tel-<CallSid>``, with the caller's number as message metadata. Rasa
answers, follows up and escalates exactly as in the web chat — its escalation form, with prompts
written for the ear, asks what is missing and stores the ticket — and this module turns its messages
into TwiML: ``<Say>`` for the ear, ``<Gather>`` to listen, the clause text by SMS, and, when the form
has stored a ticket and the zone's lawyer team is on duty, a transfer (``<Dial>``) to the team's duty
phone. The ticket exists before the phone rings, so a transfer that connects leaves one too.

Twilio keeps no state for us: the little the adapter needs between webhooks travels in the action URL's
query (signed by Twilio like the rest of the URL): the step, the detail the bot asked for, how many
prompts went unanswered and how many turns the call has had. What the bot last said is kept in the call
log (``TicketStore.append_turn``) for "0 = repeat" and for re-prompts after silence.

After the first cited answer of a call the caller is asked to rate it on the keypad (满意 1, 基本满意 2,
不满意 3; speech carries on the conversation): the rating is recorded for the call's consultation
like the chat's one tap, and 不满意 hands the call to the zone's lawyer team — it reopens the call's
answered ticket, or opens one through Rasa's escalation form like key 2 does.

Every path ends either in another ``<Gather>`` or in a ``<Say>`` that tells the caller why the call
ends, followed by ``<Hangup>``: silence and unknown keys are re-prompted at most :data:`MAX_MISSES`
times, and a call has at most :data:`MAX_TURNS` turns.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import phonenumbers
from twilio.twiml.voice_response import VoiceResponse

from connectors.notify import NotifyError
from connectors.rasa_client import BotMessage, RasaUnavailable
from connectors.services import AppServices
from connectors.voice import prompts
from connectors.voice.hints import policy_hints, zone_hints
from connectors.voice.message import message_ticket, spoken_phone
from connectors.voice.office_hours import is_open
from connectors.voice.rating import RATING_KEYS, rate_call
from connectors.voice.speech import citation_line, for_the_ear, sms_body, speak_numbers, strip_markdown
from connectors.voice.twiml import gather, say

log = logging.getLogger(__name__)

#: Unanswered or unusable prompts in a row before the call ends (with an explanation).
MAX_MISSES = 2
#: Turns per call before the call ends politely (protects the line from endless loops).
MAX_TURNS = 40
#: Twilio waits 15 s for a webhook's answer; Rasa must answer well within that.
RASA_TIMEOUT_S = 8.0
#: Key 2 asks for the zone's lawyer team: Rasa's escalation intent, triggered directly.
LAWYER_REQUEST = "/request_lawyer"
#: Said to Rasa when the caller hangs up (a form left midway still becomes a ticket).
CALL_ENDED = "/call_ended"
#: Bot actions after which the phone offers the lawyer team by key (docs/interfaces.md).
_OFFER_ACTIONS = {"no_match", "offer_escalation"}
#: Bot actions that ask the firm for a detail of the escalation form (keys are then an answer).
_ASK_ACTIONS = {"ask_zone", "ask_detail"}
#: The form's questions and what leads into them ("我们接着登记…" after a question answered in the
#: form): said last, after the citation line of an answer given in the middle of the form.
_FORM_ACTIONS = _ASK_ACTIONS | {"resume_form"}
#: Bot actions whose spoken text already names the policies (a list: no "依据的文件是…" line after it).
_LIST_ACTIONS = {"eligibility_result", "not_eligible"}
_STEPS = {"menu", "ask", "offer", "form", "message", "rate"}

_KEYS_RE = re.compile(r"[^0-9*]")


@dataclass(frozen=True)
class CallState:
    """The state carried in the action URL between two webhooks."""

    # menu | ask (after an answer) | offer (after a no-match: the lawyer team by key 2) | rate (keypad
    # rating) | form (a detail) | message
    step: str = "menu"
    misses: int = 0
    turns: int = 0
    slot: str = ""  # the detail the bot asked for (zone, phone …) while step == "form"
    rated: int = 0  # 1 once the caller was asked to rate an answer (asked once per call)

    def query(self) -> dict[str, str]:
        """Query parameters for the next action URL."""
        params = {"step": self.step, "misses": str(self.misses), "turns": str(self.turns)}
        if self.slot:
            params["slot"] = self.slot
        if self.rated:
            params["rated"] = "1"
        return params

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> CallState:
        """Read the state back from a request's query (unknown or broken values fall back to defaults)."""

        def number(name: str) -> int:
            value = str(args.get(name, "0"))
            return int(value) if value.isdigit() else 0

        step = args.get("step", "menu")
        slot = str(args.get("slot", ""))
        return cls(
            step=step if step in _STEPS else "menu",
            misses=number("misses"),
            turns=number("turns"),
            slot=slot if slot.isidentifier() else "",
            rated=1 if number("rated") else 0,
        )


@dataclass(frozen=True)
class CallInput:
    """What Twilio posted: who is calling and what they said or pressed."""

    call_sid: str
    caller: str
    speech: str = ""
    digits: str = ""

    @property
    def sender(self) -> str:
        """The Rasa sender id and call-log key of this call."""
        return f"tel-{self.call_sid}"


def caller_phone(raw: str) -> str | None:
    """The caller's number in E.164 (``+8613912345678``, the form Twilio's SMS API requires, as the
    console's replies use), or None when withheld or invalid."""
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def dial_number(local: str) -> str:
    """A duty phone from the zones file (``0532-88510001``) in the E.164 form ``<Dial>`` needs."""
    number = phonenumbers.parse(local, "CN")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _spoken_firm(firm: str) -> str:
    return re.sub(r"[（(][^）)]*[）)]", "", firm).strip()


def spoken(message: BotMessage) -> str:
    """A bot message as the caller hears it: answers rewritten for the ear, everything else in order
    (the check's lists are written for the ear already: their sentences keep their order)."""
    if message.action not in _LIST_ACTIONS and (
        message.citations or message.action in {"answer", "no_match"}
    ):
        return for_the_ear(message.text)
    return speak_numbers(strip_markdown(message.text))


class Hotline:
    """Builds the TwiML for each webhook of one call.

    Args:
        services: The web process's services (settings, Rasa client, notifier, zones, store, clock).
        url: Builds the absolute public URL of a route (``"gather"`` or ``"dialed"``) with a state.
    """

    def __init__(self, services: AppServices, url: Callable[[str, CallState], str]) -> None:
        self.svc = services
        self.url = url

    # --- entry points (one per webhook) ------------------------------------------------------

    def incoming(self, call: CallInput) -> VoiceResponse:
        """A new call: greeting (naming the district of the zones file) and the main menu."""
        self._record(call, "bot", self.greeting() + prompts.MENU)
        return self._prompt(CallState(), self.greeting() + prompts.MENU)

    def greeting(self) -> str:
        """The first words of every call, naming the district's service."""
        return prompts.GREETING.format(service=self.svc.district.service_name)

    def sms_text(self, citations: list[dict[str, Any]], ticket: str | None = None) -> str:
        """The SMS of a call (cited clauses and/or ticket number), signed for the district."""
        signature = self.svc.district.sms_signature
        return sms_body(citations, hotline=self.svc.hotline, ticket=ticket, signature=signature)

    def gather(self, call: CallInput, state: CallState) -> VoiceResponse:
        """The caller said or pressed something (or nothing) at ``state.step``."""
        state = replace(state, turns=state.turns + 1)
        if state.turns > MAX_TURNS:
            return self._bye(prompts.TOO_LONG_BYE)
        if state.step == "message":
            return self._take_message(call, state)
        keys = _KEYS_RE.sub("", call.digits)
        if keys and state.step == "form":  # a zone number, a phone number: the form's answer
            return self._converse(call, replace(state, misses=0), keys)
        if keys and state.step == "rate":
            return self._rate(call, state, keys)
        if keys:
            return self._menu_key(call, state, keys)
        if call.speech.strip():
            return self._converse(call, replace(state, misses=0), call.speech.strip())
        return self._miss(call, state, prompts.NOT_HEARD)

    def dialed(self, call: CallInput, status: str) -> VoiceResponse:
        """The transfer to the duty phone ended with ``status`` (Twilio's ``DialCallStatus``).

        The ticket was stored before the transfer, so nobody answering loses nothing.
        """
        if status in {"completed", "answered"}:
            return self._bye(prompts.DIAL_DONE)
        log.info("转接未接通（%s），来电 %s 的工单已登记", status, call.call_sid)
        return self._bye(prompts.DIAL_FAILED)

    def hung_up(self, call: CallInput) -> None:
        """The call ended (status callback): Rasa hears it, and stores the ticket of a form left midway.

        The ticket number (if one was stored) still reaches the caller by SMS; Rasa being down loses
        nothing already stored.
        """
        try:
            messages = self.svc.rasa.send(
                call.sender, CALL_ENDED, metadata=self._metadata(call), timeout=RASA_TIMEOUT_S
            )
        except RasaUnavailable as exc:
            log.warning("来电 %s 挂机，未能通知 Rasa：%s", call.call_sid, exc)
            return
        for message in messages:
            if message.ticket and message.ticket.get("number"):
                log.info("来电人在登记途中挂机，工单已登记：%s", call.sender)
                self._sms(
                    call,
                    self.sms_text([], ticket=str(message.ticket["number"])),
                )

    # --- listening --------------------------------------------------------------------------------

    def _prompt(self, state: CallState, text: str, *, lead: str = "") -> VoiceResponse:
        """Say ``lead``, then listen while saying ``text``; a form step also takes keys ended by ``#``."""
        response = VoiceResponse()
        if state.step == "form":
            zones = self.svc.zones if state.slot == "zone" else None
            hints = zone_hints(zones.zones, zones.aliases) if zones else policy_hints()
            listening = gather(
                response, action=self.url("gather", state), hints=hints, num_digits=None, finish_on_key="#"
            )
        else:
            listening = gather(response, action=self.url("gather", state), hints=policy_hints())
        say(listening, lead)
        say(listening, text)
        return response

    def _step_prompt(self, call: CallInput, state: CallState) -> str:
        if state.step == "form":  # the bot's own question, again
            return self._last_said(call) or prompts.FOLLOW_UP
        if state.step == "message":
            return prompts.LEAVE_MESSAGE
        if state.step == "rate":
            return prompts.RATE
        if state.step == "offer":
            return prompts.NO_MATCH_NEXT
        return prompts.MENU if state.step == "menu" else prompts.FOLLOW_UP

    def _miss(self, call: CallInput, state: CallState, why: str, *, bye: str = "") -> VoiceResponse:
        """Nothing usable heard: re-prompt, or after :data:`MAX_MISSES` say goodbye and why."""
        state = replace(state, misses=state.misses + 1)
        if state.misses > MAX_MISSES:
            return self._bye(bye or prompts.SILENCE_BYE)
        return self._prompt(state, self._step_prompt(call, state), lead=why)

    def _bye(self, text: str, response: VoiceResponse | None = None) -> VoiceResponse:
        response = response or VoiceResponse()
        say(response, text)
        response.hangup()
        return response

    def _menu_key(self, call: CallInput, state: CallState, keys: str) -> VoiceResponse:
        """Keys 1 (ask), 2 (the zone's lawyer team, through Rasa's escalation) and 0 (repeat)."""
        if keys not in {"0", "1", "2"}:
            return self._miss(call, state, prompts.NOT_UNDERSTOOD_KEY, bye=prompts.KEYS_BYE)
        state = replace(state, misses=0)
        if keys == "1":
            return self._prompt(replace(state, step="ask"), prompts.ASK)
        if keys == "2":
            return self._converse(call, state, LAWYER_REQUEST)
        if state.step == "menu":
            return self._prompt(state, prompts.MENU)
        last = self._last_said(call)
        if not last or last.startswith(self.greeting()):
            last = prompts.NOTHING_TO_REPEAT
        return self._prompt(state, self._step_prompt(call, state), lead=last)

    # --- the conversation -------------------------------------------------------------------------

    def _converse(self, call: CallInput, state: CallState, text: str, *, lead: str = "") -> VoiceResponse:
        """Send what the caller said to Rasa and speak its answer (after ``lead``, when given)."""
        if not text.startswith("/"):
            self._record(call, "firm", text)
        try:
            messages = self.svc.rasa.send(
                call.sender, text, metadata=self._metadata(call), timeout=RASA_TIMEOUT_S
            )
        except RasaUnavailable as exc:
            log.warning("Rasa 不可用，请来电人留言：%s", exc)
            message = replace(state, step="message", slot="")
            return self._prompt(message, prompts.LEAVE_MESSAGE, lead=lead + prompts.MESSAGE_LEAD)
        return self._answer(call, state, messages, lead)

    def _take_message(self, call: CallInput, state: CallState) -> VoiceResponse:
        """The caller's message while Rasa is down: a ticket once the zone and a number to call are known.

        The ticket takes the one path every ticket takes (``TicketStore.create``), then
        :meth:`_ticket` confirms it by SMS and transfers to the team on duty, as after Rasa's form.
        """
        speech = call.speech.strip()
        if not speech:
            return self._miss(call, state, prompts.NOT_HEARD)
        self._record(call, "firm", speech)
        turns = self._transcript(call)
        said = "；".join(t["text"] for t in turns if t.get("role") == "firm")
        zone = self.svc.zones.resolve(said)
        if zone is None:
            return self._miss(call, state, prompts.MESSAGE_NO_ZONE)
        phone = caller_phone(call.caller) or spoken_phone(said)
        if phone is None:
            return self._miss(call, state, prompts.MESSAGE_NO_PHONE)
        try:
            ticket = self.svc.store.create(message_ticket(call.sender, zone, phone, turns))
        except Exception:  # the store is down too: say so and give the hotline, never pretend
            log.exception("来电留言未能登记：%s", call.sender)
            return self._bye(prompts.MESSAGE_FAILED_BYE.format(hotline=speak_numbers(self.svc.hotline)))
        log.info("Rasa 不可用，来电留言已登记为工单 %s", ticket.number)
        said_back = speak_numbers(prompts.MESSAGE_TAKEN.format(number=ticket.number))
        self._record(call, "bot", said_back)
        return self._ticket(call, state, {"number": ticket.number, "team": ticket.team_id}, said_back)

    def _answer(
        self, call: CallInput, state: CallState, messages: list[BotMessage], lead: str = ""
    ) -> VoiceResponse:
        """Speak Rasa's messages; then the next step: the form's question, the rating of the call's
        first cited answer, the lawyer team after a no-match, or the follow-up prompt."""
        state = replace(state, step="ask", slot="")
        for message in messages:
            if message.action in _ASK_ACTIONS:
                state = replace(state, step="form", slot=str(message.custom.get("slot") or "zone"))
        # an answer given in the middle of the form comes first, the form's question last
        first_form = next((i for i, m in enumerate(messages) if m.action in _FORM_ACTIONS), len(messages))
        said = [lead] if lead else []
        said += self._spoken(messages[:first_form])
        citations = [c for m in messages for c in m.citations]
        listed = any(m.action in _LIST_ACTIONS for m in messages)
        ticket = next((m.ticket for m in messages if m.ticket and m.ticket.get("number")), None)
        if citations and not ticket:
            line = "" if listed else citation_line(citations)
            if "失效" in "".join(said):  # the bot already said which policy expired
                line = line.split("。")[0] + "。" if line else ""
            said.append(line)
            if self._sms(call, self.sms_text(citations)):
                said.append(prompts.SMS_SENT_LIST if listed else prompts.SMS_SENT)
        said += self._spoken(messages[first_form:])
        if said:
            self._record(call, "bot", "".join(said))
        if ticket:
            return self._ticket(call, state, ticket, "".join(said))
        if state.step == "form":  # the form asked its question: the caller answers it
            return self._prompt(state, "", lead="".join(said))
        if any(m.action in _OFFER_ACTIONS for m in messages):  # nothing found: the lawyer team by key
            return self._prompt(replace(state, step="offer"), prompts.NO_MATCH_NEXT, lead="".join(said))
        if citations and not state.rated:  # the first cited answer: rate it
            return self._prompt(replace(state, step="rate", rated=1), prompts.RATE, lead="".join(said))
        return self._prompt(state, prompts.FOLLOW_UP, lead="".join(said))

    @staticmethod
    def _spoken(messages: list[BotMessage]) -> list[str]:
        """What the caller hears of ``messages``: their text, and the replies they offer."""
        said: list[str] = []
        for message in messages:
            if message.text:
                said.append(spoken(message))
            if message.buttons:
                said.append("您可以直接说：" + "；".join(b["title"] for b in message.buttons[:3]) + "。")
        return said

    def _rate(self, call: CallInput, state: CallState, keys: str) -> VoiceResponse:
        """A key after the rating prompt: 1/2/3 rate the answer (3 hands the call to the lawyer team),
        0 repeats the answer, anything else is re-prompted."""
        ask = replace(state, step="ask", misses=0)
        if keys == "0":
            return self._prompt(replace(state, misses=0), prompts.RATE, lead=self._last_said(call))
        if keys not in RATING_KEYS:
            return self._miss(call, state, prompts.NOT_UNDERSTOOD_KEY, bye=prompts.KEYS_BYE)
        reopened = rate_call(self.svc, call.sender, RATING_KEYS[keys])
        if keys != "3":
            return self._prompt(ask, prompts.FOLLOW_UP, lead=prompts.RATED)
        if reopened:
            said = speak_numbers(prompts.RATED_REOPENED.format(number=reopened))
            self._record(call, "bot", said)
            return self._prompt(ask, prompts.FOLLOW_UP, lead=said)
        return self._converse(call, ask, LAWYER_REQUEST, lead=prompts.RATED_SORRY)  # the form, as key 2

    def _ticket(
        self, call: CallInput, state: CallState, ticket: Mapping[str, Any], said: str
    ) -> VoiceResponse:
        """The form stored a ticket: confirm it by SMS, then transfer to the team on duty or say goodbye."""
        response = VoiceResponse()
        if self._sms(call, self.sms_text([], ticket=str(ticket["number"]))):
            said += prompts.TICKET_SMS
        team = self._team(str(ticket.get("team") or ""))
        if team is not None and team.duty_phone and is_open(team.office_hours, self.svc.now()):
            say(response, said + prompts.CONNECTING.format(firm=_spoken_firm(team.firm)))
            response.dial(
                dial_number(team.duty_phone), action=self.url("dialed", state), method="POST", timeout=25
            )
            return response
        say(response, said)
        return self._bye(prompts.THANKS_BYE, response)

    @staticmethod
    def _metadata(call: CallInput) -> dict[str, str] | None:
        """What the bot may know about the message: the caller's number (for the form), if not withheld."""
        phone = caller_phone(call.caller)
        return {"caller": phone} if phone else None

    def _team(self, team_id: str) -> Any:
        try:
            return self.svc.zones.team(team_id) if team_id else None
        except Exception:  # a broken zones file must not end the call: the ticket is stored already
            log.exception("读取律师团队失败：%s", team_id)
            return None

    # --- side effects -----------------------------------------------------------------------------

    def _record(self, call: CallInput, role: str, text: str) -> None:
        """Append one turn to the call log (a failing store never breaks the call)."""
        try:
            self.svc.store.append_turn(call.sender, role, text)
        except Exception:
            log.exception("写入通话记录失败：%s", call.sender)

    def _transcript(self, call: CallInput) -> list[dict[str, Any]]:
        """This call's log so far (empty when the store is down)."""
        try:
            return self.svc.store.transcript(call.sender)
        except Exception:
            log.exception("读取通话记录失败：%s", call.sender)
            return []

    def _last_said(self, call: CallInput) -> str:
        """What the hotline last said on this call (empty when nothing, or the store is down)."""
        turns = self._transcript(call)
        return next((t["text"] for t in reversed(turns) if t.get("role") == "bot"), "")

    def _sms(self, call: CallInput, body: str) -> bool:
        """Send an SMS to the caller; False (and a log line) when there is no number or it failed."""
        phone = caller_phone(call.caller)
        if phone is None:
            return False
        try:
            self.svc.notifier.send_sms(phone, body)
        except NotifyError:
            log.exception("短信发送失败：来电 %s", call.sender)
            return False
        return True
