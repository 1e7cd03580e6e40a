"""What a firm says about itself ("我们是做软件的", "公司25个人", "刚评上专精特新"), kept for later.

A message may give facts and ask at once (我们是做软件的，产品评上了首版次高端软件，有钱拿吗？): the
facts are read here and kept in the ``firm_facts`` slot, and the message still goes to retrieval. The
zone is resolved by the zones file (``ZoneDirectory.resolve``), never guessed; the other facts are
taken from the wording as firms put it and are never invented.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from policy_index.aspects import asked_aspects
from policy_index.normalize import cn_to_number, normalize_query
from policy_index.signals import subject_terms

#: A part of a message that asks something (question words, particles, an A不A / …不 ending).
_ASKS = re.compile(
    r"[？?]|吗|呢|么|多少|多久|多长|多大|多高|多远|才(?:行|能|可以|算)[。！!\s]*$|怎么|怎样|如何|咋|什么|啥|哪|谁|是否|能否|可否|([\u4e00-\u9fff])不\1"
    # "…能减免不", "…能减免不，我们公司三十来个人", "…有补贴没 我们在…": 不/没 closing what is asked
    r"|有没有|可不可以|[\u4e00-\u9fff](?:不|没|没有|没得)(?:[\s。！!]*$|[，,；;]|\s+(?=我|咱|俺|公司|厂|店))|请问|想问|问一下|咨询"
    r"|(?:对|是|没错)吧"  # a guess to confirm: "区里是补一半对吧"
    r"|是[^，,。；;！!]{1,24}?还是"  # 是A还是B: a choice asked without a question mark
    # 几月, 几个, 提前几天; not 十几个人, 几十万, 好几家, 招了几个, 这几天, 那几年, 最近几个月
    r"|(?<![\d十百千万两一二三四五六七八九好了这那头近])几(?![十百千])"
)
_INDUSTRY = re.compile(
    r"(?:我们|我|公司|企业|厂|咱)(?:是|是个|是一家|家是)?(?:做|搞|干|开|从事)(.{1,10}?)的"
    r"|(?:^|那|如果是|要是|换成)(?:做|搞|从事)(.{1,8}?)的(?:公司|企业|厂|单位)"
)
#: How a headcount ends: 八十来号人, 50多名员工, 三百余职工.
_HEADCOUNT = r"(?:来|多|余)?(?:个|号|名)?(?:人|员工|职工|工人)"
_EMPLOYEES = re.compile(r"(\d+|[一二三四五六七八九十两百千]+)" + _HEADCOUNT)
_REVENUE = re.compile(
    r"(?:营收|营业收入|营业额|销售额|产值)[^，。,；;？?]{0,6}?(\d+(?:\.\d+)?|[一二三四五六七八九十两百千]+)\s*(?:多|来)?个?(万|亿)"
)


def stated_revenue(text: str) -> float | None:
    """The revenue (or output) the firm states, in 元 ("我们营收三十多个亿" → 3e9), or None."""
    match = _REVENUE.search(text)
    return float(value) if match and (value := cn_to_number(match.group(1) + match.group(2))) else None


_EVENT = re.compile(
    r"(?:刚|今年|去年|上个月|最近|已经|已)?(?:评上了?|评为|被评为|认定为|被认定为|通过了?|获评|获得了?|拿到了?|入选了?|完成了?|成为)"
    r"(.{2,18}?)(?=[，,。；;！!？?]|$|了|，|有|能(?=不|拿|奖|补|享|申|领|给|报|有|获|算|要|批|办|吗|多|几|[？?，,]|$)|区里|是不是|又|奖|补|呢|吗|的话)"
)
#: What follows 评上 / 通过 without naming anything the firm won: "…评上的那种", "通过认定了".
_NOT_AN_EVENT = re.compile(r"^(?:的|后|之后|以后)|^(?:认定|审核|验收|评审|备案|审批|评定|等级)$")
#: What a clause supposes rather than states ("那要是评上国家级的呢", "如果通过了…").
_SUPPOSES = re.compile(r"要是|如果|假如|假设|万一|想|打算|准备|计划|争取")
_PARTICLES = re.compile(r"[的呢吗了啊呀吧嘛\s，,。？?！!]")
#: A clause that states something about the firm itself: who says it (我们, 公司) or when (今年, 刚)…
_STATES = re.compile(
    r"^(?:我|咱|本公司|公司|企业|厂|单位)|我们|我司|咱们|今年|去年|前年|上个月|最近|刚|已经|已"
)
#: …or reports something the firm did, said without a subject (新招了10个应届生, 买了两台设备, 刚拿到专利)…
_DID = re.compile(r"^(?!他|她|别|人家|你|对方)(?:新|又|也|还|刚刚?)?[\u4e00-\u9fff]{1,3}了")
#: …but not a wish, a supposition or a denial (想申请高企, 要是我们是高企, 还不是高企, 没招过人).
_NOT_A_FACT = re.compile(r"想|要是|如果|假如|打算|准备|计划|能不能|可不可以|不是|没|未|不属于|还不|尚")
_CLAUSE = re.compile(r"[，,。；;！!？?\n]+")
#: A clause ends at punctuation or, as firms type on a phone, at a space between two words ("我们是胜利路
#: 的一家汽配厂 今年给车间上了MES系统"): each such part states a fact of its own.
_CLAUSE_OR_SPACE = re.compile(r"[，,。；;！!？?\n]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_CLAUSE_KEEPING_ENDS = re.compile(r"(?<=[，,。；;！!？?\n])")
#: The 在 of where a firm is — not the 在 of 现在, 正在, 存在 ("那现在有新的吗" says nothing of the firm),
#: nor of 在孵, 在职, 在建 ("那在孵企业房租能减免吗" names the incubated firms' rent, not where the firm is).
_AT_A_PLACE = r"(?<![现正实存所自内外好])在(?!孵|职|岗[职人员]|建(?:项目|工程|的)|校[学生]|读|编|册|线)"
#: What of the firm stands somewhere: "我们楼宇在卫零路那边", "我们厂子在…", "公司的门店在…".
_PREMISES = (
    r"(?:的)?(?:那个|这个|那栋|这栋)?(?:楼宇|大楼|楼|厂房|厂子|厂区|工厂|门店|店面|店铺"
    r"|办公室|办公楼|写字楼|项目|基地|园区|民宿|院子|仓库|孵化器|车间)?"
)
#: The premises just spoken of, pointed at: "那栋楼在湖光快线旁边", "这个厂在麻章镇".
_POINTED_PREMISES = (
    r"(?:那|这)(?:栋|座|个|家|间)(?:楼宇|大楼|楼|厂房|厂子|厂|门店|店|写字楼|办公楼|孵化器|园区|基地|仓库)"
)
#: Where a firm says it is ("我们在…", "我们楼宇在…", "公司位于…", "地址是…").
_LOCATED = re.compile(
    rf"(?:(?:我们|我|公司|企业|厂|店|单位|咱){_PREMISES}|{_POINTED_PREMISES})(?:就)?(?:{_AT_A_PLACE}|位于|注册在|落户在|落在)"
    r"|地址|注册地|选址|厂址"
    # "刚搬进大桥镇的小微企业园", "去年迁到七星镇": where the firm has moved (not 从…搬过来, where it left)
    r"|(?:搬进|搬到|搬入|迁到|迁入|迁进|入驻|进驻|落户)了?(?:到|在)?"
    # "做民宿的，在毛坦厂镇开了家十二间房的民宿": where the firm set up what it runs
    rf"|(?:^|[，,。；;、\s]){_AT_A_PLACE}[^，,。；;？?]{{2,12}}?(?:开了|开的|开着|办了|办的|建了|租了|注册|落户|经营)"
    # "在张山营西大庄科村，两个院子，入住率四成多": a clause that only says where, then more of the case
    rf"|(?:^|[，,。；;、\s])(?:就|都)?{_AT_A_PLACE}[^，,。；;？?！!]{{2,14}}[，,。；;]"
)

#: A request, not a statement ("帮我写首诗", "给我推荐个饭馆").
_REQUEST = re.compile(r"^(?:请|麻烦)?(?:你)?(?:帮我|给我|替我|帮忙|推荐|讲个|讲一个|写)")


def is_request(text: str) -> bool:
    """Whether the message asks the assistant to do something ("帮我写首诗夸夸团泊湖"), stating nothing."""
    return _REQUEST.match(text.strip()) is not None


#: "我们是孙家湾镇的陶瓷厂": what the firm says it belongs to (a zone when the zones file knows it).
_BELONGS = re.compile(r"(?:我们|我|咱们?)(?:就|都)?是([^，,。；;？?！!]{2,16}?)(?:的|这边|那边)")


_AMOUNT = r"(?:\d+(?:\.\d+)?|[零一二三四五六七八九十两百千万几]+)"
#: What tells only how big or how old the firm is: 八十来号人, 去年营收三千万, 产值1.2个亿, 成立五年了.
_SIZE = re.compile(
    _AMOUNT
    + _HEADCOUNT
    + r"|(?:营收|营业收入|主营业务收入|营业额|销售额|销售收入|产值|收入|流水|年销售|销售)"
    + r"[^，,。；;？?！!]{0,8}?"
    + _AMOUNT
    + r"(?:多|来)?个?(?:万|亿)"
    r"|" + _AMOUNT + r"(?:多|来)?个?(?:万|亿)元?的?(?:营收|营业收入|销售额|产值|流水)"
    r"|成立了?" + _AMOUNT + r"(?:多|来)?年|" + _AMOUNT + r"年成立"
)
#: Words around a size that say nothing else (我们公司…, 去年…, 大概…左右).
_SIZE_FILLER = re.compile(
    r"我们|我|咱们|咱|本公司|公司|企业|厂里|厂子|厂|单位|家|是|有|的|了|也|都|就|大概|差不多|左右|将近|接近|刚过|过了|超过"
    r"|去年|今年|前年|上年|一年|全年|年|一共|总共|目前|现在|现有|在职|规模"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def question_part(text: str) -> str:
    """The message less its clauses that only tell the firm's size or age (``八十来号人``,
    ``去年营收三千万``, ``成立五年了``).

    Those facts are kept (:func:`firm_facts`); searched with the question they only dilute it, so that
    "我们二十来人，去年营收八百万，是小规模纳税人，六税两费能减半吗" found nothing. A clause that also
    says something else (``刚评上专精特新``, ``在保税区``, ``营收过两千万能申请吗``) stays. The
    message is returned unchanged when nothing, or everything, would be left out, and when what is
    left only asks for money and names no subject of its own: in "营收头一次过五千万，有奖励吗" the
    revenue is what a reward is asked for ("八十来号人，现在报还来得及吗" still asks about the deadline).
    """
    kept = []
    for clause in clauses(text):
        if _SIZE.search(clause) and not asks_something(clause):
            rest = _SIZE_FILLER.sub("", _SIZE.sub("", clause))
            if len(_CJK.findall(rest)) < 2:
                continue
        kept.append(clause)
    question = "".join(kept).strip()
    if not question or not _CJK.search(question):
        return text
    rewards_the_size = asked_aspects(question) == ["amount"] and not subject_terms(normalize_query(question))
    return text if rewards_the_size else question


#: Where and in what trade a firm is: 我们在蓝村, 公司位于…, 厂子选址在南村镇, 做机械的, 是搞软件的.
_PLACE_OR_TRADE = re.compile(
    rf"(?:(?:选址|厂址|地址)(?:定|选)?在|{_AT_A_PLACE}|位于|注册在|落户在|地址是)[^，,。；;！!？?]{{1,14}}"
    r"|(?:做|搞|干|从事|开)[^，,。；;！!？?]{1,10}?的"
)


def only_tells_about_the_firm(clause: str) -> bool:
    """Whether a clause only says who the firm is — its size, place or trade (``八十来号人``,
    ``我们公司在蓝村``, ``做机械的``) — or nothing at all (``好的``), asking nothing.

    Wishes and plans (``今年想去日本参展``) and events (``刚评上专精特新``) say more than that.
    """
    if asks_something(clause) or _NOT_A_FACT.search(clause):
        return False
    return len(_CJK.findall(less_who_the_firm_is(clause))) < 2


def only_the_situation(text: str) -> str:
    """``text`` without what it says about the firm: its size, place and trade, and the clauses stating
    its qualifications and events (:func:`stated_clauses`): "我们是高新技术企业，做软件的，八十来号人，
    能享受哪些政策" → "能享受哪些政策"."""
    for clause in stated_clauses(text):
        text = text.replace(clause, "")
    return less_who_the_firm_is(text)


