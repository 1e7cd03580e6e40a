"""Follow-ups on an invented county (青禾县, tests/bot/corpus_turns): asking what replaced an expired
policy, a fee asked in spoken words, a variant that only changes the firm's figure, when the money
arrives where the policy never says, and whether another programme combines with the one discussed.
Real index built by ``policy-index build``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.actions.answer import unsupported_figures
from bot.actions.commands import is_question
from bot.actions.question_shape import ASPECT_WORDS
from bot.actions.state import State

from .conftest import ask, index_of, loaded_index

CORPUS = Path(__file__).parent / "corpus_turns"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return loaded_index(CORPUS, tmp_path_factory.mktemp("turns-index"))


def _on(policy_id: str, title: str, question: str) -> State:
    return State(policy_id=policy_id, policy_title=title, last_question=question, aspects=("amount",))


WHAT_REPLACED_IT = [
    "现在换成什么了",
    "现在是哪个政策",
    "新的是哪个",
    "换成啥了",
    "现在执行哪个文件",
    "那现在按啥执行",
    "现在以哪个为准",
    "现在新的呢",
    "那新政策呢",
    "那现在有新的吗",  # blind35: "no match"
    "现在有没有新的",
]


@pytest.mark.parametrize("asked", WHAT_REPLACED_IT)
def test_asked_what_replaced_an_expired_policy_the_rule_in_force_is_named_and_cited(index, asked) -> None:
    first, state = ask(index, "以前那个商贸企业入库纳统奖励还有吗？")
    assert "已于2024-12-31失效" in first.text

    answer, state = ask(index, asked, state, intent="out_of_scope")  # NLU took it for off-topic

    assert (answer.citations[0]["policy_id"], answer.citations[0]["clause"]) == ("QH-T-006", "第二条")
    assert "现在执行的是《青禾县培育限额以上商贸企业若干措施》（青商〔2025〕9号）" in answer.text
    assert "万元" in answer.text  # its clause on the benefit asked about before (入库 rewards)
    assert state.policy_id == "QH-T-006"


STANDARDS = """---
id: QH-T-099
title: 青禾县实施标准化战略奖励办法
issuer: 青禾县市场监督管理局
doc_no: 青市监〔2025〕4号
issued: 2025-02-01
zones: all
---
第一条 主导制定国际标准的，每项奖励50万元；主导制定国家标准的，每项奖励30万元；
主导制定团体标准的，每项奖励5万元。

第二条 企业于每年4月向县市场监督管理局申报，提交标准文本和发布公告。
"""


def _with_policy(tmp_path_factory: pytest.TempPathFactory, policy_id: str, text: str):
    """The county's collection plus one more policy, indexed."""
    folder = tmp_path_factory.mktemp(f"turns-{policy_id}")
    shutil.copytree(CORPUS, folder / "corpus")
    (folder / "corpus" / f"{policy_id}.md").write_text(text, encoding="utf-8")
    return loaded_index(folder / "corpus", folder / "index")


@pytest.fixture(scope="module")
def with_standards(tmp_path_factory: pytest.TempPathFactory):
    """The county's collection plus a standardisation policy: 标准 is also the subject of a policy."""
    return _with_policy(tmp_path_factory, "QH-T-099", STANDARDS)


@pytest.mark.parametrize(
    ("first", "asked"),
    [
        ("以前那个商贸企业入库纳统奖励还有吗？", "新办法批发企业入库给多少"),
        ("限上企业第一次纳统是不是奖五万", "那现在新的标准是多少"),
    ],
)
def test_a_question_naming_the_new_rule_is_answered_from_it(with_standards, first, asked) -> None:
    """ "新办法…" / "现在新的标准是多少" (标准: the rate, not standardisation) ask the policy in force,
    on what they ask (blind27: the 标准化 policy)."""
    _, state = ask(with_standards, first)

    answer, state = ask(with_standards, asked, state)

    assert answer.citations[0]["policy_id"] == "QH-T-006" and state.policy_id == "QH-T-006"
    assert "6万元" in answer.text


