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
