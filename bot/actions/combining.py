"""Whether two benefits can be had together: "首贷贴息能跟这个一起拿吗" asked after a patent-pledge loan
subsidy is answered from the clause that speaks of combining them (不重复享受, 可叠加, 只能选择一项):
the named programme's policy, when its clause names the programme discussed, else the policy
discussed."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.actions.answer import Answer, citation_of, cited_answer, sentences
from bot.actions.followup import own_content
from bot.actions.on_current import WITHIN_K, state_after
from bot.actions.question_shape import ASPECT_WORDS, MIN_SUBJECT
from bot.actions.retrieval import search_or_refusal
from bot.actions.state import State
from policy_index.normalize import normalize_query
from policy_index.signals import subject_terms

#: Asking whether benefits can be had together ("能跟这个一起拿吗", "可以同时享受吗", "能叠加吗").
_ASKS_TO_COMBINE = re.compile(
    r"一起(?:拿|享受|申请|申报|报|领|用)|一块(?:儿)?(?:拿|享受|申请|报|领)|同时(?:享受|申请|申报|拿|报|领)"
    r"|叠加|重复(?:享受|申请|申报|拿|领)|兼得|两个都(?:能|可以|拿|享受|申请|报|领)|都(?:能|可以)(?:拿|享受|申请)"
    r"|两头(?:都)?拿|(?:能|可以)不(?:能|可以)都(?:拿|享受|申请|报)"
    # "两个奖能都拿吗", "两份补贴都能领吗": the two benefits named by what they are
    r"|两(?:个|项|份|样|笔)(?:奖|奖励|补贴|补助|钱|贴息|政策)?(?:能|可以)?都(?:能|可以)?(?:拿|享受|申请|申报|报|领)"
)
#: A sentence that says whether benefits combine ("不重复享受", "不再享受本办法贴息", "可叠加享受", "就高").
_SAYS_COMBINING = re.compile(
    r"不(?:得|能|可|予)?重复|不再享受|不再重复|(?:可|可以|允许)叠加|叠加享受|同时享受|按就高|就高不就低|择一|择优"
    r"|只能选择一项|只能享受一项|不能同时"
)
#: One of the two said to be had already ("去年已经领过技改补助了"): the question asks about the other
#: (:func:`bot.actions.asked_benefit.asked_benefit_first`), not about the one named first.
_ALREADY_HAD = re.compile(r"已经?(?:领|拿|享受|申请|申报|报|获得)(?:过|了)")
#: What both benefits are paid on, not a name of either: "同一笔贷款", "同一个项目".
_THE_SAME_ONE = re.compile(r"同一(?:笔|个|项|件|家|批)?(?:贷款|项目|设备|专利|人员|员工|企业|投资)")
#: Words naming a kind of document, not a programme ("办法", "通知").
_KIND_OF_DOCUMENT = re.compile(r"^(?:办法|政策|措施|若干措施|通知|方案|实施方案|意见|规定|细则|文件|公告)$")
#: What a firm says around the programme it names ("跟这个", "对了"): not part of its name.
_AROUND = re.compile(r"对了|跟这个|和这个|与这个|跟它|和它|这个|那个|能不能|可不可以|可以|能|吗|呢|吧|啊")


def asks_to_combine(question: str) -> bool:
    """Whether the question asks if benefits can be had together ("首贷贴息能跟这个一起拿吗")."""
    return bool(_ASKS_TO_COMBINE.search(question))


def combining_clause(index: Any, question: str, policy_id: str) -> tuple[dict[str, Any], str] | None:
    """The policy's clause, and its sentence, that says whether benefits combine; None when it has none."""
    result = search_or_refusal(index, question, policy_id=policy_id, k=WITHIN_K)
    if isinstance(result, Answer):
        return None
    for hit in result.get("hits") or []:
        for sentence in sentences(str(hit.get("text") or "")):
            if _SAYS_COMBINING.search(sentence):
                return hit, sentence
    return None


