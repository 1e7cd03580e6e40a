"""A charge the firm asks to have cut, waived, deferred or refunded gets no clause of a policy that grants
no relief at all, on a first turn or a follow-up; a policy that waives it answers."""

from __future__ import annotations

import pytest

from policy_index.relief import relief_it_never_grants
from tests.bot.conftest import ask, index_of

SKILLS = """---
id: QH-R-001
title: 青禾县企业技能人才评价奖补办法
issuer: 青禾县人力资源和社会保障局
doc_no: 青人社发〔2025〕8号
issued: 2025-03-01
zones: all
---
第一条 为鼓励企业培养技能人才，制定本办法。

第二条 企业职工取得职业技能等级证书，且企业为其按月足额缴纳社会保险费满6个月的，按每人1000元给予企业奖补。

第三条 企业开展技能等级自主评价的，按评价合格人数每人300元给予奖补，单个企业年度最高10万元。

第四条 申报材料：奖补申请表、职工花名册、社会保险缴费明细、职业技能等级证书复印件。
"""

DISABLED_STAFF = """---
id: QH-R-002
title: 青禾县促进残疾人就业若干措施
issuer: 青禾县残疾人联合会
doc_no: 青残联发〔2025〕2号
issued: 2025-04-01
zones: all
---
第一条 在职职工总数30人（含）以下的企业，暂免征收残疾人就业保障金。

第二条 企业安排残疾人就业比例超过1.5%的，对超出部分每人每年奖励3000元。
"""

GUARANTEE = """---
id: QH-R-003
title: 青禾县小微企业融资担保费补贴办法
issuer: 青禾县财政局
doc_no: 青财金〔2025〕5号
issued: 2025-05-01
zones: all
---
第一条 小微企业通过县融资担保公司取得银行贷款的，按实际缴纳担保费的50%给予补贴，每户每年最高5万元。

第二条 申报材料：担保合同、担保费缴费凭证、借款合同。
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    policies = {"QH-R-001": SKILLS, "QH-R-002": DISABLED_STAFF, "QH-R-003": GUARANTEE}
    return index_of(tmp_path_factory, "relief", policies)


@pytest.mark.parametrize(
    ("question", "policy_text", "never"),
    [
        ("职工社保能不能缓缴", SKILLS, True),
        ("农民工工资保证金能不能减免", SKILLS, True),
        ("高企所得税减按15%咋申请", SKILLS, True),
        ("残保金怎么减免", DISABLED_STAFF, False),  # 免征: a relief the policy grants
        ("技能证书补多少", SKILLS, False),  # asks for a subsidy, not a relief
        ("担保费能退一点不", GUARANTEE, False),  # how firms ask for a subsidy on a cost
    ],
)
def test_a_relief_is_told_from_what_the_policy_grants(question: str, policy_text: str, never: bool) -> None:
    assert relief_it_never_grants(question, lambda: policy_text) is never


def test_deferring_social_insurance_is_not_answered_by_a_subsidy_that_names_it(index) -> None:
    result = index.search("公司这几个月资金紧，职工社保能不能缓缴", k=3)

    assert result["hits"][0]["policy_id"] == "QH-R-001"  # it names 社会保险 …
    assert not result["answerable"]  # … but waives nothing


def test_a_relief_asked_after_a_subsidy_gets_no_clause_of_it(index) -> None:
    first, state = ask(index, "员工考了技能证书，企业有补贴吗")
    assert first.citations[0]["policy_id"] == "QH-R-001"

    answer, _ = ask(index, "那企业给员工交的社保能减免吗", state)

    assert not answer.answered
    assert not answer.citations
    assert "律师" in answer.text


def test_a_relief_the_policy_grants_is_answered_from_it(index) -> None:
    answer, _ = ask(index, "我们公司二十来个人，残保金能减免吗")

    assert answer.answered
    assert answer.citations[0]["policy_id"] == "QH-R-002"
    assert "暂免征收" in answer.text


def test_asking_for_part_of_a_fee_back_is_answered_by_its_subsidy(index) -> None:
    answer, _ = ask(index, "通过县里担保公司贷的款，担保费能退一点不")

    assert answer.answered
    assert answer.citations[0]["policy_id"] == "QH-R-003"


def test_what_the_firm_did_then_a_generic_ask_keeps_the_policy_on_it(index) -> None:
    """The asking part "企业有补贴吗" names no benefit: the guarantee-fee *补贴* policy, whose title
    shares only 企业 and 补贴 with it, does not go before the skills policy the situation is about."""
    answer, state = ask(index, "员工考了技能证书，企业有补贴吗")

    assert [c["policy_id"] for c in answer.citations] == ["QH-R-001"]
    assert state.policy_id == "QH-R-001"
