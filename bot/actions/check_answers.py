"""Reading the firm's answers to the guided check's questions, as firms write or say them.

``两千万`` is 2000 万元, ``1.2个亿`` 12000 万元, ``50来人`` 50 employees, ``19年成立`` / ``成立五年了`` a
founding year, ``高企和专精特新`` a list. A fact the firm does not know (``不清楚``) is :data:`UNKNOWN`;
an answer that cannot be read is None, so the question is asked again.
"""

from __future__ import annotations

import datetime as dt
import re

from policy_index.normalize import cn_to_number

#: Slot value of a fact the firm does not know or will not say (the matcher treats it as unknown).
UNKNOWN = "不清楚"
#: Slot value of "none" for the qualifications and recent events (a known, empty list).
NONE = "无"
_DONT_KNOW = re.compile(
    r"不知道|不清楚|不确定|不太清楚|说不好|说不准|记不清|记不得|没算过|没统计|跳过|不方便|保密|不想说|不告诉|不好说|不晓得"
)
_NOTHING = re.compile(
    r"^(?:都|暂时|目前|还|也)?(?:没有|没|无|木有|没得|一个也没有|都不是|不是|还没有|暂无|没有呢)[。.！!了啊呀哦的]*$"
)
_NO_INCOME = re.compile(r"没(?:有)?(?:营收|收入|销售)|还没(?:开始)?(?:营业|盈利|收入)|零收入")
#: Chinese numerals (with 两 / 〇 / 零) next to Arabic digits, one run at a time.
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(亿|千万|百万|十万|万|千|百)?")
_ROUGH_TEEN = re.compile(r"(?<![一二三四五六七八九两\d])十[几多]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?|(?<!\d)(\d{2})\s*年")
_YEARS_AGO = re.compile(
    r"(?:成立|开了|干了|办了|注册)(?:有|了)?\s*(\d+(?:\.\d+)?)\s*(?:多|来)?\s*年|(\d+)\s*(?:多|来)?\s*年(?:了|前)"
)
_RELATIVE_YEAR = {"今年": 0, "去年": 1, "前年": 2, "大前年": 3}
_INDUSTRY_WRAP = re.compile(
    r"^(?:我们|我|咱们|咱)?(?:公司|企业|厂|单位|家)?(?:是|属于|主要)?(?:个|一家|一个)?(?:做|搞|干|从事|开)?"
    r"|(?:的|这块|这一块|方面|行业|这行|领域|生意|公司|企业|厂)+$"
)
_SPLIT = re.compile(r"[，,、；;。\s]+|(?:还有|以及|和|并且|而且|另外)")
_CANCEL = re.compile(r"^(?:算了|不查了|不用查了|取消|不想查了|先这样|直接说结果|直接告诉我|就这些)")


def dont_know(text: str) -> bool:
    """Whether the firm says it does not know or will not tell (``不清楚``, ``保密``, ``跳过``)."""
    return bool(_DONT_KNOW.search(text))


def wants_to_stop(text: str) -> bool:
    """Whether the firm wants the answer now with what it has said (``算了``, ``直接说结果``)."""
    return bool(_CANCEL.search(text.strip()))


