"""A programme or level the question names that the answering policy never says: ``programme_gap``.

A near miss is often a question the collection *almost* answers: it talks about the topic but not the
thing asked. "研发费用加计扣除按多少扣" lands on a high-tech firm policy that says 研发费用 but never
加计扣除; "我们被认定为市级农业产业化龙头企业了" on a policy that rewards only 国家级 and 省级 ones. The
share of the subject the best clause covers (``subject_cov``) dilutes the one missing term among the
covered ones; ``programme_gap`` is 1 when a subject term of the domain dictionary (a programme, tax or
title: 研发费用加计扣除, 以工代训, 小巨人 — :func:`policy_index.signals.domain_terms`) is said nowhere in
the best hit's whole policy, as written or as the full form it abbreviates
(:func:`policy_index.signals.said_in`). The policy rather than the clause: a programme named in the
policy's title or another of its clauses is no gap. Only dictionary terms: with every subject term,
the colloquial words of answerable questions (踢出来, 算下来, 开了个 …) made the gap as large for them;
by 5-fold cross-validation on the development set that version flagged fewer unanswerable questions
(87.3 → 85.5 %), this one more (87.3 → 88.6 %, near misses 51.0 → 54.0 %) at the same 3.2 % of
answerable ones.

A *tier* the policy leaves out is a gap too (:func:`tier_excluded`): the question names a
level on a scale every district uses (国家级 / 省级 / 市级 / 县级, 一 … 五星级, 1A … 5A级 景区) and the policy
names other levels of that scale but neither this one nor a lower one followed by 以上 (省级以上 includes
国家级); a question naming two levels ("原来是市级龙头，今年升成省级了") is about either. A policy that
names no level of the scale says nothing about it and is no gap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from policy_index.aspects import BENEFIT_WORDS, clause_aspects

__all__ = ["ASKED", "only_what_it_grants", "programme_gap", "tier_excluded", "tiers"]

#: Words of the domain dictionary that say what is asked (to apply, a subsidy), not which programme.
ASKED = frozenset({"申报", "申请", "奖补"})

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_ADMIN = {"国家": 4, "省": 3, "市": 2, "县": 1, "区": 1}
#: A named level: 国家级/省级/市级/县级/区级 (not 县级市), N星级, NA级 (景区).
_TIER = re.compile(
    r"(?P<admin>国家|省|市|县|区)级(?!市)"
    r"|(?P<star>[一二三四五1-5])星级?(?!期)"
    r"|(?P<a>[1-5])A级?"
)
#: Said right after a level: that level and every higher one (省级以上, 三星级及以上).
_AND_ABOVE = re.compile(r"^(?:及|或)?以上")


def tiers(text: str) -> list[tuple[str, int, int]]:
    """The levels a text names: ``[(scale, rank, end offset)]``, scale ``admin`` / ``star`` / ``a``."""
    found = []
    for m in _TIER.finditer(text):
        if m["admin"]:
            found.append(("admin", _ADMIN[m["admin"]], m.end()))
        elif m["star"]:
            found.append(("star", _CN_DIGITS.get(m["star"]) or int(m["star"]), m.end()))
        else:
            found.append(("a", int(m["a"]), m.end()))
    return found


def tier_excluded(question: str, policy_text: str) -> bool:
    """The question names a level the policy leaves out (see the module docstring).

    Args:
        question: the normalised question.
        policy_text: the policy's indexed text (normalised the same way).
    """
    named = tiers(policy_text)
    asked: dict[str, set[int]] = {}
    for scale, rank, _ in tiers(question):
        asked.setdefault(scale, set()).add(rank)
    for scale, ranks in asked.items():
        same = [(r, end) for s, r, end in named if s == scale]
        covered = any(
            r == rank or (r < rank and _AND_ABOVE.match(policy_text[end:]))
            for r, end in same
            for rank in ranks
        )
        if same and not covered:
            return True
    return False


#: A sentence that only names where a figure comes from ("研发费用以税务部门研发费用加计扣除数据为准").
_REFERENCE = re.compile(r"[^。；;\n]*(?:为准|为依据)[^。；;\n]*")
#: A form the firm hands in, named after a tax programme ("研发费用加计扣除申报表", "…优惠明细表").
_TAX_FORM = re.compile(r"[\u4e00-\u9fff]{0,16}?(?:申报表|明细表|相关报表)")


def only_what_it_grants(policy_text: str) -> str:
    """The policy's text less what only refers to another programme: the sentences saying where a figure
    is taken from and the forms the firm hands in. A district's R&D grant "以研发费用加计扣除数据为准"
    grants no 加计扣除; "研发费用加计扣除现在按多少比例扣" is a programme it does not speak of."""
    return _TAX_FORM.sub("", _REFERENCE.sub("", policy_text))


def programme_gap(
    programmes: Iterable[str], question: str, policy_text: str, said: Callable[[str, str], bool]
) -> float:
    """1.0 when the policy does not say one of the question's programmes or leaves out the level it
    names, else 0.0.

    A programme is said when its name less the benefit word is (参展补贴 in a policy of 参展补助, 房租补贴
    where it says 房租); dictionary words that say what is asked rather than which programme (申报, 受理,
    贴息, 有效期 …: :func:`policy_index.aspects.clause_aspects` labels them, or :data:`ASKED`) are no
    programme.

    Args:
        programmes: the question's subject terms that are in the domain dictionary.
        question: the normalised question.
        policy_text: the best hit's policy text ("" when there is no hit: every programme is a gap).
        said: whether a term is said in a text (:func:`policy_index.signals.said_in`).
    """
    cores = [
        BENEFIT_WORDS.sub("", term) for term in programmes if term not in ASKED and not clause_aspects(term)
    ]
    granted = only_what_it_grants(policy_text)
    missing = any(core and not said(core, granted) for core in cores)
    return float(missing or (bool(policy_text) and tier_excluded(question, policy_text)))
