"""Why a policy does not fit the firm: the 不符合 answer the firm gets when it asks after the check.

The guided check lists only 符合 and 可能符合 (the firm asked what it can have). "哪些不符合？为什么？"
then lists the 不符合 policies grouped by the reason the matcher gave — below a threshold, a
qualification or event the firm lacks, the wrong industry, a zone the policy does not cover, expired
— each with its reason, the ones the firm could still change first. Pure helpers (no rasa-sdk).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from bot.actions.eligibility import SPOKEN_LIST, CheckAnswer, describe_firm

#: Reason groups, in the order they are told (what the firm could still change first), with labels.
REASON_GROUPS: tuple[tuple[str, str], ...] = (
    ("threshold", "未达到数量或金额门槛"),
    ("requirement", "缺少所需的资质或近期情形"),
    ("industry", "所属行业不在适用范围"),
    ("zone", "所在区域不在适用范围"),
    ("expired", "政策已失效"),
)
#: How many policies of one group the web answer lists (the rest are counted).
WEB_PER_GROUP = 4
#: How many the SMS carries; the hotline reads out as many as the check's own answer
#: (:data:`bot.actions.eligibility.SPOKEN_LIST`).
SMS_ITEMS = 10

_EXPIRED = re.compile(r"^政策已于.{0,12}失效")
_ZONE = re.compile(r"仅适用于.{0,80}不含")
_INDUSTRY = re.compile(r"行业，.{0,20}不在其列|排除的行业")
_THRESHOLD = re.compile(r"不满足“|未达到|未达|不属于小微企业")
#: The words of "哪些不符合？为什么？" itself; what is left names a policy or a subject.
_ASKING_WORDS = re.compile(
    r"哪些|哪个|那些|那个|什么|为什么|为啥|原因|怎么|不符合|不服合|不符和|符合|够不上|享受不了|不能享受|申请不了"
    r"|没匹配上|匹配|没对上|对不上|不行|政策|我们|我|公司|企业|其他|其余|剩下|的|也|都|是|有|给|看看|说说|列一下|一下|把|和"
)


def reason_kind(why: str) -> str:
    """The group of a 不符合 reason (:data:`REASON_GROUPS` key) read from the matcher's wording."""
    if _EXPIRED.search(why):
        return "expired"
    if _ZONE.search(why):
        return "zone"
    if _INDUSTRY.search(why):
        return "industry"
    if _THRESHOLD.search(why):
        return "threshold"
    return "requirement"


def readable_reason(why: str, titles: dict[str, str]) -> str:
    """The matcher's reason as a firm reads it: the replacing policy by title, not by id."""
    text = why.replace("各项支持均有条件不满足，如", "各项支持都有条件不满足，如")
    for policy_id, title in titles.items():
        if policy_id in text:
            text = text.replace(f"已由 {policy_id} 接替", f"已由《{title}》接替").replace(policy_id, title)
    return text


def grouped(matches: Iterable[Any]) -> list[tuple[str, str, list[Any]]]:
    """The 不符合 matches grouped by reason, in :data:`REASON_GROUPS` order (empty groups left out)."""
    groups: dict[str, list[Any]] = {key: [] for key, _ in REASON_GROUPS}
    for match in matches:
        groups[reason_kind(match.why)].append(match)
    return [(key, label, groups[key]) for key, label in REASON_GROUPS if groups[key]]


def _named(text: str) -> str:
    """What is left of the message once the words of "哪些不符合？为什么？" are gone."""
    return _ASKING_WORDS.sub("", re.sub(r"[^\u4e00-\u9fffA-Za-z0-9-]", "", text))


def names_something(text: str) -> bool:
    """Whether "…为什么不符合" names a policy or subject (``为什么我们不符合高企认定条件``)."""
    return len(_named(text)) >= 2


