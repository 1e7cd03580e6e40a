"""Clause aspects: labelled at build time from the text, returned with every hit; search within a policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_index import PolicyIndex
from policy_index.aspects import ASPECTS, asked_aspects, clause_aspects


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对首次认定的高新技术企业，给予一次性奖励20万元。", {"amount", "conditions"}),
        ("单个项目最高奖励50万元。", {"amount"}),
        ("申报材料包括：1. 申请表；2. 营业执照复印件。", {"materials"}),
        ("本办法由区科学技术局负责解释，咨询电话0532-88000001。", {"contact"}),
        ("企业应在展会结束后60日内申报补贴。", {"deadline"}),
        ("实行“免申即享”，由区社会保险事业中心完成比对、公示和拨付。", {"procedure", "contact"}),
        ("参加失业保险并足额缴费满12个月，上年度裁员率不高于5.5%的企业。", {"conditions", "amount"}),
        # A date that only says when the policy starts and ends is its validity, not a deadline.
        ("本办法自2023年8月1日起施行，有效期至2027年7月31日。", {"validity"}),
        ("为加快培育高新技术企业，制定本办法。", set()),
        # "离校2年内" is who qualifies, not a time limit; the department applied to and the standing
        # window ("常年受理、按季审核") answer "找哪个部门" and "啥时候报".
        ("招用离校2年内未就业的高校毕业生的，按每人1500元给予补贴。", {"amount"}),
        (
            "补贴常年受理、按季审核，企业向县人力资源和社会保障局提交申请。",
            {"materials", "procedure", "deadline", "contact"},
        ),
        ("企业应在认定之日起1年内提出申请。", {"deadline"}),
        # who may apply, said as its heading (blind61: "啥样的企业能报" got the clause on cases ruled out)
        ("支持对象。在本区注册登记、属于小型微型企业，且此前从未取得过经营性贷款的企业。", {"conditions"}),
    ],
)
def test_clause_aspects_come_from_the_wording(text: str, expected: set[str]) -> None:
    labels = clause_aspects(text)
    assert set(labels) == expected
    assert labels == [name for name in ASPECTS if name in labels]  # fixed order


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("要交啥材料，找哪个科室", ["contact", "materials"]),  # the ask said last first
        ("申报时间是几月份", ["deadline"]),
        ("几号之前报", ["deadline"]),  # blind52: a first-loan follow-up found nothing
        ("利息区里能帮着出点不", ["amount"]),  # the rate clause, not the purpose clause, answers
        ("首贷的利息政府能出一半吗", ["amount"]),
        ("第一次跟银行贷款，利息是不是能补一半", ["amount"]),  # blind57: the 50 % clause answers
        ("设计费政府能分担点不", ["amount"]),
        ("几号前交", ["deadline"]),
        ("钱一般啥时候能到", ["procedure", "deadline"]),
        ("用不用我们自己去申请", ["procedure"]),
        ("要自己报吗", ["procedure"]),
        ("那做软件的服务商自己能申请吗", ["procedure"]),
        # what the firm does itself asks nothing of applying (blind64: answered with the department)
        ("孵化器自己盖楼有没有建设补贴", []),
        ("我们自己出钱建的厂房能补吗", []),
        ("这个政策有效期到哪年", ["validity"]),
        ("那高级技师呢", []),
        ("射保补帖能补几年", ["amount"]),  # how long the benefit runs (blind31: no aspect, no answer)
        ("公司成立几年了", []),
        ("这政策啥时候到期啊", ["validity", "deadline"]),
        # what else falls due is no question on the policy's validity (blind17: a bridging loan)
        ("银行贷款下礼拜到期，区里有没有过桥的钱", []),
        ("证书到期了还能领吗", []),
        ("过桥资金占用费怎么收", ["amount"]),  # a fee charged is an amount
        # equipment that is 自动 asks nothing of being paid automatically (blind41: answered with the window)
        ("今年新开了80亩连片茶园，还买了套自动杀青设备，花了40来万", []),
        ("上了条自动化产线", []),
        ("钱是自动打到账上吗", ["procedure"]),
        ("是自动的吗，不用报？", ["procedure"]),
        ("买了杀青机、揉捻机这些自动化设备，政府补几成", ["amount"]),
        ("交到哪里", ["contact"]),  # blind47: "没太听明白"
        ("向哪报", ["contact"]),  # blind50: "没太听明白"
        ("材料报到哪儿", ["contact", "materials"]),
        ("今年还赶得上吗", ["deadline"]),  # blind44: no match
        ("啥样的企业能报", ["conditions"]),  # blind60: asked to rephrase
        ("要交些啥", ["materials"]),  # blind35: taken for a statement
        ("那在孵企业要多少家才行", ["conditions"]),  # a threshold counted in firms, not money
        ("面积要多大", ["conditions"]),
        ("招一个人补多少", ["amount"]),
        ("区里能提供啥服务", []),
        ("这些人能补啥", ["amount"]),  # blind32: after hires described, no aspect and no answer
        ("可以领什么", ["amount"]),
        ("还要补什么材料", ["materials"]),
        ("谁来报，个人还是公司", ["procedure"]),  # blind77: no match after a talent-housing answer
        ("打到哪个卡上", ["procedure"]),  # blind79: no match after a skills-certificate answer
        ("谁能申请", ["conditions"]),
    ],
)
def test_asked_aspects_read_what_the_firm_asks_for(question: str, expected: list[str]) -> None:
    assert asked_aspects(question) == expected


def test_a_clause_under_a_heading_on_who_may_apply_speaks_to_the_conditions() -> None:
    # blind75: "啥人能申请" of a housing subsidy got "没有写明申请条件" — its clause under "一、适用对象"
    # names the graduates it is for without any word of the conditions pattern
    clause = "（一）2025年9月1日以后新引进到我区企业全职工作的博士研究生、硕士研究生和全日制本科毕业生。"
    assert "conditions" in clause_aspects(clause, ("一、适用对象",))
    assert "conditions" in clause_aspects(clause, ("第二章 申报条件",))
    assert "conditions" not in clause_aspects(clause, ("二、支持标准",))


def test_labels_are_stored_in_the_index_and_returned_with_every_hit(
    built: tuple[Path, Path], index: PolicyIndex
) -> None:
    _corpus, out = built
    rows = [json.loads(line) for line in (out / "chunks.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(row["aspects"] == clause_aspects(row["text"], row["heading_path"]) for row in rows)
    hit = index.search("高企申报材料包括什么", k=1)["hits"][0]
    assert (hit["policy_id"], hit["clause"]) == ("T-ART-001", "第四条")
    assert "materials" in hit["aspects"]


def test_search_within_one_policy_returns_only_its_clauses(index: PolicyIndex) -> None:
    whole = index.search("失业保险返还比例", k=5)
    assert whole["hits"][0]["policy_id"] == "T-SEC-002"
    within = index.search("咨询电话", k=5, policy_id="T-ART-001")
    assert within["hits"] and {h["policy_id"] for h in within["hits"]} == {"T-ART-001"}
    assert within["hits"][0]["clause"] == "第五条"
    assert index.search("咨询电话", k=5, policy_id="NO-SUCH")["hits"] == []
