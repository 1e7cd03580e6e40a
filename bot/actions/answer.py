"""Compose a cited answer from ``PolicyIndex.search`` results.

The answer leads with the direct point the firm asked for (an amount, a condition, a deadline, the
department, a phone number, the materials), taken verbatim from a sentence of a cited clause, then
names the clauses it rests on. Nothing in the text is invented: every figure comes from a cited
clause or from the citation itself (document number, expiry date). The structured citations go into
the ``json_message`` payload described in docs/interfaces.md.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.actions.facts import stated_revenue
from policy_index.aspects import ASKS_PART_PAID, POLICY_DUE
from policy_index.chunking import cited_labels
from policy_index.normalize import cn_to_number
from policy_index.old_documents import asks_about_the_old
from policy_index.referral import without_quoted_titles
from policy_index.successors import REPEALS
from policy_index.trades import trade_categories

#: What a question asks for → (words in the question, pattern of a sentence that answers it).
FOCUS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "amount": (
        re.compile(
            r"(?<!电话)(?<!号码)多少(?![天日个年号])|金额|额度|最高|几万|给钱|多少钱|比例|几成|百分之几|标准|怎么算|奖多少|补多少"
            r"|(?:什么|啥|哪些|有没有|有)(?:奖励|补贴|补助|扶持|支持|优惠|资助)|(?:奖励|补贴|补助|资助)(?:有)?吗"
            rf"|{ASKS_PART_PAID}"
        ),
        # a sum or share paid, or a rate charged ("按日万分之一收取资金使用费", "0.1‰")
        re.compile(
            r"\d+(?:\.\d+)?\s*(?:万元|亿元|元|%|％|‰)|[一二三四五六七八九十百千]+万元|[万千]分之[\d一二三四五六七八九十点.]+"
        ),
    ),
    "deadline": (
        re.compile(r"什么时候|何时|截止|期限|多久|哪天|几月|时间|日期|过期|来得及|赶得上|赶趟"),
        re.compile(r"\d{4}年|\d{1,2}月\d{1,2}日|\d+个?工作日|日前|前提出|期限|年底|逾期"),
    ),
    "department": (
        re.compile(r"哪个部门|什么部门|哪里|哪儿|去哪|找谁|谁负责|受理|窗口|向谁|交给谁|在哪"),
        re.compile(
            r"受理部门|向.{2,20}(?:申请|提出|提交)|(?:局|办公室|中心|委员会|科)(?:申请|受理|办理|提出)?"
        ),
    ),
    "phone": (
        re.compile(r"电话|联系方式|号码|咨询热线|打给谁|怎么联系"),
        re.compile(r"\d{3,4}-\d{7,8}|1[3-9]\d{9}|电话"),
    ),
    "materials": (
        re.compile(r"材料|资料|准备什么|准备啥|提交什么|带什么|需要什么|要什么|手续|证明"),
        re.compile(r"材料|提交|提供|复印件|证明|申请表|合同|发票"),
    ),
    "condition": (
        re.compile(r"条件|能不能|能否|可以吗|可不可以|符合|资格|享受|要求|够不够|算不算|有没有份"),
        # who may not, or not at the same time, answers "能不能" too ("不予补贴", "不得同时申请")
        re.compile(
            r"应当|须|符合|条件|满足|不高于|不低于|以上|以下|未发生|对.{2,30}的|不予|不得|不再|不重复|不适用"
            r"|(?:支持|适用|申报|申请|补助|奖励|贷款|扶持)对象"
        ),
    ),
    "procedure": (
        re.compile(
            r"怎么申请|如何申请|怎么办|流程|程序|自己去|主动申请|免申|到账|拨付|兑现|发放|钱.{0,6}(?:到|发|下来)"
        ),
        re.compile(r"免申即享|直接拨付|拨付|兑现|兑付|发放|公示|审核|受理|登录|线上|网上|自行申报|申请"),
    ),
    "validity": (
        re.compile(rf"有效期|{POLICY_DUE}|失效|执行到|执行至|延续|哪年"),
        re.compile(r"施行|有效期|执行至|执行到|废止|延续|延长至"),
    ),
    # What a benefit covers and who bears it ("机票住宿能报吗", "利息谁出"): led with only when asked
    # of the policy discussed (:data:`EXPLICIT_ONLY`), never read from a first question.
    "coverage": (
        re.compile(r"能(?:不能)?报|算不算|包括|包含|谁(?:来)?(?:出|承担|付)"),
        re.compile(
            r"不予|不包括|不含|仅限|除外|不属于|以外的|由[^，,。；;]{1,12}?(?:承担|支付|负担|全额|按)"
        ),
    ),
}
#: What a section heading calls the part a focus asks for ("二、见习单位条件", "五、申报材料"): its
#: sentences answer that focus though they use none of its words ("经认定为见习基地，能提供不少于5个岗位").
SECTION_OF_FOCUS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(r"标准|金额|额度"),
    "condition": re.compile(r"条件|对象|资格|要求"),
    "materials": re.compile(r"材料"),
    "deadline": re.compile(r"时间|期限"),
    "department": re.compile(r"经办|受理|部门|机构"),
    "phone": re.compile(r"联系|电话"),
    "procedure": re.compile(r"程序|流程|办理|方式"),
    "validity": re.compile(r"有效期|施行"),
}
#: A sentence this short is a clause's own label ("见习补贴。"), which says nothing of its section.
MIN_SECTION_SENTENCE = 10
#: Asking when ("多久", "啥时候"), with words of the money paid ("到账", "钱…下来", "拿到钱"): "那批下来
#: 多久能到账", "钱啥时候下来", "奖励什么时候发". "多久能批下来" asks about approval, "补贴能拿到多少"
#: the amount.
_ASKS_WHEN = re.compile(r"多久|多长时间|什么时候|啥时候|几时|哪天|何时|几个月|几天")
_PAID = re.compile(
    r"到账|拨付|拨款|兑付|兑现|打款|到手|(?:拿|领)到钱"
    r"|(?:钱|资金|奖金|奖励|补贴|补助|款|税)[^，,。？?]{0,6}(?:到|发|下来|拨|打|拿到|领到)"
)
#: A policy text that says anything about paying the money out.
SAYS_PAYOUT = re.compile(
    r"拨付|兑付|兑现|发放|到账|拨款|核拨|划拨|拨入|拨到|打入|下达|退还|返还|退付|支付|发给|账户"
)


def asks_when_paid(question: str) -> bool:
    """Whether the question asks when the money arrives ("钱啥时候到账", "奖励什么时候发")."""
    return bool(_ASKS_WHEN.search(question) and _PAID.search(question))


#: A sentence on paying the money out leads by this much more when the question asks when it arrives.
PAYOUT_BONUS = 1.0
#: A sentence saying the money is paid to the firm ("资金直接拨付至企业账户", "奖励资金于6月底前兑现"), not
#: one that only names an issued loan ("当年发放的首贷").
PAYS_OUT = re.compile(
    r"拨付|兑付|兑现|到账|拨入|打入|划拨|(?:资金|补贴|补助|奖励|奖金|贴息)[^，,。；;]{0,8}发放"
)
#: Focus names :func:`focus_of` never reads from a question: the caller asks for them.
EXPLICIT_ONLY = frozenset({"coverage"})
#: The aspect labels of policy_index.aspects → the focus names above.
FOCUS_OF_ASPECT = {
    "amount": ["amount"],
    "conditions": ["condition"],
    "materials": ["materials"],
    "procedure": ["procedure"],
    "deadline": ["deadline"],
    "contact": ["department", "phone"],
    "validity": ["validity"],
}

_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])|\n+")
#: A line broken mid-sentence in the Markdown ("…或登记失业人员，\n与其签订…"): one sentence, not two —
#: unless the next line opens an item or a table row.
_HARD_WRAP = re.compile(
    r"(?<=[，、])[ \t]*\n+[ \t]*"
    r"(?![|｜]|\d+[.．、]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)"
)
_CLAUSE_LABEL = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+条|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])\s*"
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: A level a benefit is given at, as tiered clauses list them ("国家级…100万元；省级…50万元；").
_TIER = re.compile(r"国家级|自治区级|省级|市级|县级|区级|镇级|[1-5一二三四五]A级?|[一二三四五]级|[AB]{1,5}级")
#: A grade in letters ("4A级", "四A", "AAAA级"), as "4A" — asked "4A呢", a clause writes "4A级的".
_LETTER_GRADE = re.compile(r"([1-5一二三四五])A级?|(A{1,5})级")
_DIGIT = str.maketrans("一二三四五", "12345")


def _tiers(text: str) -> set[str]:
    """The levels a text names (省级, 二级, 4A: "AAAA级", "四A" and "4A级" as "4A")."""
    return {
        f"{(m.group(1) or str(len(m.group(2)))).translate(_DIGIT)}A"
        if (m := _LETTER_GRADE.fullmatch(tier))
        else tier
        for tier in _TIER.findall(text)
    }


#: A sentence naming the level asked scores this much more; one naming only other levels this much less.
TIER_BONUS, OTHER_TIER_PENALTY = 1.0, 0.5
#: A later round of the same benefit (重新认定, 有效期满后, 证书到期, 复审, 续期): the special case a clause
#: may add to the general one ("首次通过认定…20万元；期满后重新认定通过…10万元"). Not 再次 ("不得再次享受"
#: answers "还能再奖一次吗") nor a loan's 到期 (应急转贷 is for loans that fall due).
_LATER_ROUND = re.compile(
    r"重新(?:认定|评定|认证|申报)|(?:有效期|证书|资格)(?:满|到期)|期满后|复审|复核通过|续期"
    r"|再(?:奖励|给予|补助|补贴|奖)"  # a reward that follows the first ("连续两年保持在库的，再奖励2万元")
)
#: A sentence about a later round scores this much less when the question names none ("评上高企给多少" is
#: led by the first-time amount, whichever of the two clauses ranked first: hits lead by 0.3 each), and
#: this much more when it names one ("证书到期以后又评上的呢").
LATER_ROUND_WEIGHT = 0.4
#: A headcount the firm gives ("我们公司就25个人", as the normalised question writes it) …
_HEADCOUNT = re.compile(r"([\d零一二三四五六七八九十百千两]+)\s*(?:个|名|号)?(?:人|员工|职工)")
#: … and a clause's limit on it ("在职职工人数在30人（含）以下的企业，暂免征收").
_HEADCOUNT_LIMIT = re.compile(r"(\d+)\s*(?:名|人)\s*(?:[（(]含[)）])?\s*(以下|以上|及以下|及以上)")
#: The bonus of a sentence whose headcount limit the firm's headcount meets.
HEADCOUNT_BONUS = 1.0
#: A revenue a clause's tier requires ("上年度营业收入达到10亿元的…；达到30亿元的，给予300万元"): the
#: sums after 达到 / before 以上 in a clause that speaks of revenue.
_REVENUE_WORDS = re.compile(r"营业收入|营收|销售额|销售收入|产值|营业额|主营业务收入")
_TIER_SUM = re.compile(
    r"(?:达到|突破|超过)\s*(\d+(?:\.\d+)?)\s*(亿|万)元|(\d+(?:\.\d+)?)\s*(亿|万)元\s*(?:（含）|\(含\))?\s*(?:以上|及以上)"
)
#: A sentence that only continues the tiers of the one before it ("…达到10亿元的，给予100万元；" then
#: "达到30亿元的，给予300万元"): quoted after that one, which says what the tiers are of.
_CONTINUES_A_TIER = re.compile(r"^(?:达到|突破|超过|满)\s*\d")
#: The bonus of the sentence with the highest revenue tier the firm's stated revenue reaches.
REVENUE_TIER_BONUS = 1.0
#: A hit must score at least this share of the top hit to be a candidate source of the answer.
SECOND_CITATION_RATIO = 0.85
MAX_CITATIONS = 3
#: A second lead sentence (from another clause) must score at least this share of the best one.
SECOND_LEAD_RATIO = 0.8
#: The offer of a lawyer that ends every no-match reply.
LAWYER_QUESTION = "要不要把问题转给您所在区域的律师团队，由律师答复您？"
#: The no-match reply's first sentence, before the lawyer is offered.
NO_CLAUSE_FOUND = "抱歉，现有政策库里没有找到能直接回答这个问题的条款。"
NO_MATCH_TEXT = f"{NO_CLAUSE_FOUND}{LAWYER_QUESTION}"


@dataclass(frozen=True)
class Answer:
    """A composed reply: the text to say/show, the ``json_message`` payload and what it rests on."""

    text: str
    payload: dict[str, Any]
    answered: bool
    policy_id: str | None = None
    policy_title: str | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    #: The text without its closing "依据：…" line (answers to several questions share one).
    body: str = ""


def focus_of(question: str, intent: str | None = None) -> list[str]:
    """Return what the question asks for, the words said last first (Chinese puts the ask at the end).

    Args:
        question: The resolved question.
        intent: The NLU intent; ``ask_procedure`` defaults to materials/department/deadline and
            ``ask_eligibility`` to conditions when the words say nothing more specific.
    """
    last_match = {
        name: max((m.end() for m in asked.finditer(question)), default=-1)
        for name, (asked, _) in FOCUS.items()
    }
    found = sorted(
        (name for name, end in last_match.items() if end >= 0 and name not in EXPLICIT_ONLY),
        key=lambda name: -last_match[name],
    )
    if not found and intent == "ask_procedure":
        found = ["materials", "department", "deadline"]
    if not found and intent == "ask_eligibility":
        found = ["condition"]
    return found


def citation_of(hit: dict[str, Any]) -> dict[str, Any]:
    """The citation card of one search hit, in the payload format of docs/interfaces.md."""
    keys = ("policy_id", "title", "doc_no", "issuer", "clause", "text", "expired", "valid_until")
    return {key: hit.get(key) for key in keys}


#: A run-in heading that opens a clause (（一）享受条件。 / （三）经办方式。): a label, not an answer.
_RUN_IN_HEADING = re.compile(
    r"^[\u4e00-\u9fff、和及与]{0,6}(?:条件|标准|方式|对象|程序|流程|材料|时间|范围|期限|要求|内容|用途|地点|额度|部门|单位|机构|渠道)[。；;：:]?$"
)
#: A heading naming the clause's programme (（一）数字化车间和智能工厂。 / 社会保险补贴。 / 支持共建研发
#: 平台。): a few words, no figure and nothing said of them ("转贷资金常年受理。", "见习期限为3至12个月。"
#: answer).
_TOPIC_HEADING = re.compile(r"^[^\d，,：:；;。]{2,12}。?$")
_SAYS_SOMETHING = re.compile(r"为|按|给予|受理|不得|须|应|可|由|是|有|的")


#: A heading that announces a list of what to hand in ("申报材料：", "需提交以下资料："): its numbered items
#: are one answer, not one sentence each.
_LIST_HEADING = re.compile(r"(?:材料|资料|清单|提交|提供)[^：:。；]{0,8}[：:]$")
_LIST_ITEM = re.compile(r"^(?:\d+[.．、]|[（(]\d+[）)]|[①-⑩])")


def _with_lists_joined(raw: list[str], parts: list[str]) -> list[str]:
    """``parts`` (sentences without labels) with a materials heading and the numbered items after it
    (``raw``: the same sentences with their labels) joined into one, items numbered as in the text."""
    out: list[str] = []
    i = 0
    while i < len(parts):
        end = i + 1
        if _LIST_HEADING.search(parts[i]):
            while end < len(parts) and _LIST_ITEM.match(raw[end]):
                end += 1
        if end - i > 2:  # the heading and at least two items
            out.append(parts[i] + "".join(raw[i + 1 : end]))
            i = end
        else:
            out.append(parts[i])
            i += 1
    return out


#: A Markdown table row ("| 首次达到1亿元 | 10万元 |") and the rule under its header row ("|---|---|").
_TABLE_ROW = re.compile(r"^\|(.+)\|$")
_TABLE_RULE = re.compile(r"^\|[\s:|-]+\|$")


def _tables_read(raw: list[str]) -> list[str]:
    """``raw`` (the clause's lines and sentences) with each Markdown table read as one sentence, joined
    to the sentence announcing it ("…给予一次性奖励：首次达到1亿元：10万元；首次达到5亿元：30万元。"): the
    figures are the answer. The header row names the cells after the first when there are several
    ("一类：标准1万元，上限5万元")."""
    out: list[str] = []
    header: list[str] = []
    rows: list[str] = []

    def table_ends() -> None:
        if not rows:
            return
        read = "；".join(rows) + "。"
        if out and out[-1].endswith(("：", ":")):
            out[-1] += read
        else:
            out.append(read)
        rows.clear()

    for i, part in enumerate(raw):
        row = _TABLE_ROW.match(part)
        if not row:
            table_ends()
            out.append(part)
        elif i + 1 < len(raw) and _TABLE_RULE.match(raw[i + 1]):
            header = _cells(row.group(1))
        elif not _TABLE_RULE.match(part):
            rows.append(_row_read(_cells(row.group(1)), header))
    table_ends()
    return out


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.split("|") if cell.strip()]


def _row_read(cells: list[str], header: list[str]) -> str:
    """A table row as said: its first cell, then the others ("首次达到1亿元：10万元"), each after its
    column's name when the table has more than two columns."""
    rest = cells[1:]
    if len(cells) > 2 and len(header) == len(cells):
        rest = [f"{name}{cell}" for name, cell in zip(header[1:], rest, strict=True)]
    return cells[0] + ("：" + "，".join(rest) if rest else "")


def sentences(text: str) -> list[str]:
    """Split clause text into sentences, without clause labels such as ``第二条``; a run-in heading
    that opens the clause is kept with the sentence after it ("享受条件：在我区参加失业保险…"), a list
    of materials with its heading ("申报材料：1. 申请表；2. …"), and a table with the sentence
    announcing it."""
    raw = [part.strip() for part in _SENTENCE_END.split(_HARD_WRAP.sub("", text))]
    raw = _tables_read([part for part in raw if part])
    parts = _with_lists_joined(raw, [_CLAUSE_LABEL.sub("", part).strip() for part in raw])
    if len(parts) > 1 and (_RUN_IN_HEADING.match(parts[0]) or _is_topic_heading(parts[0])):
        parts[:2] = [parts[0].rstrip("。；;：:") + "：" + parts[1]]
    return [part for part in parts if len(part) >= 4]


def _without_topic_heading(sentence: str) -> str:
    """``sentence`` without the heading naming its clause's programme that :func:`sentences` joined to it
    ("数字化车间和智能工厂：新认定为…数字化车间的，奖励30万元；"): the heading names every sentence of the
    clause, so "智能工厂评上了奖多少" is the sentence on 智能工厂. A run-in label (申报材料：) stays."""
    head, colon, rest = sentence.partition("：")
    if colon and rest and _is_topic_heading(head):
        return rest
    return sentence


def _is_topic_heading(part: str) -> bool:
    """Whether a clause's first sentence is a heading naming its programme (no label word, nothing said)."""
    return (
        _TOPIC_HEADING.match(part) is not None
        and not _SAYS_SOMETHING.search(part)
        and not _RUN_IN_HEADING.match(part)
    )


def bigrams(text: str) -> set[str]:
    """The pairs of adjacent characters of ``text`` (spaces left out)."""
    chars = [c for c in text if not c.isspace()]
    return {a + b for a, b in itertools.pairwise(chars)}


def lead_sentences(question: str, hits: list[dict[str, Any]], focus: list[str]) -> list[tuple[str, int]]:
    """Pick the sentence(s) of the candidate clauses that best answer the question.

    The best sentence always; a second one from another clause when it answers the same point almost
    as well (e.g. the amounts for small and for large firms). A sentence about a later round (重新认定,
    期满后) leads only when the question names one.

    Returns:
        ``[(sentence verbatim from a clause, index of its hit), ...]``, best first.
    """
    # "那开饭店的呢": the sentence on 餐饮 firms, as clauses name the trade
    asked = bigrams(question + "，".join(["", *trade_categories(question)]))
    tiers = _tiers(question)
    headcount = [float(n) for said in _HEADCOUNT.findall(question) if (n := cn_to_number(said)) is not None]
    split = [sentences(str(hit.get("text") or "")) for hit in hits]  # each clause's sentences, once
    tier_sentences = _revenue_tier_reached(stated_revenue(question), hits, split)
    later_round_asked = bool(_LATER_ROUND.search(question))
    payout_asked = asks_when_paid(question)
    scored: list[tuple[float, int, str]] = []
    for index, hit in enumerate(hits):
        section = str((hit.get("heading_path") or [""])[-1])
        for position, sentence in enumerate(split[index]):
            # the titles a sentence quotes are other documents' words, not what it says — unless it
            # repeals them ("《…暂行办法》同时废止" is what "暂行办法还能用吗" asks after)
            own = sentence if REPEALS.search(sentence) else without_quoted_titles(sentence)
            own = _without_topic_heading(own)  # the heading joined to the first sentence names them all
            score = len(asked & bigrams(own)) / (1 + len(asked)) + _tier_match(tiers, sentence)
            score += HEADCOUNT_BONUS * _headcount_met(headcount, sentence)
            score += REVENUE_TIER_BONUS * ((index, sentence) in tier_sentences)
            score += PAYOUT_BONUS * (payout_asked and PAYS_OUT.search(sentence) is not None)
            if _LATER_ROUND.search(sentence):  # the later round's sentence answers only a question on it
                score += LATER_ROUND_WEIGHT if later_round_asked else -LATER_ROUND_WEIGHT
            score += sum(
                2.0 / (rank + 1) for rank, name in enumerate(focus) if _answers_focus(name, sentence, section)
            )
            scored.append((score - 0.3 * index - 0.01 * position, index, sentence))
    if not scored:
        return []
    scored.sort(key=lambda item: -item[0])
    best = scored[0]
    leads = [(best[2], best[1])]
    # "达到30亿元的，给予300万元" after the tier it continues; "《…暂行办法》同时废止" after "本办法自…起施行"
    if _CONTINUES_A_TIER.match(best[2]) or (best[2].startswith("《") and REPEALS.search(best[2])):
        own = split[best[1]]
        at = own.index(best[2])
        if at > 0:
            leads.insert(0, (own[at - 1], best[1]))
    primary = FOCUS[focus[0]][1] if focus else None
    expired_ok = bool(hits[best[1]].get("expired"))
    for score, index, sentence in scored[1:]:
        if hits[index].get("expired") and not expired_ok:
            continue
        if index != best[1] and primary and primary.search(sentence) and score >= SECOND_LEAD_RATIO * best[0]:
            leads.append((sentence, index))
            break
    return leads


#: A sum a firm must reach, not one it is paid: "年主营业务收入500万元以上", "投资额300万元（含）以上的".
_THRESHOLD_AFTER = re.compile(r"\s*(?:（含）|\(含\))?\s*(?:以上|以下|及以上|及以下|至|到|—|-)")


#: A sum the policy will not pay on ("超过1000万元的部分不予贴息"), unlike the cap on what it counts ("本金
#: 最高按800万元计算，超过部分不予贴息").
_NOT_PAID_AFTER = re.compile(r"的?部分[^，,。；;]{0,4}?(?:不予|不纳入|不计入|不享受)")


#: … or one the firm must reach, said before the sum: "设备投资不低于500万元", "投资额超过300万元的"; not a
#: cap on what is paid ("最高不超过200万元").
_THRESHOLD_BEFORE = re.compile(r"(?:不低于|不少于|达到|(?<![不最])超过)\s*$")


def _paid(sentence: str, found: re.Match[str]) -> bool:
    """Whether the sum ``found`` is one paid or counted, not a threshold nor a part not paid on."""
    end = found.end()
    if _THRESHOLD_AFTER.match(sentence, end) or _NOT_PAID_AFTER.match(sentence, end):
        return False
    return _THRESHOLD_BEFORE.search(sentence, 0, found.start()) is None


def _answers_focus(name: str, sentence: str, section: str) -> bool:
    """Whether ``sentence`` says what focus ``name`` asks for, in its words or under a heading naming it;
    an amount only when one of its sums is paid (:func:`_paid`)."""
    if name == "amount":
        if any(_paid(sentence, found) for found in FOCUS[name][1].finditer(sentence)):
            return True
    elif FOCUS[name][1].search(sentence):
        return True
    named = SECTION_OF_FOCUS.get(name)
    substantive = len(_CLAUSE_LABEL.sub("", sentence)) >= MIN_SECTION_SENTENCE
    return bool(named and named.search(section) and substantive)


def _headcount_met(headcount: list[float], sentence: str) -> bool:
    """Whether the firm's headcount meets a limit the sentence sets on it ("25个人" and "30人（含）以下")."""
    for limit, side in _HEADCOUNT_LIMIT.findall(sentence):
        for said in headcount:
            if (said <= int(limit)) if side.endswith("以下") else (said >= int(limit)):
                return True
    return False


def _revenue_tier_reached(
    revenue: float | None, hits: list[dict[str, Any]], split: list[list[str]]
) -> set[tuple[int, str]]:
    """``(hit index, sentence)`` of the highest revenue tier ``revenue`` reaches among the clauses that
    speak of revenue ("营收三十多个亿" and "达到10亿元的…；达到30亿元的，给予300万元": the 30亿 one);
    ``split``: each hit's :func:`sentences`."""
    if not revenue:
        return set()
    reached: dict[tuple[int, str], float] = {}
    for index, hit in enumerate(hits):
        text = str(hit.get("text") or "")
        if not _REVENUE_WORDS.search(text):
            continue
        for sentence in split[index]:
            sums = [
                float(m.group(1) or m.group(3)) * (1e8 if (m.group(2) or m.group(4)) == "亿" else 1e4)
                for m in _TIER_SUM.finditer(sentence)
            ]
            if met := [t for t in sums if t <= revenue]:
                reached[(index, sentence)] = max(met)
    top = max(reached.values(), default=0.0)
    return {key for key, tier in reached.items() if tier == top}


def _tier_match(asked: set[str], sentence: str) -> float:
    """How a sentence of a tiered clause fits the level asked ("评上省级的奖多少": the 省级 part, not the
    国家级 part that names the programme first)."""
    if not asked:
        return 0.0
    named = _tiers(sentence)
    if named & asked:
        return TIER_BONUS
    return -OTHER_TIER_PENALTY if named else 0.0


def sources_line(citations: list[dict[str, Any]]) -> str:
    """``依据：《标题》（文号）第二条、第三条；《…》…第二部分第（一）项。`` — clauses grouped by policy, in
    citation order."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for citation in citations:
        grouped.setdefault(str(citation.get("policy_id")), []).append(citation)
    parts = []
    for group in grouped.values():
        doc_no = f"（{group[0]['doc_no']}）" if group[0].get("doc_no") else ""
        clauses = cited_labels([str(c["clause"]) for c in group if c.get("clause")])
        parts.append(f"《{group[0]['title']}》{doc_no}{clauses}")
    return "依据：" + "；".join(parts) + "。"


#: A notice's closing line (特此通知。): a paragraph of the text, never an answer.
_CLOSING_LINE = re.compile(r"^(?:特此(?:通知|公告|函告|批复)|此复)[。！!]?$")


#: A notice's salutation (各镇人民政府、各街道办事处，区直各有关单位：): whom it is sent to, never an answer.
_SALUTATION = re.compile(r"^(?:全[区县市])?各[^。；！？!?]{0,120}[：:]$")


def says_something(hit: dict[str, Any]) -> bool:
    """Whether a hit's clause says more than a notice's salutation or closing line."""
    said = _CLAUSE_LABEL.sub("", str(hit.get("text") or "")).strip()
    return not (_CLOSING_LINE.match(said) or _SALUTATION.match(said))


def select_hits(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Candidate sources of an answer: the best hit plus close runners-up (at most :data:`MAX_CITATIONS`);
    a notice's salutation or closing line (特此通知。) is never one."""
    hits = [hit for hit in hits if says_something(hit)]
    if not hits:
        return []
    top = float(hits[0].get("score") or 0.0)
    chosen = [hits[0]]
    for hit in hits[1:]:
        close = top <= 0 or float(hit.get("score") or 0.0) >= SECOND_CITATION_RATIO * top
        if close and len(chosen) < MAX_CITATIONS:
            chosen.append(hit)
    return chosen


def _the_rule_now(
    old_rule: str, current: dict[str, Any], hits: list[dict[str, Any]], focus: list[str]
) -> list[str]:
    """The line saying what the policy in force (``current``, a hit) says where the expired rule quoted
    (``old_rule``) stood: its clause among ``hits`` sharing most with that rule ("按投资额的10%…" →
    "按投资额的15%…"), its sentence closest to it; none when no clause of it shares enough."""
    said = bigrams(old_rule)
    own = [hit for hit in hits if hit.get("policy_id") == current.get("policy_id") and says_something(hit)]
    best = max(own or [current], key=lambda hit: len(said & bigrams(str(hit.get("text") or ""))))
    if len(said & bigrams(str(best.get("text") or ""))) < RULE_NOW_PAIRS:
        return []
    now = lead_sentences(old_rule, [best], focus)[:1]
    return [f"现行政策规定：{sentence.rstrip('；;。')}。" for sentence, _ in now]


#: Character pairs the clause of the policy in force must share with the expired rule it stands for.
RULE_NOW_PAIRS = 6


def _prefer_current(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Move a current policy that replaces the top (expired) hit to the front, keeping the rest."""
    if not hits or not hits[0].get("expired") or not hits[0].get("replaced_by"):
        return hits
    current = [h for h in hits if h.get("policy_id") == hits[0]["replaced_by"]]
    return current[:1] + hits[:1] + [h for h in hits[1:] if h not in current] if current else hits


#: What a reply says of an expired policy nothing in the collection replaced.
NO_SUCCESSOR = "政策库里目前没有查到接替它的新政策"


def expired_on(policy: dict[str, Any]) -> str:
    """When an expired policy ended, as a reply says it: "已于2024-12-31失效" ("已失效" with no date), or
    "已于2026-08-01废止" when a later policy repealed it before its own end."""
    if policy.get("repealed_from"):  # recorded only when it comes before the policy's own end
        return f"已于{policy['repealed_from']}废止"
    return f"已于{policy['valid_until']}失效" if policy.get("valid_until") else "已失效"


def expiry_note(hits: list[dict[str, Any]], lookup: Callable[[str], dict[str, Any] | None]) -> str:
    """A plain sentence about expired cited policies, pointing to the current one where there is one."""
    notes: list[str] = []
    for hit in hits:
        if not hit.get("expired") or any(hit["title"] in note for note in notes):
            continue
        note = f"请注意：《{hit['title']}》{expired_on(hit)}"
        current = lookup(hit["replaced_by"]) if hit.get("replaced_by") else None
        if current:
            doc_no = f"（{current['doc_no']}）" if current.get("doc_no") else ""
            note += f"，现行政策是《{current['title']}》{doc_no}"
        else:
            note += "，目前没有查到替代它的现行政策，以下内容仅供参考"
        notes.append(note + "。")
    return "".join(notes)


def from_text(hit: dict[str, Any]) -> str:
    """The words "按政策正文的适用范围，" when the hit's zones were read from its text, not given in its
    front matter; else nothing."""
    return "按政策正文的适用范围，" if hit.get("zones_inferred") else ""


def zone_note(hits: list[dict[str, Any]], zone: str | None) -> str:
    """Say which zones a zone-specific cited policy applies to when the firm's zone is not known."""
    if zone:
        return ""
    for hit in hits:
        zones = hit.get("zones")
        if isinstance(zones, list) and zones:
            only = f"《{hit['title']}》仅适用于{'、'.join(zones)}"
            return f"{from_text(hit)}{only}，请告诉我贵公司所在的街道或园区。"
    return ""


def compose_answer(
    question: str,
    result: dict[str, Any],
    *,
    intent: str | None = None,
    zone: str | None = None,
    lookup: Callable[[str], dict[str, Any] | None] = lambda _id: None,
    focus: list[str] | None = None,
    old_asked: bool = False,
) -> Answer:
    """Turn a search result into a cited answer, or a ``no_match`` reply offering escalation.

    Args:
        question: The resolved question that was searched.
        result: What ``PolicyIndex.search`` returned.
        intent: The NLU intent (``ask_policy``, ``ask_eligibility``, ``ask_procedure``).
        zone: The firm's zone, when known.
        lookup: ``PolicyIndex.policy`` — front matter of a policy id (to name a replacing policy).
        focus: What the answer should lead with (names of :data:`FOCUS`); default read from the
            question and intent by :func:`focus_of`.
        old_asked: The question is about the expired top hit (what only it speaks of), though it
            names neither its number nor a year: it answers, its replacement is cited after it.

    Returns:
        The answer; ``answered`` is False when the index found nothing answerable.
    """
    hits = list(result.get("hits") or [])
    if not result.get("answerable") or not any(says_something(hit) for hit in hits):
        # nothing found, or only a notice's salutation or closing line
        return Answer(text=NO_MATCH_TEXT, payload={"citations": [], "action": "no_match"}, answered=False)
    wanted = focus if focus else focus_of(question, intent)
    also: dict[str, Any] | None = None  # the other one of an expired policy and its replacement
    old = old_asked or asks_about_the_old(question, hits[0])
    if hits[0].get("expired") and hits[0].get("replaced_by") and old:
        # "肥政办〔2023〕18号那个办法还能申报吗": the expired one answers, its replacement is cited after it
        also = next((hit for hit in hits if hit.get("policy_id") == hits[0]["replaced_by"]), None)
        candidates = select_hits([hit for hit in hits if hit.get("policy_id") == hits[0].get("policy_id")])
    else:
        candidates = select_hits(_prefer_current(hits))
    replaces = len(candidates) > 1 and candidates[1].get("replaced_by") == candidates[0].get("policy_id")
    if also is None and replaces:
        # "现在还是这么补吗": the rule in force answers, the expired one the question hit is cited after it;
        # "2022年那次…当时怎么奖励的": the expired one answers, the rule in force is cited after it
        if asks_about_the_old(question, candidates[1]):
            also, candidates = candidates[0], candidates[1:]
        else:
            also, candidates = candidates[1], candidates[:1]
    if wanted and wanted[0] == "amount" and candidates and not _says_amount(candidates):
        # "…进了限上，有奖励吗" found the clause on the threshold to reach: the same policy's clause on
        # what it pays answers (when the search found it too)
        paying = next(
            (
                hit
                for hit in hits
                if hit not in candidates
                and hit.get("policy_id") == candidates[0].get("policy_id")
                and _says_amount([hit])
            ),
            None,
        )
        candidates = [*candidates, paying] if paying is not None else candidates
    leads = lead_sentences(question, candidates, wanted) or [("", 0)]
    cited = [candidates[index] for index in dict.fromkeys(index for _, index in leads)]
    lines = [sentence.rstrip("；;。") + "。" for sentence, _ in leads if sentence]
    if also is not None and also not in cited:
        cited.append(also)
        if cited[0].get("expired") and not also.get("expired") and lines:
            # the expired rule asked about answers; what the one in force says in its place follows
            lines += _the_rule_now(lines[0], also, hits, wanted)
    citations = [citation_of(hit) for hit in cited]
    main = cited[0]
    parts = [expiry_note(cited, lookup), *lines, zone_note(cited, zone)]
    body = "\n".join(part for part in parts if part)
    return cited_answer(body, citations, main.get("policy_id"), main.get("title"))


def _says_amount(hits: list[dict[str, Any]]) -> bool:
    """Whether one of ``hits`` states a sum or share paid (not only a threshold to reach)."""
    return any(
        _answers_focus("amount", sentence, "")
        for hit in hits
        for sentence in sentences(str(hit.get("text") or ""))
    )


def cited_answer(
    body: str, citations: list[dict[str, Any]], policy_id: str | None, policy_title: str | None
) -> Answer:
    """An answer saying ``body`` and closing with the line of its sources, led by ``policy_id``."""
    text = "\n".join(part for part in (body, sources_line(citations)) if part)
    payload = {"citations": citations, "action": "answer"}
    return Answer(text, payload, True, policy_id, policy_title, citations, body)


def unsupported_figures(answer: Answer) -> list[str]:
    """Numbers in the answer text that appear in none of its citations (should always be empty)."""
    sources = " ".join(
        " ".join(str(c.get(k) or "") for k in ("text", "doc_no", "title", "clause", "valid_until"))
        for c in answer.citations
    )
    return [n for n in _NUMBER.findall(answer.text) if n not in sources]
