"""在 that says no place: 在孵企业, 在职职工, 在建项目 name who or what is asked about, not where the firm
is; a variant naming them is read whole. "要多少家才行" asks a threshold, not an amount. Real index of a
collection invented here, built by ``policy-index build``.
"""

from __future__ import annotations

import pytest

from bot.actions.facts import only_the_situation

from .conftest import ask, index_of

INCUBATORS = """---
id: QH-Z-001
title: 青禾县科技企业孵化器扶持办法
issuer: 青禾县科学技术局
doc_no: 青科〔2025〕6号
issued: 2025-03-01
zones: all
---
第一条 经认定的县级科技企业孵化器，按年度绩效评价结果给予10万元至30万元运营补贴。

第二条 申请运营补贴的孵化器应在本县注册，孵化场地面积不低于3000平方米，在孵企业不少于20家。

第三条 孵化器于每年3月底前向县科学技术局申报，提交绩效自评表和在孵企业名单。
"""
HIRING = """---
id: QH-Z-002
title: 青禾县吸纳就业补贴办法
issuer: 青禾县人力资源和社会保障局
doc_no: 青人社〔2025〕3号
issued: 2025-03-01
zones: all
---
第一条 企业招用登记失业人员并签订1年以上劳动合同的，按每人2000元给予一次性吸纳就业补贴。
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "zai", {"QH-Z-001": INCUBATORS, "QH-Z-002": HIRING})


@pytest.mark.parametrize(
    ("said", "kept", "left_out"),
    [
        ("那在孵企业房租能减免吗", "在孵", None),
        ("在职职工的培训费能补吗", "培训费", None),
        ("在建项目的贷款能贴息吗", "在建项目", None),
        ("我们在温泉街道，能报吗", None, "温泉街道"),  # where the firm is
    ],
)
def test_what_the_firm_says_of_itself_is_told_from_a_word_with_zai(
    said: str, kept: str | None, left_out: str | None
) -> None:
    situation_left = only_the_situation(said)
    assert kept is None or kept in situation_left
    assert left_out is None or left_out not in situation_left


def test_a_variant_on_the_incubated_firms_rent_gets_no_clause_of_the_incubator_policy(index) -> None:
    """blind40: "那在孵企业房租能减免吗" after an incubator's operating grant was answered with who may apply
    for the grant: 在孵企业房租 had been read as where the firm is, leaving nothing the policy must say."""
    first, state = ask(index, "孵化器运营补贴怎么算")
    assert first.citations[0]["policy_id"] == "QH-Z-001"

    answer, _ = ask(index, "那在孵企业房租能减免吗", state)

    assert not answer.citations and answer.payload["action"] == "no_match"
    assert "律师" in answer.text


def test_a_variant_on_the_incubated_firms_the_policy_speaks_of_is_still_answered(index) -> None:
    _, state = ask(index, "孵化器运营补贴怎么算")

    answer, _ = ask(index, "那在孵企业要多少家才行", state)

    assert answer.citations[0] == {**answer.citations[0], "policy_id": "QH-Z-001", "clause": "第二条"}
