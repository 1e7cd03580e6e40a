"""A policy that names what the firm asks about only in passing — as a wrongdoing ("骗取出口退税等违法
行为的，不予支持"), as another benefit it rules out ("已享受创业担保贷款财政贴息的贷款，不得重复贴息")
or as a paper to hand in ("需提交身份证、营业执照…") — says nothing of how the firm gets it: "出口退税一般
多久能退下来", "创业担保贷款最多能贷多少" and "身份证丢了去哪补办" are not answered by it.
"""

from __future__ import annotations

import functools
import re

from bot.actions.benefits_had import asks_about_both, had_ruled_out
from policy_index.aspects import BENEFIT_WORDS, asked_aspects
from policy_index.normalize import normalize_query
from policy_index.signals import subject_terms

#: The verbs of a wrongdoing done to something ("骗取出口退税", "套取补贴资金", "偷逃税款").
_WRONGDOING = re.compile(r"骗取|套取|骗领|冒领|虚报|偷逃|逃避|虚开")
#: How far before a term its wrongdoing verb may stand ("骗取国家出口退税").
_REACH = 4
#: A term this long names a programme of its own (出口退税, 创业担保贷款), not a word any clause uses.
MIN_PROGRAMME = 4


def named_only_in_passing(question: str, text: str) -> bool:
    """Whether a programme the question names (a subject term of :data:`MIN_PROGRAMME` characters or
    more) stands in the policy ``text`` (passage-normalised, as ``PolicyIndex.policy_text`` gives it)
    only as the object of a wrongdoing or in sentences ruling out a benefit already had; False when the
    question itself asks about having both or about the wrongdoing ("已经拿了创业担保贷款贴息，还能报吗",
    "骗取出口退税会怎么处理")."""
    if asks_about_both(question):
        return False
    terms = subject_terms(normalize_query(question))
    if any(only_in_passing(term, text) for term in terms if len(term) >= MIN_PROGRAMME):
        return True
    if (
        _OF_THE_LIST.intersection(asked_aspects(question))
        or _HANDS_IN.search(question)
        or BENEFIT_WORDS.search(question)
    ):  # "要带身份证原件吗", "营业执照变更了还能申请吗", "辅导备案被证监局受理了，奖励找谁报": asked of
        return False  # the policy's list, its conditions or its benefit
    return any(only_as_paper(term, text) for term in terms if len(term) >= MIN_PAPER)


def said_in_its_own_right(question: str, text: str) -> float:
    """The share (by weight) of the question's subject terms the policy ``text`` says other than in
    passing: the first-loan policy says more of "…第一笔贷款，区里能帮着出点利息吗" than a guarantee-fee
    policy naming 首贷贴息 only in "已申请《…首次贷款贴息办法》首贷贴息的，不再给予"."""
    terms = subject_terms(normalize_query(question))
    total = sum(terms.values())
    said = sum(weight for term, weight in terms.items() if term in text and not _only_in_passing(term, text))
    return said / total if total else 0.0


#: Aspects that ask about the policy's list of papers itself, whether the firm qualifies or what it
#: gets: asked of a paper, the question is the policy's.
_OF_THE_LIST = frozenset({"materials", "conditions", "amount"})
#: Words of handing a paper in ("要带身份证原件吗") or of whether it is needed ("研发奖补要审计报告吗",
#: "需不需要营业执照"): the question asks about the policy's list.
_HANDS_IN = re.compile(
    r"带|提交|提供|原件|复印件|盖章|需要|需不需要|要不要|用不用|必须|要[^，,。；;？?\s怎咋去哪]{1,8}[吗么嘛]"
)
#: A paper's name is this long at least (身份证, 营业执照, 许可证).
MIN_PAPER = 3
#: A sentence on what to hand in ("需提交…复印件", "申报材料：…").
_PAPERS = re.compile(r"材料|提交|提供|报送|携带|复印件|原件|附件")
#: Sentence ends in a passage-normalised policy text.
_SENTENCE_END = re.compile(r"[。；;\n]")


def only_as_paper(term: str, text: str) -> bool:
    """Whether ``term`` stands in ``text`` only in sentences on what to hand in: "身份证丢了去哪补办" or
    "食品经营许可证怎么办" asks how to get the paper, which a policy listing it as material never says."""
    said = [sentence for sentence in _SENTENCE_END.split(text) if term in sentence]
    return bool(said) and all(_PAPERS.search(sentence) for sentence in said)


def only_in_passing(term: str, text: str) -> bool:
    """Whether every mention of ``term`` in the (passage-normalised) ``text`` is in passing."""
    return term in text and _only_in_passing(term, text)


def _only_in_passing(term: str, text: str) -> bool:
    if all(_after_wrongdoing(term, text, found.start()) for found in re.finditer(re.escape(term), text)):
        return True
    # "担保费补贴" of a policy on 融资担保费用补贴 whose one exact mention rules out 贷款贴息 with it: the
    # policy's own programme, said with a word between (as a full form says an abbreviation)
    said = _said_with_gaps(term)
    return all(ruled for sentence, ruled in had_ruled_out(text) if said.search(sentence))


#: Characters a full form may have between two of a term's ("担保费用补贴" for 担保费补贴).
_GAP = 2


@functools.cache
def _said_with_gaps(term: str) -> re.Pattern[str]:
    """The term as written, or with up to :data:`_GAP` Han characters between two of its characters."""
    gap = f"[\u4e00-\u9fff]{{0,{_GAP}}}"
    return re.compile(gap.join(re.escape(c) for c in term))


def _after_wrongdoing(term: str, text: str, start: int) -> bool:
    return _WRONGDOING.search(text[max(0, start - len("骗取") - _REACH) : start]) is not None
