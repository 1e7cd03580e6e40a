"""What firms describe in their own words, given the name the policy clauses use for it.

Queries only: a firm says "以前从没在银行贷过款，这回贷了三百万" where the clause says 首次贷款,
"网店一年卖了两千多万" where it says 网络零售额, "从东北农大买了项技术在厂里转化" where it says
购买高等院校科技成果. The clauses' name is inserted after the description (never replacing the firm's
words), so both retrieval channels see it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "STARTING_OUT",
    "STARTUP_LOAN",
    "name_bought_technology",
    "name_bridge_loans",
    "name_cloud_bought",
    "name_described",
    "name_design_bought",
    "name_entered_statistics",
    "name_factory_systems",
    "name_first_loans",
    "name_ip_pledges",
    "name_local_produce_bought",
    "name_new_production_lines",
    "name_office_buildings",
    "name_online_sales",
    "name_skills_certificates",
    "name_startup_loans",
]

_SEGMENT = re.compile(r"[^，。,；;！？?!]+")


def _named_after(text: str, end: int, name: str) -> str:
    """``text`` with ``(name)`` inserted at ``end``."""
    return f"{text[:end]}({name}){text[end:]}"


def _after_match(
    text: str,
    pattern: re.Pattern[str],
    name: str,
    *,
    said: tuple[str, ...] = (),
    unless: re.Pattern[str] | None = None,
) -> str:
    """``name`` after the first match of ``pattern``, unless the text already says ``name`` or one of
    ``said``, or ``unless`` is found in the match."""
    if any(word in text for word in (name, *said)):
        return text
    found = pattern.search(text)
    if found is None or (unless is not None and unless.search(found.group())):
        return text
    return _named_after(text, found.end(), name)


def _after_part(text: str, tells: Callable[[str], bool], name: str, *, said: str) -> str:
    """``name`` after the first part of the text (between punctuation) that ``tells`` of the thing,
    unless the text already says ``said``."""
    if said in text:
        return text
    part = next((p for p in _SEGMENT.finditer(text) if tells(p.group())), None)
    return text if part is None else _named_after(text, part.end(), name)


#: A first bank loan as firms describe it: "第一次跟银行贷款", "第一次贷的款", "头一回(→首次)在农商行贷了
#: 两百万", "以前从没在银行贷过款", "从来没跟银行借过钱". Clauses call it 首次贷款 (首贷); a first
#: 创业担保贷款 is that programme.
_FIRST_LOAN = re.compile(
    r"(?:首次|第一次)[^，。,；;！？?!]{0,8}?(?:贷款|贷[了到的]款?|借款|借了钱?)"
    r"|(?:从来?没有?|从未|没有?)[^，。,；;！？?!]{0,6}?(?:贷过|借过)(?:款|钱)?"
)
FIRST_LOAN = "首次贷款"
_GUARANTEED = re.compile("担保")


def name_first_loans(text: str) -> str:
    """Add 首次贷款 after the first description of a first bank loan, unless the text already says it."""
    return _after_match(text, _FIRST_LOAN, FIRST_LOAN, unless=_GUARANTEED)


#: A loan falling due that the bank will renew once the old one is repaid, the firm short of the cash to
#: repay it first: "下礼拜有笔八百万的贷款到期，银行说续贷没问题，就是手头一下子凑不齐钱先还旧的".
#: Clauses call the fund lending that cash 应急转贷 (过桥资金 and 转贷 map to it in the synonyms).
_FALLS_DUE = re.compile(r"到期")
_RENEWED = re.compile(r"续贷|(?:能|可以|答应|同意|说|肯)续|续上")
_SHORT_OF_CASH = re.compile(r"先还|还上|还旧|凑不|周转不|钱不够|不够还|垫")
BRIDGE_LOAN = "应急转贷"


#: The fund itself as firms describe it: "临时借政府的钱先还银行", "帮企业先垫钱还银行", "政府那个先帮企业
#: 还旧贷的钱". Not 借新还旧 (a new loan repaying the old one: the first-loan clauses rule it out).
_LENT_TO_REPAY = re.compile(
    r"(?<!新)(?:借|垫)[^，。,；;！？?!\s]{0,8}?先?还(?:银行|旧贷|旧的|贷款)|先[^，。,；;！？?!\s]{0,4}?还旧贷"
)
_NEW_FOR_OLD = re.compile(r"借新还旧")


def name_bridge_loans(text: str) -> str:
    """Add 应急转贷 after the part saying the bank will renew a loan falling due that the firm cannot
    repay first, or after money said to be lent to repay the bank first, unless the text already says it
    or speaks of 借新还旧."""
    if _NEW_FOR_OLD.search(text):
        return text
    if _FALLS_DUE.search(text) and _RENEWED.search(text) and _SHORT_OF_CASH.search(text):
        return _after_part(text, lambda part: bool(_RENEWED.search(part)), BRIDGE_LOAN, said=BRIDGE_LOAN)
    return _after_match(text, _LENT_TO_REPAY, BRIDGE_LOAN)


#: Selling online as firms describe it: "网店一年卖了两千多万", "在网上卖沃柑", "在抖音上卖莲藕",
#: "直播带货卖了一千万出头", "线上卖了六百多万". Clauses count it as 网络零售额 (网络销售额) of
#: 电子商务 firms.
_ONLINE_SALES = re.compile(
    r"网店|网上(?:卖|销售|零售|开店)|线上(?:卖|销售)|直播(?:带货|卖货|卖)"
    r"|(?:抖音|快手|淘宝|天猫|京东|拼多多|视频号|小红书|直播间)[上里]?(?:卖|销售|带货|开店|开了)"
)
ONLINE_SALES = "网络零售额"


def name_online_sales(text: str) -> str:
    """Add 网络零售额 after the first description of selling online, unless the text names the figure."""
    return _after_match(text, _ONLINE_SALES, ONLINE_SALES, said=("网络销售额",))


#: A technology or patent bought from a university or research institute: "从太原理工买了个专利在这边
#: 投产", "给湘潭大学付了一笔技术转让费", "高校的专利买过来在厂里落地". Clauses: 购买高等院校、科研院所
#: 科技成果并实施转化.
_UNIVERSITY = re.compile(
    r"大学(?!生)|[农工师交医财科]大|[从向给跟][\u4e00-\u9fff]{1,3}大[买购付那的]"  # 从贵大买了项专利
    r"|理工|高校|院校|学院|研究院|研究所|院所|科学院|学校"
)
_BOUGHT = re.compile(r"买|购|转让|受让|付了|付给|引进")
_TECHNOLOGY = re.compile(r"专利|技术|成果")
BOUGHT_TECHNOLOGY = "购买科技成果转化"


def _tells_of_technology_bought(part: str) -> bool:
    return all(p.search(part) for p in (_UNIVERSITY, _BOUGHT, _TECHNOLOGY))


def name_bought_technology(text: str) -> str:
    """Add 购买科技成果转化 after the first part of the text telling of a university's technology bought."""
    return _after_part(text, _tells_of_technology_bought, BOUGHT_TECHNOLOGY, said="科技成果")


