"""Questions on a national tax rate ("研发费用加计扣除现在按多少比例扣", "小微企业所得税税率是多少").

A district's benefit policy often takes a tax figure as its base ("按加计扣除额的3%给予补助",
"以税务部门研发费用加计扣除数据为准") without setting the tax itself. Its clauses then share every
word with the question and carry percentages, and the answer model takes them for an answer; they
are not one. Such a question is answered only from a collection that states the rate itself ("按照实际
发生额的100%在税前加计扣除", "按20%的税率缴纳企业所得税").
"""

from __future__ import annotations

import re

#: A grant asked for ("后补助能拿多少", "有没有额外补贴"): a benefit paid on a tax figure, not the tax.
_GRANT = re.compile(r"补助|补贴|奖励|奖补|资助|奖金|奖|扶持资金|额外")
#: A tax whose rate the firm asks about.
_TAX = re.compile(r"加计扣除|所得税|增值税|印花税|契税|房产税|土地使用税|消费税|关税|税率")
#: Asking for the rate or how much is deducted or paid.
_ASKS_RATE = re.compile(
    r"比例|百分之多少|多少%|税率|几成|按多少|扣多少|能扣|抵多少|交多少|缴多少"
    r"|(?:\d+|百分之[一二三四五六七八九十百零两]+)%?还是"
)
_PERCENT = r"(?:\d+(?:\.\d+)?%|百分之[一二三四五六七八九十百零两点]+)"
#: A text stating a tax rate itself: "按照实际发生额的100%在税前加计扣除", "加计扣除比例提高到120%",
#: "按20%的税率缴纳", "税率为15%", "减按25%计算". Not "按加计扣除额的3%给予补助": a grant's rate.
_STATES_RATE = re.compile(
    rf"{_PERCENT}(?:的)?(?:在税前)?加计扣除|(?:税率|加计扣除比例|扣除比例)[^。；;，,]{{0,6}}{_PERCENT}"
    rf"|{_PERCENT}的(?:优惠)?税率|减按{_PERCENT}"
)


#: Asking which taxes are due ("注销个体户要交啥税", "转成公司以后要缴哪些税"): the tax law's, as a rate is.
_ASKS_WHICH_TAX = re.compile(r"(?:交|缴|缴纳|涉及)(?:啥|什么|哪些|哪几种|哪种)税")
#: Asking how a tax preference is had or how much it takes off ("高企的所得税优惠怎么办理", "所得税减免怎么
#: 享受", "小微企业所得税今年怎么减免"): the tax law's too; a district policy at most restates it.
_ASKS_PREFERENCE = re.compile(
    r"(?:优惠|减免|减征|免征)[^，,。？?]{0,4}(?:怎么|如何|咋|能减多少|减多少)"
    r"|(?:怎么|如何|咋)(?:减免|享受|办理优惠|申请优惠)"
)


def asks_a_tax_rate(question: str) -> bool:
    """Whether the question asks a tax's own rate, deduction or preference, or which taxes are due —
    not a benefit paid on a tax figure ("加计扣除一千二百万，后补助能拿多少" asks for the grant)."""
    asks = bool(
        _TAX.search(question) and (_ASKS_RATE.search(question) or _ASKS_PREFERENCE.search(question))
    ) or bool(_ASKS_WHICH_TAX.search(question))
    return asks and not _GRANT.search(question)


def states_the_rate(question: str, text: str) -> bool:
    """Whether a clause states a tax rate or deduction ratio itself, of the tax the question names."""
    taxes = [tax for tax in _TAX.findall(question) if tax != "税率"]
    return bool(_STATES_RATE.search(text)) and all(tax in text for tax in taxes)
