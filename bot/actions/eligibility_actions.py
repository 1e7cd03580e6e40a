"""The actions of the guided eligibility check: start, ask, validate, answer, forget (thin, as actions.py).

"我能享受哪些政策？" → :class:`ActionStartEligibilityCheck` fills what the conversation (``firm_facts``,
``zone``) or the firm's consented profile already knows → ``eligibility_form`` asks only the rest (web
and hotline prompts, :data:`PROMPTS`) → :class:`ActionAnswerEligibility` matches (:mod:`matching`) and
answers with 符合 / 可能符合, keeps the facts in the profile if the firm agreed, and offers a lawyer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import check_answers, commands, eligibility, escalation, services
from bot.actions.conversation import latest_text, reply_events, resolved_zone, respond_to_latest
from bot.actions.respond import ASPECT_WORDS
from huiqi.settings import get_settings
from policy_index.aspects import asked_aspects

logger = logging.getLogger(__name__)

#: The form's question per slot: (web, hotline). ``{known}`` is what the firm already named.
PROMPTS: dict[str, tuple[str, str]] = {
    "check_industry": (
        "贵公司主要做什么行业？比如软件开发、机械加工、餐饮、批发零售。",
        "贵企业是做什么行业的？",
    ),
    "check_employees": (
        "现在大概有多少名员工？说个大概就行，比如“50来人”。",
        "现在大概有多少名员工？",
    ),
    "check_revenue": (
        "去年的营业收入大约多少？比如“两千万”“1.2亿”；不方便说可以回“不清楚”。",
        "去年营业收入大概多少？不方便说可以说不清楚。",
    ),
    "check_founded": ("公司是哪一年成立的？", "企业是哪一年成立的？"),
    "check_qualifications": (
        "贵公司{known}已经有哪些资质或认定？比如高新技术企业、专精特新、科技型中小企业、规上企业；没有就回“没有”。",
        "企业{known}有没有高新技术企业、专精特新、规上企业这类认定？有就说名称，没有就说没有。",
    ),
    "check_events": (
        "{known}最近一两年还有没有这些情况：招用应届毕业生或退役军人、购置设备、新获专利、出口、首次进规上？"
        "有就简单说说，比如“招了5个应届生，买了600万设备”；没有就回“没有”。",
        "{known}最近一两年还有没有招应届毕业生、买设备、拿到专利、做出口这些情况？有就简单说说，没有就说没有。",
    ),
    "profile_consent": (
        "另外问一句：要不要把这些情况保存为贵公司的企业信息？以后有新政策或申报快截止时，按这些信息提醒您。"
        "随时可以说“删除我们公司的信息”撤回，回复TD退订提醒。请回答“同意”或“不用”。",
        "要不要保存企业的这些情况，以后有合适的政策时短信提醒您？请说同意或者不用。",
    ),
}
#: Said again when an answer could not be read (web, hotline).
RETRY: dict[str, tuple[str, str]] = {
    "check_industry": ("没太明白是哪个行业，请说一下主要业务，比如“软件开发”。", "没听清行业，请再说一下。"),
    "check_employees": ("请说一个大概的人数，比如“30人”或“两百来人”。", "请说一个大概的人数，比如三十人。"),
    "check_revenue": ("请说一个大概的金额，比如“500万”或“两千万”。", "请说一个大概的金额，比如五百万。"),
    "check_founded": ("请说成立的年份，比如“2019年”。", "请说成立的年份，比如二零一九年。"),
    "check_qualifications": ("请说资质名称，没有就回“没有”。", "请说资质名称，没有就说没有。"),
    "check_events": ("请简单说说，没有就回“没有”。", "请简单说说，没有就说没有。"),
    "profile_consent": ("请回答“同意”或“不用”。", "请说同意或者不用。"),
}
FORGOTTEN = "已删除贵公司保存的企业信息，以后不会再按这些信息推送政策。需要时可以重新做一次政策匹配。"
NOTHING_TO_FORGET = "目前没有保存贵公司的企业信息。"
NO_KEY = "网页对话不会保存企业信息，无需删除。"


def channel_of(tracker: Tracker) -> str:
    """The conversation's channel (``web`` | ``hotline`` | ``wechat``)."""
    return tracker.get_slot("channel") or escalation.channel_for(tracker.sender_id)


def _say(dispatcher: CollectingDispatcher, tracker: Tracker, texts: tuple[str, str], **fmt: str) -> None:
    text = texts[1] if channel_of(tracker) == "hotline" else texts[0]
    dispatcher.utter_message(text=text.format(**fmt) if fmt else text)


@lru_cache(maxsize=1)
def get_profiles() -> Any:
    """The consent and profile store on ``settings.database_url`` (one per process)."""
    from tickets.profiles import ProfileStore

    return ProfileStore(get_settings().database_url)


@lru_cache(maxsize=2)
def _conditions(corpus_dir: str, stamp: float) -> tuple[Any, list[Any]]:
    from matching import corpus_conditions, load_vocabulary

    vocabulary = load_vocabulary()
    return vocabulary, corpus_conditions(corpus_dir, vocabulary)