def combining_answer(index: Any, question: str, state: State) -> tuple[Answer, State] | None:
    """The answer to whether the programme the question names combines with the policy discussed.

    The named programme ("首贷贴息") is searched in the rest of the collection; its best policy answers
    when its clause on combining names the programme discussed ("首次贷款贴息与知识产权质押融资贴息不重复
    享受"), else the policy discussed does from its own. The policy discussed stays the one the
    conversation is about. None when the question asks no such thing, names no programme of its own,
    or neither policy speaks of combining.
    """
    if not state.policy_id or not asks_to_combine(question):
        return None
    named = _AROUND.sub("", _ASKS_TO_COMBINE.sub("", question))
    if len(own_content(named, ASPECT_WORDS)) < MIN_SUBJECT:
        return None
    other = search_or_refusal(index, named, zone=state.zone, exclude_policy=state.policy_id)
    hits = [] if isinstance(other, Answer) else other.get("hits") or []
    found = None
    if hits and not hits[0].get("expired"):
        found = combining_clause(index, question, str(hits[0]["policy_id"]))
        if found is not None and not names_the_policy(found[1], state.policy_title):
            found = None  # it speaks of combining with something else ("…与安置残疾人就业…不得重复享受")
    found = found or combining_clause(index, question, state.policy_id)
    if found is None:
        return None
    hit, sentence = found
    body = sentence.rstrip("；;。") + "。"
    answer = cited_answer(body, [citation_of(hit)], hit.get("policy_id"), hit.get("title"))
    after = state_after(state, answer, question, ("conditions",), state.topic)
    # the firm still asks about the policy discussed ("融资担保费补贴多少？跟专利质押贴息能一起拿吗？", then
    # "那首贷户呢"), whichever policy's clause said whether the two combine
    return answer, replace(after, policy_id=state.policy_id, policy_title=state.policy_title)


def names_the_policy(sentence: str, title: str | None) -> bool:
    """Whether a sentence names the programme of the policy titled ``title`` by a subject term of its
    title ("知识产权" of "…知识产权质押融资风险补偿和贴息办法"), not by a kind of document (办法)."""
    return any(term in sentence for term in _title_terms(title or ""))


def named_first_of_two(question: str, result: dict[str, Any]) -> dict[str, Any]:
    """``result`` with the clause of the policy the question names first moved to the front, when it asks
    whether two benefits combine and the two policies ranked best both speak of it ("首贷贴息和创业担保贷款
    贴息，同一笔贷款能两个都拿吗": the first-loan policy's clause, whichever the ranking put first).

    A policy speaks of combining in a clause among the hits that says so (不得重复享受, 只能选择其一) or
    quotes the other's title. It is named by a subject term of its title that the other's title lacks (科创贷
    of "…“科创贷”贴息补助实施细则" against "…流动资金贷款贴息办法"), where the question says it first;
    ``result`` is unchanged otherwise — also when the question names only one of them ("又评上了专精特新，两份
    奖励能都拿吗" after a question on 高企) or says one was had already.
    """
    hits = list(result.get("hits") or [])
    policies = list(dict.fromkeys(str(hit.get("policy_id")) for hit in hits))[:2]
    if not asks_to_combine(question) or len(policies) < 2:
        return result
    titles = {
        pid: next(str(h.get("title") or "") for h in hits if h.get("policy_id") == pid) for pid in policies
    }
    speaking = {
        pid: next(
            (h for h in hits if h.get("policy_id") == pid and _speaks_of_combining(h, titles[other])), None
        )
        for pid, other in zip(policies, reversed(policies), strict=True)
    }
    if None in speaking.values():
        return result
    asked = _THE_SAME_ONE.sub("", normalize_query(question))
    first_at = {
        pid: _first_named(asked, titles[pid], titles[other])
        for pid, other in zip(policies, reversed(policies), strict=True)
    }
    named = min(policies, key=lambda pid: first_at[pid])
    if max(first_at.values()) == len(asked) or named == policies[0] or _ALREADY_HAD.search(question):
        return result
    lead = speaking[named]
    return {**result, "hits": [lead, *(hit for hit in hits if hit is not lead)]}


def _first_named(asked: str, title: str, other_title: str) -> int:
    """Where ``asked`` (a normalised question) first names the policy titled ``title`` rather than the
    other: a subject term of its title the other's lacks ("科创贷"), or a subject term of the question its
    title says and the other's does not ("专精特新" of "…专精特新中小企业奖励办法"); ``len(asked)`` when it
    names none."""
    own, others = _title_terms(title), _title_terms(other_title)
    written, other_written = normalize_query(title), normalize_query(other_title)
    at = [asked.find(term) for term in own - others if term in asked]
    at += [asked.find(t) for t in subject_terms(asked) if t in written and t not in other_written]
    return min(at, default=len(asked))


def _speaks_of_combining(hit: dict[str, Any], other_title: str) -> bool:
    """Whether the clause of ``hit`` says whether benefits combine, or quotes the other policy's title."""
    text = str(hit.get("text") or "")
    return bool(other_title and f"《{other_title}》" in text) or any(
        _SAYS_COMBINING.search(part) for part in sentences(text)
    )


def _title_terms(title: str) -> set[str]:
    """The subject terms of a policy title that name its programme (no kind of document)."""
    return {
        term
        for term in subject_terms(normalize_query(title))
        if len(term) >= 2 and not _KIND_OF_DOCUMENT.match(term)
    }