def asked_about(text: str, matches: list[Any]) -> list[Any]:
    """The matches the message names (by title words or id), or all of them when it names none.

    "为什么商标那个不符合" narrows the answer to the policies whose title says 商标.
    """
    rest = _named(text)
    if len(rest) < 2:
        return matches
    named = [m for m in matches if m.policy_id in text or _shares_words(rest, m.title)]
    return named or matches


def _shares_words(rest: str, title: str) -> bool:
    """Whether two consecutive characters of what the firm named appear in the title."""
    return any(rest[i : i + 2] in title for i in range(len(rest) - 1))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compose_not_eligible(
    matches: list[Any],
    profile: dict[str, Any],
    *,
    channel: str,
    titles: dict[str, str],
    zone_team: str | None,
) -> CheckAnswer:
    """The answer to "哪些不符合？为什么？": the 不符合 policies by reason group, each with its reason.

    Args:
        matches: The 不符合 matches to tell (:func:`asked_about` may have narrowed them).
        profile: What the check knew of the firm (said back so the firm can correct it).
        channel: ``hotline`` gets a spoken summary of at most :data:`SPOKEN_LIST` policies; the
            SMS (the payload's citations) carries up to :data:`SMS_ITEMS` with their reasons.
        titles: Policy id → title (replacing policies are named by title).
        zone_team: The firm's zone team, for the lawyer offered at the end.
    """
    groups = grouped(matches)
    ordered = [m for _, _, items in groups for m in items]
    reasons = {m.policy_id: readable_reason(m.why, titles) for m in ordered}
    who = zone_team or "所在区域的律师团队"
    if channel == "hotline":
        text = _spoken(groups, ordered, reasons)
        cited = ordered[:SMS_ITEMS]
    else:
        text = _written(groups, reasons, profile, who)
        cited = []
    payload = {
        "citations": [
            {
                "policy_id": m.policy_id,
                "title": m.title,
                "clause": m.clause,
                "text": _short(reasons[m.policy_id], 70),
            }
            for m in cited
        ],
        "action": "not_eligible",
        "not_eligible": [
            {
                "policy_id": m.policy_id,
                "title": m.title,
                "why": reasons[m.policy_id],
                "reason": reason_kind(m.why),
            }
            for m in ordered
        ],
    }
    return CheckAnswer(text, payload)


def _written(
    groups: list[tuple[str, str, list[Any]]], reasons: dict[str, str], profile: dict[str, Any], who: str
) -> str:
    total = sum(len(items) for _, _, items in groups)
    if not total:
        return "按您提供的情况，政策库里没有判定为不符合的政策。"
    known = describe_firm(profile)
    lines = [
        f"按您提供的情况（{known}），有{total}项政策暂不符合：" if known else f"有{total}项政策暂不符合："
    ]
    for _, label, items in groups:
        lines.append(f"{label}（{len(items)}项）：")
        for match in items[:WEB_PER_GROUP]:
            lines.append(f"· 《{match.title}》：{_short(reasons[match.policy_id], 80)}")
        if len(items) > WEB_PER_GROUP:
            lines.append(f"  ……另有{len(items) - WEB_PER_GROUP}项同类原因。")
    lines.append(
        "情况有变化（比如新取得资质、新招了人）可以再说“我能享受哪些政策”重新查；"
        f"觉得判断有误，我可以转给{who}核实。要转律师吗？"
    )
    return "\n".join(lines)


def _spoken(groups: list[tuple[str, str, list[Any]]], ordered: list[Any], reasons: dict[str, str]) -> str:
    if not ordered:
        return "按您说的情况，没有判定为不符合的政策。需要律师帮您核实吗？请说需要或者不需要。"
    counts = "，".join(f"{len(items)}项{label}" for _, label, items in groups)
    said = [f"有{len(ordered)}项政策暂不符合：{counts}。"]
    for match in ordered[:SPOKEN_LIST]:
        said.append(f"《{match.title}》，{_short(reasons[match.policy_id], 40)}。")
    said.append("需要律师帮您核实吗？请说需要或者不需要。")
    return "".join(said)
