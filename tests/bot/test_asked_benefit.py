"""A benefit already had, another asked about: the policy of the one asked answers (blind46/47)."""

from __future__ import annotations

import pytest

from .conftest import ask, index_of

POLICIES = {
    "QH-B-001": """---
id: QH-B-001
title: 青禾县工业企业技术改造项目补助办法
issuer: 青禾县工业和信息化局
doc_no: 青工信〔2025〕6号
issued: 2025-03-01
zones: all
---
第一条 工业企业技术改造项目设备投资500万元以上的，按设备投资额的8%给予补助，最高300万元。

第二条 同一项目已享受《青禾县酿酒产业扶持措施》产能提升补助的，不得重复申报。
""",
    "QH-B-002": """---
id: QH-B-002
title: 青禾县酿酒产业扶持措施
issuer: 青禾县工业和信息化局
doc_no: 青工信〔2025〕7号
issued: 2025-03-01
zones: all
---
一、产能提升。酿酒企业新增产能1000吨以上的，按设备投资额的10%给予产能提升补助，最高200万元。

二、同一项目已享受《青禾县工业企业技术改造项目补助办法》补助的，不得再申报产能提升补助。
""",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "asked-benefit", POLICIES)


@pytest.mark.parametrize(
    ("question", "policy_id"),
    [
        ("同一个项目酿酒那边已经补过产能了，技改这边还能再报不", "QH-B-001"),
        ("同一个项目技改那边已经领过了，酿酒产能提升还能再领不", "QH-B-002"),
    ],
)
def test_a_benefit_had_and_another_asked_the_policy_asked_about_answers(index, question, policy_id) -> None:
    """blind47: "同一个项目白酒那边已经补过产能了，技改这边还能再报不" was answered by the 白酒 policy."""
    answer, state = ask(index, question)

    assert answer.citations[0]["policy_id"] == policy_id
    assert "不得" in answer.text  # its rule on the benefit already had
    assert state.policy_id == policy_id
