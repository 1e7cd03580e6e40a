"""Sentences that rule out a benefit the firm already has ("已享受首次贷款贴息的，不再享受本办法贴息"), and
questions about having two benefits at once: such a sentence answers only such a question."""

from __future__ import annotations

import re
from typing import Any

from bot.actions.answer import sentences

#: A benefit applied for ("已申请《…》首贷贴息的"), not a bankruptcy or a deregistration applied for.
_APPLIED = r"已申(?:请|报)(?!破产|重整|清算|注销|解散)"
#: A sentence ruling out what a firm already has ("已享受…的，不得重复申报", "…不纳入贴息范围",
#: "同一笔贷款已申请《…》首贷贴息的，不再给予担保费补助").
_RULES_OUT_HAD = re.compile(
    rf"(?:已享受|已获得|已取得|已申领|{_APPLIED}|已领取|已列入|已纳入)[^。；;]*(?:不得|不予|不再|不纳入|不重复)"
)
#: A question that is itself about having both, or about a wrongdoing ("已经拿了…还能报吗", "同一笔贷款能不能
#: 两个都申请", "骗取出口退税会怎么处理").
_ABOUT_BOTH = re.compile(
    r"已|同时|一起|重复|叠加|再|还能|两个都|两样都|两项都|两头|都拿|都申请|都享受|兼得|同一笔"
    r"|骗取|套取|骗领|冒领|虚报|偷逃|逃避|虚开"
)


def asks_about_both(question: str) -> bool:
    """Whether a question asks about having two benefits or about a wrongdoing."""
    return _ABOUT_BOTH.search(question) is not None


def rules_out_had(sentence: str) -> bool:
    """Whether ``sentence`` rules out a benefit already had."""
    return _RULES_OUT_HAD.search(sentence) is not None


#: The heading of a list of cases ruled out: "不予支持情形。", "有下列情形之一的，不予贴息：".
_RULED_OUT_LIST = re.compile(r"(?:不予|不得|不再|不属于|不享受|不适用|不支持)[^。；;：:]{0,12}[。：:]")
#: An item of such a list that names a benefit already had: "(二)已享受创业担保贷款财政贴息的同一笔贷款;".
_HAD_ITEM = re.compile(
    r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、])?\s*"
    rf"(?:已享受|已获得|已申领|{_APPLIED}|已领取|已列入|已纳入)"
)


def had_ruled_out(text: str) -> list[tuple[str, bool]]:
    """Each sentence of ``text`` (clauses one per line) and whether it rules out a benefit already had:
    by itself ("已享受首次贷款贴息的，不再享受本办法贴息"), or as an item of a list of cases ruled out
    ("不予支持情形。(一)房地产开发…;(二)已享受创业担保贷款财政贴息的同一笔贷款;")."""
    ruled: list[tuple[str, bool]] = []
    for clause in text.splitlines():
        listing = False
        for sentence in sentences(clause):
            listing = listing or _RULED_OUT_LIST.search(sentence) is not None
            ruled.append(
                (sentence, rules_out_had(sentence) or (listing and _HAD_ITEM.match(sentence) is not None))
            )
    return ruled


def exclusions_last(question: str, result: dict[str, Any]) -> dict[str, Any]:
    """``result`` with the hits that only rule out a benefit already had moved behind the others, unless
    the question asks about having both: "从来没在银行贷过款，上个月批了三百万" is about the first-loan
    subsidy, not the patent-loan clause "同一笔贷款已享受首次贷款贴息的，不再享受本办法贴息"."""
    hits = list(result.get("hits") or [])
    if asks_about_both(question):
        return result
    excluding = [hit for hit in hits if _only_rules_out(str(hit.get("text") or ""))]
    if not excluding or len(excluding) == len(hits) or hits[0] not in excluding:
        return result
    return {**result, "hits": [hit for hit in hits if hit not in excluding] + excluding}


def _only_rules_out(text: str) -> bool:
    said = sentences(text)
    return bool(said) and all(rules_out_had(part) for part in said)
