"""When a lawyer team answers the phone, from the ``office_hours`` text of the zones file.

The zones file says e.g. ``工作日 8:30-12:00，13:30-17:30``: days followed by time ranges, in China
Standard Time. The days are read as follows:

* ``工作日`` (or no days at all) means China's official working days, taken from the ``holidays``
  package's calendar of the State Council's yearly notice: closed on public holidays and their days
  off (国庆、春节 …), open on the make-up working Saturdays and Sundays (调休上班).
* ``每天``/``每日``/``全天`` and ranges such as ``周一至周六`` keep their literal meaning, holidays
  included: a team that spelt out its days chose them. Only ``工作日`` follows the official calendar.

The yearly make-up working days are published each November; until the installed ``holidays`` has a
year's notice, that year still follows its statutory holidays (which the package derives from the rules)
but has no make-up working days, and a warning says so once. For a year the package knows nothing of
(outside its range), ``工作日`` falls back to Monday–Friday, with a warning once.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from tickets.zones import OFFICE_HOURS_RANGE_RE

log = logging.getLogger(__name__)

#: The district's clock: office hours are local time whatever the server's time zone.
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
#: Used when a team's office hours are missing (the zones file refuses unreadable ones).
DEFAULT_OFFICE_HOURS = "工作日 8:30-12:00，13:30-17:30"
#: Monday to Friday: 工作日 when the official calendar has no data for the year.
MONDAY_TO_FRIDAY = frozenset(range(5))

_WEEKDAYS = "一二三四五六日"
_RANGE_RE = OFFICE_HOURS_RANGE_RE
_DAYS_RE = re.compile(r"周([一二三四五六日天])\s*[至到\-~～]\s*周([一二三四五六日天])")


def _readable(spec: str) -> str:
    """``spec``, or the default office hours when it names no time range."""
    return spec if spec and _RANGE_RE.search(spec) else DEFAULT_OFFICE_HOURS


def _literal_days(spec: str) -> set[int] | None:
    """Weekdays (0 = Monday) that ``spec`` spells out; None for 工作日 or no days said."""
    if "每天" in spec or "每日" in spec or "全天" in spec:
        return set(range(7))
    match = _DAYS_RE.search(spec)
    if match:
        first, last = (_WEEKDAYS.index(d.replace("天", "日")) for d in match.groups())
        return set(range(first, last + 1))
    return None


@cache
def _official_working_days(year: int) -> frozenset[date] | None:
    """China's official working days in ``year``; None when the ``holidays`` package has no data for it."""
    # A make-up working day can be listed in the neighbouring year's notice (29 December for New Year).
    calendar = holidays.country_holidays("CN", years=(year - 1, year, year + 1))
    if not any(day.year == year for day in calendar):
        log.warning(
            "holidays %s 没有 %d 年的中国节假日数据：“工作日”按周一至周五计算。",
            holidays.__version__,
            year,
        )
        return None
    if not any(day.year == year for day in calendar.weekend_workdays):
        log.warning(
            "holidays %s 还没有 %d 年的国务院放假安排：只按法定节假日休息，调休上班的周末按休息计。"
            "请升级 holidays。",
            holidays.__version__,
            year,
        )
    first = date(year, 1, 1)
    days = (first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days))
    return frozenset(day for day in days if calendar.is_working_day(day))


def is_official_working_day(day: date) -> bool:
    """True on China's official working days (调休 included); Monday–Friday for years without data."""
    working = _official_working_days(day.year)
    return day.weekday() in MONDAY_TO_FRIDAY if working is None else day in working


def parse_office_hours(spec: str) -> tuple[set[int] | None, list[tuple[time, time]]]:
    """Weekdays (0 = Monday) and time ranges of an office-hours text; the default when unreadable.

    The weekdays are None for 工作日 (or no days said): those follow the official calendar.
    """
    spec = _readable(spec)
    ranges = [
        (time(int(h1), int(m1)), time(int(h2) % 24, int(m2))) for h1, m1, h2, m2 in _RANGE_RE.findall(spec)
    ]
    return _literal_days(spec), ranges


def is_open(spec: str, now: datetime) -> bool:
    """True when ``now`` falls within the office hours described by ``spec`` (local time)."""
    local = now.astimezone(LOCAL_TZ) if now.tzinfo else now.replace(tzinfo=LOCAL_TZ)
    days, ranges = parse_office_hours(spec)
    if not (is_official_working_day(local.date()) if days is None else local.weekday() in days):
        return False
    moment = local.time()
    return any(start <= moment < end for start, end in ranges)
