"""A running cost the policy discussed never names (fuel, power, wages, premiums, freight …) is not answered
from its clauses."""

from __future__ import annotations

import pytest

from bot.actions.running_costs import cost_it_never_names
from tests.bot.conftest import ask, index_of

COLD_CHAIN = """---
id: QH-C-001
title: 青禾县冷链物流发展扶持办法
issuer: 青禾县商务局
doc_no: 青商发〔2025〕11号
issued: 2025-04-01
zones: all
---
第一条 为完善农产品冷链物流体系，制定本办法。

第二条 新建或改扩建冷库、库容1000吨以上的，按每吨300元给予补助，单个项目最高100万元。

第三条 新购置冷藏车并在本县登记上牌的，每辆补助2万元，每家企业最多补助10辆。

第四条 申报材料：购车发票、行驶证、企业营业执照复印件。
"""

DATA_CENTRES = """---
id: QH-C-002
title: 青禾县数据中心用电扶持办法
issuer: 青禾县发展和改革局
doc_no: 青发改〔2025〕3号
issued: 2025-05-01
zones: all
---
第一条 对本县数据中心年用电量超过1000万千瓦时的，按实际用电量每千瓦时补贴0.05元，每年最高200万元。

第二条 申报材料：电费缴纳凭证、供电部门出具的用电量证明。
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "costs", {"QH-C-001": COLD_CHAIN, "QH-C-002": DATA_CENTRES})


@pytest.mark.parametrize(
    ("question", "policy_text", "cost"),
    [
        ("冷藏车的油费有补贴没有", COLD_CHAIN, "油费"),
        ("那职工去考证请的这几天假，工资企业得照发吗", COLD_CHAIN, "工资"),
        ("电费补助能补多少", DATA_CENTRES, None),  # named as 用电, 电费
        ("冷藏车补多少", COLD_CHAIN, None),  # no running cost asked
        ("那冷藏车的车险有补贴吗", COLD_CHAIN, "车险"),  # blind76: the purchase clause answered
        ("那展品海运费能报吗", COLD_CHAIN, "海运费"),  # blind78, after a fair subsidy
        ("那温室的种植保险有补贴吗", COLD_CHAIN, "保险"),  # blind79, after a greenhouse subsidy
        ("工人失业保险交了两年，冷藏车司机能补吗", COLD_CHAIN, None),  # the staff's social insurance
        ("冷库的运费能补吗", "冷链运输费用按实际发生额的20%补贴", None),  # named as 运输
        # any fee whose purpose the policy never names (blind80–83: each answered from a clause)
        ("那专利被人侵权了，打官司的律师费能补吗？", COLD_CHAIN, "律师费"),
        ("那请机构辅导评专精特新的服务费能报吗", COLD_CHAIN, "服务费"),
        ("那海参养殖的海域使用金能减吗", COLD_CHAIN, "使用金"),
        ("冷库建设的费用能补多少", COLD_CHAIN, None),  # asks the amount: takes it as covered
        ("我们在金江镇，冷库补多少", COLD_CHAIN, None),  # 金 of a place asks no fee
        ("第一年租金能补多少", "按实际租金的30%给予补贴", None),  # rent, however worded
        # blind111: the renovation a homestay policy pays as 改造提升, not a running cost
        ("装修改造的钱能补吗", "民宿实施客房改造提升的，按改造投资的20%给予补助", None),
        ("店面装修费能补吗", COLD_CHAIN, "装修费"),
    ],
)
def test_a_running_cost_is_told_from_what_the_policy_names(
    question: str, policy_text: str, cost: str | None
) -> None:
    assert cost_it_never_names(question, policy_text) == cost


def test_fuel_for_the_trucks_a_policy_subsidises_buying_gets_no_clause_of_it(index) -> None:
    first, state = ask(index, "新买冷藏车能补多少")
    assert first.citations[0]["policy_id"] == "QH-C-001"

    answer, _ = ask(index, "冷藏车的油费有补贴没有", state)

    assert not answer.answered
    assert not answer.citations


def test_power_a_policy_pays_for_is_answered_from_it(index) -> None:
    first, state = ask(index, "数据中心用电有啥补贴")
    assert first.citations[0]["policy_id"] == "QH-C-002"

    answer, _ = ask(index, "电费能补多少", state)

    assert answer.answered
    assert answer.citations[0]["policy_id"] == "QH-C-002"


def test_the_insurance_on_trucks_a_policy_subsidises_buying_gets_no_clause_of_it(index) -> None:
    _, state = ask(index, "新买冷藏车能补多少")

    answer, _ = ask(index, "那冷藏车的车险有补贴吗", state)

    assert not answer.citations


PATENTS = """---
id: QH-C-003
title: 青禾县知识产权资助办法
issuer: 青禾县市场监督管理局
doc_no: 青市监〔2025〕7号
issued: 2025-03-01
zones: all
---
第一条 对新授权的发明专利，每件资助1万元。

第二条 实用新型专利和外观设计专利不予资助。
"""


@pytest.fixture(scope="module")
def patent_index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "patent-fees", {"QH-C-001": COLD_CHAIN, "QH-C-003": PATENTS})


def test_a_fee_the_policy_never_names_gets_no_clause_though_it_rules_out_another_case(patent_index) -> None:
    """blind80: "那专利被人侵权了，打官司的律师费能补吗？" after a patent grant was answered with
    "实用新型专利和外观设计专利不予资助" — a case the policy leaves out, but not the one asked."""
    first, state = ask(patent_index, "发明专利授权了，有资助吗")
    assert first.citations[0]["policy_id"] == "QH-C-003"

    answer, _ = ask(patent_index, "那专利被人侵权了，打官司的律师费能补吗？", state)

    assert not answer.answered and not answer.citations
    assert "律师" in answer.text  # a lawyer is offered