@pytest.mark.parametrize(
    ("asked", "rest"),
    [
        ("新办法增长要到多少才有奖", "增长要到多少才有奖"),
        ("那现在新的标准是多少", "那是多少"),
        ("现行的补贴标准怎么算", "怎么算"),
        ("有没有新的政策支持直播电商", "有没有支持直播电商"),  # the caller checks the policy says it
        ("首贷贴息能贴多少", None),
    ],
)
def test_the_words_naming_the_rule_in_force_are_read_off_the_question(asked: str, rest: str | None) -> None:
    from bot.actions.old_policy import about_the_rule_in_force

    assert about_the_rule_in_force(asked) == rest


def test_a_fee_asked_in_spoken_words_is_a_question_not_a_yes_or_no() -> None:
    assert is_question("费用咋算", "deny", ASPECT_WORDS)  # NLU took it for "no": it still reaches retrieval


def test_a_fee_asked_in_spoken_words_is_answered_from_the_clause_on_the_fee(index) -> None:
    state = _on("QH-T-001", "青禾县企业过桥周转资金管理办法", "过桥的钱最多能用几天")

    answer, state = ask(index, "费用咋算", state, intent="deny")

    assert [(c["policy_id"], c["clause"]) for c in answer.citations] == [("QH-T-001", "三、（一）")]
    assert "占用费" in answer.text
    assert state.policy_id == "QH-T-001"


def test_a_variant_giving_only_another_loan_amount_gets_the_policys_cap(index) -> None:
    first, state = ask(index, "首贷贴息能贴多少啊")
    assert first.citations[0]["policy_id"] == "QH-T-002"

    answer, state = ask(index, "那贷了一千二百万呢", state)

    assert answer.citations[0]["policy_id"] == "QH-T-002"
    assert "800万元" in answer.text  # the principal the subsidy is counted on, at most
    assert state.policy_id == "QH-T-002"


def test_when_the_money_arrives_where_the_policy_never_says_gets_no_clause_and_a_lawyer(index) -> None:
    state = _on("QH-T-004", "青禾县乡村农家乐提质升级奖励办法", "开农家乐有啥奖励")

    answer, state = ask(index, "那批下来多久能到账", state, intent="ask_procedure")

    assert not answer.citations and answer.payload["action"] == "no_match"
    assert "没有写明" in answer.text and "青禾县文化和旅游局" in answer.text
    assert "律师" in answer.text
    assert state.policy_id == "QH-T-004"  # still the policy discussed


def test_when_the_money_arrives_where_the_policy_says_who_pays_is_answered_from_it(index) -> None:
    state = _on("QH-T-002", "青禾县小微企业首次贷款贴息办法", "首贷贴息能贴多少")

    answer, _ = ask(index, "钱多久能到账", state, intent="ask_procedure")

    assert answer.citations[0]["policy_id"] == "QH-T-002"


def test_another_programme_asked_to_combine_is_answered_from_its_clause_on_combining(index) -> None:
    first, state = ask(index, "拿专利去银行质押贷款，利息能补吗？")
    assert first.citations[0]["policy_id"] == "QH-T-003"

    answer, state = ask(index, "对了，首贷贴息能跟这个一起拿吗", state, intent="ask_eligibility")

    assert answer.citations[0]["policy_id"] == "QH-T-002"
    assert "不得重复享受" in answer.text
    assert state.policy_id == "QH-T-003"  # still the patent-pledge subsidy: "那要交啥材料" is asked of it


def test_a_named_programme_whose_policy_speaks_of_other_benefits_is_answered_by_the_policy_discussed(
    index,
) -> None:
    """The tax policy found for 吸纳就业 speaks of combining with other tax benefits, not with 扩岗补助:
    the policy discussed says whether the two combine."""
    state = _on("QH-T-007", "青禾县一次性扩岗补助实施办法", "招了个应届大学生，有扩岗补助吗")

    answer, _ = ask(index, "和吸纳就业补贴能一起拿吗", state, intent="ask_eligibility")

    assert answer.citations[0]["policy_id"] == "QH-T-007"
    assert "不可重复享受" in answer.text


def test_when_a_tax_refund_comes_back_where_the_policy_never_says_gets_no_clause(index) -> None:
    state = _on("QH-T-004", "青禾县乡村农家乐提质升级奖励办法", "开农家乐有啥奖励")

    answer, _ = ask(index, "那退税多久能退下来", state)

    # the 农家乐 policy grants no tax refund at all: nothing in the collection answers it
    assert not answer.citations and answer.payload["action"] == "no_match" and "律师" in answer.text


