"""The firm's profile in the guided check: its key, what it already said, the served corpus's conditions,
matching, and keeping the facts — only with the firm's consent (asked once, revocable)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker

from bot.actions import check_answers, eligibility, services
from bot.actions.check_prompts import channel_of
from huiqi.settings import get_settings

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def get_profiles() -> Any:
    """The consent and profile store on ``settings.database_url`` (one per process)."""
    from tickets.profiles import ProfileStore

    return ProfileStore(get_settings().database_url)


@lru_cache(maxsize=2)
def _conditions(corpus_dir: str, stamp: float) -> tuple[Any, list[Any]]:
    from matching import corpus_conditions, load_vocabulary

    vocabulary = load_vocabulary()
    return vocabulary, _served_zones(corpus_conditions(corpus_dir, vocabulary))


def _served_zones(conditions: list[Any]) -> list[Any]:
    """The conditions with the zones the served index reads from a policy's own text (its front matter
    giving none), so the check tells a firm in another zone what a question would tell it."""
    index = services.get_index()
    served = []
    for cond in conditions:
        meta = index.policy(cond.policy_id) or {}
        served.append(replace(cond, zones=meta["zones"]) if meta.get("zones_inferred") else cond)
    return served


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


def with_partial_lists(firm_facts: dict[str, Any] | None, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The conversation's facts plus the lists a consented profile holds only in part (said before)."""
    facts = dict(firm_facts or {})
    partial = (stored or {}).get(eligibility.PARTIAL) or {}
    carried = [
        str(item) for field in LIST_SLOTS.values() if partial.get(field) for item in stored.get(field) or []
    ]
    if carried:
        facts["said"] = list(dict.fromkeys([*(facts.get("said") or []), *carried]))
    return facts


def joined_items(value: str | None, items: list[str]) -> str | None:
    """A list slot's value with ``items`` added (``无`` and unknown give way to what was said)."""
    own = [] if value in (None, check_answers.NONE, check_answers.UNKNOWN) else value.split("、")
    return "、".join(dict.fromkeys([*items, *own])) if items or own else value


def remember_checked_facts(
    key: str | None, consent: str | None, profile: dict[str, Any], channel: str
) -> bool:
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
