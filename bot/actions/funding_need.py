"""A shortage of money stated without naming any financing ("想开个小餐馆，手头还差二十来万", "资金周转不开"):
the firm asks for financing in all but its words, so the search adds the word the clauses use (贷款; for
someone starting out, 创业担保贷款).
"""

from __future__ import annotations

import re

from policy_index.described import STARTING_OUT, STARTUP_LOAN

#: Money the firm says it lacks: a sum still missing ("还差二十来万", "缺口五十万"), or its funds short
#: ("缺钱", "资金紧张", "周转不开", "手头紧") — not time or people ("还差三个月", "差几个人").
_SHORT_OF_MONEY = re.compile(
    r"(?:还差|还缺|差了|缺了|缺口)[^，。；？！,.;?!]{0,4}?[\d一二两三四五六七八九十几来多百千]+(?:万|块|元)"
    r"|缺钱|缺资金|钱不够|钱紧|手头紧|手头不宽裕"
    r"|资金(?:紧张|不够|不足|短缺|困难|有缺口|周转不[开过灵])|周转(?:不[开过灵]|困难|不过来)"
)
#: Financing already named: the search needs no help.
_FINANCING = re.compile(r"贷|融资|过桥|转贷|担保|贴息|借钱|借款")
#: What is added to the search.
FINANCING_WORD = "贷款"


def short_of_money(text: str) -> bool:
    """Whether ``text`` says the firm lacks money without naming any kind of financing."""
    return _SHORT_OF_MONEY.search(text) is not None and _FINANCING.search(text) is None


def with_financing(text: str) -> str:
    """``text``, with :data:`FINANCING_WORD` added when :func:`short_of_money` says it lacks money (the
    start-up loan's name when the firm is starting out: "刚从部队退下来，想开个小餐馆，手头还差二十来万")."""
    if not short_of_money(text):
        return text
    return f"{text}，{STARTUP_LOAN if STARTING_OUT.search(text) else FINANCING_WORD}"
