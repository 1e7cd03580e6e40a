"""Questions the conversation used to turn away or answer for the wrong zone: a benefit only other
zones have, asked by a firm whose zone is known, is cited and said not to apply there; keywords typed
as a question ("过桥资金电话", "储能补贴标准") are searched, however little is left once benefit words
are gone; a year said digit by digit ("二二年那版") names the policy in force then. Real indexes built by
``policy-index build``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.actions.question_shape import asks_a_question
from bot.actions.state import State
from policy_index.old_documents import points_back

from .conftest import ask, index_of, loaded_index

FOLLOWUPS = Path(__file__).parent / "corpus_followups"


@pytest.fixture(scope="module")
def index(bot_index_dir: Path):
    from policy_index import PolicyIndex

    return PolicyIndex.load(bot_index_dir, corpus_dir=Path(__file__).parent / "corpus")


@pytest.fixture(scope="module")
def followups_index(tmp_path_factory: pytest.TempPathFactory):
    return loaded_index(FOLLOWUPS, tmp_path_factory.mktemp("zk-index"))


def _in(zone: str | None):
    return lambda said: zone if zone and zone[:2] in said else None


PLACES = ("龙山街道", "蓝村街道", "龙山", "蓝村")


def _ask(index, text: str, zone: str | None = None, state: State | None = None):
    """``text`` asked of ``index`` by a firm in ``zone`` (None: not known)."""
    return ask(index, text, state, resolve_zone=_in(zone), place_names=PLACES)


def test_a_benefit_only_another_zone_has_is_cited_and_said_not_to_apply(index) -> None:
    answer, state = _ask(index, "我们公司在龙山街道，能申请房租补贴吗？", "龙山街道")

    assert answer.answered and [c["policy_id"] for c in answer.citations] == ["JM-T-004"]
    assert "仅适用于蓝村街道" in answer.text and "不在适用范围内" in answer.text
    assert state.zone == "龙山街道"


def test_the_same_benefit_asked_from_its_own_zone_is_answered(index) -> None:
    answer, _state = _ask(index, "我们公司在蓝村街道，能申请房租补贴吗？", "蓝村街道")

    assert [c["policy_id"] for c in answer.citations][:1] == ["JM-T-004"]
    assert answer.answered and "不在适用范围内" not in answer.text


def test_keywords_typed_as_a_question_are_searched_not_noted(followups_index) -> None:
    # 过桥资金 (a dictionary term, 应急转贷) is left as one character once 过 and 资金 are dropped as filler;
    # this collection has no such policy: the firm is told so and offered a lawyer, not "已记下".
    answer, _state = _ask(followups_index, "过桥资金电话")

    assert answer is not None and not answer.answered
    assert answer.payload["action"] == "no_match" and "律师团队" in answer.text


def test_words_that_name_nothing_are_still_only_noted(followups_index) -> None:
    answer, _state = _ask(followups_index, "好的")

    assert answer is None


def test_a_variant_named_in_letters_is_a_question() -> None:
    assert asks_a_question("那4A呢") and asks_a_question("那5G的呢")
    assert not asks_a_question("那好吧")
    # blind33: "4A呢" after "景区新评上3A奖多少" was noted as a fact and searched on its own (no answer)
    assert asks_a_question("4A呢") and asks_a_question("5G的呢")
    assert not asks_a_question("你呢") and not asks_a_question("好的呢")


@pytest.mark.parametrize(
    ("question", "older"),
    [("二二年那版改造政策补多少", True), ("二零二二年的智能化改造办法", True), ("二八年以后还有吗", False)],
)
def test_a_year_said_digit_by_digit_points_back_at_a_policy_then_in_force(question: str, older: bool) -> None:
    assert (
        points_back(question, {"valid_until": "2025-06-30", "title": "临江区企业智能化改造专项扶持办法"})
        is older
    )


@pytest.mark.parametrize(
    ("question", "older"), [("老装配式政策", True), ("旧的智能化改造办法", True), ("老厂房改造政策", False)]
)
def test_old_said_before_a_topic_points_back(question: str, older: bool) -> None:
    assert points_back(question, {"valid_until": "2025-06-30"}) is older


def test_a_question_naming_the_old_policy_by_its_year_cites_it_first(followups_index) -> None:
    answer, _state = _ask(followups_index, "二二年那版智能化改造的政策，补助比例是多少")

    assert [c["policy_id"] for c in answer.citations][:2] == ["LJ-F-002", "LJ-F-001"]
    assert "失效" in answer.text


def test_asking_for_a_new_round_of_an_expired_policy_with_none_gets_no_clause() -> None:
    from bot.actions.old_policy import no_newer_policy

    ended = {"title": "某区2025年上半年消费券发放活动方案", "expired": True, "valid_until": "2025-06-30"}
    said = no_newer_policy("那现在有没有新的消费券", ended, None)
    assert (
        said
        == "《某区2025年上半年消费券发放活动方案》已于2025-06-30失效，政策库里目前没有查到接替它的新政策。"
    )
    assert no_newer_policy("那次活动饭店怎么报名", ended, None) is None  # about the old one: it is cited
    assert no_newer_policy("那现在有没有新的消费券", ended, {"title": "下半年方案"}) is None  # replaced
    assert no_newer_policy("有没有新的消费券", {**ended, "expired": False}, None) is None
    # blind118: one like it, asked after an expired cloud subsidy, got the old clause again
    assert no_newer_policy("现在还有类似的补贴吗", ended, None) == said


def test_asking_for_a_new_policy_to_replace_the_one_discussed_asks_which_is_in_force() -> None:
    """blind118: "有没有新的办法替代它" after an expired patent scheme found nothing."""
    from bot.actions.old_policy import asks_which_is_in_force

    assert asks_which_is_in_force("有没有新的办法替代它")
    assert asks_which_is_in_force("出了新政策取代它没")
    assert not asks_which_is_in_force("能不能用别的材料替代")


def test_na_ge_opening_a_message_is_a_filler_not_a_variant() -> None:
    from bot.actions.followup import is_variant

    assert not is_variant("那个够房补贴博士给多少")
    assert is_variant("那个高级技师呢") and is_variant("那要是超期了")


def test_a_said_overdue_reads_as_the_policy_word() -> None:
    from policy_index.normalize import normalize_query

    assert "逾期" in normalize_query("转贷资金要是超期了怎么算")


def test_a_benefit_named_in_the_clause_saying_where_the_firm_is_is_not_dropped(index) -> None:
    # the subject (房租) is said with the place: leaving that clause out would search "有补贴吗" alone
    answer, _state = _ask(index, "我们公司在龙山街道租厂房交房租，有补贴吗", "龙山街道")

    assert [c["policy_id"] for c in answer.citations] == ["JM-T-004"]
    assert "不在适用范围内" in answer.text


def test_old_said_with_the_topic_alone_cites_the_expired_policy_first(followups_index) -> None:
    answer, _state = _ask(followups_index, "老智能化改造政策")

    assert [c["policy_id"] for c in answer.citations][:2] == ["LJ-F-002", "LJ-F-001"]


ENDED = """---
id: YX-2025-001
title: 云溪县2025年上半年餐饮消费券发放活动方案
issuer: 云溪县商务局
doc_no: 云商发〔2025〕2号
issued: 2025-01-10
valid_until: 2025-06-30
zones: all
---
第一条 活动期间向市民发放餐饮消费券，参与商户须取得食品经营许可证。

