"""What kind of question a piece of a firm's message is, read from its words alone: whether it asks
something, has a subject of its own, asks only how much or when, asks whether the firm may have the
benefit discussed, or whether it applies where the firm is."""

from __future__ import annotations

import re
from typing import Any

from bot.actions.facts import (
    asking_part,
    asks_something,
    clauses,
    only_tells_about_the_firm,
)
from bot.actions.followup import (
    asks_if_covered,
    asks_if_eligible,
    is_variant,
    less_eligibility_words,
    opens_new_subject,
    own_content,
    without_names,
)
from bot.actions.old_policy import asks_which_is_in_force
from policy_index.aspects import QUESTION_PATTERNS, asked_aspects
from policy_index.normalize import normalize_query
from policy_index.signals import subject_terms

#: Every aspect question word ("材料", "几月", "找哪个科室" …), dropped when looking for a subject.
ASPECT_WORDS = re.compile("|".join(f"(?:{p.pattern})" for p in QUESTION_PATTERNS.values()))


#: Asking which benefits there are: "有啥政策", "哪些补贴", "什么样的扶持", "有什么项目" (正策 / 政测:
#: speech-recognised 政策). The catalogue (:mod:`bot.actions.overview`) and the guided check
#: (:func:`bot.actions.commands.is_check_request`) both start from it.
WHICH_BENEFITS = re.compile(
    r"(?:什么|啥|哪些|哪几项?|那些)(?:样的)?(?:惠企|扶持|优惠|支持|奖补)?"
    r"(?:政策|正策|政测|补贴|补助|奖励|奖补|扶持|优惠|支持|项目)"
)

#: A question whose own subject (:func:`followup.own_content`) is shorter than this is a fragment.
MIN_SUBJECT = 2


#: Asks which places a benefit is for ("哪些镇能申请", "适用哪些街道", "是不是全区都能报", "哪个乡能报").
_WHERE_IT_APPLIES = re.compile(
    r"(?:哪些|哪几个|哪个|哪|什么)(?:镇|街道|乡|地方|区域|片区|村)(?:的)?(?:企业|单位|主体)?"
    r"(?:能|可以|才能|都能|能够)?(?:申请|申报|报|享受|领|适用)"
    r"|(?:适用|覆盖|限于|限定)(?:于)?(?:哪些|哪几个|哪个|哪|什么)(?:镇|街道|乡|地方|区域|范围|片区)"
    r"|全区(?:都|所有|各个?镇)?(?:能|可以)(?:申请|申报|报|享受)|是不是全区|全区(?:都)?适用"
)


def asks_where_it_applies(question: str) -> bool:
    """Whether a question asks in which towns or streets a benefit may be had ("民宿补助哪些镇能申请")."""
    return bool(_WHERE_IT_APPLIES.search(question))


def without_where(question: str) -> str:
    """The question less its words asking where: what is left names the benefit, if anything."""
    return _WHERE_IT_APPLIES.sub("", question)


def asks_a_question(part: str) -> bool:
    """Whether a piece of a message is a question of its own (asks, and about something, or asks
    whether the firm may have it: "也能报吗", "能申请不", "行不行"; or asks the last question again
    for a case named by one character or in letters: "那规下的呢", "那4A呢", "4A呢"; or asks which
    policy is in force now: "现在是哪个政策")."""
    subject = own_content(part, ASPECT_WORDS)
    return asks_something(part) and bool(
        len(subject) >= MIN_SUBJECT
        or asked_aspects(part)
        or asks_which_is_in_force(part)
        or asks_if_eligible(part)
        or ((subject or _names_a_term(part)) and opens_a_variant(part))
        or (_SHORT_VARIANT.fullmatch(part.strip()) is not None and _names_a_term(part))
        or eligibility_with_facts(part)
        or _ASKS_THE_RULE.search(part)
        or asks_where_it_applies(part)
    )


#: Asks what the rule says, naming nothing else ("新的咋规定的", "这个怎么说的"): a question on the policy
#: discussed (or the one in force), not a statement to note.
_ASKS_THE_RULE = re.compile(r"(?:怎么|咋|如何|是怎样)(?:规定|说|讲|写)的?")


def _names_a_term(part: str) -> bool:
    """Whether a part names a subject term the filler-stripping drops ("那4A呢", "那5G的呢")."""
    return bool(subject_terms(normalize_query(part)))


#: How a variant of the last question opens ("那规下的呢", "要是个体户呢").
_OPENS_VARIANT = re.compile(r"那|要是|如果|假如|换成")
#: A short case and 呢, with no 那 before it ("4A呢", "5G的呢"): the last question for that case.
_SHORT_VARIANT = re.compile(r"[^，,。；;？?！!\s]{1,8}呢[？?]?")


