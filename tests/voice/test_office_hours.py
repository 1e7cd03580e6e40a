"""Office hours of the lawyer teams: 工作日 follows China's official calendar (holidays, 调休).

Every holiday and make-up working day used here is read from the ``holidays`` package's data and
checked against it, not typed in from memory; only ordinary dates (a Tuesday in December) are fixed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import holidays
import pytest

from connectors.voice import office_hours
from connectors.voice.office_hours import DEFAULT_OFFICE_HOURS, LOCAL_TZ, is_open

WORKDAYS = "工作日 8:30-12:00，13:30-17:30"
NATIONAL_DAY_2026 = date(2026, 10, 1)
#: A Tuesday with no holiday near it.
TUESDAY = date(2026, 12, 1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """``day`` at ``hour:minute`` Beijing time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def days_of(year: int) -> Iterator[date]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def makeup_weekend_days(year: int) -> list[date]:
    """The make-up working Saturdays and Sundays (调休上班) of ``year``, from the holidays package."""
    # A make-up day can be listed in the next year's notice (29 December for New Year).
    calendar = holidays.country_holidays("CN", years=(year, year + 1))
    return [d for d in days_of(year) if d.weekday() >= 5 and calendar.is_working_day(d)]


def makeup_saturdays(year: int) -> list[date]:
    """The make-up working Saturdays of ``year``."""
    return [d for d in makeup_weekend_days(year) if d.weekday() == 5]


@pytest.fixture
def fresh_calendar() -> Iterator[None]:
    """Forget the per-year calendars, so that a test sees its year's warning."""
    office_hours._official_working_days.cache_clear()
    yield
    office_hours._official_working_days.cache_clear()


def test_national_day_is_closed_although_it_is_a_weekday() -> None:
    calendar = holidays.country_holidays("CN", years=2026)
    assert NATIONAL_DAY_2026 in calendar and NATIONAL_DAY_2026.weekday() == 3  # a Thursday holiday
    assert not is_open(WORKDAYS, at(NATIONAL_DAY_2026, 10))
    assert not is_open(DEFAULT_OFFICE_HOURS, at(NATIONAL_DAY_2026, 10))
    # The same moment written in UTC (02:00Z) is still read on Beijing's calendar.
    assert not is_open(WORKDAYS, datetime(2026, 10, 1, 2, 0, tzinfo=UTC))


def test_every_official_day_off_on_a_weekday_in_2026_is_closed() -> None:
    calendar = holidays.country_holidays("CN", years=2026)
    days_off = [d for d in calendar if d.year == 2026 and d.weekday() < 5]
    assert len(days_off) >= 10  # 元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆 and their days off
    assert [d for d in days_off if is_open(WORKDAYS, at(d, 10))] == []


def test_makeup_working_saturday_is_open() -> None:
    saturdays = makeup_saturdays(2026)
    assert saturdays, "the holidays package lists no make-up working Saturday in 2026"
    calendar = holidays.country_holidays("CN", years=2026)
    for day in saturdays:
        assert day.weekday() == 5 and calendar.is_working_day(day) and day not in calendar
        assert is_open(WORKDAYS, at(day, 10)), day
        assert not is_open(WORKDAYS, at(day, 12, 30))


def test_makeup_working_sunday_is_open_and_an_ordinary_weekend_closed() -> None:
    calendar = holidays.country_holidays("CN", years=2026)
    sundays = [d for d in makeup_weekend_days(2026) if d.weekday() == 6]
    assert sundays and all(is_open(WORKDAYS, at(d, 10)) for d in sundays)
    ordinary_saturday = TUESDAY + timedelta(days=4)
    assert not calendar.is_working_day(ordinary_saturday)
    assert not is_open(WORKDAYS, at(ordinary_saturday, 10))


def test_ordinary_tuesday_open_in_the_morning_closed_at_lunch_and_at_night() -> None:
    assert TUESDAY.weekday() == 1 and holidays.country_holidays("CN", years=2026).is_working_day(TUESDAY)
    assert is_open(WORKDAYS, at(TUESDAY, 10))
    assert not is_open(WORKDAYS, at(TUESDAY, 12, 30))
    assert is_open(WORKDAYS, at(TUESDAY, 13, 30))
    assert not is_open(WORKDAYS, at(TUESDAY, 17, 30))


def test_spelt_out_days_keep_their_literal_meaning_on_holidays() -> None:
    assert is_open("每天 9:00-17:00", at(NATIONAL_DAY_2026, 10))
    assert is_open("每日 9:00-17:00", at(NATIONAL_DAY_2026, 10))
    assert is_open("周一至周五 9:00-17:00", at(NATIONAL_DAY_2026, 10))  # a Thursday
    saturday = makeup_saturdays(2026)[0]
    assert not is_open("周一至周五 9:00-17:00", at(saturday, 10))
    assert is_open("周一至周六 9:00-17:00", at(saturday, 10))


def test_missing_or_unreadable_hours_follow_the_official_calendar() -> None:
    for spec in ("", "请电话预约"):
        assert is_open(spec, at(TUESDAY, 10))
        assert not is_open(spec, at(NATIONAL_DAY_2026, 10))
        assert is_open(spec, at(makeup_saturdays(2026)[0], 10))


def test_year_without_any_data_falls_back_to_monday_to_friday_and_warns_once(fresh_calendar, caplog) -> None:
    year = holidays.China.end_year + 1
    assert not holidays.country_holidays("CN", years=year)  # the package has nothing for it
    monday = next(d for d in days_of(year) if d.weekday() == 0)
    with caplog.at_level(logging.WARNING, logger=office_hours.__name__):
        assert is_open(WORKDAYS, at(monday, 10))
        assert is_open(WORKDAYS, at(monday + timedelta(days=4), 10))  # Friday
        assert not is_open(WORKDAYS, at(monday + timedelta(days=5), 10))  # Saturday
    warnings = [r.getMessage() for r in caplog.records if r.name == office_hours.__name__]
    assert len(warnings) == 1 and str(year) in warnings[0] and "周一至周五" in warnings[0]


def test_year_without_the_notice_still_closes_on_statutory_holidays_and_warns_once(
    fresh_calendar, caplog
) -> None:
    year = next(y for y in range(2026, holidays.China.end_year + 1) if not makeup_weekend_days(y))
    calendar = holidays.country_holidays("CN", years=year)
    holiday = next(d for d in sorted(calendar) if d.weekday() < 5)
    with caplog.at_level(logging.WARNING, logger=office_hours.__name__):
        assert not is_open(WORKDAYS, at(holiday, 10))
        assert not is_open(WORKDAYS, at(holiday, 15))
        assert is_open("每天 9:00-17:00", at(holiday, 10))
    warnings = [r.getMessage() for r in caplog.records if r.name == office_hours.__name__]
    assert len(warnings) == 1 and str(year) in warnings[0] and "放假安排" in warnings[0]