第二条 参与商户按核销金额的10%获得补贴，每家商户最高2万元。
"""
TALENT = """---
id: YX-2025-002
title: 云溪县高层次人才引进奖励办法
issuer: 云溪县人才办
doc_no: 云人才发〔2025〕1号
issued: 2025-03-01
valid_until: 2027-12-31
zones: all
---
第一条 企业新引进全职博士的，给予每人10万元安家补贴。

第二条 企业新引进全职硕士的，给予每人3万元安家补贴。
"""


@pytest.fixture(scope="module")
def ended_index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "ended", {"YX-2025-001": ENDED, "YX-2025-002": TALENT})


def _after_the_campaign(index, text: str):
    state = State(policy_id="YX-2025-001", policy_title="云溪县2025年上半年餐饮消费券发放活动方案")
    return _ask(index, text, state=state)


def test_a_new_round_of_an_expired_campaign_nothing_replaces_gets_no_clause(ended_index) -> None:
    answer, _state = _after_the_campaign(ended_index, "那现在有没有新的消费券")

    assert not answer.answered and answer.citations == []
    assert "已于2025-06-30失效" in answer.text and "律师团队" in answer.text


def test_a_new_thing_of_another_subject_after_it_is_answered_as_asked(ended_index) -> None:
    answer, _state = _after_the_campaign(ended_index, "那有没有新的人才引进奖励")

    assert answer.answered and answer.citations[0]["policy_id"] == "YX-2025-002"
    assert "失效" not in answer.text
