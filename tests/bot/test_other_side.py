"""A question about one side of a scope the policy pays for only on the other (国内 against 境外, 省内 against
省外): no clause of that policy answers it. Real index of a collection invented here, built by
``policy-index build``.
"""

from __future__ import annotations

import pytest

from bot.actions.other_side import abroad_as_the_policy_says, asks_the_other_side
from bot.actions.state import State

from .conftest import ask, index_of, patent_grants

OWN_AND_FOREIGN = "企业获得国内发明专利授权的，每件资助1万元；获得国外发明专利授权的，每件资助3万元。"

ABROAD = """---
id: QH-X-001
title: 青禾县支持企业参加境外展会补助办法
issuer: 青禾县商务局
doc_no: 青商〔2025〕4号
issued: 2025-03-01
zones: all
---
第一条 企业参加境外展会的，按展位费的50%给予补助，每家企业每年最高10万元。

第二条 企业于展会结束后3个月内向县商务局申报，提交参展合同和展位费发票。
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(
        tmp_path_factory,
        "other-side",
        {"QH-X-001": ABROAD, "QH-X-002": patent_grants("QH-X-002", OWN_AND_FOREIGN)},
    )


@pytest.mark.parametrize(
    ("question", "policy", "other_side"),
    [
        ("参加广交会这种国内展会，展位费能补吗", "企业参加境外展会的，按展位费的50%给予补助", True),
        ("出国参展能补吗", "企业参加国内展会的，按展位费的30%给予补助", True),
        ("参加广交会，展位费能补吗", "企业参加境外展会的，按展位费的50%给予补助", False),  # no scope said
        ("国内展会能补吗", "企业参加境内外展会的，按展位费的50%给予补助", False),  # both sides paid
        ("今年拿了4件国内、1件国外发明专利，一共多少", "获得国外发明专利授权的，每件资助3万元", False),
        ("去省外参展能补吗", "企业参加省内展会的，按展位费的30%给予补助", True),
        # a place abroad says 境外 (data/lexicon/abroad.yaml)
        ("去迪拜参加展会，展位费能补吗", "企业参加国内展会的，按展位费的30%给予补助", True),
        ("去德国汉诺威参展能补吗", "企业参加境外展会（含港澳台）的，按展位费的50%给予补助", False),
    ],
)
def test_the_other_side_of_a_scope_is_told_apart(question: str, policy: str, other_side: bool) -> None:
    assert asks_the_other_side(question, policy) is other_side


def test_a_question_on_the_other_side_gets_no_clause(index) -> None:
    """blind56/58: "参加广交会这种国内展会，展位费能补吗" was answered from a policy on 境外展会."""
    answer, _ = ask(index, "参加广交会这种国内展会，展位费能补吗")

    assert not answer.citations
    assert "律师" in answer.text


def test_a_variant_on_the_other_side_leaves_the_policy_discussed(index) -> None:
    """blind56/58: "那国内展会的展位费呢" after a policy on 境外展会 was answered with its 50 % clause."""
    title = "青禾县支持企业参加境外展会补助办法"
    state = State(policy_id="QH-X-001", policy_title=title, last_question="境外参展能补多少")

    answer, state = ask(index, "那国内展会的展位费呢", state)

    assert "QH-X-001" not in [c["policy_id"] for c in answer.citations]


def test_a_question_on_the_side_the_policy_pays_is_answered(index) -> None:
    answer, _ = ask(index, "国内发明专利授权一件资助多少")

    assert answer.citations[0]["policy_id"] == "QH-X-002"
    assert "1万元" in answer.text


DOMESTIC_BUILDING_FAIRS = """---
id: QH-X-003
title: 青禾县建材企业参加国内展会补助办法
issuer: 青禾县工业和信息化局
doc_no: 青工信〔2025〕6号
issued: 2025-04-01
zones: all
---
第一条 建材企业参加国内重点建材展会的，按展位费的30%给予补助，每家企业每年最高5万元。

