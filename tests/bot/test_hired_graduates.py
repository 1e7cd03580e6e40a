"""Graduates a firm has hired are employees: the hiring subsidy answers, not the traineeship (见习) policy
that shares every word with the question (blind65/66/68/69/70, six first turns). Said as trainees, the
traineeship policy answers. Others a firm hires on a labour contract (就业困难人员, 退役军人, 登记失业人员)
are employees too. Real index of a collection invented here, built by ``policy-index build``."""

from __future__ import annotations

import pytest

from bot.actions.stays_on_policy import said_by_the_policy

from .conftest import ask, index_of, patent_grants

POLICIES = {
    "QH-J-001": """---
id: QH-J-001
title: 关于做好2026年就业见习补贴申领工作的通知
issuer: 青禾县人力资源和社会保障局
doc_no: 青人社〔2025〕31号
issued: 2025-12-22
zones: all
---
各乡镇人民政府，县直各有关单位：

为帮助离校未就业高校毕业生积累工作经验，现就2026年就业见习补贴申领工作通知如下。

见习对象为离校2年内未就业的高校毕业生。见习单位须为县人社局认定的就业见习基地，见习期限为3至12个月。

补贴标准：县财政按每人每月1800元给予见习单位就业见习补贴，用于支付高校毕业生见习人员基本生活费。

见习人员在见习期间不属于与见习单位签订劳动合同的新招用人员，见习单位不得就同一人员申请吸纳就业补贴。

特此通知。
""",
    "QH-J-002": """---
id: QH-J-002
title: 青禾县稳岗扩岗吸纳就业补贴实施细则
issuer: 青禾县人力资源和社会保障局
doc_no: 青人社〔2025〕28号
issued: 2025-12-15
zones: all
---
第一条 补贴对象为本县注册的企业，新招用毕业2年内的高校毕业生或登记失业人员，
与其签订1年以上劳动合同并缴纳社会保险。

第二条 补贴标准：每招用1名高校毕业生或登记失业人员，给予企业一次性吸纳就业补贴2000元。

第三条 申请材料：吸纳就业补贴申请表、新招用人员花名册、劳动合同复印件、社会保险缴费明细。
""",
    "QH-J-003": patent_grants("QH-J-003"),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "hired-graduates", POLICIES)


@pytest.mark.parametrize(
    "question",
    [
        "今年招了一批应届大学生，有没有补贴？",
        "招了五个应届毕业生，都签了劳动合同，有补贴吗",
    ],
)
def test_graduates_hired_get_the_hiring_subsidy(index, question: str) -> None:
    """blind69: "今年招了一批应届大学生，有没有补贴？" was answered with the 见习 subsidy, 1800 元 a
    month."""
    answer, state = ask(index, question)

    assert answer.citations[0]["policy_id"] == "QH-J-002"
    assert state.policy_id == "QH-J-002"


@pytest.mark.parametrize(
    "question",
    [
        "招了几个应届生来公司见习，一个月补多少",
        "招几个刚毕业的大学生来实习，每月补多少",
        "招了几个应届生来公司建习，有补帖吗",  # 见习 misheard
    ],
)
def test_graduates_taken_on_as_trainees_get_the_traineeship_subsidy(index, question: str) -> None:
    answer, _ = ask(index, question)

    assert answer.citations[0]["policy_id"] == "QH-J-001"
    assert "1800元" in answer.text


def test_a_notices_salutation_is_never_quoted(index) -> None:
    """blind47/50/57/64: "想招几个今年刚毕业的大学生来公司实习，政府给补贴吗" was answered with the notice's
    salutation "各镇人民政府、各街道办事处，区直各有关单位：。" (政府 is in both) instead of its amount."""
    answer, _ = ask(index, "想招几个今年刚毕业的大学生来公司实习，政府给补贴吗")

    assert answer.citations[0]["policy_id"] == "QH-J-001"
    assert "1800元" in answer.text
    assert "人民政府" not in answer.text


def test_hires_described_name_the_hiring_subsidy_and_what_they_get_is_answered_from_it(index) -> None:
    """blind32/70: hires described, then "这些人能补啥" / "能拿多少补贴", were answered with the 见习
    policy or a skills-certificate clause (the description alone named no policy)."""
    for described, asked in (
        ("我们今年招了3个登记失业人员，还有2个退役军人，都签了两年合同", "这些人能补啥"),
        ("今年新招了二十个人，其中五个是应届大学生，都签了两年合同，社保交满半年了。", "能拿多少补贴"),
    ):
        answer, state = ask(index, described)

        # named to look at, or answered from outright when a clause reaches the threshold
        assert "《青禾县稳岗扩岗吸纳就业补贴实施细则》" in answer.text and "见习" not in answer.text
        assert state.policy_id == "QH-J-002"

        answer, state = ask(index, asked, state)

        assert answer.citations[0]["policy_id"] == "QH-J-002"
        assert "2000元" in answer.text