def names_a_firm(text: str) -> bool:
    """Whether ``text`` says a firm's size, place or trade ("做餐饮连锁的", "小微企业")."""
    return bool(_SIZE.search(text) or _PLACE_OR_TRADE.search(text))


def less_who_the_firm_is(text: str) -> str:
    """``text`` without its size, place and trade and the filler words around them."""
    return _SIZE_FILLER.sub("", _PLACE_OR_TRADE.sub("", _SIZE.sub("", text)))


#: A figure of the firm's case as said: 一百二十万, 八间, 三百多平, 一年, 15%.
_FIGURE = re.compile(
    _AMOUNT + r"(?:多|来|余)?个?(?:万元|万|亿元|亿|元|年|个月|月|间|平方米|平米|平|亩|人|名|家|台|套|%|倍)"
)
#: What the figures of a case measure: 投资一百二十万, 开业一年了, 客房八间, 占地三十亩.
_MEASURES = re.compile(
    r"投资|投入|开业|营业|经营|运营|成立|建成|做完|完成|开了|面积|占地|房间|客房|床位|营收|收入|产值|花了|用了"
    r"|贷款|贷了|借了|招了|吸纳了|雇了|总共|一共|大概|差不多|左右|多|来"
)


#: A 在 / 位于 whose place was taken out ("我们 在 今年评上了高企" once 湛郎街道 is gone).
_WHERE_LEFT = re.compile(r"(?:在|位于)(?:那边|这边|那儿|这儿)?(?=[\s，,。；;]|$)")


