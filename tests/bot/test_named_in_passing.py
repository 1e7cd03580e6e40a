"""A clause naming what was asked only in passing does not answer it (blind44–47: 出口退税, 创业担保贷款)."""

from __future__ import annotations

import pytest

from bot.actions.named_in_passing import named_only_in_passing
from bot.actions.state import State
from policy_index.normalize import normalize_passage

from .conftest import ask, index_of

EXPORT = {
    "id": "QH-W-001",
    "text": "四、企业存在走私、骗取出口退税等违法行为的，不予支持；已拨付资金予以追回。"
    "通过外贸综合服务企业代理出口的，可按实际出口额申报进出口规模奖励。",
}


@pytest.mark.parametrize(
    ("question", "only"),
    [
        ("出口退税一般多久能退下来", True),
        ("出口退税多久能到账", True),
        ("骗取出口退税会怎么处理", False),  # the wrongdoing is what is asked
        ("代理出口的能申报规模奖励吗", False),  # named as the case it pays for
    ],
)
def test_a_term_named_only_as_a_wrongdoing_is_told_apart(question: str, only: bool) -> None:
    assert named_only_in_passing(question, normalize_passage(EXPORT["text"])) is only


FIRST_LOAN = {
    "id": "QH-W-003",
    "text": "三、借新还旧贷款、展期贷款不纳入贴息范围；已享受创业担保贷款财政贴息的贷款，不得重复贴息。",
}


@pytest.mark.parametrize(
    ("question", "only"),
    [
        ("创业担保贷款最多能贷多少，要担保人吗", True),  # blind44: answered by the first-loan policy
        ("我个人想办创业担保贷款，最高能贷多少", True),
        ("已经拿了创业担保贷款贴息，首贷贴息还能报吗", False),  # having both: the rule answers
        ("展期贷款能贴息吗", False),  # ruled out in so many words, not as a benefit had
    ],
)
def test_a_term_named_only_as_a_benefit_ruled_out_is_told_apart(question: str, only: bool) -> None:
    assert named_only_in_passing(question, normalize_passage(FIRST_LOAN["text"])) is only


#: blind61: the cases ruled out listed under a heading, the benefit had one item of the list
LISTED = (
    "第四条 不予支持情形。（一）房地产开发、金融投资类企业；（二）已享受创业担保贷款财政贴息的同一笔贷款；"
    "（三）借新还旧、展期等非首次贷款。\n第五条 已获得创业担保贷款的个人可另行申请创业补贴2000元。"
)


@pytest.mark.parametrize(
    ("text", "only"),
    [
        (LISTED.split("\n")[0], True),  # "那创业担保贷款呢，能贷多少" was answered with the first-loan rate
        (LISTED, False),  # a clause paying for it: not only in passing
        ("第四条 申请须同时符合下列条件：（一）在本区注册；（二）已享受创业担保贷款财政贴息。", False),
    ],
)
def test_a_benefit_had_listed_among_the_cases_ruled_out_is_named_in_passing(text: str, only: bool) -> None:
    assert named_only_in_passing("那创业担保贷款呢，能贷多少", normalize_passage(text)) is only


POLICIES = {
    "QH-W-001": """---
id: QH-W-001
title: 青禾县外贸稳规模奖励办法
issuer: 青禾县商务局
doc_no: 青商〔2025〕8号
issued: 2025-03-01
zones: all
---
第一条 年进出口额首次突破1000万美元的企业，一次性奖励10万元。

第二条 参加境外展会的，按展位费的50%给予补助，单个展会最高3万元。

第三条 企业存在走私、骗取出口退税等违法行为的，不予支持；已拨付资金予以追回。
""",
    "QH-W-003": """---
id: QH-W-003
title: 青禾县小微企业首次贷款贴息办法
issuer: 青禾县财政局
doc_no: 青财〔2025〕5号
issued: 2025-03-01
zones: all
---
第一条 小微企业首次获得银行贷款的，按实际支付利息的50%给予贴息，单户最高20万元。

第二条 借新还旧贷款、展期贷款不纳入贴息范围；已享受创业担保贷款财政贴息的贷款，不得重复贴息。

第三条 贴息资金于每年6月底前拨付至企业账户。
""",
    "QH-W-002": """---
id: QH-W-002
title: 青禾县农业产业化龙头企业奖励办法
issuer: 青禾县农业农村局
doc_no: 青农〔2025〕3号
issued: 2025-03-01
zones: all
---
第一条 新认定为省级农业产业化重点龙头企业的，一次性奖励20万元；市级的奖励10万元。
""",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "wrongdoing", POLICIES)


