"""A policy paying for fairs abroad, with a list of cases it rules out: a question on the fair is answered
from the rule, not from an item of that list, and a country asked by name is the 境外 the policy pays for.
Real index of a collection invented here, built by ``policy-index build``.
"""

from __future__ import annotations

import pytest

from .conftest import ask, index_of, patent_grants

FAIRS = ("QH-F-001", "青禾县外贸企业境外参展补贴办法")

POLICIES = {
    FAIRS[0]: f"""---
id: {FAIRS[0]}
title: {FAIRS[1]}
issuer: 青禾县商务局
doc_no: 青商发〔2025〕3号
issued: 2025-03-01
---
一、支持对象

（一）在青禾县注册、上年度有海关出口记录的企业。

二、补贴标准

（一）企业参加境外展会的，展位费按实际支付金额的60%给予补贴，单个展会最高5万元。

三、不予补贴的情形

（一）以代理商、经销商名义参展或展位上无本企业标识的。

（二）参展人员与企业无劳动关系的。

四、申报材料

（一）补贴申请表、参展合同、展位费发票及付款凭证、现场照片。
""",
    "QH-F-002": patent_grants("QH-F-002"),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "fairs-abroad", POLICIES)


@pytest.mark.parametrize(
    "question",
    [
        "去迪拜参展，展位费补多少",
        "去德国汉诺威参展，展位费能补多少",
        "去日本参展 展位费六万块 能补多少",
    ],
)
def test_a_fair_abroad_is_answered_from_the_rule_not_a_case_ruled_out(index, question: str) -> None:
    """blind95/99: "去德国汉诺威参展，展位费政府能补吗" got no answer, and asked as 境外 it was answered with
    "以代理商、经销商名义参展…的", an item of the cases ruled out."""
    answer, _ = ask(index, question)

    assert answer.citations and answer.citations[0]["policy_id"] == FAIRS[0]
    assert "60%" in answer.text
    assert "代理商" not in answer.text


def test_a_question_on_a_case_ruled_out_gets_that_item(index) -> None:
    answer, _ = ask(index, "我们是以经销商名义去参展的，展位费能补吗")

    assert answer.citations and answer.citations[0]["policy_id"] == FAIRS[0]
    assert "以代理商、经销商名义参展" in answer.text


def test_a_question_on_what_is_ruled_out_gets_the_list(index) -> None:
    answer, _ = ask(index, "境外参展补贴哪些情况不给补")

    assert answer.citations and answer.citations[0]["policy_id"] == FAIRS[0]
    assert "不予补贴" in answer.text or "代理商" in answer.text or "劳动关系" in answer.text


def _hit(clause: str, heading: str, text: str, aspects: tuple[str, ...] = ()) -> dict:
    return {
        "policy_id": FAIRS[0],
        "title": FAIRS[1],
        "clause": clause,
        "heading_path": [heading],
        "text": text,
        "aspects": list(aspects),
    }


AGENT = _hit("三、（一）", "三、不予补贴的情形", "（一）以代理商、经销商名义参展或展位上无本企业标识的。")
VALIDITY = _hit(
    "五、（二）", "五、附则", "（二）本办法自印发之日起施行，有效期至2027年12月31日。", ("validity",)
)
RATES = _hit(
    "二、（一）", "二、补贴标准", "（一）展位费按展会所在地区分档补贴：亚洲50%，欧洲60%。", ("amount",)
)


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("明年三月要去境外参展，展位费政府能补吗", RATES),  # blind95: the agent item was quoted as the rule
        ("我们是以经销商名义参展的，能补吗", AGENT),  # names the case ruled out
        ("哪些情况不给补", AGENT),  # asks what is ruled out
    ],
)
def test_an_item_of_the_cases_ruled_out_leads_only_a_question_on_it(question: str, lead: dict) -> None:
    from bot.actions.ruled_out_cases import ruled_out_items_last

    result = ruled_out_items_last(question, {"answerable": True, "hits": [AGENT, VALIDITY, RATES]})

    assert result["hits"][0] is lead
    assert len(result["hits"]) == 3