def without_trade(text: str) -> str:
    """``text`` without the trade the firm says it is in and a 在 left without its place ("我们公司做
    医药中间体的 在 今年评上了高企" → "我们  今年评上了高企"): what a firm makes is rarely what a policy
    names."""
    return _WHERE_LEFT.sub("", _INDUSTRY.sub("", text))


def only_figures(text: str) -> bool:
    """Whether a message only gives figures of the firm's case, asking nothing ("投资一百二十万，开业一年了",
    "客房八间，投了一百万"): said after a question, they are that question's case. "设备投资二百五十万"
    names a subject (设备) as well."""
    if asks_something(text) or _NOT_A_FACT.search(text) or not _FIGURE.search(text):
        return False
    rest = _SIZE_FILLER.sub("", _MEASURES.sub("", _FIGURE.sub("", text)))
    return len(_CJK.findall(rest)) < 2


def clauses(text: str) -> list[str]:
    """The clauses of a message, each with the punctuation that ends it."""
    return [clause for clause in _CLAUSE_KEEPING_ENDS.split(text) if clause.strip()]


def asks_something(text: str) -> bool:
    """Whether ``text`` asks a question (rather than only stating facts)."""
    return bool(_ASKS.search(text))


def asking_part(text: str) -> str:
    """The clauses of a message that ask something, joined ("" when it only states facts):
    "还有，贷款到期周转不开用过桥资金，占用费怎么收" → "占用费怎么收"."""
    return "".join(part for part in clauses(text) if asks_something(part))