def test_asked_how_long_a_tax_refund_takes_a_clause_barring_refund_fraud_does_not_answer(index) -> None:
    """blind45: "出口退税一般多久能退下来" was answered "企业存在走私、骗取出口退税等违法行为的，不予支持"."""
    answer, _ = ask(index, "出口退税一般多久能退下来")

    assert not answer.citations and answer.payload["action"] == "no_match"


def test_asked_after_a_policy_of_a_programme_it_names_only_as_ruled_out_no_clause_answers(index) -> None:
    """blind44: "那创业担保贷款呢，能贷多少" after 首贷贴息 got the first-loan policy's clause again."""
    state = State(
        policy_id="QH-W-003", policy_title="青禾县小微企业首次贷款贴息办法", last_question="首贷贴息能贴多少"
    )

    answer, state = ask(index, "那创业担保贷款呢，能贷多少", state)

    assert not answer.citations or answer.citations[0]["policy_id"] != "QH-W-003"


#: blind105: the one exact "担保费补贴" of a policy on 融资担保费用补贴 rules out 贷款贴息 with it
RULED_OUT = "同一笔贷款已享受《贴息办法》贴息的——只能在担保费补贴与贷款贴息中选择其一，不得重复享受。"
OWN = "现就融资担保费用补贴有关事项通知如下。补贴标准为：按企业实际缴纳担保费的60%给予补贴。"


def test_the_policys_own_programme_said_with_a_word_between_is_not_named_in_passing() -> None:
    """ "担保费补贴标准是多少" got no answer from the guarantee-fee policy itself."""
    assert not named_only_in_passing("担保费补贴标准是多少", normalize_passage(OWN + RULED_OUT))
    assert named_only_in_passing("担保费补贴标准是多少", normalize_passage(RULED_OUT))


#: blind110: a start-up loan policy listing the papers to hand in
PAPERS = (
    "第八条 初次申请创业担保贷款的个人，需向区就业服务中心提交身份证、营业执照、重点群体身份证明和创业项目"
    "说明，经资格审核后推荐至经办银行。第九条 创业担保贷款额度最高30万元。"
)


@pytest.mark.parametrize(
    ("question", "only"),
    [
        ("身份证丢了去哪补办", True),  # blind110: answered with the papers clause
        ("营业执照去哪办", True),
        ("申请要带身份证原件吗", False),  # asks about the policy's list
        ("申请贷款要营业执照吗", False),  # blind112 (round 37): whether the list has it
        ("需不需要营业执照", False),
        ("营业执照丢了要去哪补", True),
        ("营业执照变更了还能申请吗", False),  # asks whether the firm still qualifies
        ("创业担保贷款去哪办", False),  # the policy's own programme
    ],
)
def test_a_paper_named_only_in_the_list_to_hand_in_is_named_in_passing(question: str, only: bool) -> None:
    assert named_only_in_passing(question, normalize_passage(PAPERS)) is only


def test_a_paper_named_by_a_question_asking_for_the_benefit_is_the_policys() -> None:
    """blind5: "上市辅导备案被四川证监局受理了，奖励要多久内报、找谁报？" asks for the listing reward."""
    text = "第五条 申请材料：申请表、证监局辅导备案受理文件。第六条 完成辅导备案的，奖励50万元。"

    question = "辅导备案被证监局受理了，奖励要多久内报、找谁报？"

    assert not named_only_in_passing(question, normalize_passage(text))
