"""An item of a policy's list of cases it rules out ("三、不予补贴的情形 / （一）以代理商、经销商名义参展的")
answers only a question about that case.

Such an item shares the policy's own words with any question on it (参展 of "去德国参展，展位费能补吗"), and
the ranking may put it first; quoted alone it reads as if it were the rule. It leads when the question
names what the item says beyond the policy's title ("租关联公司的房子能补吗" of "租用关联方房屋的") or asks
what is ruled out ("哪些情况不给补"); otherwise the policy's other clauses go before it.
"""

from __future__ import annotations

import re
from typing import Any

from bot.actions.on_current import case_terms
from policy_index.aspects import asked_aspects
from policy_index.normalize import normalize_query

__all__ = ["ruled_out_items_last"]

#: A section heading that lists cases ruled out: "不予补贴的情形", "有下列情形之一的，不予支持", "负面清单".
_RULED_OUT_HEADING = re.compile(r"不予|不得|不属于|不享受|不适用|不支持|不再|负面清单|除外情形|限制情形")
#: A question about what is ruled out ("哪些情况不给补", "什么情形不能申请", "会不会被取消").
_ASKS_WHAT_IS_RULED_OUT = re.compile(
    r"(?:哪些|什么|啥)(?:情况|情形|企业|样的)[^，。？?]{0,6}(?:不|没有?)|不予|不能(?:申请|报|享受)|取消|除外"
)


def _ruled_out_item(hit: dict[str, Any]) -> bool:
    heading = str((hit.get("heading_path") or [""])[-1])
    return _RULED_OUT_HEADING.search(heading) is not None


def _names_the_case(question: str, hit: dict[str, Any]) -> bool:
    """The question names a term of the item that its policy's title does not (关联 of "租用关联方房屋的")."""
    text = normalize_query(str(hit.get("text") or ""))
    return any(term in text for term in case_terms(question, str(hit.get("title") or "")))


def ruled_out_items_last(question: str, result: dict[str, Any]) -> dict[str, Any]:
    """``result`` led by another clause of the best hit's policy when that hit is an item of a list of cases
    ruled out that the question neither names nor asks about: the first clause on what the question asks
    (its aspects), else on the amount; unchanged otherwise."""
    hits = list(result.get("hits") or [])
    if not hits or not _ruled_out_item(hits[0]) or _ASKS_WHAT_IS_RULED_OUT.search(question):
        return result
    if _names_the_case(question, hits[0]):
        return result
    policy = hits[0].get("policy_id")
    rest = [hit for hit in hits[1:] if hit.get("policy_id") == policy and not _ruled_out_item(hit)]
    if not rest:
        return result
    wanted = (*asked_aspects(question), "amount")
    lead = next((hit for aspect in wanted for hit in rest if aspect in (hit.get("aspects") or ())), None)
    if lead is None:
        return result
    return {**result, "hits": [lead, *(hit for hit in hits if hit is not lead)]}
