"""A relief asked of a policy that grants none: "社保能缓缴吗" is not answered by a subsidy policy.

Firms ask for a charge to be cut, waived, deferred or paid back ("农民工工资保证金能不能减免", "职工社保
能缓缴吗", "高企所得税减按15%咋办", "稳岗返还今年还有吗"). A district's subsidy policies often say the
charge (社会保险, 保证金, 所得税) as a condition or in passing, so they rank high, but a policy that never
speaks of reducing, waiving, deferring or refunding anything cannot say whether this one may be: its
clauses answer another question. Over the written blind collections (blind4–99), every such question
answered from a policy without a word of relief was labelled unanswerable (34 of 34), and every one
labelled with a policy was answered from a policy that grants a relief (18 of 18: 残保金免征,
房租减免, 水电气缓缴).

Both are read as written: "稳岗补贴" asks for a subsidy although the lexicon searches it as 稳岗返还.
Only the words that ask for a relief in so many words count; "房租能免吗", "担保费能退一点不" are also
how firms ask for a subsidy on a cost, and a policy paying part of it answers them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["asks_for_relief", "grants_relief", "relief_it_never_grants"]

#: A question asking for a charge to be cut, waived, deferred or refunded.
_ASKED = re.compile(r"减免|缓缴|缓交|返还|免征|即征即退|减半|退税|减按|减征|免缴|免交")
#: A policy's words for any such relief (wider: a policy that speaks of one may answer on it).
_GRANTED = re.compile(
    r"减免|缓缴|缓交|返还|免征|免收|即征即退|减半|退税|减按|减征|免缴|免交|免除|免费|退还|免于|免租|减收|退付"
)


def asks_for_relief(question: str) -> bool:
    """Whether the question asks for a charge to be cut, waived, deferred or paid back."""
    return _ASKED.search(question) is not None


def grants_relief(policy_text: str) -> bool:
    """Whether a policy's text speaks of any relief at all."""
    return _GRANTED.search(policy_text) is not None


def relief_it_never_grants(question: str, policy_text: Callable[[], str]) -> bool:
    """Whether the question asks for a relief and the policy (its whole text) speaks of none.

    The policy's text is read only when the question asks for a relief: most questions do not.
    """
    if not asks_for_relief(question):
        return False
    text = policy_text()
    return bool(text) and not grants_relief(text)
