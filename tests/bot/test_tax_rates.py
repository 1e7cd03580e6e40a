"""A question on a tax's own rate ("研发费用加计扣除现在按多少比例扣") is answered only from a policy that
states the rate, not from a district grant that takes the tax figure as its base (blind41–43: each cited
its R&D grant). Real indexes built by ``policy-index build`` from invented collections."""

from __future__ import annotations

import pytest

from bot.actions.tax_rules import asks_a_tax_rate

from .conftest import ask, index_of

GRANT = """---
id: HS-R-001
title: 禾山区企业研发投入后补助办法
issuer: 禾山区科学技术局
doc_no: 禾科〔2025〕4号
issued: 2025-03-01
zones: all
---
第一条 对上年度研发费用加计扣除额比前一年度增长的企业，按增长部分的10%给予后补助，单户最高100万元。

第二条 首次享受研发费用加计扣除且加计扣除额在200万元以上的企业，按加计扣除额的3%给予补助，最高30万元。

第三条 申报材料包括后补助申请表、营业执照、研发费用加计扣除优惠明细表。
"""
TAX_RULE = """---
id: HS-R-002
title: 关于进一步落实研发费用加计扣除政策的通知
issuer: 禾山区税务局
doc_no: 禾税〔2025〕2号
issued: 2025-02-01
zones: all
---
第一条 企业开展研发活动中实际发生的研发费用，未形成无形资产计入当期损益的，
在按规定据实扣除的基础上，按照实际发生额的100%在税前加计扣除。

第二条 企业委托外部机构进行研发活动的，按照实际发生额的80%计入委托方研发费用并计算加计扣除。
"""
OTHER = """---
id: HS-R-003
title: 禾山区吸纳就业补贴实施办法
issuer: 禾山区人力资源和社会保障局
doc_no: 禾人社〔2025〕6号
issued: 2025-02-10
zones: all
---
第一条 企业招用就业困难人员并签订1年以上劳动合同的，按每人2000元给予一次性吸纳就业补贴。

第二条 申领材料包括劳动合同、社会保险缴费记录和申请表。
"""


@pytest.fixture(scope="module")
def grant_only(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "grant", {"HS-R-001": GRANT, "HS-R-003": OTHER})


@pytest.fixture(scope="module")
def with_the_rule(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "rule", {"HS-R-001": GRANT, "HS-R-002": TAX_RULE, "HS-R-003": OTHER})


ASKED = [
    "研发费用加计扣除现在是按百分之多少扣",
    "研发费用加计扣除的优惠怎么享受",  # how the preference is had (blind55: answered from the grant)
    "研发费用加计扣除现在是按100%还是120%扣",
    "加计扣除比例现在是多少",
]


@pytest.mark.parametrize("asked", ASKED)
def test_a_tax_rate_a_grant_only_takes_as_its_base_gets_no_clause_and_a_lawyer(
    grant_only, asked: str
) -> None:
    answer, _ = ask(grant_only, asked)

    assert not answer.citations and answer.payload["action"] == "no_match"
    assert "律师" in answer.text


@pytest.mark.parametrize("asked", ASKED)
def test_a_tax_rate_the_collection_states_is_answered_from_it(with_the_rule, asked: str) -> None:
    answer, state = ask(with_the_rule, asked)

    assert answer.citations[0]["policy_id"] == "HS-R-002"
    assert "100%" in answer.text
    assert state.policy_id == "HS-R-002"  # "委托外面做的呢" next is asked of it


def test_the_grant_paid_on_a_tax_figure_is_still_answered_from_the_grant(grant_only) -> None:
    answer, _ = ask(grant_only, "去年研发加计扣除一千二百万，前年是八百万，后补助能拿多少")

    assert answer.citations[0]["policy_id"] == "HS-R-001"


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("小微企业所得税优惠税率是多少", True),
        ("购销合同的印花税税率是多少", True),
        ("研发费用加计扣除怎么申报，区里有没有额外补贴", False),  # a grant asked for
        ("研发加计扣除的资料要保存多久", False),  # no rate asked
        ("那注销个体户要交啥税", True),  # which taxes are due: a national rule too (blind47)
        ("转成公司以后要缴哪些税", True),
        # how a tax preference is had: the national rule (blind29/34/55 were answered from the 高企 grant)
        ("那高企的所得税优惠怎么办理", True),
        ("那所得税减免怎么享受", True),
        ("小微企业所得税今年怎么减免，能减多少", True),  # blind52
        ("所得税优惠之外区里还有奖励吗", False),  # a grant asked for
    ],
)
def test_questions_on_a_tax_rate_are_told_from_questions_on_a_grant(question: str, asks: bool) -> None:
    assert asks_a_tax_rate(question) is asks


TO_COMPANY = """---
id: HS-R-004
title: 禾山区个体工商户转型升级为企业奖励办法
issuer: 禾山区市场监督管理局
doc_no: 禾市监〔2025〕3号
issued: 2025-03-10
zones: all
---
第一条 个体工商户转型为企业并在转型当年纳入限额以上统计的，一次性奖励1万元。

第二条 申报材料：营业执照、原个体工商户注销证明、纳税申报表。
"""


def test_asked_which_taxes_are_due_a_policy_that_only_names_tax_papers_gets_no_clause(
    tmp_path_factory,
) -> None:
    """blind47: "那注销个体户要交啥税" after the 个转企 reward was answered from that policy."""
    index = index_of(tmp_path_factory, "to-company", {"HS-R-004": TO_COMPANY, "HS-R-003": OTHER})
    first, state = ask(index, "个体户转成公司有奖励吗")
    assert first.citations[0]["policy_id"] == "HS-R-004"

    answer, _ = ask(index, "那注销个体户要交啥税", state)

    assert not answer.citations and answer.payload["action"] == "no_match"
