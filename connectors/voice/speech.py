"""Rewrite the bot's written answers for the ear.

A written answer has markdown, long clause quotations, document numbers and digits that a
text-to-speech voice reads badly ("0532-88516018" as a single large number). On the phone the caller
hears the key point first (amount, condition, deadline, department, phone), in short sentences, with
numbers in Chinese words (50万元 → 五十万元, 2026年3月1日 → 二零二六年三月一日) and phone numbers digit by
digit. The full clause text goes out by SMS instead (:func:`sms_body`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import cn2an

#: Chinese digit names as read in phone numbers (1 is 幺 on the phone, so it is not heard as 七).
_PHONE_DIGITS = dict(zip("0123456789", "零幺二三四五六七八九", strict=True))
#: Chinese digit names as read in codes, years and ticket numbers.
_PLAIN_DIGITS = dict(zip("0123456789", "零一二三四五六七八九", strict=True))

#: Landlines (0532-88516018, 0532 8851 6018), mobiles (13912345678), 400/800 numbers, short hotlines.
_PHONE_RE = re.compile(
    r"(?<![\d.])(?:"
    r"0\d{2,3}[-\s—]?\d{7,8}"  # area code + local number
    r"|1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}"  # mobile
    r"|[48]00[-\s]?\d{3}[-\s]?\d{4}"  # 400 / 800
    r"|\d{7,8}(?=[^\d万元%年月日]|$)"  # local number without area code
    r")(?![\d.])"
)
#: Area codes of three digits (Beijing, Guangzhou, Shanghai, Tianjin, …); the rest have four.
_THREE_DIGIT_AREAS = {"010", "020", "021", "022", "023", "024", "025", "027", "028", "029"}
_HOTLINE_RE = re.compile(r"(?<=热线)\s*(\d{5})(?!\d)|(?<!\d)(12345|12366|12333)(?!\d)")
_TICKET_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}-\d{8}-\d{3,5}(?![\d])")
_CODE_RE = re.compile(r"[A-Za-z]+\d+[A-Za-z\d]*|\d+-\d+(?=表)")
_ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_RANGE_RE = re.compile(r"(\d{1,4}(?:\.\d+)?)\s*[-~～—–]\s*(\d{1,4}(?:\.\d+)?)")
_LONG_DIGITS_RE = re.compile(r"(?<![\d.])\d{5,}(?![\d.]|\s*[万亿元%])")
_TWO_RE = re.compile(r"(?<![一二三四五六七八九十百千万零])二(?=[千万亿])")

_MARKDOWN_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"https?://\S+"), ""),  # bare URLs are useless on the phone
    (re.compile(r"`{1,3}([^`]*)`{1,3}"), r"\1"),
    (re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),  # headings
    (re.compile(r"^\s*>\s?", re.M), ""),  # quotes
    (re.compile(r"^\s*(?:[-*+•·]|\d+[.)、])\s+", re.M), ""),  # list bullets
    (re.compile(r"\[\d+\]|【\d+】"), ""),  # footnote markers
    (re.compile(r"[|*#>_`]+"), " "),  # leftovers of tables and emphasis
]

#: Sentences with a hard fact come first: an amount, a rate, a limit, a deadline.
_FACT_RE = re.compile(
    r"\d|[零一二三四五六七八九十百千万两]+(?:万元|元|亿元)|百分之|%|最高|不超过|不低于|截止|日前|之前"
)
#: Then the sentences that say who qualifies, what is needed, which department, which phone.
_POINT_RE = re.compile(
    r"可以享受|不能享受|符合|不符合|已失效|有效期|条件|须|需要|应当|[局委办厅]|中心|街道|电话|申报|申请|材料"
)
#: Lines that introduce quoted policy text or sources: they go to the SMS, not into the ear.
_SOURCE_LINE_RE = re.compile(r"^\s*(?:依据|来源|原文|条款原文|出处|参考|引用)[:：]")
_LONG_QUOTE_RE = re.compile(r"[「“\"『]([^」”\"』]{30,})[」”\"』]")
_SENTENCE_END_RE = re.compile(r"(?<=[。！？!?；;])|\n+")


def strip_markdown(text: str) -> str:
    """Remove markdown syntax, URLs and footnote markers, keeping the words."""
    for pattern, replacement in _MARKDOWN_RULES:
        text = pattern.sub(replacement, text)
    return text


def digits_one_by_one(number: str, *, phone: bool = False) -> str:
    """Read a digit string one digit at a time (``phone=True`` reads 1 as 幺)."""
    table = _PHONE_DIGITS if phone else _PLAIN_DIGITS
    return "".join(table.get(ch, "") for ch in number)


def speak_phone(number: str) -> str:
    """Read a phone number digit by digit, in groups with short pauses.

    >>> speak_phone("0532-88516018")
    '零五三二，八八五幺，六零幺八'
    """
    digits = re.sub(r"\D", "", number)
    if re.fullmatch(r"1[3-9]\d{9}", digits):
        groups = [digits[:3], digits[3:7], digits[7:]]
    elif digits.startswith(("400", "800")) and len(digits) == 10:
        groups = [digits[:3], digits[3:6], digits[6:]]
    elif digits.startswith("0") and len(digits) >= 10:
        area = 3 if digits[:3] in _THREE_DIGIT_AREAS else 4
        local = digits[area:]
        groups = [digits[:area], *([local[:4], local[4:]] if len(local) == 8 else [local])]
    elif len(digits) == 8:
        groups = [digits[:4], digits[4:]]
    else:
        groups = [digits]
    return "，".join(digits_one_by_one(g, phone=True) for g in groups if g)


def speak_ticket_number(number: str) -> str:
    """Read a ticket number so it can be written down: letters spelled, digits one by one.

    >>> speak_ticket_number("HQ-20261129-0007")
    'H Q，二零二六幺幺二九，零零零七'
    """
    parts = [p for p in re.split(r"[-\s]+", number.strip()) if p]
    spoken = []
    for part in parts:
        if part.isdigit():
            spoken.append(digits_one_by_one(part, phone=True))
        else:
            spoken.append(" ".join(part.upper()))
    return "，".join(spoken)


def _read_code(code: str) -> str:
    return "".join(_PLAIN_DIGITS.get(ch, ch) for ch in code.replace("-", "杠"))


def speak_numbers(text: str) -> str:
    """Turn the digits in ``text`` into the words a Mandarin listener expects.

    Phone numbers and codes are read digit by digit, ranges as "X到Y", amounts, dates, percentages
    and ordinals naturally (cn2an), and 2 before 千/万/亿 as 两.
    """
    text = _TICKET_RE.sub(lambda m: speak_ticket_number(m.group(0)), text)
    text = _ISO_DATE_RE.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日", text)
    text = _HOTLINE_RE.sub(lambda m: speak_phone(m.group(1) or m.group(2)), text)
    text = _PHONE_RE.sub(lambda m: speak_phone(m.group(0)), text)
    text = _CODE_RE.sub(lambda m: _read_code(m.group(0)), text)
    text = _RANGE_RE.sub(r"\1到\2", text)
    text = _LONG_DIGITS_RE.sub(lambda m: digits_one_by_one(m.group(0)), text)
    text = cn2an.transform(text, "an2cn")
    return _TWO_RE.sub("两", text)


def _sentences(text: str) -> list[str]:
    """Split into short sentences: at sentence ends, and long sentences at commas."""
    out: list[str] = []
    for raw in _SENTENCE_END_RE.split(text):
        sentence = raw.strip().rstrip("；;").strip()
        if not sentence:
            continue
        if len(sentence) <= 40:
            out.append(sentence)
            continue
        chunk = ""
        for piece in re.split(r"(?<=[，,：:])", sentence):
            if chunk and len(chunk) + len(piece) > 30:
                out.append(chunk.rstrip("，,：:"))
                chunk = ""
            chunk += piece
        if chunk.strip():
            out.append(chunk.strip().rstrip("，,：:"))
    out = [s.rstrip("，,：:、 ") for s in out]
    return [s if s[-1] in "。！？!?" else s + "。" for s in out if s.strip("。，,：:、 ")]


def for_the_ear(text: str, *, max_chars: int = 160) -> str:
    """Rewrite a written answer into what the caller hears.

    Args:
        text: The bot's answer as written for the web chat.
        max_chars: Budget for the spoken answer (before number expansion); the rest goes by SMS.

    Returns:
        Short sentences, in words: first those with amounts, rates and deadlines, then conditions,
        departments and phones, then the rest (original order within each group), within the budget.
    """
    lines = [line for line in strip_markdown(text).splitlines() if not _SOURCE_LINE_RE.match(line)]
    body = _LONG_QUOTE_RE.sub("", "\n".join(lines))
    body = re.sub(r"《[^》]{0,80}》(?:[（(][^）)]*[）)])?", lambda m: m.group(0).split("（")[0], body)
    body = re.sub(r"[〔［\[]\d{4}[〕］\]]\s*\d+\s*号", "", body)  # document numbers: said in the SMS
    sentences = _sentences(body)
    facts = [s for s in sentences if _FACT_RE.search(s)]
    points = [s for s in sentences if s not in facts and _POINT_RE.search(s)]
    rest = [s for s in sentences if s not in facts and s not in points]
    chosen: list[str] = []
    used = 0
    for sentence in facts + points + rest:
        if chosen and used + len(sentence) > max_chars:
            continue
        chosen.append(sentence)
        used += len(sentence)
    return speak_numbers("".join(chosen))


def citation_line(citations: Iterable[Mapping[str, Any]]) -> str:
    """One short spoken line naming the policies an answer rests on, and whether they expired."""
    titles: list[str] = []
    expired = False
    for cite in citations:
        title = str(cite.get("title") or "").strip()
        if title and title not in titles:
            titles.append(title)
        expired = expired or bool(cite.get("expired"))
    if not titles:
        return ""
    line = "依据的文件是《" + "》和《".join(titles[:2]) + "》。"
    if expired:
        line += "请注意，其中有政策已经失效。"
    return speak_numbers(line)


def sms_body(
    citations: Iterable[Mapping[str, Any]],
    *,
    hotline: str,
    ticket: str | None = None,
    signature: str = "【惠企通】",
) -> str:
    """The SMS that carries what the ear cannot: the full text of each cited clause.

    Args:
        citations: Citation dicts (title, doc_no, clause, text, expired, valid_until).
        hotline: The hotline number to call back.
        ticket: A ticket number to repeat in writing, if one was created.
        signature: The SMS signature (the district profile's, e.g. ``【即墨区惠企通】``).
    """
    parts = [signature]
    if ticket:
        parts.append(f"您的工单号：{ticket}。律师团队会尽快联系您。")
    for cite in citations:
        head = f"《{cite.get('title', '')}》"
        if cite.get("doc_no"):
            head += f"（{cite['doc_no']}）"
        if cite.get("clause"):
            head += f"{cite['clause']}"
        if cite.get("expired"):
            head += "［已失效］"
        parts.append(f"{head}：{str(cite.get('text', '')).strip()}")
    parts.append(f"咨询热线：{hotline}")
    return "\n".join(parts)