@pytest.mark.parametrize("asked", ["那过一个亿呢", "那要是两个多亿呢"])
def test_a_variant_giving_revenue_as_firms_say_it_stays_on_the_policys_tiers(index, asked) -> None:
    first, state = ask(index, "我们厂营收头一次过五千万，有奖励吗")
    assert first.citations[0]["policy_id"] == "QH-T-009"

    answer, state = ask(index, asked, state)

    assert (answer.citations[0]["policy_id"], answer.citations[0]["clause"]) == ("QH-T-009", "第二条")
    assert "15万元" in answer.text
    assert state.policy_id == "QH-T-009"


@pytest.mark.parametrize(
    "asked",
    [
        "那有没有新出的政策接上",
        "那现在有新的吗",
        "现在执行哪个文件",
        "今年夜间经济街区会不会再出一个",  # blind66: had been answered with the expired clause
    ],
)
def test_asked_for_a_successor_that_does_not_exist_no_clause_is_cited_and_a_lawyer_offered(
    index, asked: str
) -> None:
    """blind53: "那现在有新的吗" was answered "现在执行的是《(the expired policy)》" with its old clause — the
    在 of 现在 had been read as where the firm is, leaving "那现" (heard as 纳限) for a subject."""
    first, state = ask(index, "夜间经济街区新开餐饮店的奖励现在还能申请吗")
    assert first.citations[0]["policy_id"] == "QH-T-010" and "失效" in first.text

    answer, state = ask(index, asked, state)

    # a no-match: the old benefit is not offered again, the firm is told nothing replaced it
    ended = "《青禾县促进夜间经济发展奖励方案》已于2024-06-30失效，政策库里目前没有查到接替它的新政策"
    assert ended in answer.text
    assert not answer.citations and answer.payload["action"] == "no_match"
    assert "律师" in answer.text


@pytest.mark.parametrize(
    ("situation", "asked", "policy_id"),
    [
        (
            "我们是做新材料的，八十来个人，手上有十几件发明专利，去年拿去银行押了五百万",
            "利息能补吗",
            "QH-T-003",
        ),
        ("我们是做机械加工的，五十来号人，去年营收八千万，今年能过一个亿", "能奖多少", "QH-T-009"),
        # no fact of the profile read from it (zone, size, trade): a description all the same
        ("手上有十几件发明专利，一直想盘活，前阵子拿去做了质押", "利息能补吗", "QH-T-003"),
    ],
)
def test_a_question_after_the_firm_described_its_case_is_about_that_case(
    index, situation, asked, policy_id
) -> None:
    """ "利息能补吗" asked alone is the first-loan policy's or nothing; after the firm has said it pledged
    its patents it is the patent-pledge policy's (blind30: "想改造一下，有补助吗" after "种了40来亩老茶园"
    was answered from the technical-upgrade policy)."""
    alone, _ = ask(index, asked)
    assert not alone.citations or alone.citations[0]["policy_id"] != policy_id

    named, state = ask(index, situation)
    assert named.citations[0]["policy_id"] == policy_id
    if named.text.startswith("好的，已记下。按贵公司说的情况，政策库里可以先看看《"):
        # no clause answers the description by itself: the policy is named, not quoted
        assert [c["clause"] for c in named.citations] == [""]
    else:  # "今年能过一个亿": the clause on crossing 1亿 answers the description itself
        assert "1亿元" in named.text and named.citations[0]["clause"]
    answer, state = ask(index, asked, state)

    assert answer.citations[0]["policy_id"] == policy_id
    assert state.policy_id == policy_id and state.situation is None  # answered: the case is the policy's now


def test_a_statement_naming_nothing_the_collection_knows_is_no_case_to_keep(index) -> None:
    answer, state = ask(index, "今天天气不错，我们去公园转了一圈")
    assert answer is not None and not answer.answered and state.situation is None


@pytest.mark.parametrize("asked", ["新的咋规定的", "新办法怎么说的"])
def test_asked_what_the_new_rule_says_after_an_expired_policy_the_rule_in_force_answers(index, asked) -> None:
    """Blind31: "新的咋规定的" after a question on an expired policy was "抱歉，我没太听明白"."""
    _, state = ask(index, "以前那个商贸企业入库纳统奖励还有吗？")

    answer, state = ask(index, asked, state)

    assert answer is not None and answer.citations[0]["policy_id"] == "QH-T-006"
    assert "万元" in answer.text and state.policy_id == "QH-T-006"