第二条 建材企业于展会结束后3个月内向县工业和信息化局申报。
"""


@pytest.fixture(scope="module")
def both_sides(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "both-sides", {"QH-X-001": ABROAD, "QH-X-003": DOMESTIC_BUILDING_FAIRS})


def test_a_fair_abroad_is_answered_by_the_policy_on_fairs_abroad(both_sides) -> None:
    """blind65: "今年三月去了一趟迪拜的展会" was answered from a policy paying only 国内 fairs."""
    answer, _ = ask(both_sides, "我们是做建材的，去迪拜参加建材展会，展位费能补多少")

    assert answer.citations[0]["policy_id"] == "QH-X-001"


DOMESTIC_SENDING_ABROAD_ELSEWHERE = """---
id: QH-X-004
title: 关于支持家具产业设计创新和品牌建设的通知
issuer: 青禾县工业和信息化局
doc_no: 青工信函〔2025〕72号
issued: 2025-05-01
zones: all
---
各乡镇人民政府，县直各有关单位：

企业参加中国国际家具博览会等国内重点家具展会的，按展位费的50%给予补贴，每家企业每年最高10万元。参加境外展会的，按县支持外贸企业开拓国际市场的有关措施申报，不在本通知支持范围内。

企业产品获得国际设计奖项的，每项奖励5万元。

特此通知。
"""

TRADE_MEASURES = """---
id: QH-X-005
title: 青禾县支持外贸企业开拓国际市场若干措施
issuer: 青禾县商务局
doc_no: 青商〔2026〕7号
issued: 2026-01-10
zones: all
---
# 青禾县支持外贸企业开拓国际市场若干措施

一、市场开拓

（一）境外展会：按企业参加境外展会实际支付展位费的70%给予补贴，每个展会最高8万元。

（二）出口信用保险：按企业当年实际缴纳短期出口信用保险保费的50%给予补贴，每家企业每年最高20万元。
"""


@pytest.fixture(scope="module")
def sent_elsewhere(tmp_path_factory: pytest.TempPathFactory):
    return index_of(
        tmp_path_factory,
        "sent-elsewhere",
        {"QH-X-004": DOMESTIC_SENDING_ABROAD_ELSEWHERE, "QH-X-005": TRADE_MEASURES},
    )


def test_a_fair_abroad_a_policy_sends_elsewhere_is_answered_where_it_is_sent(sent_elsewhere) -> None:
    """blind65: "今年三月去了一趟迪拜的展会，展位费十二万" then "可以补多少？" was answered with the 国内
    furniture fairs' 50 % by a policy saying 境外展会 only to send them to the trade measures."""
    said = "我们是一家做家具出口的公司，今年三月去了一趟迪拜的展会，展位费十二万，能补吗"
    answer, state = ask(sent_elsewhere, said)

    assert answer.citations[0]["policy_id"] == "QH-X-005"
    assert "70%" in answer.text

    answer, _ = ask(sent_elsewhere, "可以补多少？", state)

    assert answer.citations[0]["policy_id"] == "QH-X-005"
    assert "70%" in answer.text  # the fairs' clause of the policy discussed, not its credit insurance


def test_a_domestic_fair_stays_with_the_policy_that_pays_it(sent_elsewhere) -> None:
    answer, _ = ask(sent_elsewhere, "参加广州的家具博览会，展位费能补多少")

    assert answer.citations[0]["policy_id"] == "QH-X-004"
    assert "50%" in answer.text


@pytest.mark.parametrize("variant", ["那要是去沙特参展呢", "去美国呢"])
def test_a_place_abroad_asked_as_a_variant_stays_on_the_policy_paying_abroad(index, variant: str) -> None:
    """blind92/95: after "去日本参展 展位费能补多少", "那要是去沙特参展呢" and "去美国呢" found no clause (the
    policy never names 沙特 or 美国); they are asked of the policy on 境外展会, as 境外."""
    _, state = ask(index, "去日本参展 展位费能补多少")
    answer, state = ask(index, variant, state)

    assert [c["policy_id"] for c in answer.citations][:1] == ["QH-X-001"]
    assert "按展位费的50%给予补助" in answer.text


@pytest.mark.parametrize(
    ("question", "policy", "asked"),
    [
        ("那要是去沙特参展呢", "企业参加境外展会的，按展位费的50%给予补助", "那要是去境外参展呢"),
        # a policy that says 境外 only to leave it out pays nothing abroad: the place stays as said
        ("那要是去沙特参展呢", "国内展会补助30%。境外展会不在本通知支持范围内", "那要是去沙特参展呢"),
    ],
)
def test_places_abroad_are_said_as_the_policy_says_them(question: str, policy: str, asked: str) -> None:
    assert abroad_as_the_policy_says(question, policy) == asked