def opens_a_variant(text: str) -> bool:
    """Whether a message opens as a variant of the last question ("那…", "要是…", "如果…")."""
    return _OPENS_VARIANT.match(text.strip()) is not None


def eligibility_with_facts(question: str) -> str | None:
    """What the firm says of itself when it says it and asks, with no subject of its own, whether it
    may have the benefit: "我们是规下企业，也能报吗" → "规下企业", "公司刚成立半年，能申请不" →
    "刚成立半年", "我们是规下企业呢" → "规下企业"; None for any other question ("高企认定能申请不" names
    its own subject).

    Such a question is about the policy discussed: who may apply (its ``conditions``), for a firm
    like this one. Only what the firm says of itself counts ("我们…", "公司…"): "上个月刚出的新政策，
    能申请不" tells nothing about the firm.
    """
    parts = clauses(question)
    if len(parts) == 1 and _WHAT_ABOUT_US.search(question) and _WHO_SPEAKS.match(question).group(0):
        told = _WHO_SPEAKS.sub("", _WHAT_ABOUT_US.sub("", question.strip()))  # "我们是规下企业呢"
        return told if len(re.findall(r"[\u4e00-\u9fff]", told)) >= MIN_SUBJECT else None
    asked = asking_part(question)
    stated = [part for part in parts if not asks_something(part) and _WHO_SPEAKS.match(part).group(0)]
    if not stated or not asked or not asks_if_eligible(asked):
        return None
    if len(own_content(less_eligibility_words(asked), ASPECT_WORDS)) >= MIN_SUBJECT:
        return None
    told = "、".join(filter(None, (_WHO_SPEAKS.sub("", _CLAUSE_END.sub("", part)) for part in stated)))
    return told or None


#: Kinds of applicant by legal form, size or ownership, which a policy admits or not (not honours such as
#: 高企 or 专精特新, which are programmes of their own).
_APPLICANT_KIND = re.compile(
    r"个体(?:工商)?户|小微企业|小型微利企业|微型企业|小规模纳税人|一般纳税人|外资企业|外商投资企业|合资企业"
    r"|民营企业|民企|国有企业|国企|私营企业|私企|分公司|子公司|合作社|家庭农场|社会组织|民办非企业|事业单位"
    r"|规下企业|规上企业|个人独资企业|合伙企业"
)
#: Words around the kind that name nothing else ("个体户开的也能报", "那要是分公司呢").
_AROUND_THE_KIND = re.compile(r"^(?:那|那么)?(?:要是|如果|假如)?|开的|办的|注册的|的话|形式|性质|这种|那种")


def applicant_kind_asked(question: str) -> str | None:
    """The kind of applicant a one-clause question asks about whether it may have the benefit, naming
    nothing else: "个体户能申请吗", "个体户开的也能报？", "那分公司能不能享受" → "个体户" / "分公司";
    None for "个体户装修门店有补贴吗" (a subject of its own) or a question naming no such kind."""
    if len(clauses(question)) != 1 or not asks_if_eligible(question):
        return None
    kind = _APPLICANT_KIND.search(question)
    if kind is None:
        return None
    rest = _AROUND_THE_KIND.sub("", less_eligibility_words(question.replace(kind.group(0), "")))
    return kind.group(0) if len(own_content(rest, ASPECT_WORDS)) < MIN_SUBJECT else None


#: How a firm starts saying what it is ("我们是", "我们公司是", "咱厂"), dropped when naming the fact.
_WHO_SPEAKS = re.compile(
    r"^(?:我们|我司|我|咱们|咱|本公司)?(?:公司|企业|厂子|厂里|厂|单位)?(?:是|属于|算)?(?:一家)?"
)


_CLAUSE_END = re.compile(r"[，,。；;！!？?\s]+$")


#: How a firm asks the last question again for itself ("我们是规下企业呢", "我们是个体户的话呢").
_WHAT_ABOUT_US = re.compile(r"(?:的话)?呢[，,。；;！!？?\s]*$")


def variant_with_its_case(parts: list[str]) -> list[str]:
    """Parts of a message with what is said after a variant joined to it: "那要是我们食品公司上的深加工
    生产线呢，设备投了六百万？" is one question (the second part asks only by its question mark), and so
    is "那要是发企业债券呢，有没有奖励" (the case named with 呢, then a part with no subject of its own: it
    asks about that case, not about the policy discussed). "那现在新的是哪个文件，补多少" names no case:
    two questions. A variant that asks nothing by itself is the case of the question after it: "那职工
    去考证请的这几天假，工资企业得照发吗？" asks whether wages are paid for those days."""
    joined: list[str] = []
    for part in parts:
        only_by_its_mark = not asks_something(part.rstrip("？?。！! ")) and not asked_aspects(part)
        no_subject = len(own_content(part, ASPECT_WORDS)) < MIN_SUBJECT
        case_named = bool(joined) and bool(_WHAT_ABOUT_US.search(joined[-1]))  # "…发企业债券呢，"
        case_only = bool(joined) and not asks_something(joined[-1]) and not asked_aspects(joined[-1])
        if (
            joined
            and is_variant(joined[-1])
            and (only_by_its_mark or case_only or (no_subject and case_named))
        ):
            joined[-1] += part
        else:
            joined.append(part)
    return joined