INSURANCE = """---
id: QH-T-098
title: 青禾县企业吸纳就业困难人员社会保险补贴办法
issuer: 青禾县人力资源和社会保障局
doc_no: 青人社〔2025〕6号
issued: 2025-03-01
zones: all
---
第一条 企业新招用就业困难人员或登记失业半年以上人员，签订1年以上劳动合同并为其缴纳社会保险的，
按企业实际缴纳的基本养老、医疗和失业保险单位部分给予社会保险补贴。

第二条 就业困难人员补贴期限最长3年，登记失业半年以上人员最长2年。

第三条 每年3月、9月向县人力资源和社会保障局申报。
"""


@pytest.fixture(scope="module")
def with_insurance(tmp_path_factory: pytest.TempPathFactory):
    """The county's collection plus a policy that says 社会保险补贴 in full, never 社保补贴."""
    return _with_policy(tmp_path_factory, "QH-T-098", INSURANCE)


@pytest.mark.parametrize("asked", ["射保补帖能补几年", "社保补贴找哪个部门报"])
def test_a_programme_named_by_its_abbreviation_is_what_the_policy_discussed_says_in_full(
    with_insurance, asked
) -> None:
    """Blind31: "射保补帖能补几年" (社保补贴; the policy says 社会保险补贴) after that policy: "no match"."""
    first, state = ask(with_insurance, "刚招了2个失业一年多的，签了3年合同，单位交的社保能补吗")
    assert first.citations[0]["policy_id"] == "QH-T-098"

    answer, state = ask(with_insurance, asked, state)

    assert answer.citations and answer.citations[0]["policy_id"] == "QH-T-098"


@pytest.mark.parametrize("variant", ["那开饭店的呢", "那要是开宾馆的呢", "那做早餐店的呢"])
def test_a_variant_naming_only_the_firms_trade_is_answered_from_the_sentence_on_its_category(
    index, variant: str
) -> None:
    answer, state = ask(index, "做批发的首次入库奖多少")
    assert answer.citations[0]["policy_id"] == "QH-T-006"

    answer, _ = ask(index, variant, state)

    assert answer.citations[0]["policy_id"] == "QH-T-006"
    # the clause names 住宿、餐饮 where the firm says 饭店 / 宾馆: their amount, not the wholesalers'
    assert "4万元" in answer.text and "6万元" not in answer.text


def test_a_variant_after_a_question_on_the_old_policy_stays_on_the_old_policy(index) -> None:
    answer, state = ask(index, "老的入库纳统奖励办法里，批发企业奖多少")
    assert answer.citations[0]["policy_id"] == "QH-T-005"

    answer, _ = ask(index, "那零售的呢", state)

    assert answer.citations[0]["policy_id"] == "QH-T-005"  # asked of the old one, not the one in force
    assert "已于2024-12-31失效" in answer.text


@pytest.mark.parametrize(
    ("said", "policy_id"),
    [
        ("我们厂在城关，营收头一次过五千万了", "QH-T-009"),
        ("我们在城关开了家农家乐，餐位八十个，开了一年了", "QH-T-004"),
    ],
)
def test_a_case_described_with_the_firms_town_is_answered_like_one_without_it(
    index, said: str, policy_id: str
) -> None:
    """The town is where the firm is (the zone filter), not words a clause should share."""
    in_town = lambda text: "城关镇" if "城关" in text else None  # noqa: E731 - the zones file's resolve
    answer, state = ask(index, said, resolve_zone=in_town, place_names=("城关镇", "城关"))

    assert answer.citations[0]["policy_id"] == policy_id
    assert state.zone == "城关镇"


@pytest.mark.parametrize("asked", ["现在还能报吗", "这个还能申请不"])
def test_asked_whether_an_expired_policy_can_still_be_applied_for_it_cannot_and_the_new_ones_window_follows(
    index, asked: str
) -> None:
    first, state = ask(index, "以前那个商贸企业入库纳统奖励还有吗？")
    assert first.citations[0]["policy_id"] == "QH-T-005"

    answer, state = ask(index, asked, state)

    assert answer.citations[0]["policy_id"] == "QH-T-005"  # the old one's own clause first
    assert "《青禾县商贸企业入库纳统奖励办法》已于2024-12-31失效，不能再按它申报了" in answer.text
    assert "现在执行的是《青禾县培育限额以上商贸企业若干措施》（青商〔2025〕9号）" in answer.text
    assert "3月至4月" in answer.text  # when the policy in force is applied for
    assert state.policy_id == "QH-T-006"