#: Design work bought from a design firm: "请外面设计公司帮忙做产品外观", "找外地设计公司给我们做结构设计".
#: Clauses: 购买专业工业设计服务 / 委托专业设计机构.
_DESIGN_BOUGHT = re.compile(r"(?:请|找|委托|雇)[^，。,；;！？?!]{0,8}?设计(?:公司|机构|工作室|团队|院)")
DESIGN_BOUGHT = "购买工业设计服务"


def name_design_bought(text: str) -> str:
    """Add 购买工业设计服务 after the first mention of a design firm engaged."""
    return _after_match(text, _DESIGN_BOUGHT, DESIGN_BOUGHT)


#: Entering the statistics of firms above the size threshold as firms say it, after the lexicon read 规上
#: as 规模以上: "今年刚进的规上库", "8月份刚纳入规上工业统计". Clauses: 首次升规 (小升规) rewards.
#: "还没进规上" says the firm is below the threshold: no entry.
_ENTERED_STATISTICS = re.compile(
    r"(?:没有?|未|不|尚未)?(?:进|入|纳入|进入|迈入|升入)[了的]?规模以上(?:工业)?(?:库|统计|企业)?"
)
_NOT_ENTERED = re.compile(r"^(?:没|未|不|尚未)")
ENTERED_STATISTICS = "首次升规"


def name_entered_statistics(text: str) -> str:
    """Add 首次升规 after a firm's entry into the 规模以上 statistics, unless the text names the reward
    or says the firm has not entered them."""
    return _after_match(text, _ENTERED_STATISTICS, ENTERED_STATISTICS, unless=_NOT_ENTERED)


#: A patent or trademark pledged for a bank loan, said as firms say it: "拿专利去银行抵押贷款", "用商标做
#: 抵押借钱". Clauses: 知识产权质押融资 (专利权质押); a patent can only be pledged, so 抵押 means that.
_IP_PLEDGE = re.compile(r"(?:专利|商标|知识产权|著作权|版权)[^，。,；;！？?!]{0,8}?(?:抵押|押给|质押)")
IP_PLEDGE = "知识产权质押融资"


