"""What a firm says about itself ("我们是做软件的", "公司25个人", "刚评上专精特新"), kept for later.

A message may give facts and ask at once (我们是做软件的，产品评上了首版次高端软件，有钱拿吗？): the
facts are read here and kept in the ``firm_facts`` slot, and the message still goes to retrieval. The
zone is resolved by the zones file (``ZoneDirectory.resolve``), never guessed; the other facts are
taken from the wording as firms put it and are never invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

#: A part of a message that asks something (question words, particles, an A不A / …不 ending).
_ASKS = re.compile(
    r"[？?]|吗|呢|么|多少|多久|多长|多大|多高|多远|才(?:行|能|可以|算)[。！!\s]*$|几|怎么|怎样|如何|什么|啥|哪|谁|是否|能否|可否|([\u4e00-\u9fff])不\1"
    r"|有没有|可不可以|[\u4e00-\u9fff](?:不|没|没有)[\s。！!]*$|请问|想问|问一下|咨询"
    r"|是[^，,。；;！!]{1,24}?还是"  # 是A还是B: a choice asked without a question mark
)
_INDUSTRY = re.compile(
    r"(?:我们|我|公司|企业|厂|咱)(?:是|是个|是一家|家是)?(?:做|搞|干|开|从事)(.{1,10}?)的"
    r"|(?:^|那|如果是|要是|换成)(?:做|搞|从事)(.{1,8}?)的(?:公司|企业|厂|单位)"
)
_EMPLOYEES = re.compile(r"(\d+|[一二三四五六七八九十两百千]+)(?:来)?个?(?:人|员工|职工|名员工)")
_REVENUE = re.compile(
    r"(?:营收|营业收入|销售额|产值)[^，。,；;？?]{0,6}?(\d+(?:\.\d+)?|[一二三四五六七八九十两百千]+)\s*(万|亿)"
)
_EVENT = re.compile(
    r"(?:刚|今年|去年|上个月|最近|已经|已)?(?:评上了?|评为|被评为|认定为|被认定为|通过了?|获评|获得了?|拿到了?|入选了?|完成了?|成为)"
    r"(.{2,18}?)(?=[，,。；;！!？?]|$|了|，|有|能|区里|是不是)"
)
#: A clause that states something about the firm itself: who says it (我们, 公司) or when (今年, 刚)…
_STATES = re.compile(
    r"^(?:我|咱|本公司|公司|企业|厂|单位)|我们|我司|咱们|今年|去年|前年|上个月|最近|刚|已经|已"
)
#: …or reports something the firm did, said without a subject (新招了10个应届生, 买了两台设备, 刚拿到专利)…
_DID = re.compile(r"^(?!他|她|别|人家|你|对方)(?:新|又|也|还|刚刚?)?[\u4e00-\u9fff]{1,3}了")
#: …but not a wish, a supposition or a denial (想申请高企, 要是我们是高企, 还不是高企, 没招过人).
_NOT_A_FACT = re.compile(r"想|要是|如果|假如|打算|准备|计划|能不能|可不可以|不是|没|未|不属于|还不|尚")
_CLAUSE = re.compile(r"[，,。；;！!？?\n]+")
#: Where a firm says it is ("我们在…", "公司位于…", "地址是…").
_LOCATED = re.compile(r"(?:我们|我|公司|企业|厂|店|单位|咱)(?:就)?(?:在|位于|注册在|落户在|落在)|地址|注册地")


def asks_something(text: str) -> bool:
    """Whether ``text`` asks a question (rather than only stating facts)."""
    return bool(_ASKS.search(text))


def firm_facts(text: str, resolve_zone: Callable[[str], str | None]) -> dict[str, Any]:
    """The facts a message states about the firm, e.g. ``{"industry": "软件", "employees": "25"}``.

    Args:
        text: The firm's message.
        resolve_zone: ``ZoneDirectory.resolve`` (zone name, alias or address → zone, None if unsure).

    Returns:
        Only the keys the message states: ``zone``, ``industry``, ``employees``, ``revenue``,
        ``events`` (qualifications won, milestones reached), ``said`` (clauses stating a fact about the
        firm, :func:`stated_clauses`).
    """
    facts: dict[str, Any] = {}
    zone = resolve_zone(text) if _LOCATED.search(text) or len(text) <= 16 else None
    if zone:
        facts["zone"] = zone
    if match := _INDUSTRY.search(text):
        facts["industry"] = match.group(1) or match.group(2)
    if match := _EMPLOYEES.search(text):
        facts["employees"] = match.group(1)
    if match := _REVENUE.search(text):
        facts["revenue"] = match.group(1) + match.group(2)
    events = [m.group(1).strip() for m in _EVENT.finditer(text) if len(m.group(1).strip()) >= 2]
    if events:
        facts["events"] = events
    if said := stated_clauses(text):
        facts["said"] = said
    return facts


def stated_clauses(text: str) -> list[str]:
    """The clauses of a message that state a qualification or an event of the firm (``我们是高新技术企业``,
    ``今年招了5个应届生``: named in the matcher's vocabulary), kept for its profile.

    Questions, wishes, suppositions and denials are left out: ``我们想申请高企``, ``要是我们是高企呢``,
    ``我们还不是高企`` state nothing the firm has.
    """
    kept: list[str] = []
    subject = False  # "我们是高企，买了六百万的设备": the second clause has the first one's subject
    for clause in (c.strip() for c in _CLAUSE.split(text)):
        if len(clause) < 4 or _NOT_A_FACT.search(clause) or asks_something(clause):
            subject = False
            continue
        if _STATES.search(clause) or _DID.search(clause) or (subject and "了" in clause):
            subject = True
            if _vocabulary().find(clause):  # names a qualification or an event the matcher knows
                kept.append(clause)
    return kept


@lru_cache(maxsize=1)
def _vocabulary() -> Any:
    """The matcher's vocabulary of qualifications and events (data/matching/vocabulary.yaml)."""
    from matching import load_vocabulary

    return load_vocabulary()


def merge_facts(known: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """The firm's facts after this message: newer values win, events accumulate (no duplicates)."""
    merged = dict(known or {})
    for key, value in new.items():
        if isinstance(value, list):  # events, said
            merged[key] = list(dict.fromkeys([*(merged.get(key) or []), *value]))
        else:
            merged[key] = value
    return merged


def describe(facts: dict[str, Any]) -> str:
    """The firm's facts other than the zone, as a firm would say them: ``做软件的、营收两千万、25人``."""
    parts = []
    if facts.get("industry"):
        parts.append(f"做{facts['industry']}的")
    if facts.get("revenue"):
        parts.append(f"营收{facts['revenue']}")
    if facts.get("employees"):
        parts.append(f"{facts['employees']}人")
    parts.extend(str(event) for event in facts.get("events") or [])
    return "、".join(parts)