def firm_facts(text: str, resolve_zone: Callable[[str], str | None]) -> dict[str, Any]:
    """The facts a message states about the firm, e.g. ``{"industry": "软件", "employees": "25"}``.

    Args:
        text: The firm's message.
        resolve_zone: ``ZoneDirectory.resolve`` (zone name, alias or address → zone, None if unsure).

    Returns:
        Only the keys the message states: ``zone``, ``industry``, ``employees``, ``revenue``,
        ``events`` (qualifications won, milestones reached), ``said`` (clauses stating a fact about the
        firm, :func:`stated_clauses`).
    """
    facts: dict[str, Any] = {}
    # a short message names the firm's place ("团泊镇的"); a request does not ("帮我写首诗夸夸团泊湖")
    short = len(text) <= 16 and not is_request(text)
    zone = resolve_zone(text) if _LOCATED.search(text) or short else None
    if not zone and (belongs := _BELONGS.search(text)):
        zone = resolve_zone(belongs.group(1))
    if zone:
        facts["zone"] = zone
    if match := _INDUSTRY.search(text):
        facts["industry"] = match.group(1) or match.group(2)
    if match := next((m for m in _EMPLOYEES.finditer(text) if _states_headcount(text, m)), None):
        facts["employees"] = match.group(1)
    if match := _REVENUE.search(text):
        facts["revenue"] = match.group(1) + match.group(2)
    events = [m.group(1).strip() for m in _EVENT.finditer(text) if _names_an_event(text, m)]
    if events:
        facts["events"] = events
    if said := stated_clauses(text):
        facts["said"] = said
    return facts


