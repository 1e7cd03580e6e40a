"""Dates as Chinese official documents write them: 2024年3月1日, 二〇二四年三月一日, 2024.3.1, 2024-03-01."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DATE_PATTERN", "chinese_number", "find_dates", "parse_date"]

_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": 0,
    "○": 0,
    "О": 0,
    "Ｏ": 0,
    "0": 0,
    "两": 2,
}
_CN = "〇零○ОＯ一二三四五六七八九十"
#: Year, month and day in Arabic or Chinese numerals (full-width digits are folded beforehand).
DATE_PATTERN = (
    rf"(?P<y>\d{{4}}|[{_CN}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})\s*[日号]"
)
_DATE = re.compile(DATE_PATTERN)
_NUMERIC = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})(?!\d)")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def chinese_number(text: str) -> int:
    """An Arabic number, a digit-by-digit Chinese year (二〇二四) or a Chinese month/day/count (十一, 两).

    Raises:
        KeyError: a character that is not a numeral.
    """
    if text.isdigit() and text.isascii():
        return int(text)
    if "十" not in text:
        return int("".join(str(_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def _to_date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(chinese_number(match["y"]), chinese_number(match["m"]), chinese_number(match["d"]))
    except (ValueError, KeyError):
        return None


def find_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every valid date in ``text`` as ``(date, start, end)``, in order of appearance."""
    text = text.translate(_FULLWIDTH)
    found = []
    for pattern in (_DATE, _NUMERIC):
        for match in pattern.finditer(text):
            date = _to_date(match)
            if date is not None:
                found.append((date, match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


def parse_date(text: str) -> dt.date | None:
    """The date when ``text`` is one date and nothing else (spaces and brackets aside), else None."""
    stripped = re.sub(r"[\s（）()]", "", text.translate(_FULLWIDTH))
    dates = find_dates(stripped)
    if len(dates) == 1 and dates[0][1] == 0 and dates[0][2] == len(stripped):
        return dates[0][0]
    return None