def arabic(text: str) -> str:
    """Chinese numerals as digits, unit words kept: ``两千万`` → ``2000万``, ``五十来人`` → ``50来人``."""

    def convert(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in ("万", "亿", "千", "百", "十", "千万", "百万"):
            return word
        unit = ""
        while word and word[-1] in "万亿" and len(word) > 1:
            unit = word[-1] + unit
            word = word[:-1]
        value = cn_to_number(word)
        return match.group(0) if value is None else f"{value}{unit}"

    return _CN_NUMBER.sub(convert, _ROUGH_TEEN.sub("15", text))


_SCALE = {
    None: 1.0,
    "百": 100.0,
    "千": 1000.0,
    "万": 10000.0,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
}


def _first_amount(text: str) -> float | None:
    """The first number in ``text`` in units of one (``2000万`` → 2e7), or None."""
    match = _NUMBER.search(arabic(text).replace("一个亿", "1亿"))
    if not match:
        return None
    return float(match.group(1)) * _SCALE[match.group(2)]


def parse_employees(text: str) -> str | None:
    """Employees as a slot value: ``50来人`` → ``"50"``; :data:`UNKNOWN`; None when unreadable."""
    if dont_know(text):
        return UNKNOWN
    value = _first_amount(text)
    return None if value is None or value < 0 or value > 1_000_000 else str(int(value))


def parse_revenue(text: str) -> str | None:
    """Annual revenue in 万元: ``两千万`` → ``"2000"``, ``1.2个亿`` → ``"12000"``, ``800`` → ``"800"``.

    A bare number is taken in 万元 (the question asks in 万元); ``没有收入`` is 0.
    """
    if dont_know(text):
        return UNKNOWN
    if _NO_INCOME.search(text) or _NOTHING.match(text.strip()):
        return "0"
    cleaned = arabic(text.replace("个亿", "亿").replace("一个亿", "1亿"))
    match = _NUMBER.search(cleaned)
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2)
    wan = number * _SCALE[unit] / 10000 if unit else number  # a bare number is 万元
    if unit in ("百", "千") and not re.search(r"万", cleaned[match.end() :]):
        wan = number * _SCALE[unit] / 10000  # "五百块" is not 500 万
    return f"{wan:g}" if 0 <= wan <= 1e8 else None


def parse_founded(text: str, today: dt.date) -> str | None:
    """Founding year: ``2019年成立`` / ``19年`` → ``"2019"``; ``成立五年了`` / ``去年`` → the year."""
    if dont_know(text):
        return UNKNOWN
    for word, back in sorted(_RELATIVE_YEAR.items(), key=lambda item: -len(item[0])):
        if word in text:
            return str(today.year - back)
    digits = arabic(text).replace("零", "0")
    digits = re.sub(r"(?<=[12])[〇零](?=\d)", "0", digits)
    if match := _YEARS_AGO.search(digits):
        years = float(match.group(1) or match.group(2))
        return str(today.year - int(years)) if years < 200 else None
    if match := _YEAR.search(digits):
        year = int(match.group(1)) if match.group(1) else 2000 + int(match.group(2))
        if match.group(2) and year > today.year:
            year -= 100  # "98年" is 1998
        return str(year) if 1900 <= year <= today.year else None
    return None


def parse_industry(text: str) -> str | None:
    """The industry as the firm names it: ``我们是做软件开发的`` → ``软件开发``."""
    if dont_know(text):
        return UNKNOWN
    industry = _INDUSTRY_WRAP.sub("", re.sub(r"[。！!？?，,\s]+$", "", text.strip())).strip()
    return industry if 2 <= len(industry) <= 20 else None


def as_matcher_reads(text: str) -> str:
    """Amounts as the matcher reads them: ``买了六百万的设备`` → ``买了600万元的设备``."""
    return re.sub(r"(\d)(万|亿)(?!元)", r"\1\2元", arabic(text))


def parse_list(text: str) -> str | None:
    """Qualifications or events as listed (``高企、专精特新``), :data:`NONE` or :data:`UNKNOWN`."""
    stripped = text.strip()
    if _NOTHING.match(stripped) or re.fullmatch(r"[无没]+", stripped):
        return NONE
    if dont_know(stripped):
        return UNKNOWN
    parts = [p.strip() for p in _SPLIT.split(as_matcher_reads(stripped)) if p and len(p.strip()) >= 2]
    parts = [re.sub(r"^(?:我们|我|公司|企业)?(?:有|是|已经|已|刚|去年|今年)?", "", p) or p for p in parts]
    return "、".join(dict.fromkeys(p for p in parts if p)) or None