#: Asking which benefits there are ("有啥补贴", "有哪些政策"): a new question, even after a zone.
_WHICH_BENEFITS = re.compile(
    r"(?:什么|啥|哪些|哪个|哪几)(?:样的)?(?:奖励|补贴|补助|政策|优惠|扶持|支持|资金)"
)


def asks_if_it_applies_there(question: str) -> bool:
    """Whether a question states only where (and who) the firm is, then asks about the policy discussed
    with no subject of its own: "我们在平度经济开发区，能享受不？", "厂子选址在南村镇，这个能报吗",
    "公司在李园街道青岛路8号，钱啥时候到". "我们在南村镇，有啥补贴" asks which benefits there are: not one.
    """
    parts = clauses(question)
    stated = [part for part in parts if not asks_something(part)]
    asked = asking_part(question)
    if not stated or not asked or _WHICH_BENEFITS.search(asked):
        return False
    return len(own_content(asked, ASPECT_WORDS)) < MIN_SUBJECT and all(
        only_tells_about_the_firm(part) for part in stated
    )


#: A figure of the firm's case, as the normalised question writes it ("1200万", "30个", "15%").
_FIGURE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:个?(?:万元|万|亿元|亿)|元|块钱|块|个|名|人|家|间|台|套|辆|件|天|年|月"
    r"|平方米|平米|平方|立方米|立方|方|千瓦|亩|吨|%|％)?"
)


def only_a_figure_changes(question: str) -> bool:
    """Whether a variant only gives another figure of the firm's case ("那贷了一千二百万呢", "要是投了
    八百万呢", "那招三十个呢" after an amount was answered): besides the figure it names nothing of its
    own. It asks how the policy discussed (its cap, its limit) applies to that figure; the whole
    collection, searching the figure, finds nothing. "那要是食品公司的生产线呢，设备投了六百万" names a
    case of its own."""
    said = normalize_query(question)
    if not is_variant(question) or not _FIGURE.search(said):
        return False
    return len(own_content(_FIGURE.sub("", said), ASPECT_WORDS)) < MIN_SUBJECT


def asked_again_for_the_figure(question: str, last_question: str | None) -> str:
    """A variant that only gives another figure, as the question it varies, normalised: the last question
    with its figure replaced ("建筑公司年产值头一回过1个亿奖多少" and "那要是一下干到6个亿呢" → "…首次过6个亿
    奖多少"); the variant itself when the last question names no figure ("首贷贴息能贴多少啊", "那贷了一千二
    百万呢": the clause on the principal counted, not again the rate)."""
    said = normalize_query(question)
    new = next((m.group(0) for m in _FIGURE.finditer(said) if m.group(0)), None)
    before = normalize_query(last_question or "")
    old = next((m for m in _FIGURE.finditer(before) if m.group(0)), None)
    if new is None or old is None:
        return said
    return before[: old.start()] + new + before[old.end() :]


#: Asking how much, how long or when ("能补几年", "多少天能批下来", "最多贴多少").
_HOW_MUCH_OR_WHEN = re.compile(r"多少|几|多久|多长|多大|多高|什么时候|啥时候|哪天|最多|最高|最少|至少")


def asks_measure_without_topic(question: str) -> bool:
    """Whether a question asks only how much, how long or when, naming no topic word of its own.

    "能补几年", "一年最多贴多少", "多少天能批下来", "材料几月份之前交": a benefit verb (补, 贴) and time
    or quantity words, characters :func:`followup.own_content` keeps, but no noun, domain term or word
    the dictionary does not know (:func:`policy_index.signals.subject_terms`). Said after an answer,
    such a question is about the policy discussed; searched in the whole collection it finds a
    look-alike clause or nothing. A yes/no question without a topic ("明天会下雨吗") is not one.
    """
    measured = bool(asked_aspects(question) or _HOW_MUCH_OR_WHEN.search(question))
    return measured and not subject_terms(normalize_query(question))


#: A question asking what the policy discussed covers has a subject this long at most ("人机票住宿").
COVERED_SUBJECT = 6


