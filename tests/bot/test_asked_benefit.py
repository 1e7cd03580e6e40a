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


LOANS = {
    "QH-L-001": """---
id: QH-L-001
title: 青禾县小微企业首次贷款贴息办法
issuer: 青禾县财政局
doc_no: 青财〔2025〕3号
issued: 2025-02-01
zones: all
---
第一条 小微企业首次获得银行贷款的，按实际支付利息的50%给予贴息，每户每年最高20万元。

第二条 同一笔贷款已申请《青禾县技术改造项目贷款贴息办法》贴息的，不得再按本办法申请，只能择一。
""",
    "QH-L-002": """---
id: QH-L-002
title: 青禾县技术改造项目贷款贴息办法
issuer: 青禾县工业和信息化局
doc_no: 青工信〔2025〕9号
issued: 2025-02-01
zones: all
---
第一条 工业企业为技术改造项目取得的银行贷款，按贷款市场报价利率的60%给予贴息，单个项目最高100万元。

第二条 同一笔贷款已按《青禾县小微企业首次贷款贴息办法》申请首次贷款贴息的，不得再按本办法申请贴息，只能择一。

第三条 技术改造项目贷款贴息按季度申报，申报时提交贷款合同和付息凭证。
""",
}


@pytest.fixture(scope="module")
def loans(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "asked-benefit-loans", LOANS)


def test_the_benefit_asked_about_answers_when_both_titles_share_words(loans) -> None:
    """A 技改 loan subsidy had, the first-loan subsidy asked (blind65): the 技改 policy, whose title shares
    贷款贴息 with the part asked, answered."""
    answer, state = ask(loans, "同一笔贷款如果已经拿了技改项目的贴息，还能再申请首次贷款贴息吗？")

    assert answer.citations[0]["policy_id"] == "QH-L-001"
    assert "不得" in answer.text
    assert state.policy_id == "QH-L-001"
