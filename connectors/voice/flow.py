"""The hotline's call flow: what the caller hears after each thing they say or press.

Twilio keeps no state for us, so the little the flow needs between webhooks travels in the action
URL's query (signed by Twilio like the rest of the URL): the step, how many prompts went unanswered,
how many turns the call has had, and the caller's zone once known. The conversation itself lives in
Rasa (sender ``tel-<CallSid>``) and, for the lawyers, in the ticket store's call transcript.

Every path ends either in another ``<Gather>`` or in a ``<Say>`` that tells the caller why the call
ends, followed by ``<Hangup>``: silence and unknown keys are re-prompted at most :data:`MAX_MISSES`
times, and a call has at most :data:`MAX_TURNS` turns.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import phonenumbers
from twilio.twiml.voice_response import VoiceResponse

from connectors.notify import NotifyError
from connectors.rasa_client import BotMessage, RasaUnavailable
from connectors.voice import prompts
from connectors.voice.hints import policy_hints, zone_hints
from connectors.voice.office_hours import LOCAL_TZ, is_open
from connectors.voice.services import VoiceServices
from connectors.voice.speech import citation_line, for_the_ear, speak_numbers, speak_ticket_number
from connectors.voice.twiml import gather, say
from policy_index.normalize import normalize_query

log = logging.getLogger(__name__)

#: Unanswered or unusable prompts in a row before the call ends (with an explanation).
MAX_MISSES = 2
#: Re-prompts for the firm's name before the ticket is written without it.
NAME_MISSES = 1
#: Longest firm name kept from speech (the ticket store allows 200 characters).
FIRM_NAME_MAX = 100
#: Turns per call before the call ends politely (protects the line from endless loops).
MAX_TURNS = 40
#: What callers say when they want a person rather than the bot.
_WANTS_LAWYER_RE = re.compile(r"转人工|人工服务|人工客服|找律师|转律师|律师团队|找个人|真人")
#: A short "yes" right after the bot offered the lawyer team.
_YES_RE = re.compile(r"^(?:好|好的|可以|行|是|是的|要|需要|对|嗯|转吧|麻烦了)[的啊吧呀呢，。！!]*$")
#: Bot actions after which the phone offers the lawyer team (docs/interfaces.md).
_OFFER_ACTIONS = {"no_match", "offer_escalation"}
#: Keys are not questions: they are not written to the transcript as the firm's question.
_KEYS_RE = re.compile(r"^[0-9#*]+$")


@dataclass(frozen=True)
class CallState:
    """The state carried in the action URL between two webhooks."""

    step: str = "menu"  # menu | ask | zone | name
    misses: int = 0
    turns: int = 0
    zone: str = ""
    offered: bool = False  # the bot has just offered the lawyer team

    def query(self) -> dict[str, str]:
        """Query parameters for the next action URL."""
        params = {"step": self.step, "misses": str(self.misses), "turns": str(self.turns)}
        if self.zone:
            params["zone"] = self.zone
        if self.offered:
            params["offered"] = "1"
        return params

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> CallState:
        """Read the state back from a request's query (unknown or broken values fall back to defaults)."""

        def number(name: str) -> int:
            value = str(args.get(name, "0"))
            return int(value) if value.isdigit() else 0

        step = args.get("step", "menu")
        return cls(
            step=step if step in {"menu", "ask", "zone", "name"} else "menu",
            misses=number("misses"),
            turns=number("turns"),
            zone=str(args.get("zone", "")),
            offered=args.get("offered") == "1",
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
        """The Rasa sender id and transcript key of this call."""
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


def _spoken_due(due: datetime) -> str:
    local = due.astimezone(LOCAL_TZ) if due.tzinfo else due
    return speak_numbers(f"{local.month}月{local.day}日{local.hour}点")


class Hotline:
    """Builds the TwiML for each webhook of one call.

    Args:
        services: Settings, Rasa client, notifier, zones and ticket store.
        url: Builds the absolute public URL of a route (``"gather"`` or ``"dialed"``) with a state.
    """

    def __init__(self, services: VoiceServices, url: Callable[[str, CallState], str]) -> None:
        self.svc = services
        self.url = url

    # --- entry points (one per webhook) ------------------------------------------------------

    def incoming(self, call: CallInput) -> VoiceResponse:
        """A new call: greeting and the main menu."""
        response = VoiceResponse()
        self._record(call, "bot", self.svc.greeting + prompts.MENU)
        return self._prompt(response, CallState(), self.svc.greeting + prompts.MENU)

    def gather(self, call: CallInput, state: CallState) -> VoiceResponse:
        """The caller said or pressed something (or nothing) at ``state.step``."""
        state = replace(state, turns=state.turns + 1)
        if state.turns > MAX_TURNS:
            return self._bye(prompts.TOO_LONG_BYE)
        if call.digits:
            return self._keys(call, state)
        if call.speech.strip():
            state = replace(state, misses=0)
            if state.step == "zone":
                return self._zone_answer(call, state)
            if state.step == "name":
                return self._named(call, state)
            return self._question(call, state)
        return self._miss(call, state, prompts.NOT_HEARD)

    def dialed(self, call: CallInput, state: CallState, status: str) -> VoiceResponse:
        """The transfer to the duty phone ended with ``status`` (Twilio's ``DialCallStatus``)."""
        if status in {"completed", "answered"}:
            return self._bye(prompts.DIAL_DONE)
        log.info("转接未接通（%s），为来电 %s 登记工单", status, call.call_sid)
        return self._ask_name(call, state, lead=prompts.DIAL_FAILED)

    # --- prompts --------------------------------------------------------------------------------

    def _prompt(
        self, response: VoiceResponse, state: CallState, text: str, *, lead: str = ""
    ) -> VoiceResponse:
        """Say ``lead``, then listen while saying ``text``; a zone step listens for two-digit numbers."""
        if state.step == "zone":
            zones = self.svc.zones
            g = gather(
                response,
                action=self.url("gather", state),
                hints=zone_hints(zones.zones, zones.aliases),
                num_digits=2,
                finish_on_key="#",
            )
        else:
            g = gather(response, action=self.url("gather", state), hints=policy_hints())
        say(g, lead)
        say(g, text)
        return response

    def _step_prompt(self, state: CallState) -> str:
        return {
            "menu": prompts.MENU,
            "ask": prompts.FOLLOW_UP,
            "zone": prompts.ASK_ZONE + prompts.ASK_ZONE_KEYS,
            "name": prompts.ASK_FIRM_NAME,
        }[state.step]

    def _miss(self, call: CallInput, state: CallState, why: str, *, bye: str = "") -> VoiceResponse:
        """Nothing usable heard: re-prompt, or after :data:`MAX_MISSES` say goodbye and why."""
        state = replace(state, misses=state.misses + 1)
        if state.step == "name" and state.misses > NAME_MISSES:
            return self._ticket(call, state.zone, firm_name="")
        if state.misses > MAX_MISSES:
            return self._bye(prompts.NO_ZONE_BYE if state.step == "zone" else bye or prompts.SILENCE_BYE)
        lead = why + self._zone_list() if state.step == "zone" else why
        return self._prompt(VoiceResponse(), state, self._step_prompt(state), lead=lead)

    def _bye(self, text: str, response: VoiceResponse | None = None) -> VoiceResponse:
        response = response or VoiceResponse()
        say(response, text)
        response.hangup()
        return response

    # --- keys -----------------------------------------------------------------------------------

    def _keys(self, call: CallInput, state: CallState) -> VoiceResponse:
        key = call.digits.strip("#")
        if state.step == "zone":
            return self._zone_key(call, state, key)
        if state.step == "name":  # any key: the caller prefers not to say the firm's name
            return self._ticket(call, state.zone, firm_name="")
        if key not in {"0", "1", "2"}:
            return self._miss(call, state, prompts.NOT_UNDERSTOOD_KEY, bye=prompts.KEYS_BYE)
        state = replace(state, misses=0)
        if key == "1":
            return self._prompt(VoiceResponse(), replace(state, step="ask"), prompts.ASK)
        if key == "2":
            return self._escalate(call, state)
        # key 0: repeat the last answer (after a question) or the current prompt
        last = self._last_answer(call) if state.step == "ask" else ""
        if state.step == "ask" and not last:
            return self._prompt(VoiceResponse(), state, prompts.FOLLOW_UP, lead=prompts.NOTHING_TO_REPEAT)
        return self._prompt(VoiceResponse(), state, self._step_prompt(state), lead=last)

    def _last_answer(self, call: CallInput) -> str:
        """What the bot last said on this call, rewritten for the ear again."""
        for turn in reversed(self._transcript(call)):
            text = turn["text"]
            if turn["role"] == "bot" and text and not text.startswith(self.svc.greeting):
                return for_the_ear(text)
        return ""

    # --- questions --------------------------------------------------------------------------------

    def _question(self, call: CallInput, state: CallState) -> VoiceResponse:
        heard = call.speech.strip()
        question = normalize_query(heard) or heard
        self._record(call, "firm", heard)
        if not state.zone:
            state = replace(state, zone=self._resolve_zone(question) or "")
        if _WANTS_LAWYER_RE.search(question) or (state.offered and _YES_RE.match(question)):
            return self._escalate(call, replace(state, offered=False))
        state = replace(state, step="ask", offered=False)
        try:
            messages = self.svc.bot.send(call.sender, question)
        except RasaUnavailable as exc:
            log.warning("Rasa 不可用，来电改走律师团队/工单路径：%s", exc)
            self._record(call, "bot", prompts.BOT_DOWN)
            return self._prompt(VoiceResponse(), state, prompts.BOT_DOWN)
        return self._answer(call, state, messages)

    def _answer(self, call: CallInput, state: CallState, messages: list[BotMessage]) -> VoiceResponse:
        spoken: list[str] = []
        citations: list[dict[str, Any]] = []
        offer = False
        ticket_number = ""
        for message in messages:
            if message.text:
                spoken.append(for_the_ear(message.text))
                self._record(call, "bot", message.text)
            if message.buttons:
                spoken.append("您可以直接说：" + "；".join(b["title"] for b in message.buttons[:3]) + "。")
            citations.extend(message.citations)
            offer = offer or message.action in _OFFER_ACTIONS
            if message.ticket and message.ticket.get("number"):
                ticket_number = str(message.ticket["number"])
        if citations:
            line = citation_line(citations)
            if "失效" in "".join(spoken):  # the bot already said which policy expired
                line = line.split("。")[0] + "。"
            spoken.append(line)
            if self._sms(call, self.svc.sms_text(citations)):
                spoken.append(prompts.SMS_SENT)
        if ticket_number:
            spoken.append(prompts.TICKET_CREATED.format(number=speak_ticket_number(ticket_number)))
            self._sms(call, self.svc.sms_text([], ticket=ticket_number))
        if offer:
            spoken.append(prompts.OFFER_LAWYER)
            state = replace(state, offered=True)
        return self._prompt(VoiceResponse(), state, prompts.FOLLOW_UP, lead="".join(spoken))

    # --- zone and escalation ----------------------------------------------------------------------

    def _resolve_zone(self, text: str) -> str | None:
        try:
            return self.svc.zones.resolve(text)
        except Exception:  # a broken zones file must not end the call; the zone is asked instead
            log.exception("区位识别失败")
            return None

    def _zone_list(self) -> str:
        names = self.svc.zones.zones
        numbered = "；".join(f"{i}，{zone}" for i, zone in enumerate(names, 1))
        return prompts.ZONE_LIST_INTRO + speak_numbers(numbered) + "。"

    def _zone_key(self, call: CallInput, state: CallState, key: str) -> VoiceResponse:
        zones = self.svc.zones.zones
        if key in {"0", "00"}:
            return self._prompt(VoiceResponse(), state, prompts.ASK_ZONE_KEYS, lead=self._zone_list())
        if key.isdigit() and 1 <= int(key) <= len(zones):
            self._record(call, "firm", f"（按键选择区位）{zones[int(key) - 1]}")
            return self._escalate(call, replace(state, zone=zones[int(key) - 1], misses=0))
        return self._miss(call, state, prompts.ZONE_NOT_FOUND)

    def _zone_answer(self, call: CallInput, state: CallState) -> VoiceResponse:
        heard = call.speech.strip()
        self._record(call, "firm", heard)
        zone = self._resolve_zone(normalize_query(heard) or heard)
        if zone is None:
            return self._miss(call, state, prompts.ZONE_NOT_FOUND)
        return self._escalate(call, replace(state, zone=zone))

    def _escalate(self, call: CallInput, state: CallState) -> VoiceResponse:
        """Transfer to the zone team's duty phone in office hours, otherwise write a ticket."""
        if not state.zone:
            state = replace(state, step="zone", misses=0)
            return self._prompt(VoiceResponse(), state, prompts.ASK_ZONE + prompts.ASK_ZONE_KEYS)
        team = self.svc.zones.team_for_zone(state.zone)
        if team.duty_phone and is_open(team.office_hours, self.svc.now()):
            response = VoiceResponse()
            text = prompts.CONNECTING.format(zone=state.zone, firm=_spoken_firm(team.firm))
            say(response, text)
            self._record(call, "bot", text)
            response.dial(
                dial_number(team.duty_phone), action=self.url("dialed", state), method="POST", timeout=25
            )
            return response
        return self._ask_name(call, state, lead=prompts.AFTER_HOURS)

    def _ask_name(self, call: CallInput, state: CallState, *, lead: str) -> VoiceResponse:
        """Before writing a ticket, ask the firm's name (keys or silence skip it; nothing is lost)."""
        if caller_phone(call.caller) is None:
            return self._bye(lead + prompts.TICKET_FAILED.format(reason=prompts.NO_CALLER_NUMBER))
        state = replace(state, step="name", misses=0)
        # Marks the call as promised a ticket: if the caller hangs up now, ``hung_up`` still writes it.
        self._record(call, "bot", f"{prompts.ASK_FIRM_NAME}（{state.zone}）")
        return self._prompt(VoiceResponse(), state, prompts.ASK_FIRM_NAME, lead=lead)

    def hung_up(self, call: CallInput) -> None:
        """The call ended (status callback): write the ticket promised before the firm's name was given."""
        turns = self._transcript(call)
        bot_turns = [t["text"] for t in turns if t.get("role") == "bot"]
        if not bot_turns or not bot_turns[-1].startswith(prompts.ASK_FIRM_NAME):
            return
        try:
            if self.svc.store.for_sender(call.sender):
                return
        except Exception:
            log.exception("查询来电工单失败：%s", call.sender)
            return
        zone = bot_turns[-1][len(prompts.ASK_FIRM_NAME) :].strip("（）")
        if zone in self.svc.zones.zones:
            log.info("来电人在报企业名称前挂机，仍为其登记工单：%s", call.sender)
            self._ticket(call, zone, firm_name="")

    def _named(self, call: CallInput, state: CallState) -> VoiceResponse:
        heard = call.speech.strip()
        self._record(call, "firm", f"（企业名称）{heard}")
        return self._ticket(call, state.zone, firm_name=heard)

    def _ticket(self, call: CallInput, zone: str, *, firm_name: str) -> VoiceResponse:
        """Write the hotline ticket, read its number twice, confirm by SMS, and say goodbye."""
        from tickets import NewTicket, TicketValidationError

        response = VoiceResponse()
        phone = caller_phone(call.caller)
        if phone is None:
            return self._bye(prompts.TICKET_FAILED.format(reason=prompts.NO_CALLER_NUMBER), response)
        transcript = self._transcript(call)
        questions = [
            t["text"]
            for t in transcript
            if t.get("role") == "firm" and not _KEYS_RE.match(t["text"]) and not t["text"].startswith("（")
        ]
        try:
            ticket = self.svc.store.create(
                NewTicket(
                    channel="hotline",
                    firm_name=firm_name[:FIRM_NAME_MAX] or prompts.FIRM_NAME_MISSING,
                    contact_name=prompts.CONTACT_NAME,
                    phone=phone,
                    zone=zone or None,
                    category="政策咨询",
                    question="；".join(questions[-3:]) or "来电要求律师团队回电",
                    transcript=transcript,
                    citations=[],
                    sender_id=call.sender,
                )
            )
        except TicketValidationError as exc:
            log.warning("热线工单未通过校验：%s", exc)
            return self._bye(prompts.TICKET_FAILED.format(reason=str(exc).rstrip("。")), response)
        spoken_number = speak_ticket_number(ticket.number)
        text = prompts.TICKET_CREATED.format(number=spoken_number)
        team = self.svc.zones.team_for_zone(zone) if zone else None
        if team:
            text += prompts.TICKET_DUE.format(firm=_spoken_firm(team.firm), due=_spoken_due(ticket.due_at))
        if self._sms(call, self.svc.sms_text([], ticket=ticket.number)):
            text += prompts.TICKET_SMS
        say(response, text)
        return self._bye(prompts.THANKS_BYE, response)

    # --- side effects -----------------------------------------------------------------------------

    def _record(self, call: CallInput, role: str, text: str) -> None:
        """Append one turn to the call transcript (a failing store never breaks the call)."""
        try:
            self.svc.store.append_turn(call.sender, role, text)
        except Exception:
            log.exception("写入通话记录失败：%s", call.sender)

    def _transcript(self, call: CallInput) -> list[dict[str, Any]]:
        """The call transcript so far (empty when the store is down: that never fails the call)."""
        try:
            return self.svc.store.transcript(call.sender)
        except Exception:
            log.exception("读取通话记录失败：%s", call.sender)
            return []

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
