"""Clauses that send a case to another policy of the collection.

District packages divide the work between documents and say so: "安全生产标准化达标奖励按照《××区安全生产
标准化建设奖补办法》执行，不在本办法支持范围内", "单纯购买云服务的费用不计入本办法投资额，按照《××通知》
（×政办〔2025〕21号）申请上云补贴". A question about that case matches the referring sentence word for word,
yet the answer — the amount, the conditions — is in the policy referred to. When the best clause is such a
referral and the policy it names has a candidate among the reranked ones, that policy's best clause goes
first (the referring clause stays right behind it, so both are cited).

Not a referral: a clause that only rules out combining ("已按照《…》享受担保费补贴的，不再享受本办法…"),
which answers "能一起拿吗" itself, or an aside in brackets ("（按《…》执行）"). Nor is the order changed for
a question asking whether something counts under the referring policy ("云ERP的订阅费能算进智能化改造的投资额
吗"), which the referring clause answers, or one about another sentence of the clause than the referral.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from policy_index.chunking import sentence_spans

__all__ = ["asks_what_counts", "referred_first", "referred_policy", "sends_case_to", "without_quoted_titles"]

#: A title quoted in a clause with its document number, if any: 《标题》（文号）.
_TITLE_TEXT = r"《(?P<title>[^《》]{4,80})》(?:[（(](?P<doc_no>[^）)]{3,30})[）)])?"
_TITLE = re.compile(_TITLE_TEXT)
#: Any title quoted, however short: 《奉贤区关于做好高校毕业生就业见习工作的通知》.
_QUOTED_TITLE = re.compile(r"《[^《》]{0,80}》")


def without_quoted_titles(text: str) -> str:
    """``text`` without the titles it quotes: what a clause says itself, not the documents it names
    ("已按《…就业见习…通知》享受见习补贴的，不得申请本办法补贴" is no clause on 就业见习)."""
    return _QUOTED_TITLE.sub("", text)


#: "按照《标题》（文号）执行 / 申请上云补贴 / 另行申请": the case is handled by the document named.
_REFERS = re.compile(
    rf"(?<![已不再（(])(?:按照|依照|按){_TITLE_TEXT}(?:的?规定)?(?:另行)?(?:执行|申请|申报|办理|享受|兑现)"
)
#: "可按该办法申报社会保险补贴", "按上述通知另行申请": the case is handled by the document last named before.
_REFERS_BACK = re.compile(
    r"(?<![已不再])(?:按照|依照|按)(?:该|上述|前述)(?:办法|通知|规定|细则|意见|政策|文件)"
    r"(?:的?规定)?(?:另行)?(?:执行|申请|申领|申报|办理|享受|兑现)"
)
#: Asking whether something counts under the policy discussed (算进 / 计入 / 算不算 / 包括).
_COUNTS = re.compile(r"算进|算入|计入|算不算|能不能算|能算|可以算|包括|包含|属于")


def asks_what_counts(question: str) -> bool:
    """Whether the question asks if something counts under a policy ("能算进投资额吗")."""
    return bool(_COUNTS.search(question))


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _sentence_asked(text: str, question: str) -> str:
    """The sentence of ``text`` sharing most character pairs with ``question`` (the first on a tie)."""
    return _sentences_asked(text, question)[0][1]


def _sentences_asked(text: str, question: str) -> list[tuple[int, str]]:
    """The sentences of ``text`` (with where each starts) sharing most character pairs with
    ``question``: all of them on a tie."""
    asked = _pairs(question)
    sentences = sentence_spans(text) or [(0, text)]
    best = max(len(asked & _pairs(sentence)) for _, sentence in sentences)
    return [(start, sentence) for start, sentence in sentences if len(asked & _pairs(sentence)) == best]


def _referrals(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[str, str | None]]:
    """The (title, document number) of each document ``text[start:end]`` sends its case to: named there
    ("按照《…》执行") or named before it in ``text`` ("…《…办法》…。可按该办法申报")."""
    end = len(text) if end is None else end
    for match in _REFERS.finditer(text, start, end):
        yield match.group("title"), match.group("doc_no")
    for match in _REFERS_BACK.finditer(text, start, end):
        named = list(_TITLE.finditer(text, 0, match.start()))
        if named:
            yield named[-1].group("title"), named[-1].group("doc_no")


def referred_policy(
    text: str, own_policy: str, policies: Mapping[str, Mapping], question: str | None = None
) -> str | None:
    """The id of the other policy of the collection that ``text`` (a clause of ``own_policy``) sends its
    case to, matched by the title or document number it names; None when it names none of them. With
    ``question``, only the sentence the question is about counts (each of them, when several share as
    much with it): a clause on 见习 that ends by sending the hiring subsidy elsewhere still answers
    "见习补贴怎么领". The document may be named in the sentence ("按照《…》执行") or before it and then
    called 该办法 / 上述通知 ("…不得申报《…办法》规定的补贴。留用后，可按该办法申报社会保险补贴")."""
    spans = (
        [(start, start + len(sentence)) for start, sentence in _sentences_asked(text, question)]
        if question is not None
        else [(0, len(text))]
    )
    for title, doc_no in (found for span in spans for found in _referrals(text, *span)):
        for pid, meta in policies.items():
            if pid != own_policy and _names(meta, title, doc_no):
                return pid
    return None


def sends_case_to(text: str, target: Mapping) -> bool:
    """Whether ``text`` (a policy's clauses) sends a case to the policy ``target`` (its metadata) by its
    title or document number ("使用应急转贷资金的，按照《…应急转贷资金管理办法》执行"); naming it only to
    rule out a benefit had under it ("已享受《…》的，不再享受") sends nothing."""
    return any(_names(target, title, doc_no) for title, doc_no in _referrals(text))


def _names(meta: Mapping, title: str, doc_no: str | None) -> bool:
    """Whether a title and document number quoted in a clause are the policy ``meta``'s."""
    return meta.get("title") == title or bool(doc_no and meta.get("doc_no") == doc_no)


def referred_first(
    order: Sequence[int],
    candidates: Sequence[int],
    chunks: Sequence[Mapping],
    policies: Mapping[str, Mapping],
    question: str,
) -> list[int]:
    """``order`` (indices into ``candidates``) with the best clause of the policy the best candidate
    refers its case to moved first, when that policy is among the candidates."""
    order = list(order)
    if not order or asks_what_counts(question):
        return order
    best = chunks[candidates[order[0]]]
    text, own = str(best.get("text") or ""), str(best.get("policy_id"))
    asked = _pairs(question)

    def closeness(pid: str) -> int:
        return len(asked & _pairs(str(policies.get(pid, {}).get("title") or "")))

    to_own = closeness(own)
    target = referred_policy(text, own, policies, question)
    if target is None:
        # the sentence asked about only excludes the case ("不包括安全生产标准化达标创建"), the next one
        # sends it elsewhere: the policy named is the one whose title the question is closer to
        target = referred_policy(text, own, policies)
        if target is None or closeness(target) <= to_own:
            return order
    # a question closer to the referring policy's own title than to the policy named or to the words of
    # the sentence sending it there is about that policy, whatever case one of its sentences sends
    # elsewhere ("应急转贷资金怎么申请" and 应急转贷's "首贷利息支持请按《首贷…》申请")
    said = len(asked & _pairs(without_quoted_titles(_sentence_asked(text, question))))
    if to_own > max(closeness(target), said):
        return order
    first = next((i for i in order if chunks[candidates[i]].get("policy_id") == target), None)
    if first is None:
        return order
    return [first, *[i for i in order if i != first]]