@pytest.mark.parametrize("asked", ["这个政策还有效吗", "啥时候到期", "执行到哪年"])
def test_asked_how_long_a_policy_runs_where_its_text_never_says_its_dates_on_record_answer(
    index, asked: str
) -> None:
    state = _on("QH-T-004", "青禾县乡村农家乐提质升级奖励办法", "开农家乐有啥奖励")

    answer, state = ask(index, asked, state)

    assert "条文里没有单独写明有效期" in answer.text
    assert "于2025年4月1日印发，有效期至2029年3月31日，目前仍在有效期内" in answer.text
    assert [(c["policy_id"], c["clause"]) for c in answer.citations] == [("QH-T-004", "")]
    assert "依据：《青禾县乡村农家乐提质升级奖励办法》（青文旅〔2025〕5号）。" in answer.text
    assert not unsupported_figures(answer)
    assert state.policy_id == "QH-T-004"


def test_a_policy_named_and_asked_whether_it_is_still_valid_gets_its_dates_on_record(index) -> None:
    answer, state = ask(index, "农家乐提质升级奖励办法现在还有效吗")

    assert "有效期至2029年3月31日，目前仍在有效期内" in answer.text
    assert answer.citations[0]["policy_id"] == "QH-T-004"
    assert state.policy_id == "QH-T-004"


def test_asked_how_long_a_policy_runs_where_neither_text_nor_record_says_gets_no_clause_and_a_lawyer(
    index,
) -> None:
    state = _on("QH-T-001", "青禾县企业过桥周转资金管理办法", "过桥的钱最多能用几天")

    answer, state = ask(index, "这个政策还有效吗", state)

    assert not answer.citations and answer.payload["action"] == "no_match"
    assert "里没有写明有效期" in answer.text


APPLICANTS = {
    "QH-K-001": """---
id: QH-K-001
title: 青禾县一次性扩岗补助实施办法
issuer: 青禾县人力资源和社会保障局
doc_no: 青人社〔2025〕11号
issued: 2025-02-10
zones: all
---
第一条 企业招用毕业两年内的高校毕业生，签订劳动合同并缴纳失业保险费满1个月的，按每人1000元发放一次性扩岗补助。

第二条 本办法支持对象为在本县依法登记的各类企业和民办非企业单位，机关事业单位除外。

第三条 申领截止时间为2026年12月31日。
""",
    "QH-K-002": """---
id: QH-K-002
title: 青禾县鼓励企业升规入统奖励办法
issuer: 青禾县工业和信息化局
doc_no: 青工信〔2025〕3号
issued: 2025-03-01
zones: all
---
第一条 首次纳入规模以上工业企业统计的，一次性奖励10万元。

第二条 由个体工商户转型为企业后当年即纳入限额以上统计的，另奖励1万元。
""",
}


@pytest.fixture(scope="module")
def applicants_index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "applicants", APPLICANTS)


@pytest.mark.parametrize("asked", ["个体户开的也能报？", "个体户能申请吗", "那民办非企业能不能享受"])
def test_asked_whether_a_kind_of_applicant_may_have_it_the_policy_discussed_answers_who_may_apply(
    applicants_index, asked: str
) -> None:
    """blind42/43: "个体户能申请吗" of a policy that never names 个体户 left it for another that does."""
    state = State(
        policy_id="QH-K-001", policy_title="青禾县一次性扩岗补助实施办法", last_question="招大学生有补助吗"
    )

    answer, state = ask(applicants_index, asked, state, intent="ask_eligibility")

    assert (answer.citations[0]["policy_id"], answer.citations[0]["clause"]) == ("QH-K-001", "第二条")
    assert "支持对象为在本县依法登记的各类企业和民办非企业单位" in answer.text
    assert state.policy_id == "QH-K-001"


