"""A message naming a benefit the firm already has and asking about another ("白酒那边已经补过产能了，
技改这边还能再报不"): the policy of the benefit asked about answers, not the one already had."""

from __future__ import annotations

from typing import Any

from bot.actions.answer import bigrams
from bot.actions.facts import asking_part
from policy_index.normalize import normalize_query

#: The policy asked about must share at least this many character pairs of its title with the asking part.
MIN_TITLE_PAIRS = 2
#: Pairs any benefit policy's title may say: they name no benefit ("员工考了技能证书，企业有补贴吗" does not
#: ask for 《小微企业融资担保费补贴办法》).
_ANY_TITLE = frozenset(
    {"企业", "公司", "补贴", "补助", "奖励", "奖补", "资金", "扶持", "支持", "政策", "办法", "措施"}
)


def asked_benefit_first(question: str, result: dict[str, Any]) -> dict[str, Any]:
    """``result`` with the hits of the policy whose title the asking part of ``question`` names moved
    first, when the best hit's policy is named more by what the firm states it has ("已经领过了",
    "用转贷资金过桥续上的") and less by what it asks than that policy; unchanged otherwise."""
    hits = list(result.get("hits") or [])
    asked = asking_part(question)
    stated = question.replace(asked, "") if asked else ""
    if len(hits) < 2 or not asked or not stated:
        return result
    asked_pairs, stated_pairs = _pairs(asked) - _ANY_TITLE, _pairs(stated)

    def named(hit: dict[str, Any], pairs: set[str]) -> int:
        return len(pairs & _pairs(str(hit.get("title") or "")))

    top = hits[0]
    top_asked, top_stated = named(top, asked_pairs), named(top, stated_pairs)
    if not top_stated:
        return result
    other = next(
        (
            hit
            for hit in hits[1:]
            if hit.get("policy_id") != top.get("policy_id")
            and named(hit, asked_pairs) >= max(MIN_TITLE_PAIRS, top_asked + 1)
            and (not top_asked or named(hit, stated_pairs) < top_stated)
        ),
        None,
    )
    if other is None:
        return result
    first = [hit for hit in hits if hit.get("policy_id") == other.get("policy_id")]
    return {**result, "hits": first + [hit for hit in hits if hit not in first]}


def _pairs(text: str) -> set[str]:
    return bigrams(normalize_query(text))