def name_ip_pledges(text: str) -> str:
    """Add 知识产权质押融资 after a patent or trademark said to be pledged for a loan, unless the text
    says 质押融资 already."""
    return _after_match(text, _IP_PLEDGE, IP_PLEDGE, said=("质押融资",))


#: Farm produce bought from local growers: "一年收咱本地的玉米大豆三千五百万", "从农户手里收了五百来万的
#: 核桃", "从本地合作社收黄豆玉米". Clauses: 收购本区农产品 (a processing firm's purchase reward).
_GROWERS = re.compile(r"本地|当地|本区|本县|本市|农户|农民|合作社|老乡|乡亲|种植户|养殖户")
_BUYS_PRODUCE = re.compile(r"(?<![增税营回验接签吸征没丰创])收(?:了|购|过)?(?![入益到费取款回税据藏银])")
LOCAL_PRODUCE_BOUGHT = "收购本地农产品"


def _tells_of_produce_bought(part: str) -> bool:
    return bool(_GROWERS.search(part) and _BUYS_PRODUCE.search(part))


def name_local_produce_bought(text: str) -> str:
    """Add 收购本地农产品 after the first part of the text telling of produce bought from local growers."""
    return _after_part(text, _tells_of_produce_bought, LOCAL_PRODUCE_BOUGHT, said="收购")


#: A cloud provider named for the service bought ("一年在阿里云上花五十来万"), or a system bought "on the
#: cloud" ("买了一套云上的ERP系统"). Clauses: 企业上云, 云服务费用.
_CLOUD = re.compile(
    r"(?:阿里|腾讯|华为|天翼|移动|联通|百度智能|京东|金山)云|云服务器"
    r"|云(?:上|端)的?[^，。,；;！？?!\s]{0,6}(?:系统|软件|ERP|平台)"
)
CLOUD = "企业上云 云服务"


def name_cloud_bought(text: str) -> str:
    """Add 企业上云 云服务 after the first cloud provider named, unless the text says 上云 already."""
    return _after_match(text, _CLOUD, CLOUD, said=("上云",))


#: A skills certificate said by its trade or level: "考了电工中级证", "焊工技师证", "中级电工证", "高级工证"
#: (技师 heard as 继师). Clauses say 职业技能等级证书; not a 施工/开工 permit, nor a 证书/证明 said in full.
_SKILLS_CERTIFICATE = re.compile(r"(?:[初中高]级工?|[技继]师|(?<![施开务员])工)证(?![书明件照券号据])")
SKILLS_CERTIFICATE = "职业技能等级证书"


def name_skills_certificates(text: str) -> str:
    """Add 职业技能等级证书 after the first skills certificate said by trade or level, unless the text
    says it already (or a 职业资格证书)."""
    return _after_match(text, _SKILLS_CERTIFICATE, SKILLS_CERTIFICATE, said=("职业资格",))


#: An office building as firms say it (写字楼, 商务楼), or an office they rent ("租了三百平办公室",
#: "办公室是跟母公司租的"); clauses say 商务楼宇 (楼宇经济) or 办公用房.
_OFFICE_BUILDING = re.compile(
    r"写字楼|办公楼(?!层)|商务楼(?!宇)|租[^，。,；;！？?!\s]{0,8}?办公室|办公室[^，。,；;！？?!\s]{0,8}?租"
)
OFFICE_BUILDING = "商务楼宇 办公用房"
_INCUBATED = re.compile(r"孵化|在孵|众创|园区|产业园|基地")


def name_office_buildings(text: str) -> str:
    """Add 商务楼宇 办公用房 after the first 写字楼 / 办公楼 or office rented, unless the text says 楼宇
    already or the office is in an incubator or a park (their own rent programmes: 孵化器, 众创空间,
    电商园区, 产业基地)."""
    if _INCUBATED.search(text):
        return text
    return _after_match(text, _OFFICE_BUILDING, OFFICE_BUILDING, said=("楼宇",))