@pytest.mark.parametrize(
    ("collection", "policy_id", "title", "asked"),
    [
        # blind40: "那盛泽这边还有别的民宿补贴吗" cited the policy just discussed again
        ("index", "QH-T-004", "青禾县乡村农家乐提质升级奖励办法", "那还有别的农家乐补贴吗"),
        # blind50: "那城区有别的农业补贴吗" was told the policy discussed does not apply in its zone
        ("index", "QH-T-004", "青禾县乡村农家乐提质升级奖励办法", "那城区有别的农家乐补贴吗"),
        # blind36: "还有别的见习补贴吗" was answered from the 吸纳就业 policy's clause that names 见习补贴
        # only to say the two are not claimed together
        ("trainees_index", "QH-J-001", "青禾县高校毕业生就业见习管理办法", "还有别的见习补贴吗"),
    ],
)
def test_asked_for_another_benefit_besides_the_one_discussed_none_is_said_to_be_none(
    request: pytest.FixtureRequest, collection: str, policy_id: str, title: str, asked: str
) -> None:
    state = _on(policy_id, title, "有啥补贴")

    answer, state = ask(request.getfixturevalue(collection), asked, state)

    assert not answer.citations and answer.payload["action"] == "no_match"
    assert answer.text.startswith(f"除了《{title}》，现有政策库里没有找到其他")
    assert state.policy_id == policy_id


def test_asked_for_another_benefit_besides_the_one_discussed_the_other_policy_answers(index) -> None:
    state = _on("QH-T-002", "青禾县小微企业首次贷款贴息办法", "首贷贴息能贴多少啊")

    answer, state = ask(index, "还有没有其他贷款贴息的政策", state)

    assert answer.citations[0]["policy_id"] == "QH-T-003"
    assert state.policy_id == "QH-T-003"


TRAINEES = {
    "QH-J-001": """---
id: QH-J-001
title: 青禾县高校毕业生就业见习管理办法
issuer: 青禾县人力资源和社会保障局
doc_no: 青人社〔2025〕21号
issued: 2025-03-02
zones: all
---
# 青禾县高校毕业生就业见习管理办法

## 一、见习人员

（一）离校3年内未就业的高校毕业生，见习期为3至12个月。

## 二、见习单位条件

（一）经县人力资源和社会保障局确认为见习基地，能提供不少于3个见习岗位，并指定带教人员。

## 三、补贴标准

（一）按每人每月1200元给予见习单位见习补贴，最长12个月。

## 四、不得重复享受

（一）见习人员在见习期内，见习单位不得就同一人员同时申领《青禾县稳岗扩岗补贴办法》规定的扩岗补贴；见习结束后留用的，可按该办法申请。

## 五、申领程序

（一）见习单位于每季度末月的1日至20日申领，材料包括见习协议、花名册和考勤记录。

## 六、经办机构

县就业服务中心负责受理，电话：0999-5550101（示例）。审核通过后15个工作日内拨付资金。
""",
    "QH-J-002": """---
id: QH-J-002
title: 青禾县稳岗扩岗补贴办法
issuer: 青禾县人力资源和社会保障局
doc_no: 青人社〔2025〕22号
issued: 2025-03-02
zones: all
---
第一条 企业新招用登记失业人员，签订1年以上劳动合同并缴纳社会保险的，按每人1500元给予一次性扩岗补贴。

第二条 已享受《青禾县高校毕业生就业见习管理办法》见习补贴的人员，见习期内不得同时申领本办法补贴。

第三条 申领材料：劳动合同、社保缴费明细、营业执照复印件。
""",
    "QH-J-003": """---
id: QH-J-003
title: 青禾县农产品冷链设施建设补助办法
issuer: 青禾县农业农村局
doc_no: 青农〔2025〕5号
issued: 2025-04-01
zones: all
---
第一条 新建冷库库容500立方米以上的，按设备投资额的20%给予补助，最高30万元。

第二条 申报材料：项目备案文件、设备发票、冷库验收报告。
""",
}


@pytest.fixture(scope="module")
def trainees_index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "trainees", TRAINEES)


def test_a_kind_of_applicant_asked_the_section_on_applicants_answers(trainees_index) -> None:
    """blind36: "个体户能申请吗" after the 见习 policy led with its rule on not claiming another subsidy
    at the same time, not with its section on the units that may take trainees."""
    state = _on("QH-J-001", "青禾县高校毕业生就业见习管理办法", "大学生见习补贴一个月多少钱")

    answer, state = ask(trainees_index, "个体户能申请吗", state, intent="ask_eligibility")

    assert (answer.citations[0]["policy_id"], answer.citations[0]["clause"]) == ("QH-J-001", "二、（一）")
    assert "不少于3个见习岗位" in answer.text and "同时申领" not in answer.text


