"""When a policy stops being valid, from what its text says (``valid_until``), or None when it does not say.

Forms found in district documents, each in Arabic or Chinese numerals (二〇二七年十二月三十一日):

* an end date: 有效期至2027年12月31日 / 有效期：2024年1月1日至2026年12月31日 / 执行至… /
  实施期限为…至… / 缓缴实施期限到… / 自本通知印发之日起至… / 自2024年3月1日起施行，至2026年12月31日止;
  a campaign's own dates (活动时间为2026年3月20日至2026年6月30日, 本活动执行至2026年6月30日);
  also the end of a month or year (有效期至2027年底, 至2027年6月底);
* a length: 有效期三年 / 有效期限为3年 / 为期两年, counted from the start the same sentence (or the
  text) gives — 自2024年3月1日起施行 / 自印发之日起施行 (the issue date) — and ending the day before
  the anniversary (三年 from 2024-03-01 → 2027-02-28).

Only sentences about the document itself count: a length must share its sentence with a start date or
name the document (本办法 …), so that 认定结果有效期3年 or 入库企业有效期为2年 are not taken for the
policy's own validity; an application deadline (申报截止…) is never read as one. When several
sentences state an end, the last wins (the final clauses say how long the document applies).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from policy_index.importer.cleaning import compact
from policy_index.importer.dates import DATE_PATTERN, chinese_number, parse_date

__all__ = ["in_force_from", "valid_until"]

_FULLWIDTH = str.maketrans("０１２３４５６７８９：", "0123456789:")
_CN = "〇零○ОＯ一二三四五六七八九十"
_YEAR = rf"(?P<ey>\d{{4}}|[{_CN}]{{4}})年"
_MONTH = rf"(?P<em>\d{{1,2}}|[{_CN}]{{1,3}})月"
#: An end: a full date, or the end of a month (6月底) or of a year (年底 / 年末).
_END = rf"(?:(?P<date>{DATE_PATTERN})|{_YEAR}(?:{_MONTH})?(?:底|末))"
_UNTIL = re.compile(
    r"(?:有效期限?(?:为|暂定为?|是)?:?[^，。；,;]{0,14}?(?:至|到|截至|截止到?)"
    r"|(?:执行|实施|施行|试行)期限?(?:为|暂定为?)?:?[^，。；,;]{0,14}?(?:至|到)"
    r"|(?:执行|实施|施行|试行|有效)至"
    r"|(?:印发|发布|公布|下发|施行|实施)之日起(?:至|到)"
    r"|活动(?:时间|期间|期限|日期)(?:为|是)?:?[^，。；,;]{0,14}?(?:至|到)"
    r"|起(?:施行|实施|执行|试行|生效)[，,]?(?:有效期)?(?:至|到))"
    rf"\s*{_END}"
)
_LENGTH = re.compile(
    rf"(?:有效期限?|(?:执行|实施|试行)期限?)\s*(?:为|暂定为?|是)?\s*(?P<n>\d{{1,2}}|[{_CN}两]{{1,2}})\s*(?:个)?年"
    rf"|为期\s*(?P<n2>\d{{1,2}}|[{_CN}两]{{1,2}})\s*年"
)
_START = re.compile(rf"(?P<date>{DATE_PATTERN})\s*起")
#: The document's own start: "本办法自2026年8月1日起施行".
_TAKES_EFFECT = re.compile(rf"(?P<date>{DATE_PATTERN})\s*起\s*(?:施行|实施|执行|试行|生效)")
_ON_ISSUE = re.compile(r"自(?:印发|发布|公布|下发)之日起")
_DOCUMENT = re.compile(
    r"本(?:实施)?(?:办法|通知|政策|细则|措施|方案|意见|规定|决定|指引|条例|文件|计划|活动)"
)
_DEADLINE = re.compile(r"申报|申请|受理|报送|提交")


def _number(text: str) -> int | None:
    try:
        return chinese_number(text)
    except (KeyError, ValueError):
        return None


def _end(match: re.Match[str]) -> dt.date | None:
    if match["date"]:
        return parse_date(match["date"])
    year = _number(match["ey"])
    month = _number(match["em"]) if match["em"] else 12
    if not year or not month or not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _plus_years(start: dt.date, years: int) -> dt.date:
    try:
        return start.replace(year=start.year + years) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def _start(sentence: str, text: str, issued: dt.date | None) -> dt.date | None:
    """The start a length counts from: this sentence's, else the text's effective date, else the issue
    date when the text says it applies from issue."""
    for where in (sentence, text):
        if match := _START.search(where):
            return parse_date(match["date"])
        if _ON_ISSUE.search(where):
            return issued
    return None


def valid_until(text: str, issued: dt.date | None = None) -> dt.date | None:
    """The last valid day the text states (None when it states none).

    Args:
        text: the document's body text.
        issued: its issue date (a length counted 自印发之日起 starts there).
    """
    flat = compact(text).translate(_FULLWIDTH)
    found: dt.date | None = None
    for sentence in re.split(r"[。；;\n]", flat):
        if _DEADLINE.search(sentence) and not _DOCUMENT.search(sentence):
            continue
        ends = [d for m in _UNTIL.finditer(sentence) if (d := _end(m))]
        if ends:
            found = ends[-1]
            continue
        length = _LENGTH.search(sentence)
        if length and (_START.search(sentence) or _ON_ISSUE.search(sentence) or _DOCUMENT.search(sentence)):
            years = _number(length["n"] or length["n2"])
            start = _start(sentence, flat, issued)
            if years and start:
                found = _plus_years(start, years)
    return found


def in_force_from(text: str, issued: dt.date | None = None) -> dt.date | None:
    """The day the text says it takes effect ("自2026年8月1日起施行"), else ``issued``.

    Args:
        text: the document's body text.
        issued: its issue date.
    """
    flat = compact(text).translate(_FULLWIDTH)
    for sentence in re.split(r"[。；;\n]", flat):
        if _DEADLINE.search(sentence) and not _DOCUMENT.search(sentence):
            continue
        if match := _TAKES_EFFECT.search(sentence):
            return parse_date(match["date"]) or issued
    return issued
