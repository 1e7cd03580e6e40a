"""Running costs a firm asks to have paid — fuel, power, wages, tolls, insurance premiums, annual fees,
freight, fitting-out — and whether a policy names them.

A subsidy for buying refrigerated trucks or building a greenhouse says nothing of the fuel or the power
bill: "冷藏车的油费有补贴没有" after it asks about something the policy never pays, and its purchase
clause must not answer. A policy that pays such a cost names it in some wording (电费, 用电, 电价).

Any other fee or charge asked to be paid or waived ("打官司的律师费能补吗", "服务费能报吗",
"海域使用金能减吗") is the policy's only when it names what the fee is for (律师, 服务, 海域使用).
"""

from __future__ import annotations

import re

from policy_index.normalize import normalize_passage

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
    # "装修改造的钱" is the renovation a policy pays as 改造提升, not a running cost
    r"装修费?(?!改造|翻新|提升|升级)|装潢": r"装修|装潢|装饰",
}
_COST_PATTERNS = [(re.compile(asked), re.compile(named)) for asked, named in _COSTS.items()]


def cost_it_never_names(question: str, policy_text: str) -> str | None:
    """The running cost ``question`` asks about that ``policy_text`` never names in any wording, or None.

    >>> cost_it_never_names("冷藏车的油费有补贴没有", "新购置冷藏车的，每辆补助2万元。")
    '油费'
    >>> cost_it_never_names("电费补助能补多少", "对数据中心用电给予电价补贴。") is None
    True
    """
    listed = False
    for asked, named in _COST_PATTERNS:
        if match := asked.search(question):
            if not named.search(policy_text):
                return match.group()
            listed = True
    return None if listed else _fee_it_never_names(question, policy_text)


#: A fee or charge the firm names — the two characters before it say what for ("律师费", "复审的费用",
#: "海域使用金"); not 金融, 金额, 金库.
_FEE = re.compile(r"((?:(?!的)[\u4e00-\u9fff]){2})的?(?:费用|费|金)(?![融额库])")
#: … asked whether it is paid, refunded or waived — yes or no ("能补吗", "能减免吗", "有补贴吗"); "能补多少"
#: takes it as covered and asks the amount ("冷库建设的费用能补多少"), and "我们在金江镇" names no fee.
_END = r"(?=$|[？?。，,！!])"
_ASKS_COVERED = re.compile(
    rf"(?:能|可以|能不能|可不可以)(?:补|报|报销|减|减免|免|返|退)(?:吗|不|么|嘛|没)?{_END}"
    rf"|(?:补|报|减|免)不(?:补|报|减|免)|有(?:没有)?(?:补贴|补助|奖励)(?:吗|没|不|么|没有)?{_END}"
    rf"|给(?:不给)?补(?:吗|不|么)?{_END}"
)
#: What precedes 金 / 费 without naming what the money is for (补贴资金, 这笔费用, 奖金).
_NOT_WHAT_FOR = re.compile(r"^(?:补贴|补助|奖励|扶持|专项|财政|资金|一次|这笔|这个|那个|哪些|什么|多少|奖)")


def _fee_it_never_names(question: str, policy_text: str) -> str | None:
    """A fee ``question`` asks to have paid or waived whose purpose ``policy_text`` never names, or None
    (when several are named, none may be said)."""
    if not _ASKS_COVERED.search(question):
        return None
    fees = [m for m in _FEE.finditer(question) if not _NOT_WHAT_FOR.match(m.group(1))]

    def said(stem: str) -> bool:
        if stem[-1] == "租":  # 房租, 年租金: rent, however the policy words it
            return "租" in policy_text
        return stem in policy_text or normalize_passage(stem) in policy_text

    if not fees or any(said(m.group(1)) for m in fees):
        return None
    return fees[0].group().replace("的", "")