def test_asked_when_the_money_arrives_the_clause_on_paying_it_out_answers(trainees_index) -> None:
    """blind44: "钱啥时候到账" after 首贷贴息 was answered with the application window."""
    state = _on("QH-J-001", "青禾县高校毕业生就业见习管理办法", "大学生见习补贴一个月多少钱")

    answer, _ = ask(trainees_index, "钱啥时候到账", state)

    assert answer.citations[0]["clause"] == "六、"
    assert answer.text.startswith("审核通过后15个工作日内拨付资金")


def test_a_clause_that_only_rules_out_a_benefit_had_does_not_answer_a_case_of_that_benefit(index) -> None:
    """ "从来没在银行贷过款" is a first loan: the patent-loan policy's "同一笔贷款已享受首次贷款贴息的，
    不再享受本办法贴息" ranked first for it and answered; it tells only whether both can be had."""
    answer, _ = ask(index, "公司成立两年，从来没在银行贷过款，上个月批了三百万")

    # the first-loan policy: its rate, or (a case that no clause answers outright) the policy named
    assert answer.citations[0]["policy_id"] == "QH-T-002"
    assert "不再享受本办法贴息" not in answer.text

    answer, _ = ask(index, "已经享受了首次贷款贴息，专利质押的贴息还能再拿吗")

    assert "同一笔贷款已享受首次贷款贴息的，不再享受本办法贴息" in answer.text


def test_a_clause_ruling_out_a_benefit_applied_for_does_not_answer_a_case_of_that_benefit(index) -> None:
    """blind111 (round 37): "…今年刚批下来第一笔两百万流动资金贷款，区里能帮着出点利息吗" was answered with
    the guarantee-fee policy's "同一笔贷款已申请《…首次贷款贴息办法》首贷贴息的，不再给予担保费补助":
    a benefit 已申请 is one already had, as 已享受 is."""
    answer, _ = ask(
        index, "我们以前从没在银行贷过款，今年刚批下来第一笔两百万流动资金贷款，县里能帮着出点利息吗"
    )

    assert answer.citations[0]["policy_id"] == "QH-T-002"
    assert "不再给予担保费补助" not in answer.text

    answer, _ = ask(index, "已经申请了首贷贴息，同一笔贷款的担保费还能补吗")

    assert "不再给予担保费补助" in answer.text


@pytest.mark.parametrize(
    "asked", ["首贷贴息和专利质押贴息，同一笔贷款能不能两个都申请？", "专利质押贴息跟首贷贴息两头都拿行不行"]
)
def test_asked_whether_two_benefits_can_both_be_had_the_clause_ruling_it_out_answers(
    index, asked: str
) -> None:
    """blind80/91 (round 31): "…同一笔贷款能不能两个都申请？" asks about having both as "还能再拿吗" does;
    the exclusion had been moved behind the other clauses as if the firm had a plain first loan."""
    answer, _ = ask(index, asked)

    assert "同一笔贷款已享受首次贷款贴息的，不再享受本办法贴息" in answer.text


@pytest.mark.parametrize("asked", ["首贷的利息政府能出一半吗", "首贷的利息区里能帮着出点不"])
def test_asked_whether_the_district_pays_part_the_clause_on_how_much_answers(index, asked: str) -> None:
    """A front-door check: "利息能帮着出点不" was answered with the first-loan policy's application window
    (or its definition), not its rate. (Round 22: "公司去年第一次在银行贷了款，利息区里能帮着出点不" now
    ranks the rate clause first but scores 0.205, under this county's refitted threshold 0.221: flagged,
    README.)"""
    answer, _ = ask(index, asked)

    assert answer.citations[0]["policy_id"] == "QH-T-002"
    assert answer.text.startswith("对符合条件的首次贷款，按同期贷款市场报价利率计算利息的40%给予贴息")