def _clause_before(text: str, match: re.Match[str]) -> str:
    """The part of ``match``'s clause of ``text`` before it."""
    return _CLAUSE.split(text[: match.start()])[-1]


def _clause_of(text: str, match: re.Match[str]) -> str:
    """The clause of ``text`` ``match`` is in."""
    return _clause_before(text, match) + _CLAUSE.split(text[match.start() :])[0]


def _names_an_event(text: str, match: re.Match[str]) -> bool:
    """Whether an :data:`_EVENT` match names something the firm won or reached: not only particles ("又评上的
    呢"), a bare procedure ("通过认定了"), a question ("拿到后多久要申请") or a supposition ("那要是评上国家级
    的呢")."""
    event = match.group(1).strip()
    return (
        len(_PARTICLES.sub("", event)) >= 2
        and not _NOT_AN_EVENT.search(event)
        and not asks_something(event)
        and not _SUPPOSES.search(_clause_before(text, match))
    )


def _states_headcount(text: str, match: re.Match[str]) -> bool:
    """Whether an :data:`_EMPLOYEES` match is the firm's headcount, not one asked about ("一个人一个月补多少",
    "招一个残疾人算两个人吗"): a clause that states, or one that says whose it is (我们 / 公司)."""
    clause = _clause_of(text, match)
    return not asks_something(clause) or bool(_STATES.search(clause))


def stated_clauses(text: str) -> list[str]:
    """The clauses of a message that state a qualification or an event of the firm (``我们是高新技术企业``,
    ``今年招了5个应届生``: named in the matcher's vocabulary), kept for its profile.

    Questions, wishes, suppositions and denials are left out: ``我们想申请高企``, ``要是我们是高企呢``,
    ``我们还不是高企`` state nothing the firm has.
    """
    kept: list[str] = []
    subject = False  # "我们是高企，买了六百万的设备": the second clause has the first one's subject
    for clause in (c.strip() for c in _CLAUSE_OR_SPACE.split(text)):
        if len(clause) < 4 or _NOT_A_FACT.search(clause) or asks_something(clause):
            subject = False
            continue
        if _STATES.search(clause) or _DID.search(clause) or (subject and "了" in clause):
            subject = True
            if _vocabulary().find(clause):  # names a qualification or an event the matcher knows
                kept.append(clause)
    return kept


@lru_cache(maxsize=1)
def _vocabulary() -> Any:
    """The matcher's vocabulary of qualifications and events (data/matching/vocabulary.yaml)."""
    from matching import load_vocabulary

    return load_vocabulary()


def merge_facts(known: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """The firm's facts after this message: newer values win, events accumulate (no duplicates)."""
    merged = dict(known or {})
    for key, value in new.items():
        if isinstance(value, list):  # events, said
            merged[key] = list(dict.fromkeys([*(merged.get(key) or []), *value]))
        else:
            merged[key] = value
    return merged


def describe(facts: dict[str, Any]) -> str:
    """The firm's facts other than the zone, as a firm would say them: ``做软件的、营收两千万、25人``."""
    parts = []
    if facts.get("industry"):
        parts.append(f"做{facts['industry']}的")
    if facts.get("revenue"):
        parts.append(f"营收{facts['revenue']}")
    if facts.get("employees"):
        parts.append(f"{facts['employees']}人")
    parts.extend(str(event) for event in facts.get("events") or [])
    return "、".join(parts)
