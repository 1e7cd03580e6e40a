"""Around the guided check: facts said in passing kept for the profile, and "哪些不符合？为什么？".

Real matcher on the shipped collection (``data/policies``); pure helpers, no servers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.actions import check_answers, eligibility, eligibility_reasons
from bot.actions.facts import firm_facts, stated_clauses
from matching import corpus_conditions, load_vocabulary, match_firm, parse_profile

TODAY = dt.date(2026, 12, 2)
CORPUS = Path(__file__).resolve().parents[2] / "data" / "policies"


@pytest.fixture(scope="module")
def shipped() -> tuple:
    vocabulary = load_vocabulary()
    return vocabulary, corpus_conditions(CORPUS, vocabulary)


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("我们是高新技术企业", ["我们是高新技术企业"]),
        ("我们是高新技术企业，今年招了5个应届生，有什么补贴？", ["我们是高新技术企业", "今年招了5个应届生"]),
        ("公司去年评上了专精特新", ["公司去年评上了专精特新"]),
        ("新招了10个应届生", ["新招了10个应届生"]),  # an event said without a subject
        ("买了两台设备，花了六百万", ["买了两台设备"]),
        ("他们买了六百万的设备", []),  # someone else's
        ("招了应届生有补贴吗", []),  # a question
        ("我们想申请高企", []),  # a wish
        ("要是我们是高企呢", []),  # a supposition
        ("我们还不是高企", []),  # a denial
        ("高新技术企业有什么奖励", []),  # a question
        ("高新技术企业的研发费用加计扣除比例", []),  # keywords typed as a question
    ],
)
def test_only_statements_about_the_firm_are_kept(said: str, kept: list[str]) -> None:
    assert stated_clauses(said) == kept


def test_stated_qualifications_and_events_read_with_the_matchers_vocabulary(shipped: tuple) -> None:
    vocabulary, _ = shipped
    facts = firm_facts("我们是高新技术企业，今年招了五个应届生，买了六百万的设备", lambda _s: None)
    lists = eligibility.stated_lists(facts, vocabulary)
    assert lists["qualifications"] == ["高新技术企业"]
    assert lists["events"] == ["今年招了5个应届生", "买了600万元的设备"]
    stated = eligibility.stated_profile_facts(facts, TODAY, vocabulary)
    assert stated["qualifications"] == ["高新技术企业"] and len(stated["events"]) == 2


def test_a_list_said_in_passing_is_marked_partial_and_the_check_still_asks_for_the_rest() -> None:
    stated = {"qualifications": ["高新技术企业"], "employees": 30}
    marked = eligibility.with_partial_marks(stated, {"employees": 20})
    assert marked[eligibility.PARTIAL] == {"qualifications": True}
    # a stored partial list does not fill the check's slot: the check asks "除了高新技术企业，…"
    values = eligibility.prefill(None, {**marked, "events": []}, TODAY)
    assert "check_qualifications" not in values and values["check_events"] == check_answers.NONE
    # a list the check answered in full is complete again
    profile = eligibility.profile_data({"check_qualifications": "高新技术企业、专精特新"})
    assert eligibility.stored_facts(profile, marked)[eligibility.PARTIAL] == {}
    # added to a list the check asked in full, a stated item keeps it complete
    assert eligibility.PARTIAL not in eligibility.with_partial_marks(stated, {"qualifications": []})


def _not_eligible(shipped: tuple) -> tuple[dict, list, dict]:
    vocabulary, conditions = shipped
    profile = {
        "name": "测试",
        "zone": "蓝村街道",
        "industry": "机械加工",
        "employees": 200,
        "revenue_wan": 3000,
        "founded": 2015,
        "qualifications": ["规上工业企业"],
        "events": [],
    }
    report = match_firm(parse_profile(profile), conditions, vocabulary, TODAY)
    titles = {m.policy_id: m.title for m in [*report.eligible, *report.maybe, *report.not_eligible]}
    return profile, list(report.not_eligible), titles


def test_not_eligible_listed_by_reason_each_with_its_reason(shipped: tuple) -> None:
    profile, matches, titles = _not_eligible(shipped)
    kinds = {eligibility_reasons.reason_kind(m.why) for m in matches}
    assert {"expired", "zone", "industry", "requirement"} <= kinds
    answer = eligibility_reasons.compose_not_eligible(
        matches, profile, channel="web", titles=titles, zone_team="某律师事务所"
    )
    assert f"有{len(matches)}项政策暂不符合" in answer.text
    for label in ("政策已失效", "所在区域不在适用范围", "所属行业不在适用范围"):
        assert label in answer.text
    zone_item = next(m for m in matches if eligibility_reasons.reason_kind(m.why) == "zone")
    assert f"《{zone_item.title}》：{zone_item.why}" in answer.text  # the reason, as the matcher gave it
    replaced = next(m for m in matches if "接替" in m.why)
    assert "接替" in eligibility_reasons.readable_reason(replaced.why, titles)
    assert "JM-" not in eligibility_reasons.readable_reason(replaced.why, titles)  # named by title
    payload = answer.payload
    assert payload["action"] == "not_eligible" and len(payload["not_eligible"]) == len(matches)
    assert all(item["why"] for item in payload["not_eligible"])
    assert "要转律师吗" in answer.text


def test_hotline_reads_three_and_texts_the_rest(shipped: tuple) -> None:
    profile, matches, titles = _not_eligible(shipped)
    answer = eligibility_reasons.compose_not_eligible(
        matches, profile, channel="hotline", titles=titles, zone_team=None
    )
    spoken = answer.text
    assert "\n" not in spoken and spoken.count("《") == eligibility.SPOKEN_LIST
    cited = answer.payload["citations"]
    assert len(cited) == eligibility_reasons.SMS_ITEMS and all(c["text"] for c in cited)


def test_a_question_naming_a_policy_narrows_the_answer(shipped: tuple) -> None:
    _, matches, _ = _not_eligible(shipped)
    assert not eligibility_reasons.names_something("哪些不符合？为什么？")
    assert eligibility_reasons.asked_about("哪些不符合？为什么？", matches) == matches
    named = eligibility_reasons.asked_about("为什么商标那个不符合", matches)
    assert named and all("商标" in m.title for m in named)