#: A production line put in or renewed as firms tell it: "去年新上了一条生产线 设备投了两千万", "换了条
#: 自动化产线", "今年上了新灌装线", "换了一批新织机", "把老冲床全换成数控的了". Clauses call it 技术改造
#: (设备更新) and pay on 设备购置投资.
_NEW_LINE = re.compile(
    r"(?:新上|上了?|新建|建了?|换了?|买了?|引进|新增|扩建|更新)[^，。,；;！？?!\s]{0,8}?"
    r"(?:生产线|产线|流水线|(?:灌装|贴片|包装|装配|组装|涂装|喷涂|焊接|冲压|注塑|压铸|机加工?)线)"
    r"|(?:冲床|机床|设备|机器)[^，。,；;！？?!\s]{0,3}换成"
    # "上半年换了一批新织机", "添了一批数控机床" (not farm machinery: 农机 has its own subsidy)
    r"|(?:换|买|上|添|购置?|更新)了?一批(?:新的?)?(?!农)[\u4e00-\u9fff]{0,3}?(?:设备|机器|机床|织机)"
)
#: The firm names the programme itself (技术改造, 智能化改造, 数字化车间 …): nothing to add.
_NAMES_UPGRADING = re.compile(r"技术改造|设备更新|智能|数字|自动化")
NEW_PRODUCTION_LINE = "设备购置投资"


def name_new_production_lines(text: str) -> str:
    """Add 技术改造 设备购置投资 after the first production line said to be put in or renewed, unless the
    text names an upgrading programme itself."""
    if _NAMES_UPGRADING.search(text):
        return text
    return _after_match(text, _NEW_LINE, NEW_PRODUCTION_LINE)


#: A factory system named by its acronym ("上了一套MES系统", "WMS仓库管理系统"); clauses call putting one in
#: 数字化改造 (生产管控, 设备联网, 质量追溯). ERP alone is office software, often bought as a cloud service.
_FACTORY_SYSTEM = re.compile(
    r"(?<![A-Za-z])(?:MES|WMS|APS|SCADA|PLM|QMS)(?![A-Za-z])(?:[\u4e00-\u9fff]{0,6}?(?:系统|软件))?",
    re.IGNORECASE,
)
#: The firm names the programme or the cloud itself: nothing to add.
_NAMES_DIGITAL = re.compile(r"数字|数智|智能化|智改|技改|技术改造|上云|云上|云端|云服务|服务费")
FACTORY_SYSTEM = "数字化改造"


def name_factory_systems(text: str) -> str:
    """Add 数字化改造 after the first factory system named by its acronym, unless the text names the
    programme (数字化, 技改 …) or a cloud service itself."""
    if _NAMES_DIGITAL.search(text):
        return text
    return _after_match(text, _FACTORY_SYSTEM, FACTORY_SYSTEM)


#: Someone starting out: "想在南关开个小饭馆", "在高庄想开个养殖场", "刚从部队退下来", "自主创业".
STARTING_OUT = re.compile(
    r"(?:想|准备|打算|要|刚)(?:在[^，。,；;！？?!\s]{1,6})?(?:开|办|搞|干)|创业|退伍|退役|部队退"
)
#: Short of money as someone starting out says it: "手头资金有点紧", "就是缺本钱", "缺点启动资金".
_SHORT_OF_MONEY = re.compile(
    r"缺(?:点|些)?(?:本钱|钱|资金|启动资金)|(?:资金|手头|手里)(?:有点|有些|比较)?紧|启动资金|本钱不够|没本钱"
)
#: A loan the firm already has: "贷了两百万", "贷款下个月到期", "续贷", "还贷" (a bridging loan's case).
_LOAN_HELD = re.compile(r"(?:贷|借)了|到期|续贷|转贷|还贷|还款|还旧|借新还旧")
STARTUP_LOAN = "创业担保贷款"


def name_startup_loans(text: str) -> str:
    """Add 创业担保贷款 after someone starting out (:data:`STARTING_OUT`) says they are short of money
    ("我去年从部队退伍回来，想开个农家菜馆，缺点启动资金，有没有贴息的贷款"), unless they speak of a loan
    they already have (:data:`_LOAN_HELD`)."""
    if not STARTING_OUT.search(text) or _LOAN_HELD.search(text):
        return text
    return _after_match(text, _SHORT_OF_MONEY, STARTUP_LOAN)


def name_described(text: str) -> str:
    """All of the above, in turn."""
    for name in (
        name_first_loans,
        name_bridge_loans,
        name_ip_pledges,
        name_online_sales,
        name_bought_technology,
        name_design_bought,
        name_entered_statistics,
        name_local_produce_bought,
        name_cloud_bought,
        name_skills_certificates,
        name_office_buildings,
        name_new_production_lines,
        name_factory_systems,
        name_startup_loans,
    ):
        text = name(text)
    return text