def test_the_case_a_variant_sets_aside_is_not_what_it_asks_about(index) -> None:
    """blind70: "那要是那五个不是大学生，是就业困难人员呢" read 大学生 (which the policy words 高校毕业生)
    as a case the hiring policy never speaks of; the whole collection was searched and found nothing."""
    asked = "那要是那五个不是大学生，是登记失业人员呢"

    assert said_by_the_policy(index, asked, "QH-J-002") == 1.0
    assert said_by_the_policy(index, "那要是大学生呢", "QH-J-002") < 1.0


def test_graduates_hired_on_contract_settle_the_hiring_policy_ranked_first() -> None:
    """blind83: "我们今年招了十二个应届毕业生，合同都签了三年，社保交了四个月。" was only noted — the hiring
    policy ranked first, yet the traineeship policy's clauses scored too close for it to be named."""
    from bot.actions.hired_graduates import hired_graduates_first

    hiring = {"policy_id": "H", "title": "汇川区企业吸纳重点群体就业补贴实施细则", "score": 0.022}
    trainees = {"policy_id": "T", "title": "汇川区就业见习补贴管理办法", "score": 0.019}
    result = {"hits": [hiring, trainees, trainees]}

    said = "我们今年招了十二个应届毕业生，合同都签了三年，社保交了四个月。"
    assert hired_graduates_first(said, result).get("settled") == "H"
    assert "settled" not in hired_graduates_first("招几个应届生来见习，有补贴吗", result)


def test_asked_what_a_firm_that_hired_graduates_gets_the_hiring_policy_ranked_first_answers() -> None:
    """blind83: "招了几个应届毕业生，企业有没有补贴？" got no answer, the hiring policy first but its clauses
    and the traineeship policy's too close for the threshold."""
    from bot.actions.hired_graduates import hiring_answers

    hiring = {"policy_id": "H", "title": "汇川区企业吸纳重点群体就业补贴实施细则"}
    trainees = {"policy_id": "T", "title": "汇川区就业见习补贴管理办法"}
    unsure = {"answerable": False, "hits": [hiring, trainees]}

    assert hiring_answers("招了几个应届毕业生，企业有没有补贴？", unsure)["answerable"]
    assert not hiring_answers("招应届生要交哪些社保", unsure)["answerable"]  # asks for no benefit
    traineeship_first = {**unsure, "hits": [trainees, hiring]}
    assert not hiring_answers("招了几个应届毕业生，有没有补贴", traineeship_first)["answerable"]


def test_graduates_hired_as_employees_get_the_hiring_policy_before_a_talent_policy() -> None:
    """blind86: "我们今年招了几个应届毕业生，能领啥补贴" got no answer: the talent-housing policy (paid to the
    graduate) ranked first on 毕业生 and 补贴. A 硕士 or his housing asked about keeps the talent policy."""
    from bot.actions.hired_graduates import hired_graduates_first

    talent = {"policy_id": "R", "title": "榆中县引进人才安居保障办法", "score": 0.257}
    hiring = {"policy_id": "H", "title": "榆中县企业吸纳就业补贴实施办法", "score": 0.241}
    result = {"hits": [talent, hiring, talent]}

    for asked in ("我们今年招了几个应届毕业生，能领啥补贴", "招了几个应届毕业生，还有其他补贴吗"):
        moved = hired_graduates_first(asked, result)
        assert [hit["policy_id"] for hit in moved["hits"]] == ["H", "R", "R"] and moved["settled"] == "H"
    for own in ("今年招了个硕士，有啥补贴", "招了几个应届毕业生，他们租房有补贴吗"):
        assert hired_graduates_first(own, result) is result, own


def test_people_hired_on_contract_get_a_hiring_policy_scored_close_to_another_first() -> None:
    """blind86: "…今年招了十个脱贫户 都签了一年合同 社保也交了" was only noted: a 个转企 notice's clause
    scored just above the hiring subsidy's. Far behind, or with no contract said, the order stays."""
    from bot.actions.hired_graduates import hired_graduates_first

    other = {"policy_id": "G", "title": "关于开展个体工商户转型升级为企业奖励工作的通知", "score": 0.029}
    hiring = {"policy_id": "H", "title": "榆中县企业吸纳就业补贴实施办法", "score": 0.025}
    said = "我们是一家食品厂 今年招了十个脱贫户 都签了一年合同 社保也交了"

    assert hired_graduates_first(said, {"hits": [other, hiring]})["settled"] == "H"
    far = {**hiring, "score": 0.01}
    assert "settled" not in hired_graduates_first(said, {"hits": [other, far]})
    assert "settled" not in hired_graduates_first("今年招了十个脱贫户", {"hits": [other, hiring]})
