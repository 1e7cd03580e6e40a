"""What a clause says (its *aspects*) and what a question asks for, from patterns in the Chinese text.

A clause is labelled at build time with every aspect whose pattern it matches (a clause may carry
several, e.g. an amount and its conditions); the labels are stored with the chunk and returned in each
hit as ``"aspects"``. A follow-up such as "要交啥材料" asks for one aspect, and is answered from the
current policy's clause labelled with it (:func:`asked_aspects`).

Aspects, in a fixed order:

``amount``      how much (万元, 比例, 贴息, 减半 …)
``conditions``  who may apply, thresholds, qualifications
``materials``   what to submit
``procedure``   how it is applied for, reviewed, paid out
``deadline``    dates, time limits, application windows
``contact``     the department that handles it, phone numbers
``validity``    when the policy takes effect and until when
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "ASKS_PART_PAID",
    "ASPECTS",
    "ASPECT_LABELS",
    "BENEFIT_WORDS",
    "POLICY_DUE",
    "asked_aspects",
    "clause_aspects",
]

ASPECTS = ("amount", "conditions", "materials", "procedure", "deadline", "contact", "validity")
#: How each aspect is named to people (CLI output, answers).
ASPECT_LABELS = {
    "amount": "金额",
    "conditions": "条件",
    "materials": "材料",
    "procedure": "办理程序",
    "deadline": "时限",
    "contact": "部门/电话",
    "validity": "有效期",
}

_CN_NUM = "一二三四五六七八九十百千两"

#: 到期 said of the policy ("啥时候到期"), not of what else falls due in the same phrase: a loan
#: ("贷款下礼拜到期"), a certificate or qualification, a lease, a contract, a bill.
POLICY_DUE = r"(?:^|(?<=[，,。；;？?！!\s]))(?:(?!贷|借|证|资格|合同|租|债|票|期限)[^，,。；;？?！!])*?到期"

#: A clause that matches the pattern says something about the aspect.
CLAUSE_PATTERNS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(
        rf"\d+(?:\.\d+)?\s*(?:万元|亿元|千元|元|%|％|倍|个百分点)|[{_CN_NUM}]+(?:万元|元|成)"
        r"|最高(?:不超过)?|减半|免征|减按|贴息|全额|按.{0,20}(?:比例|标准)|(?:给予|予以).{0,12}(?:奖励|补贴|补助|资助|扶持)"
        # a rate charged: "按日万分之一收取资金使用费", "费率0.5‰"
        rf"|[万千]分之[\d{_CN_NUM}点.]+|‰|费率"
    ),
    "conditions": re.compile(
        r"条件|符合|满足|具备|具有|不低于|不少于|不超过|不高于|达到|以上的|以下的|适用于|适用范围"
        r"|(?:应当|须|必须)(?:是|为|在|具有|依法|取得|按)|^对.{2,40}的|对(?:在|符合|新|首次|获得|经|当年)"
        r"|认定为|纳入|列入|未发生|不得享受|不予|除外"
        # who may apply, said as a heading: "支持对象。在本区注册登记的小微企业"
        r"|(?:支持|补贴|补助|奖励|资助|申请|申报|适用|扶持|保障)对象|(?:申请|申报)主体"
    ),
    "materials": re.compile(
        r"材料|复印件|证明|申请表|申报书|申报表|营业执照|合同|发票|报表|清单|凭证|身份证|报告|台账|提交|提供"
    ),
    "procedure": re.compile(
        r"受理|审核|审批|审查|复核|核定|公示|拨付|兑付|兑现|发放|到账|办理|流程|程序|登录|平台|系统|网上|线上"
        r"|免申即享|直接享受|自行申报|先.{1,8}后|向.{1,25}(?:提出|提交|申请|申报|报送|备案)"
    ),
    "deadline": re.compile(
        r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{1,2}月(?:底|份|前|起|至)"
        rf"|[\d{_CN_NUM}]+个?(?:工作日|自然日|日内|天内|个月内)|截止|期限|逾期|届满|之日起|每年.{{0,6}}月|当年度|年度内"
        rf"|[\d{_CN_NUM}]+年内(?:提出|申报|提交|申请|报送|办理)|(?:前|内)(?:提出|申报|提交|申请|报送)"
        r"|常年受理|随时受理|按季|按月|每季度|每半年|集中受理|分批"
    ),
    "contact": re.compile(
        r"电话|热线|联系人|\d{3,4}-\d{7,8}|1[3-9]\d{9}|受理部门|主管部门|牵头|负责(?:受理|审核|解释|办理|组织|实施)?"
        r"|(?:局|委员会|委|办公室|中心|科|服务站|税务机关|窗口)(?:负责|受理|办理|审核|会同|联合)|由区.{1,12}(?:局|中心|委|办)"
        r"|(?:向|到|至)[^，。；;]{0,24}(?:局|委员会|中心|办公室|服务站|窗口|税务机关)(?:提交|申报|申请|提出|报送|办理|备案)"
    ),
    "validity": re.compile(
        r"施行|有效期|自.{0,16}起(?:执行|实施|施行|生效)|废止|失效|执行期限|实施期限|执行至|延续至|延长至|停止执行"
    ),
}

#: Names of a benefit itself, whatever it is for: a question naming only these says what it asks for
#: (the amount aspect), not what it is about.
BENEFIT_TERMS = (
    "奖励",
    "补贴",
    "补助",
    "扶持",
    "支持",
    "优惠",
    "资助",
    "奖金",
    "补偿",
    "减免",
    "返还",
    "贴息",
    "政策",
)
BENEFIT_WORDS = re.compile("|".join(BENEFIT_TERMS))

#: How much of a cost is paid, as firms ask it: "利息能帮着出点不", "是不是能补一半", "摊位费能报一部分吗",
#: "区里分担点", "能补点钱不". "报点" / "补点" only before 钱 or the phrase's end: "报点什么材料" asks for
#: materials.
ASKS_PART_PAID = r"帮着?出|[出报补贴](?:一半|一部分)|[出报补贴]一?点(?=[儿钱不吗没呢呗啊？?，,。！!]|$)|分担"

#: What a threshold counts: "要多少家", "招几个人", "多少平米" (the money paid is counted in 元).
COUNTED = r"(?:家|人|名|平|亩|台|套|项|间|户|辆)"

#: A question that matches the pattern asks for the aspect.
QUESTION_PATTERNS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(
        rf"(?<!电话)(?<!号码)多少(?![天日个年号]|{COUNTED})|金额|额度|几万|给钱|多少钱|比例|几成|百分之几|怎么算"
        # the rate of a benefit ("补贴标准是多少"), not a standard the firm meets or writes (安全生产标准化,
        # 标准厂房, 团体标准, 制定行业标准)
        r"|(?<!团体)(?<!行业)(?<!国家)(?<!地方)(?<!国际)(?<!制定)(?<!修订)(?<!主导)(?<!参与)标准(?![化厂件体])"
        r"|奖多少|补多少|能拿|拿多少"
        r"|(?:能|可以|可)(?:补|奖|给|领)点?(?:啥|什么)(?!材料|资料|手续|证明|东西)"  # "这些人能补啥"
        r"|(?:怎么|咋|如何)收(?:费|取)?(?!到)"  # a fee charged: "占用费怎么收"
        r"|(?:什么|啥|哪些|有没有|有)(?:奖励|补贴|补助|扶持|支持|优惠|资助)|(?:奖励|补贴|补助|资助|钱)(?:有)?吗|有钱"
        r"|(?:补|奖|发|给|享受|领|拿)(?:几年|多少年|多久|多长时间)"  # how long the benefit runs: 能补几年
        r"|一共|总共|合计|总计|加起来|算下来"  # the total: "一共能补多少"
        rf"|{ASKS_PART_PAID}"
    ),
    "conditions": re.compile(
        r"条件|资格|门槛|够不够|算不算|符合|能不能(?:申请|申报|享受|报|拿|领|办)|可以(?:申请|申报|享受|报)"
        r"|谁(?:能|可以)|(?:哪些|哪种|哪类|什么|啥)样?的?(?:企业|单位|公司|人|主体)|(?:什么|啥)样的|有没有份|够格|要求|享受"
        # a threshold: "在孵企业要多少家才行", "面积要多大"
        rf"|(?:多少|几)个?{COUNTED}|(?<!力度|金额|额度|比例)多大|(?<!人)才(?:行|能|可以|够|算)"
    ),
    "materials": re.compile(
        r"材料|资料|手续|证明|要啥|需要什么"
        # "要交些啥", "得提供哪些东西" — not "能提供啥服务"
        r"|(?:交|准备|带|提供|提交|递|备)(?:些|点|哪些|哪样)?(?:啥|什么|东西)(?!服务|支持|帮助|政策|补贴|优惠)"
    ),
    "procedure": re.compile(
        r"怎么(?:申请|申报|报|办|弄|领|操作|走)|如何(?:申请|申报|办理)|流程|程序|步骤|去哪(?:里)?(?:申请|报|办)"
        # "用不用我们自己去申请", "要自己报吗" — not "孵化器自己盖楼", "自己出钱建的"
        r"|网上|线上|(?:要|得|需要|用不用|要不要)?自己(?:能|可以)?(?:去|来)?(?:申请|申报|报|办|弄|提交|跑|操作)|主动申请|要不要申请|需不需要申请|单独申请|自动(?=的|吗|么|嘛|到|拨|兑|发|给|打|享|办|算|申|[，,。？?！!\s]|$)|免申|钱.{0,6}(?:到|发|拨|给|打|下来)|到账|拨付|兑现|发放"
        # who files it, and where the money is paid: "谁来报，个人还是公司", "打到哪个卡上"
        r"|谁(?:来|去)?(?:报|申报|申请|办|领)|(?:个人|职工)还是(?:公司|企业|单位)|(?:公司|企业|单位)还是(?:个人|职工)"
        r"|(?:打|发|拨|转)(?:到|给|进)(?:哪|谁)|哪个(?:卡|账户|账号)"
    ),
    "deadline": re.compile(
        r"什么时候|啥时候|何时|截止|期限|时限|多久|哪天|几月份?|月份|时间|日期|来得及|赶得上|赶得及|赶趟|过期|拖久|晚了"
        r"|窗口期|还能报|几号|几时|(?:之前|以前|前)(?:报|交|申报|申请|提交|递)"
    ),
    "contact": re.compile(
        r"哪个部门|什么部门|部门|哪个科室|科室|哪个单位|找谁|找哪|谁负责|谁管|受理|窗口|向谁|交给谁|在哪|去哪|向哪|往哪|电话|联系方式|号码|热线|怎么联系"
        r"|(?:交|报|送|递|寄)(?:到|给|去)?哪(?!些|样)"
    ),
    "validity": re.compile(
        rf"有效期|还有效|还在执行|还能用|失效|废止|{POLICY_DUE}|哪年到哪年|执行到|执行期|实施期|延续|还管用"
    ),
}


#: Dates that only say when the policy itself takes effect or ends (validity, not an application deadline).
_VALIDITY_SPAN = re.compile(
    r"自[^，。；;]{0,24}?起(?:执行|实施|施行|生效)|(?:有效期|执行期限|实施期限)(?:至|为|到)[^，。；;]{0,24}"
    r"|(?:执行|实施|延续|延长)(?:至|到)[^，。；;]{0,16}|[^，。；;]{0,16}(?:同时废止|停止执行)"
)


#: A section heading over who may apply ("一、适用对象", "（二）申报条件", "支持范围"): every clause under it
#: speaks to the conditions, however it words them ("新引进到我区企业全职工作…的硕士研究生").
_CONDITIONS_HEADING = re.compile(
    r"(?:适用|支持|补贴|补助|奖励|资助|申请|申报|扶持|服务)(?:对象|条件|范围)|(?:申报|申请)主体|(?:基本|资格)条件"
)


def clause_aspects(text: str, headings: Sequence[str] = ()) -> list[str]:
    """The aspects a clause's text speaks to, in :data:`ASPECTS` order (possibly empty).

    A date that only says when the policy takes effect or expires makes the clause ``validity``, not
    ``deadline``. A clause under a heading on who may apply (``_CONDITIONS_HEADING``) speaks to the
    conditions.

    Args:
        text: The clause text.
        headings: The headings the clause sits under, outermost first.
    """
    without_validity = _VALIDITY_SPAN.sub("", text)
    under_conditions = any(_CONDITIONS_HEADING.search(heading) for heading in headings)
    return [
        name
        for name in ASPECTS
        if CLAUSE_PATTERNS[name].search(without_validity if name == "deadline" else text)
        or (name == "conditions" and under_conditions)
    ]


def asked_aspects(question: str) -> list[str]:
    """The aspects a question asks for, the one said last first (Chinese puts the ask at the end).

    Args:
        question: The firm's message, e.g. ``要交啥材料，找哪个科室`` → ``["contact", "materials"]``.
    """
    ends = {
        name: max((m.end() for m in pattern.finditer(question)), default=-1)
        for name, pattern in QUESTION_PATTERNS.items()
    }
    return sorted((name for name, end in ends.items() if end >= 0), key=lambda name: -ends[name])
