"""A first question whether two benefits can both be had ("首贷贴息和创业担保贷款贴息，同一笔贷款能两个都
拿吗") is answered first from the policy it names first, from its clause on the other, when both policies
say they exclude each other. Real index of a collection invented here, built by ``policy-index build``.
"""

from __future__ import annotations

import pytest

from bot.actions.combining import asks_to_combine

from .conftest import ask, index_of, patent_grants

FIRST_LOAN = ("QH-C-001", "青禾县小微企业首贷贴息实施办法")
START_UP = ("QH-C-002", "青禾县创业担保贷款贴息管理办法")

POLICIES = {
    FIRST_LOAN[0]: f"""---
id: {FIRST_LOAN[0]}
title: {FIRST_LOAN[1]}
issuer: 青禾县地方金融服务中心
doc_no: 青金发〔2025〕2号
issued: 2025-02-01
---
第一条 在青禾县注册的小微企业首次从银行获得经营性贷款的，按实际支付利息的50%给予贴息，单户最高10万元。

第二条 同一笔贷款已享受《{START_UP[1]}》贴息的，不得再申请本办法贴息，只能选择其一。

第三条 申请材料：申请表、借款合同、利息支付清单。
""",
    START_UP[0]: f"""---
id: {START_UP[0]}
title: {START_UP[1]}
issuer: 青禾县人力资源和社会保障局
doc_no: 青人社发〔2025〕4号
issued: 2025-03-01
---
第一条 高校毕业生、退役军人等自主创业的，可申请创业担保贷款，个人最高30万元，财政按贷款利率的50%贴息。

第二条 同一笔贷款已享受《{FIRST_LOAN[1]}》贴息的，不得再享受本办法贴息。

第三条 借款人有不良信用记录的，不予贷款。
""",
    "QH-C-003": patent_grants("QH-C-003"),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "two-benefits", POLICIES)


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        ("首贷贴息和创业担保贷款贴息，同一笔贷款能两个都拿吗", FIRST_LOAN, START_UP),
        ("创业担保贷款贴息和首贷贴息，同一笔贷款能两个都拿吗", START_UP, FIRST_LOAN),
    ],
)
def test_the_policy_named_first_answers_first_then_the_other(index, question: str, first, second) -> None:
    """blind95: the first-loan question was answered from the start-up loan policy only, whichever came
    first in the question."""
    answer, state = ask(index, question)

    assert answer.citations[0]["policy_id"] == first[0]
    assert f"同一笔贷款已享受《{second[1]}》贴息的" in answer.text  # its clause on the other, quoted
    assert state.policy_id == first[0]


@pytest.mark.parametrize(
    ("said", "asks"),
    [
        ("首贷贴息和创业担保贷款贴息能两个都拿吗", True),
        ("科创贷贴息和流贷贴息能两头拿吗", True),
        ("高企和专精特新的奖能不能都拿", True),
        ("今年同时评上了高企和省级专精特新，两个奖能都拿吗", True),  # blind97/98
        ("出口信保和参展补贴两份补贴都能领吗", True),
        ("首贷贴息两个月能拿到吗", False),
    ],
)
def test_asking_to_have_both_is_recognised(said: str, asks: bool) -> None:
    assert asks_to_combine(said) is asks


def _hit(policy: tuple[str, str], other: tuple[str, str]) -> dict:
    return {
        "policy_id": policy[0],
        "title": policy[1],
        "text": f"第二条 同一笔贷款已享受《{other[1]}》贴息的，不得再申请本办法贴息。",
    }


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("首贷贴息和创业担保贷款贴息能两个都拿吗", FIRST_LOAN),  # named first
        ("同一笔又办了首贷，两个贴息能都拿吗", START_UP),  # names one only: the ranking stands (blind95)
        ("去年已经领过首贷贴息了，创业担保贷款贴息两个能都拿吗", START_UP),  # one had already (blind51)
    ],
)
def test_the_policy_named_first_leads_only_when_both_are_named(question: str, lead) -> None:
    from bot.actions.combining import named_first_of_two

    hits = [_hit(START_UP, FIRST_LOAN), _hit(FIRST_LOAN, START_UP)]

    assert named_first_of_two(question, {"hits": hits})["hits"][0]["policy_id"] == lead[0]


def test_what_both_are_paid_on_names_neither() -> None:
    """blind93: "同一笔贷款科创贷贴息和普通流贷贴息能两头拿吗" — 贷款 of 同一笔贷款 named the working-capital
    loan policy (its title says 贷款, the other's 科创贷) before 科创贷 was said."""
    from bot.actions.combining import named_first_of_two

    tech = ("QH-C-011", "青禾县“科创贷”贴息补助实施细则")
    working = ("QH-C-012", "青禾县流动资金贷款贴息办法")
    hits = [_hit(working, tech), _hit(tech, working)]

    result = named_first_of_two("同一笔贷款科创贷贴息和普通流贷贴息能两头拿吗", {"hits": hits})

    assert result["hits"][0]["policy_id"] == tech[0]
