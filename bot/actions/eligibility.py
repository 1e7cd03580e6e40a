"""The guided eligibility check ("我能享受哪些政策？"): the profile from the answers, matching, answering.

Pure helpers (no rasa-sdk): :mod:`bot.actions.eligibility_actions` asks the questions through the
``eligibility_form`` and calls these; the answers themselves are read by :mod:`bot.actions.check_answers`.
A fact the firm does not know (``不清楚``) stays unknown — the matcher then says 可能符合 with what is
missing, never guesses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bot.actions.check_answers import (
    NONE,
    UNKNOWN,
    as_matcher_reads,
    parse_employees,
    parse_founded,
    parse_industry,
    parse_revenue,
)

#: The form's slots (bot/domain.yml ``eligibility_form``) and the profile field each one fills.
FIELD_OF_SLOT: dict[str, str] = {
    "zone": "zone",
    "check_industry": "industry",
    "check_employees": "employees",
    "check_revenue": "revenue_wan",
    "check_founded": "founded",
    "check_qualifications": "qualifications",
    "check_events": "events",
}
#: The profile's list fields, and the key marking those only said in passing (``{"events": True}``):
#: such a list is used for matching but the check still asks "除了…还有吗".
LIST_FIELDS = ("qualifications", "events")
PARTIAL = "partial"
#: How many matches of each kind the web answer lists (the rest are counted) / the hotline reads out.
WEB_LIST = 6
SPOKEN_LIST = 3


def stated_lists(firm_facts: dict[str, Any] | None, vocabulary: Any) -> dict[str, list[str]]:
    """Qualifications and recent events the firm stated in the conversation (not in the check).

    ``我们是高新技术企业`` → qualification ``高新技术企业``; ``今年招了5个应届生`` → the event as said
    (amounts as the matcher reads them). Only clauses :func:`bot.actions.facts.stated_clauses` kept
    as statements, and the milestones the firm reported (``评上了专精特新``), are read.

    Returns:
        ``{"qualifications": [...], "events": [...]}`` (either may be empty).
    """
    facts = firm_facts or {}
    qualifications: list[str] = []
    events: list[str] = []
    for said in [*(facts.get("said") or []), *(facts.get("events") or [])]:
        mentions = vocabulary.find(str(said))
        qualifications += [m.concept for m in mentions if m.kind == "qualification"]
        if any(m.kind == "event" for m in mentions):
            events.append(as_matcher_reads(str(said)))
    return {"qualifications": list(dict.fromkeys(qualifications)), "events": list(dict.fromkeys(events))}


def prefill(
    firm_facts: dict[str, Any] | None, stored: dict[str, Any] | None, today: dt.date
) -> dict[str, str]:
    """The form's slots already known from the conversation (``firm_facts``) or a consented profile.

    The conversation wins over the stored profile (it is newer). Only facts that read cleanly count.
    """
    values: dict[str, str] = {}
    stored = stored or {}
    partial = stored.get(PARTIAL) or {}
    for slot, field in FIELD_OF_SLOT.items():
        if slot == "zone" or partial.get(field):  # a list said in passing is not the whole list
            continue
        value = stored.get(field)
        if isinstance(value, list):
            values[slot] = "、".join(value) if value else NONE
        elif value is not None:
            values[slot] = str(value)
    facts = firm_facts or {}
    readers: dict[str, tuple[str, Callable[[str], str | None]]] = {
        "industry": ("check_industry", parse_industry),
        "employees": ("check_employees", parse_employees),
        "revenue": ("check_revenue", parse_revenue),
        "founded": ("check_founded", lambda said: parse_founded(said, today)),
    }
    for key, (slot, read) in readers.items():
        said = facts.get(key)
        if said and (value := read(str(said))) and value != UNKNOWN:
            values[slot] = value
    return values


def stated_profile_facts(
    firm_facts: dict[str, Any] | None, today: dt.date, vocabulary: Any = None
) -> dict[str, Any]:
    """Profile fields from what the firm said in the conversation (``firm_facts``): zone, industry,
    employees, revenue, and (with the matcher's ``vocabulary``) the qualifications and events it
    stated. Those lists are partial — the firm was not asked for all of them — so the caller marks
    them :data:`PARTIAL` unless the profile has the whole list from a check."""
    values = prefill(firm_facts, None, today)
    slots = {"zone": (firm_facts or {}).get("zone"), **values}
    profile = profile_data(slots)
    stated = {
        k: profile[k] for k in ("zone", "industry", "employees", "revenue_wan") if profile[k] is not None
    }
    if vocabulary is not None:
        stated.update({k: v for k, v in stated_lists(firm_facts, vocabulary).items() if v})
    return stated


def with_partial_marks(stated: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """``stated`` with :data:`PARTIAL` marks for the lists the stored profile does not hold in full."""
    partial = dict(stored.get(PARTIAL) or {})
    for field in LIST_FIELDS:
        if stated.get(field) and (field not in stored or partial.get(field)):
            partial[field] = True
    return {**stated, PARTIAL: partial} if partial else stated


def _as_list(value: str | None) -> list[str] | None:
    if value in (None, "", UNKNOWN):
        return None
    return [] if value == NONE else [p for p in value.split("、") if p]


def _as_number(value: str | None) -> float | None:
    if value in (None, "", UNKNOWN):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def profile_data(slots: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """The firm's profile (``huiqi match --profile`` JSON shape) from the form's slot values."""
    employees = _as_number(slots.get("check_employees"))
    founded = _as_number(slots.get("check_founded"))
    industry = slots.get("check_industry")
    return {
        "name": name or "对话中的企业",
        "zone": slots.get("zone") or None,
        "industry": None if industry in (None, UNKNOWN) else industry,
        "employees": None if employees is None else int(employees),
        "revenue_wan": _as_number(slots.get("check_revenue")),
        "founded": None if founded is None else int(founded),
        "qualifications": _as_list(slots.get("check_qualifications")),
        "events": _as_list(slots.get("check_events")),
    }


def stored_facts(profile: dict[str, Any], stored: dict[str, Any] | None = None) -> dict[str, Any]:
    """The known facts of a profile, as kept in ``firm_profiles`` (unknowns left out, ``name`` dropped).

    A list the check asked for in full clears its :data:`PARTIAL` mark in the ``stored`` facts.
    """
    facts = {k: v for k, v in profile.items() if k != "name" and v is not None}
    partial = (stored or {}).get(PARTIAL) or {}
    if partial:
        facts[PARTIAL] = {f: True for f in LIST_FIELDS if partial.get(f) and profile.get(f) is None}
    return facts


def describe_firm(profile: dict[str, Any]) -> str:
    """What the check knew, in one line: ``蓝村街道、软件、50人、年营收2000万元、2019年成立``."""
    parts = [profile.get("zone"), profile.get("industry")]
    if profile.get("employees") is not None:
        parts.append(f"{profile['employees']}人")
    if profile.get("revenue_wan") is not None:
        parts.append(f"年营收{profile['revenue_wan']:g}万元")
    if profile.get("founded") is not None:
        parts.append(f"{profile['founded']}年成立")
    if profile.get("qualifications"):
        parts.append("资质：" + "、".join(profile["qualifications"]))
    if profile.get("events"):
        parts.append("近期：" + "、".join(profile["events"]))
    return "、".join(str(p) for p in parts if p)


@dataclass(frozen=True)
class CheckAnswer:
    """What the firm is told, and the payload the web chat renders."""

    text: str
    payload: dict[str, Any]


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(match: Any) -> str:
    from matching.engine import application_text

    return application_text(
        _short(match.window, 40) if match.window else None, _short(match.where, 40) if match.where else None
    )


def _maybe_order(match: Any) -> tuple[bool, int]:
    """可能符合 with checkable conditions first, fewest unknowns first; "nothing to check" last."""
    from matching.engine import NOTHING_TO_CHECK

    return (any(u == NOTHING_TO_CHECK for u in match.unknown), len(match.unknown))


def _web_lines(title: str, matches: list[Any], line: Callable[[Any], str]) -> list[str]:
    if not matches:
        return []
    lines = [f"{title}（{len(matches)}项）："]
    lines += [f"{i}. {line(m)}" for i, m in enumerate(matches[:WEB_LIST], 1)]
    if len(matches) > WEB_LIST:
        lines.append(f"……另有{len(matches) - WEB_LIST}项，律师可以帮您逐项核对。")
    return lines


def _eligible_line(match: Any) -> str:
    reason = match.why.split("。依据")[0]
    return f"《{match.title}》{match.clause}：{_short(reason, 60)}。{_where(match)}"


def _maybe_line(match: Any) -> str:
    unknown = "；".join(match.unknown[:2])
    return f"《{match.title}》{match.clause}，还需确认：{_short(unknown, 70)}。{_where(match)}"


def compose(report: Any, profile: dict[str, Any], *, channel: str, zone_team: str | None) -> CheckAnswer:
    """The answer to the check: 符合 with its clause, 可能符合 with what is unknown, then a lawyer offered.

    不符合 is not listed (the firm asked what it can have); its count is in the payload. The hotline
    gets a short spoken version: how many, the first few titles, and the offer.
    """
    eligible, maybe = list(report.eligible), sorted(report.maybe, key=_maybe_order)
    who = zone_team or "所在区域的律师团队"
    offer = f"需要的话，我可以把贵公司的情况转给{who}，由律师帮您逐项核实、准备申报。要转律师吗？"
    if channel == "hotline":
        if not eligible and not maybe:
            text = "根据您说的情况，暂时没有对上的政策。"
        else:
            said = []
            if eligible:
                titles = "、".join(m.title for m in eligible[:SPOKEN_LIST])
                said.append(f"您符合{len(eligible)}项政策，包括{titles}")
            if maybe:
                titles = "、".join(m.title for m in maybe[:SPOKEN_LIST])
                said.append(f"可能符合{len(maybe)}项，比如{titles}，还要再确认一些情况")
            text = "。".join(said) + "。"
        text += "需要律师帮您核实和申报吗？请说需要或者不需要。"
    else:
        known = describe_firm(profile)
        lines = [f"根据您提供的情况（{known}），对照政策库：" if known else "对照政策库："]
        lines += _web_lines("符合", eligible, _eligible_line)
        lines += _web_lines("可能符合", maybe, _maybe_line)
        if not eligible and not maybe:
            lines.append("暂时没有找到对得上的政策。补充更多情况（如资质、近期招用或投资）后可以再查一次。")
        lines.append(offer)
        text = "\n".join(lines)
    # the policies the answer names (the hotline reads its citations out and sends them by SMS)
    named = (
        (eligible + maybe)[:SPOKEN_LIST] if channel == "hotline" else eligible[:WEB_LIST] + maybe[:WEB_LIST]
    )
    payload = {
        "citations": [{"policy_id": m.policy_id, "title": m.title, "clause": m.clause} for m in named],
        "action": "eligibility_result",
        "eligible": [m.to_contract() for m in eligible],
        "maybe": [m.to_contract() for m in maybe],
        "not_eligible_count": len(report.not_eligible),
    }
    return CheckAnswer(text, payload)


def profile_key_for(sender_id: str, metadata: Any, phone: str | None) -> dict[str, str] | None:
    """How the firm is known for its profile: WeChat openid (``wx-…``) or phone (hotline caller, form).

    Returns ``{"openid": …}`` / ``{"phone": …}`` for :func:`tickets.profiles.profile_key`, or None (an
    anonymous web visitor with no phone given: nothing can be kept).
    """
    if sender_id.startswith("wx-"):
        return {"openid": sender_id[3:]}
    caller = metadata.get("caller") if isinstance(metadata, dict) else None
    number = caller if sender_id.startswith("tel-") and isinstance(caller, str) else phone
    return {"phone": number} if number else None


_YES = re.compile(r"^(?:好|行|可以|同意|愿意|没问题|嗯|是|要|保存|记下|ok|OK|需要)")
_NO = re.compile(r"不|别|算了|拒绝|没必要")


def consent_answer(text: str) -> str | None:
    """``"yes"`` / ``"no"`` for the consent question, None when it is neither."""
    said = text.strip()
    if _NO.search(said):
        return "no"
    return "yes" if _YES.match(said) else None


def missing(slots: Iterable[str], values: dict[str, Any]) -> list[str]:
    """The form's slots still to ask (in order)."""
    return [slot for slot in slots if values.get(slot) in (None, "")]
