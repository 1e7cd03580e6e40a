"""Running costs a firm asks to have paid — fuel, power, wages, tolls, insurance premiums, annual fees,
freight, fitting-out — and whether a policy names them.

A subsidy for buying refrigerated trucks or building a greenhouse says nothing of the fuel or the power
bill: "冷藏车的油费有补贴没有" after it asks about something the policy never pays, and its purchase
clause must not answer. A policy that pays such a cost names it in some wording (电费, 用电, 电价).
"""

from __future__ import annotations

import re

#: Each running cost as a firm names it -> the words a policy paying it would use.
_COSTS: dict[str, str] = {
    r"油费|燃油|加油|油钱": r"油费|燃油|油价|加油|油耗",
    r"电费|电钱|用电": r"电费|用电|电价|电力|电量",
    r"水费|用水": r"水费|用水|水价",
    r"燃气费|气费": r"燃气|天然气|气价|用气",
    r"工资|薪水|薪酬": r"工资|薪|报酬",
    r"过路费|通行费": r"通行费|过路|高速",
    r"停车费": r"停车",
    r"餐费|伙食": r"餐|伙食",
    r"维修费|保养费": r"维修|保养|维护",
    r"话费|网费|宽带费": r"话费|网费|宽带|通信",
    # an insurance the firm buys ("种植保险", "上保险"), not the social insurance it pays for its staff
    r"车险|保险费|保费|(?<!社会)(?<!失业)(?<!医疗)(?<!养老)(?<!工伤)(?<!生育)保险": r"保险|保费",
    r"年费": r"年费",
    r"海运费|空运费|运费|快递费|物流费": r"运费|运输费|物流费|快递|运输",
    r"装修费?|装潢": r"装修|装潢|装饰",
}
_COST_PATTERNS = [(re.compile(asked), re.compile(named)) for asked, named in _COSTS.items()]


def cost_it_never_names(question: str, policy_text: str) -> str | None:
    """The running cost ``question`` asks about that ``policy_text`` never names in any wording, or None.

    >>> cost_it_never_names("冷藏车的油费有补贴没有", "新购置冷藏车的，每辆补助2万元。")
    '油费'
    >>> cost_it_never_names("电费补助能补多少", "对数据中心用电给予电价补贴。") is None
    True
    """
    for asked, named in _COST_PATTERNS:
        if (match := asked.search(question)) and not named.search(policy_text):
            return match.group()
    return None
