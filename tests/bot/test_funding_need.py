"""A shortage of money stated without a question ("想开个小餐馆，手头还差二十来万") is a request for
financing: the start-up loan policy is named rather than the statement noted or a policy on the firm's
trade or place. Real index of a collection invented here, built by ``policy-index build``.
"""

from __future__ import annotations

import pytest

from bot.actions.funding_need import short_of_money

from .conftest import ask, index_of, patent_grants

LOANS = ("QH-F-001", "青禾县关于做好创业担保贷款工作的通知")

POLICIES = {
    LOANS[0]: f"""---
id: {LOANS[0]}
title: {LOANS[1]}
issuer: 青禾县人力资源和社会保障局
doc_no: 青人社发〔2025〕3号
issued: 2025-02-10
---
各乡镇人民政府，县直各部门：

在青禾县自主创业的高校毕业生、退役军人、返乡创业农民工等人员，可申请创业担保贷款，个人贷款额度最高30万元，小微企业最高400万元，贷款期限不超过3年，由财政按规定给予贴息。

申请人持身份证、营业执照、创业计划书到县就业服务中心申请，电话0000-1234567。
""",
    "QH-F-002": """---
id: QH-F-002
title: 青禾镇古镇民宿提升奖补办法
issuer: 青禾县文化和旅游局
doc_no: 青文旅发〔2025〕5号
issued: 2025-03-01
---
第一条 在青禾镇古镇街区利用自有房屋开办民宿、客房不少于5间的，给予一次性改造奖补2万元。

第二条 民宿评为县级精品民宿的，每家奖励5000元。
""",
    "QH-F-003": patent_grants("QH-F-003"),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "funding-need", POLICIES)


def test_money_short_for_a_start_up_names_the_loan_policy(index) -> None:
    """blind91: "我刚从部队退下来，想在孝泉开个小餐馆，手头还差二十来万。" was asked to rephrase."""
    answer, state = ask(index, "我刚从部队退下来，想在青禾镇开个小餐馆，手头还差二十来万。")

    assert answer is not None and answer.citations
    assert answer.citations[0]["policy_id"] == LOANS[0]
    assert LOANS[1] in answer.text

    answer, state = ask(index, "最多能贷多少", state)

    assert answer.citations[0]["policy_id"] == LOANS[0]
    assert "30万元" in answer.text


@pytest.mark.parametrize(
    ("said", "short"),
    [
        ("手头还差二十来万", True),
        ("资金周转不开了", True),
        ("我们缺口五十万", True),
        ("还差三个月才满一年", False),  # time, not money
        ("员工不够一百人", False),  # people
        ("想贷款，还差二十万", False),  # financing named already: the search needs no help
    ],
)
def test_a_shortage_of_money_is_told_from_time_people_and_named_financing(said: str, short: bool) -> None:
    assert short_of_money(said) is short