def match_conditions() -> tuple[Any, list[Any]]:
    """The vocabulary and the corrected conditions of the served corpus (re-read when a file changes)."""
    corpus = Path(get_settings().corpus_dir)
    stamp = max((p.stat().st_mtime for p in corpus.rglob("*") if p.is_file()), default=0.0)
    return _conditions(str(corpus), stamp)


def profile_key(tracker: Tracker) -> str | None:
    """The firm's profile key (``wx:<openid>`` / ``tel:<phone>``), or None when it cannot be known."""
    from tickets.profiles import profile_key as key_of

    who = eligibility.profile_key_for(
        tracker.sender_id, tracker.latest_message.get("metadata"), tracker.get_slot("phone")
    )
    if who is None:
        return None
    try:
        return key_of(**who)
    except ValueError:  # includes an invalid phone number
        return None


#: The check's list slots and the profile field each one fills.
LIST_SLOTS = {"check_qualifications": "qualifications", "check_events": "events"}


def known_items(tracker: Tracker, slot: str) -> list[str]:
    """Qualifications or events the firm already stated in the conversation or its profile in passing
    (``我们是高新技术企业``, ``今年招了5个应届生``): the check does not ask for them again."""
    vocabulary, _ = match_conditions()
    return eligibility.stated_lists(tracker.get_slot("firm_facts"), vocabulary)[LIST_SLOTS[slot]]