def test_a_question_by_the_way_on_what_the_policy_discussed_never_says_gets_none_of_its_clauses(
    index,
) -> None:
    """blind58: "对了，招残疾人有补贴吗" after 应急转贷 was answered with the bridge fund's cap."""
    state = _on("QH-T-001", "青禾县企业过桥周转资金管理办法", "过桥资金怎么用")

    answer, state = ask(index, "对了，招残疾人有补贴吗", state)

    assert "QH-T-001" not in [c["policy_id"] for c in answer.citations]


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        ("钱好久到账", "钱多久到账"),  # 好久 = 多久 in south-western speech (blind73)
        ("审批要好久", "审批要多久"),
        ("焊工技师证补贴好多钱", "焊工技师证补贴多少钱"),  # 好多 = 多少 (blind72, 湖南)
        ("能补好多", "能补多少"),
        ("新的一天收好多费", "新的一天收多少费"),  # blind82 (云南): the fee asked
        ("交好多钱", "交多少钱"),
        ("等了好久了", "等了好久了"),  # a long time, said of what happened
        ("好久没到账", "好久没到账"),
        ("好多企业都报了", "好多企业都报了"),  # many firms
        # 补贴 heard as 不贴 (blind116 through make run: "有啥不贴" was "没太听明白")
        ("有啥不贴", "有啥补贴"),
        ("社保不贴多久能到账", "社保补贴多久能到账"),
        ("保费区里贴不贴", "保费区里贴不贴"),
        ("创业担保贷款贴不贴息", "创业担保贷款贴不贴息"),
        # 多久 recognised as 多就 (blind116: "钱多就到账" after the traineeship subsidy found nothing)
        ("钱多就到账", "钱多久到账"),
        ("补贴多就能到账", "补贴多久能到账"),
        ("钱多酒能到账", "钱多久能到账"),  # blind122
        ("投资多就补得多", "投资多就补得多"),
    ],
)
def test_spoken_question_words_are_read_as_written(spoken: str, written: str) -> None:
    from bot.actions.followup import as_written

    assert as_written(spoken) == written


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # blind112 (round 37): the story, then the question, a space for each comma, found nothing
        ("我们在幸福街道 做电子元器件的 区里奖多少", "我们在幸福街道，做电子元器件的，区里奖多少"),
        ("MES 系统补贴多少", "MES 系统补贴多少"),  # a space beside a Latin word stays
    ],
)
def test_a_space_typed_between_chinese_words_is_read_as_a_comma(typed: str, read: str) -> None:
    from bot.actions.followup import spaces_as_commas

    assert spaces_as_commas(typed) == read


def test_an_amount_asked_in_dialect_is_answered_from_the_policy_discussed(index) -> None:
    """blind73: "钱好久到账" was taken for a statement and only acknowledged."""
    state = _on("QH-T-007", "青禾县一次性扩岗补助实施办法", "招应届生有补助吗")

    answer, state = ask(index, "每个人能补好多", state)

    assert answer.answered and answer.citations[0]["policy_id"] == "QH-T-007"
    assert "1000元" in answer.text


@pytest.mark.parametrize(
    ("variant", "before", "asked"),
    [
        ("那要是一千五百方的呢", "冷库补贴 六百方的能补多少", "冷库补贴 1500方的能补多少"),  # blind99-24
        ("那三百亩呢", "流转了八百亩地种芝麻，能补多少", "流转了300亩地种芝麻,能补多少"),
    ],
)
def test_a_variant_giving_only_another_measure_asks_the_last_question_for_it(
    variant: str, before: str, asked: str
) -> None:
    from bot.actions.question_shape import asked_again_for_the_figure, only_a_figure_changes

    assert only_a_figure_changes(variant)
    assert asked_again_for_the_figure(variant, before) == asked


def test_asked_when_the_money_comes_the_payout_clause_that_says_when_leads() -> None:
    """blind116: "钱多久到账" of a traineeship subsidy got the clause that only says the subsidy goes on
    being paid to the host, not the one paying it within 30 working days."""
    from bot.actions.on_current import payout_first

    goes_on = {"clause": "第5段", "text": "提前签订劳动合同的，剩余期限的见习补贴继续发放给见习基地。"}
    within = {"clause": "第8段", "text": "审核并公示无异议后，30个工作日内将补贴资金拨付至见习基地对公账户。"}
    window = {"clause": "第7段", "text": "见习补贴常年受理、按季度申领。"}

    ranked = payout_first("钱多久到账", [window, goes_on, within])

    assert [hit["clause"] for hit in ranked] == ["第8段", "第5段", "第7段"]
    assert payout_first("补贴标准是多少", [window, goes_on]) == [window, goes_on]
