"""The firm's figures said after a question, ending in a particle ("我们营收三十多个亿呢"), give its case
for the question asked, on the policy discussed: the tier its revenue reaches answers, not a look-alike
policy's clause on revenue growth (blind85). Real index of a collection invented here, built by
``policy-index build``."""

from __future__ import annotations

import pytest

from .conftest import ask, index_of

POLICIES = {
    "QH-Z-001": """---
id: QH-Z-001
title: 青禾县楼宇经济和总部经济扶持办法
issuer: 青禾县人民政府
doc_no: 青政〔2025〕11号
issued: 2025-05-01
zones: all
---
第一条 本办法所称总部企业，是指注册在本县、经县商务局认定的企业总部或区域总部。

第二条 经认定的总部企业，上年度营业收入达到10亿元的，给予一次性落户奖励100万元；达到30亿元的，给予300万元。

第三条 申报材料：总部企业认定申请表、营业执照、上年度审计报告。
""",
    "QH-Z-002": """---
id: QH-Z-002
title: 青禾县软件和信息技术服务业发展扶持办法
issuer: 青禾县工业和信息化局
doc_no: 青工信〔2025〕19号
issued: 2025-06-01
zones: all
---
一、企业年度营业收入首次突破1亿元、5亿元的，分别给予一次性奖励50万元、150万元。

二、年度营业收入在2000万元以上且同比增长20%以上的，按营业收入增量的1%给予奖励，单家企业每年最高100万元。
""",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "figures-said-after", POLICIES)


def test_revenue_said_with_a_particle_after_a_question_answers_it_for_that_revenue(index) -> None:
    answer, state = ask(index, "总部企业的落户奖励是怎么给的？")
    assert answer.citations[0]["policy_id"] == "QH-Z-001"

    answer, state = ask(index, "我们营收三十多个亿呢", state)

    assert answer.answered and answer.citations[0]["policy_id"] == "QH-Z-001"
    assert "达到30亿元的，给予300万元" in answer.text
    assert state.policy_id == "QH-Z-001"


def test_a_question_ending_in_a_particle_is_still_a_question(index) -> None:
    """ "那软件企业营收过亿的呢" names another subject: searched, not read as the firm's figures."""
    _, state = ask(index, "总部企业的落户奖励是怎么给的？")

    answer, _ = ask(index, "那软件企业营收首次突破一个亿的呢", state)

    assert answer.answered and answer.citations[0]["policy_id"] == "QH-Z-002"
