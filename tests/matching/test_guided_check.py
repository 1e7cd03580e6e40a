"""The guided eligibility check's helpers: answers read as firms write them, and the answer composed.

The matching runs on the shipped collection (``data/policies``) with the real matcher.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.actions import check_answers, eligibility
from matching import corpus_conditions, load_vocabulary, match_firm, parse_profile
from matching.engine import NOTHING_TO_CHECK

TODAY = dt.date(2026, 12, 2)
CORPUS = Path(__file__).resolve().parents[2] / "data" / "policies"


@pytest.mark.parametrize(
    ("said", "employees"),
    [("50来人", "50"), ("五十多个人", "50"), ("大概两百人", "200"), ("十几个人", "15"), ("不清楚", "不清楚")],
)
def test_employees_as_firms_say_them(said: str, employees: str) -> None:
    assert check_answers.parse_employees(said) == employees


@pytest.mark.parametrize(
    ("said", "wan"),
    [
        ("两千万", "2000"),
        ("1.2个亿", "12000"),
        ("一个亿", "10000"),
        ("五百多万", "500"),
        ("800", "800"),  # the question asks in 万元
        ("大概2000万元左右", "2000"),
        ("还没有收入", "0"),
        ("不方便说", "不清楚"),
    ],
)
def test_revenue_in_wan_yuan(said: str, wan: str) -> None:
    assert check_answers.parse_revenue(said) == wan


@pytest.mark.parametrize(
    ("said", "year"),
    [
        ("2019年成立", "2019"),
        ("19年", "2019"),
        ("二零一九年", "2019"),
        ("98年成立的", "1998"),
        ("成立五年了", "2021"),
        ("去年", "2025"),
    ],
)
def test_founding_year(said: str, year: str) -> None:
    assert check_answers.parse_founded(said, TODAY) == year


def test_unreadable_answers_are_asked_again_not_guessed() -> None:
    assert check_answers.parse_employees("挺多的") is None
    assert check_answers.parse_founded("很早以前", TODAY) is None
    assert check_answers.parse_industry("啊") is None


def test_lists_none_unknown_and_amounts_the_matcher_reads() -> None:
    assert check_answers.parse_list("没有") == check_answers.NONE
    assert check_answers.parse_list("不知道") == check_answers.UNKNOWN
    assert check_answers.parse_list("高企和专精特新") == "高企、专精特新"
    said = "招了五个应届毕业生，买了六百万设备"
    assert check_answers.parse_list(said) == "招了5个应届毕业生、买了600万元设备"


def test_prefill_uses_the_conversation_over_the_stored_profile() -> None:
    stored = {"industry": "餐饮", "employees": 12, "qualifications": []}
    values = eligibility.prefill({"industry": "软件", "revenue": "两千万"}, stored, TODAY)
    assert values == {
        "check_industry": "软件",
        "check_employees": "12",
        "check_revenue": "2000",
        "check_qualifications": check_answers.NONE,
    }


def test_consent_answers() -> None:
    assert eligibility.consent_answer("同意") == "yes"
    assert eligibility.consent_answer("好的") == "yes"
    assert eligibility.consent_answer("不用了") == "no"
    assert eligibility.consent_answer("你们是谁") is None


@pytest.fixture(scope="module")
def shipped() -> tuple:
    vocabulary = load_vocabulary()
    return vocabulary, corpus_conditions(CORPUS, vocabulary)


def _check(shipped: tuple, slots: dict) -> tuple[dict, object]:
    profile = eligibility.profile_data(slots)
    vocabulary, conditions = shipped
    return profile, match_firm(parse_profile(profile), conditions, vocabulary, TODAY)


def test_answer_lists_eligible_with_clause_and_maybe_with_unknowns_never_not_eligible(shipped: tuple) -> None:
    slots = {
        "zone": "龙山街道",
        "check_industry": "金属制品",
        "check_employees": "85",
        "check_revenue": "2600",
        "check_founded": "2015",
        "check_qualifications": "规上工业企业",
        "check_events": "2025年首次纳入规模以上工业企业统计",
    }
    profile, report = _check(shipped, slots)
    assert report.eligible, "the first-time above-scale firm of data/eval/profiles qualifies for something"
    answer = eligibility.compose(report, profile, channel="web", zone_team="某律师事务所")
    first = report.eligible[0]
    assert f"《{first.title}》{first.clause}" in answer.text
    assert "符合（" in answer.text and "要转律师吗" in answer.text
    assert "不符合" not in answer.text
    assert answer.payload["action"] == "eligibility_result"
    assert answer.payload["not_eligible_count"] == len(report.not_eligible)
    assert [m["policy_id"] for m in answer.payload["eligible"]] == [m.policy_id for m in report.eligible]


def test_unknown_facts_give_maybe_with_what_is_missing(shipped: tuple) -> None:
    profile, report = _check(shipped, {"zone": "龙山街道", "check_revenue": "不清楚"})
    assert not report.eligible and report.maybe
    answer = eligibility.compose(report, profile, channel="web", zone_team=None)
    assert "还需确认" in answer.text
    listed = [m["policy_id"] for m in answer.payload["maybe"]]
    generic = {m.policy_id for m in report.maybe if m.unknown == (NOTHING_TO_CHECK,)}
    checkable = [pid for pid in listed if pid not in generic]
    assert listed[: len(checkable)] == checkable  # what the firm can settle comes before "read it yourself"


def test_hotline_answer_is_short_and_spoken(shipped: tuple) -> None:
    profile, report = _check(
        shipped, {"zone": "龙山街道", "check_industry": "金属制品", "check_qualifications": "规上工业企业"}
    )
    spoken = eligibility.compose(report, profile, channel="hotline", zone_team=None).text
    web = eligibility.compose(report, profile, channel="web", zone_team=None).text
    assert len(spoken) < len(web) and "\n" not in spoken
    assert spoken.endswith("请说需要或者不需要。")
    hotline = eligibility.compose(report, profile, channel="hotline", zone_team=None).payload
    assert len(hotline["citations"]) <= eligibility.SPOKEN_LIST  # read out and sent by SMS: a few only