def asks_what_it_covers(question: str) -> bool:
    """Whether a short question asks whether the benefit discussed covers something, or who bears it
    (:func:`followup.asks_if_covered`): "去的人机票住宿能报吗", "展品运费能报不", "利息谁出".

    Asked after an answer, with a short subject and no new programme, it is about that policy even when
    its words are not the policy's (机票住宿 for 差旅费) and the whole collection finds nothing
    answerable (NLU often takes it for off-topic). One that says it moves on ("另外…") is not.
    """
    return (
        asks_if_covered(question)
        and not opens_new_subject(question)
        and len(own_content(question, ASPECT_WORDS)) <= COVERED_SUBJECT
    )


#: Levels a benefit is given at ("那市级的呢", "国家级的呢").
_TIER = re.compile(r"^(?:国家|省|市|县|区|镇|街道|园区)级?$")


#: A variant that names only another level ("那要是国家级的呢", "评上市级呢", "那二级呢").
_ONLY_A_TIER = re.compile(
    r"^(?:要是|如果是?|假如|换成)?(?:评上|评为|认定为?|获评|被评为|升到|升为|达到|是|拿到)?"
    r"(?:国家|自治区|省|市|县|区|镇|[一二三四五]|[AB]{1,3}|[1-5]A)级(?:的|企业|的话)?$"
)


#: A variant that names only another grade in letters ("那要是评上3A呢", "4A呢", "那AAAA级景区呢"), which
#: :data:`_ONLY_A_TIER` cannot see in the Chinese characters alone.
_ONLY_A_LETTER_GRADE = re.compile(
    r"那?(?:要是|如果是?|假如|换成)?(?:评上|评为|认定为?|获评|被评为|升到|升为|达到|是|拿到)?"
    r"(?:[1-5一二三四五]A|A{1,5})级?(?:的|景区|企业|的话)?(?:呢|吗)?[？?]?"
)


def asks_only_another_tier(question: str) -> bool:
    """Whether a variant asks the last question again for another level only ("那要是国家级的呢", "那要是
    评上3A呢"): the policy discussed answers it from its tiers, never a look-alike that also names that
    level (an A-level logistics firm after an A-level scenic area)."""
    return is_variant(question) and bool(
        _ONLY_A_TIER.match(own_content(question)) or _ONLY_A_LETTER_GRADE.fullmatch(question.strip())
    )


def only_a_tier(terms: list[str]) -> bool:
    """Whether a variant names only another level of the same thing ("那市级的呢": ``["市级"]``)."""
    return bool(terms) and all(_TIER.match(term) for term in terms)


def names_the_subject(hit: dict[str, Any], last_question: str | None) -> bool:
    """Whether a clause names what the last question was about (its subject terms: 绿色工厂 of
    "评上省级绿色工厂奖多少"); True when that question named no subject of its own."""
    wanted = [term for term in subject_terms(normalize_query(last_question or "")) if not _TIER.match(term)]
    said = f"{hit.get('title') or ''}{hit.get('text') or ''}"
    return not wanted or any(term in said for term in wanted)


def asks_benefit_for_the_unknown(result: dict[str, Any], aspects: tuple[str, ...]) -> bool:
    """Whether the question asks what benefit there is for something the collection never mentions.

    "火星上开公司有什么补贴", "在海外设厂有没有补贴": however short, that subject is its own, and no
    clause of the policy being discussed answers it. A procedural follow-up in the firm's own words
    ("拖久了还能报不", "要带哪些证照去办") also uses words the collection never has, but asks
    for an aspect of the policy discussed, so only questions asking for the benefit itself count.
    """
    features = result.get("features") or {}
    unknown = bool(features.get("unseen") or features.get("foreign_place"))
    return unknown and set(aspects) <= {"amount"}


def without_the_district(text: str, district_names: tuple[str, ...]) -> str:
    """``text`` without the district's own names ("明天贺兰下雨不" → "明天下雨不"): every policy of the
    collection is the district's and carries its name, so the name tells none apart, and a message that
    shares nothing else with the collection ("贺兰这边天气冷不冷") must find nothing. Unchanged when
    nothing else would be left."""
    less = without_names(text, district_names)
    return less if own_content(less) else text


#: Where a firm puts what it asks about ("放在金江镇办", "搬到开发区", "开在老城镇").
_PUT_IN = re.compile(r"放在|放到|搬到|搬去|迁到|开在|设在|建在|落在|落户|选在|办在|在|去|到|办|开|建|搞")


def asks_about_another_place(question: str, places_said: tuple[str, ...]) -> bool:
    """Whether a variant names only another place for the case discussed ("那要是放在金江镇办呢",
    "要是搬到开发区呢"): it asks whether the policy discussed applies there."""
    if not is_variant(question) or not places_said:
        return False
    rest = without_names(question, places_said)
    return len(own_content(_PUT_IN.sub("", rest), ASPECT_WORDS)) < MIN_SUBJECT