def _with_partial_lists(firm_facts: dict[str, Any] | None, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The conversation's facts plus the lists a consented profile holds only in part (said before)."""
    facts = dict(firm_facts or {})
    partial = (stored or {}).get(eligibility.PARTIAL) or {}
    carried = [
        str(item) for field in LIST_SLOTS.values() if partial.get(field) for item in stored.get(field) or []
    ]
    if carried:
        facts["said"] = list(dict.fromkeys([*(facts.get("said") or []), *carried]))
    return facts


def _joined(value: str | None, items: list[str]) -> str | None:
    """A list slot's value with ``items`` added (``无`` and unknown give way to what was said)."""
    own = [] if value in (None, check_answers.NONE, check_answers.UNKNOWN) else value.split("、")
    return "、".join(dict.fromkeys([*items, *own])) if items or own else value


async def _answered_instead(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """A question about one policy that NLU took for the guided check ("屋顶光伏补贴能拿几年", or an
    aspect of the policy discussed: "这政策执行到哪年"): its answer
    and no check (the events end with ``action_listen``), when retrieval answers it; else None."""
    text = latest_text(tracker)
    on_policy = bool(tracker.get_slot("policy_id") and asked_aspects(text))  # "这政策执行到哪年"
    if commands.is_check_request(text) or not (on_policy or commands.asks_own_question(text, ASPECT_WORDS)):
        return None
    intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
    answer, state = await respond_to_latest(tracker, intent)
    if answer is None or not answer.answered:
        return None
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
        key = profile_key(tracker)
        stored = await asyncio.to_thread(get_profiles().get, key) if key else None
        facts = stored.facts if stored is not None and stored.consent == "granted" else None
        values = eligibility.prefill(tracker.get_slot("firm_facts"), facts, dt.date.today())
        zone = resolved_zone(tracker, from_text=True) or (facts or {}).get("zone")
        firm_facts = _with_partial_lists(tracker.get_slot("firm_facts"), facts)
        events = [SlotSet("channel", channel), SlotSet("zone", zone), SlotSet("escalation_offered", False)]
        events.append(SlotSet("firm_facts", firm_facts))
        known_before = {s: tracker.get_slot(s) for s in eligibility.FIELD_OF_SLOT if s != "zone"}
        for slot, value in values.items():
            if not known_before.get(slot):
                events.append(SlotSet(slot, value))
        vocabulary, _ = match_conditions()
        stated = eligibility.stated_lists(firm_facts, vocabulary)
        for (
            slot,
            field,
        ) in LIST_SLOTS.items():  # a list answered in an earlier check, plus what was said since
            if known_before.get(slot) and stated[field]:
                events.append(SlotSet(slot, _joined(known_before[slot], stated[field])))
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
            if slot in LIST_SLOTS and (named := known_items(tracker, slot)):
                known = f"除了{'、'.join(named)}，"
            if slot == "profile_consent" and (key := profile_key(tracker)):
                await asyncio.to_thread(get_profiles().ask, key, "guided_check")
            web, spoken = PROMPTS[slot]
            text = (spoken if channel_of(tracker) == "hotline" else web).format(known=known)
            dispatcher.utter_message(
                text=text, json_message={"citations": [], "action": "ask_detail", "slot": slot}
            )
            return []

    AskAction.__name__ = AskAction.__qualname__ = f"ActionAsk_{slot}"
    AskAction.__doc__ = f"Ask the firm for ``{slot}`` in the eligibility check."
    return AskAction


ASK_ACTIONS = {slot: _make_ask_action(slot) for slot in PROMPTS}


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
        key = profile_key(tracker)
        if key and tracker.get_slot("profile_consent") is None:
            stored = await asyncio.to_thread(get_profiles().get, key)
            if stored is None:
                slots.append("profile_consent")
        return slots

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Validate; a firm that says "算了/直接说结果" gets the answer with what it has said so far."""
        events = await super().get_validation_events(dispatcher, tracker, domain)
        text = str(tracker.latest_message.get("text") or "")
        if tracker.get_slot("requested_slot") and check_answers.wants_to_stop(text):
            filled = {e.get("name") for e in events if e.get("event") == "slot" and e.get("value")}
            rest = [s for s in eligibility.FIELD_OF_SLOT if s not in filled and not tracker.get_slot(s)]
            events += [SlotSet(s, check_answers.UNKNOWN) for s in rest]
            if tracker.get_slot("profile_consent") is None and "profile_consent" not in filled:
                events.append(SlotSet("profile_consent", "no"))
        return events

    def _read(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, reader: Any
    ) -> dict[str, Any]:
        said = str(value or "").strip()
        if check_answers.wants_to_stop(said):
            return {slot: check_answers.UNKNOWN}
        read = reader(said) if said else None
        if read is None and tracker.get_slot("requested_slot") == slot:
            _say(dispatcher, tracker, RETRY[slot])
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
        known = known_items(tracker, slot)
        if known and read[slot] is not None:
            read[slot] = _joined(read[slot], known)
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


def _remember(key: str | None, consent: str | None, profile: dict[str, Any], channel: str) -> bool:
    """Keep the check's facts as the firm's profile when it agreed (now or before); True if kept."""
    if key is None:
        return False
    store = get_profiles()
    if consent == "yes":
        store.grant(key, by="firm", source=f"guided_check:{channel}")
    stored = store.get(key)
    if stored is None or stored.consent != "granted":
        return False
    facts = eligibility.stored_facts(profile, stored.facts)
    store.update(key, facts, by="firm", source=f"guided_check:{channel}")
    return True


def keep_stated_facts(tracker: Tracker, facts: dict[str, Any] | None) -> bool:
    """Facts the firm states in any message go into its profile — only if it has consented (asked in
    the guided check or by office staff, never assumed). True when the profile was updated."""
    vocabulary, _ = match_conditions()
    stated = eligibility.stated_profile_facts(facts, dt.date.today(), vocabulary)
    key = profile_key(tracker) if stated else None
    if key is None:
        return False
    try:
        store = get_profiles()
        stored = store.get(key)
        if stored is None or stored.consent != "granted":
            return False
        stated = eligibility.with_partial_marks(stated, stored.facts)
        store.update(key, stated, by="firm", source=f"conversation:{channel_of(tracker)}")
    except Exception:  # the answer matters more than the bookkeeping
        logger.exception("保存企业信息失败")
        return False
    return True


def checked_profile(tracker: Tracker) -> dict[str, Any]:
    """The firm's profile as the check's slots hold it (``huiqi match --profile`` shape)."""
    slots = {s: tracker.get_slot(s) for s in eligibility.FIELD_OF_SLOT}
    if slots["zone"] == check_answers.UNKNOWN:
        slots["zone"] = None
    return eligibility.profile_data(slots, tracker.get_slot("firm_name"))


def match_profile(profile: dict[str, Any]) -> Any:
    """The matcher's report for a profile against the served corpus (call in a worker thread)."""
    from matching import match_firm, parse_profile

    vocabulary, conditions = match_conditions()
    return match_firm(parse_profile(profile), conditions, vocabulary)


def zone_team(profile: dict[str, Any]) -> str | None:
    """The law firm of the profile's zone team, or None when the zone is unknown."""
    return services.get_zones().team_for_zone(profile["zone"]).firm if profile.get("zone") else None


class ActionAnswerEligibility(Action):
    """Match the firm and answer: 符合 with the clause, 可能符合 with what is unknown; offer a lawyer."""

    def name(self) -> str:
        return "action_answer_eligibility"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        profile = checked_profile(tracker)
        report = await asyncio.to_thread(match_profile, profile)
        channel = channel_of(tracker)
        answer = eligibility.compose(report, profile, channel=channel, zone_team=zone_team(profile))
        kept = False
        try:
            kept = await asyncio.to_thread(
                _remember, profile_key(tracker), tracker.get_slot("profile_consent"), profile, channel
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
    """The firm withdraws its consent: its stored profile is erased (the refusal is remembered)."""

    def name(self) -> str:
        return "action_forget_profile"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        key = profile_key(tracker)
        if key is None:
            dispatcher.utter_message(text=NO_KEY)
            return []
        store = get_profiles()
        stored = await asyncio.to_thread(store.get, key)
        if stored is None or stored.consent != "granted":
            dispatcher.utter_message(text=NOTHING_TO_FORGET)
            return []
        await asyncio.to_thread(store.revoke, key, "firm")
        dispatcher.utter_message(text=FORGOTTEN)
        return [SlotSet("profile_consent", "no")]
