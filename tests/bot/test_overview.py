"""Which policies there are ("即墨区有啥惠企政策"), and messages that share only the district's own name
with the collection ("明天即墨下雨不"): the catalogue for the first, nothing cited for the second. Real
index of tests/bot/corpus built by ``policy-index build``; the district's names as ``District.names``
gives them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.actions.overview import asks_for_an_overview
from bot.actions.state import State

from .conftest import ask

DISTRICT = ("即墨区", "即墨")
PLACES = ("蓝村街道", "龙山街道", "蓝村", "龙山", *DISTRICT)


@pytest.fixture(scope="module")
def index(bot_index_dir: Path):
    from policy_index import PolicyIndex

    return PolicyIndex.load(bot_index_dir, corpus_dir=Path(__file__).parent / "corpus")


def _ask(index, text: str, zone: str | None = None, state: State | None = None):
    resolve = (lambda said: zone if zone and zone[:2] in said else None) if zone else (lambda _said: None)
    return ask(index, text, state, resolve_zone=resolve, place_names=PLACES, district_names=DISTRICT)


@pytest.mark.parametrize(
    ("text", "overview"),
    [
        ("即墨区有啥惠企政策", True),
        ("我们在蓝村街道，有啥扶持", True),
        ("你们这边都有哪些补贴", True),
        ("有啥人才政策", False),
        ("装配式建筑有什么补贴", False),
        ("高企认定有什么奖励", False),
    ],
)
def test_asking_which_policies_there_are_names_no_subject(text: str, overview: bool) -> None:
    assert asks_for_an_overview(text, PLACES) is overview


def test_which_policies_there_are_lists_those_in_force_not_a_random_clause(index) -> None:
    answer, state = _ask(index, "即墨区有啥惠企政策")

    assert answer.answered and not answer.citations
    assert answer.payload["action"] == "overview"
    listed = [p["policy_id"] for p in answer.payload["policies"]]
    assert "JM-T-001" in listed and "JM-T-002" not in listed  # the expired 2022 rules are not offered
    assert "《即墨区高新技术企业培育奖励办法》" in answer.text and "（仅限蓝村街道）" in answer.text
    assert "帮我看看能享受哪些政策" in answer.text  # how to go on: the guided check
    assert state.policy_id is None


def test_a_firm_whose_zone_is_known_gets_the_policies_that_apply_there_first(index) -> None:
    answer, _ = _ask(index, "我们在蓝村街道，有啥扶持", zone="蓝村街道")
    assert answer.payload["policies"][0]["policy_id"] == "JM-T-004"  # limited to 蓝村街道: its own first
    assert "适用于蓝村街道" in answer.text

    elsewhere, _ = _ask(index, "我们在龙山街道，有啥扶持", zone="龙山街道")
    assert "JM-T-004" not in [p["policy_id"] for p in elsewhere.payload["policies"]]


@pytest.mark.parametrize("text", ["这个政策还有什么奖励", "那有啥补贴"])
def test_benefits_of_the_policy_discussed_are_not_the_catalogue(index, text: str) -> None:
    _, state = _ask(index, "高企认定有什么奖励")
    answer, _ = _ask(index, text, state=state)
    assert answer.payload.get("action") != "overview"
    assert [c["policy_id"] for c in answer.citations][:1] == ["JM-T-001"]


def test_the_others_asked_for_while_a_policy_is_discussed_are_the_catalogue(index) -> None:
    _, state = _ask(index, "高企认定有什么奖励")
    answer, _ = _ask(index, "别的还有哪些政策", state=state)
    assert answer.payload.get("action") == "overview"


@pytest.mark.parametrize("text", ["即墨区哪里好玩", "即墨区今天限行吗", "明天即墨下雨不，要不要带伞"])
def test_the_districts_name_alone_finds_nothing(index, text: str) -> None:
    answer, _ = _ask(index, text)
    assert not answer.answered and not answer.citations


def test_a_question_with_the_districts_name_is_still_answered(index) -> None:
    answer, _ = _ask(index, "即墨区高新技术企业认定了有啥奖励")
    assert answer.answered and [c["policy_id"] for c in answer.citations][:1] == ["JM-T-001"]


def test_a_variant_naming_only_another_place_asks_whether_the_policy_applies_there(index) -> None:
    """ "那要是搬到龙山街道呢" after the 蓝村街道 rent subsidy: it is said not to apply there."""

    def resolve(said: str) -> str | None:
        return next((zone for zone in ("龙山街道", "蓝村街道") if zone[:2] in said), None)

    _, state = ask(index, "我们在蓝村街道，房租能补多少", resolve_zone=resolve, place_names=PLACES)
    answer, _ = ask(index, "那要是搬到龙山街道呢", state, resolve_zone=resolve, place_names=PLACES)

    assert [c["policy_id"] for c in answer.citations] == ["JM-T-004"]
    assert "不在适用范围内" in answer.text
