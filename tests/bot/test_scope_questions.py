"""Asked where a benefit applies ("民宿补助哪些镇能申请"): its zones, from its clause or the record."""

from __future__ import annotations

import pytest

from bot.actions.question_shape import asks_where_it_applies
from bot.actions.state import State

from .conftest import ask, index_of

POLICIES = {
    "QH-Z-001": """---
id: QH-Z-001
title: 青禾县乡村民宿提升补助办法
issuer: 青禾县文化和旅游局
doc_no: 青文旅〔2025〕4号
issued: 2025-04-01
zones: [青山镇, 白水镇]
---
第一条 新建或改建民宿客房8间以上、装修投资100万元以上的，按投资额的15%给予一次性补助，最高30万元。

第二条 本办法适用于青山镇、白水镇辖区内登记注册的民宿经营者；个体经营户参照执行。

第三条 申报材料：营业执照、装修合同及发票、消防检查合格意见。
""",
    "QH-Z-002": """---
id: QH-Z-002
title: 青禾县高山茶园改造奖补办法
issuer: 青禾县农业农村局
doc_no: 青农〔2025〕12号
issued: 2025-05-01
zones: [青山镇]
---
第一条 改造老茶园集中连片30亩以上的，每亩补助600元，单个主体最高12万元。

第二条 申报材料：土地流转合同、改造前后照片、验收意见。
""",
    "QH-Z-003": """---
id: QH-Z-003
title: 青禾县工业企业技术改造补助办法
issuer: 青禾县工业和信息化局
doc_no: 青工信〔2025〕6号
issued: 2025-03-01
zones: all
---
第一条 工业企业技术改造项目设备投资300万元以上的，按设备投资额的8%给予补助，最高200万元。

第二条 申报时间为每年4月1日至4月30日。
""",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "scope", POLICIES)


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("民宿补助哪些镇能申请", True),
        ("这个适用哪些街道", True),
        ("技改补助是不是全区都能报", True),
        ("哪个镇的民宿最多", False),
        ("我们在青山镇，能享受不", False),  # the firm's own zone: whether it applies there
        ("民宿补助能补多少", False),
    ],
)
def test_a_question_asking_where_a_benefit_applies_is_told_apart(question: str, where: bool) -> None:
    assert asks_where_it_applies(question) is where


def test_asked_which_towns_a_zone_limited_benefit_is_for_its_clause_on_scope_names_them(index) -> None:
    """blind44: "民宿补助哪些镇能申请" was answered with the amount, or asked the firm's own town."""
    answer, state = ask(index, "民宿补助哪些镇能申请")

    assert (answer.citations[0]["policy_id"], answer.citations[0]["clause"]) == ("QH-Z-001", "第二条")
    assert "只适用于青山镇、白水镇" in answer.text and "15%" not in answer.text
    assert "登记注册的民宿经营者。" in answer.text  # its sentence ends as a sentence, not with "；"
    assert state.policy_id == "QH-Z-001"


def test_asked_which_towns_of_the_policy_discussed_its_record_answers_when_no_clause_says(index) -> None:
    state = State(
        policy_id="QH-Z-002", policy_title="青禾县高山茶园改造奖补办法", last_question="老茶园改造补多少"
    )

    answer, state = ask(index, "这个哪些镇能报", state)

    assert answer.citations[0]["policy_id"] == "QH-Z-002" and answer.citations[0]["clause"] == ""
    assert "按政策库登记的文件信息，《青禾县高山茶园改造奖补办法》只适用于青山镇" in answer.text


def test_asked_whether_the_whole_district_may_apply_a_policy_limited_to_no_town_says_so(index) -> None:
    answer, _ = ask(index, "技改补助是不是全区都能报")

    assert answer.citations[0]["policy_id"] == "QH-Z-003"
    assert "全区符合条件的企业都可以申报" in answer.text


def test_asked_which_towns_with_the_firms_town_known_it_is_told_whether_it_is_in(index) -> None:
    state = State(
        policy_id="QH-Z-001",
        policy_title="青禾县乡村民宿提升补助办法",
        last_question="民宿能补多少",
        zone="红石镇",
    )

    answer, _ = ask(index, "这个哪些镇能申请", state)

    assert "只适用于青山镇、白水镇" in answer.text
    assert "贵公司在红石镇，不在适用范围内" in answer.text
