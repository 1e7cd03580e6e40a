"""When a lawyer team answers the phone, from the ``office_hours`` text of the zones file.

The zones file says e.g. ``工作日 8:30-12:00，13:30-17:30``: days (工作日 = Monday–Friday, 每天 = every
day, or 周一至周六 style ranges) followed by time ranges, in China Standard Time. Public holidays are not
known here; on those days a transferred call simply goes unanswered and becomes a ticket.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

#: The district's clock: office hours are local time whatever the server's time zone.
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
#: Used when a team's office hours are missing or unreadable.
DEFAULT_OFFICE_HOURS = "工作日 8:30-12:00，13:30-17:30"

_WEEKDAYS = "一二三四五六日"
_RANGE_RE = re.compile(r"(\d{1,2})[:：](\d{2})\s*[-~～—至到]\s*(\d{1,2})[:：](\d{2})")
_DAYS_RE = re.compile(r"周([一二三四五六日天])\s*[至到\-~～]\s*周([一二三四五六日天])")


def _days(spec: str) -> set[int]:
    if "每天" in spec or "每日" in spec or "全天" in spec:
        return set(range(7))
    match = _DAYS_RE.search(spec)
    if match:
        first, last = (_WEEKDAYS.index(d.replace("天", "日")) for d in match.groups())
        return set(range(first, last + 1))
    return set(range(5))  # 工作日, or nothing said: Monday to Friday


def parse_office_hours(spec: str) -> tuple[set[int], list[tuple[time, time]]]:
    """Weekdays (0 = Monday) and time ranges of an office-hours text; the default when unreadable."""
    ranges = [
        (time(int(h1), int(m1)), time(int(h2) % 24, int(m2))) for h1, m1, h2, m2 in _RANGE_RE.findall(spec)
    ]
    if not ranges:
        return parse_office_hours(DEFAULT_OFFICE_HOURS) if spec != DEFAULT_OFFICE_HOURS else (set(), [])
    return _days(spec), ranges


def is_open(spec: str, now: datetime) -> bool:
    """True when ``now`` falls within the office hours described by ``spec`` (local time)."""
    local = now.astimezone(LOCAL_TZ) if now.tzinfo else now.replace(tzinfo=LOCAL_TZ)
    days, ranges = parse_office_hours(spec or DEFAULT_OFFICE_HOURS)
    if local.weekday() not in days:
        return False
    moment = local.time()
    return any(start <= moment < end for start, end in ranges)
