"""Follow-ups and first questions a firm asks about what it is, about an expired policy it names, on a
new subject after "对了，还有个事", and about another level of the same award.

Real index of tests/bot/corpus_followups (an invented district, 临江区), built by ``policy-index build``:
a digital-transformation policy in force whose last clause retires an older one (LJ-F-001 replaces
LJ-F-002, 临政办〔2022〕7号, expired 2025-06-30), a 高企 award that mentions 市级 awards, a graduate
hiring subsidy and a green-factory award that leaves 市级 green factories out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.actions.facts import asks_something
from bot.actions.followup import opens_new_subject
from bot.actions.state import State
from policy_index.old_documents import names_document_number, with_digits

from .conftest import ask, loaded_index

CORPUS = Path(__file__).parent / "corpus_followups"
NEW = ("LJ-F-001", "临江区推进中小企业数字化转型扶持办法")
OLD = "LJ-F-002"
HIGH_TECH = ("LJ-F-003", "临江区高新技术企业认定奖励办法")
GRADUATES = "LJ-F-004"
GREEN = ("LJ-F-005", "临江区支持工业绿色发展奖励措施")
TECH_CENTRE = "LJ-F-008"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return loaded_index(CORPUS, tmp_path_factory.mktemp("followups-index"))


def _after(policy: tuple[str, str], last_question: str, aspects: tuple[str, ...] = ("amount",)) -> State:
    return State(policy_id=policy[0], policy_title=policy[1], last_question=last_question, aspects=aspects)


def _policies(answer) -> list[str]:
    return list(dict.fromkeys(c["policy_id"] for c in answer.citations))


# ------------------------------------------------------------------ a fact and a question


def test_a_fact_with_may_we_apply_is_answered_from_who_may_apply(index) -> None:
    answer, state = ask(index, "我们是规下企业，也能报吗", _after(NEW, "数字化转型补多少"))

    assert answer is not None and answer.answered  # not "好的，已记下"
    assert _policies(answer) == [NEW[0]]
    assert "规模以下工业企业均可申报" in answer.text
    assert "规下企业" in answer.text.splitlines()[0]  # the fact the answer rests on is named
    assert state.policy_id == NEW[0]


@pytest.mark.parametrize("text", ["我们是规下企业，能申请不", "我们是规下企业，行不行", "我们是规下企业呢"])
def test_other_ways_of_asking_may_we_apply_are_answered_too(index, text: str) -> None:
    answer, _state = ask(index, text, _after(NEW, "数字化转型补多少"))

    assert answer is not None and answer.answered
    assert "均可申报" in answer.text


def test_a_fact_alone_is_still_only_noted(index) -> None:
    answer, state = ask(index, "我们招了几个应届大学生", _after(NEW, "数字化转型补多少"))

    assert answer is None  # acknowledged ("好的，已记下"), no clause
    assert state.policy_id == NEW[0]


def test_saying_what_was_done_with_several_is_no_question() -> None:
    assert not asks_something("我们招了几个应届大学生")
    assert asks_something("招几个人能补")


# ------------------------------------------------------------------ the expired policy the firm names


@pytest.mark.parametrize(
    "text",
    [
        "临政办〔2022〕7号那个智能化改造办法现在还能申报吗",
        "临政办二零二二七号那个智能化改造的还能申报不",
        "22年出的那个智能化改造专项扶持办法现在还有效吗",
        "老的那个智能化改造办法以前是每年几月份报的",
    ],
)
def test_a_question_naming_the_expired_policy_cites_it_first_then_its_replacement(index, text: str) -> None:
    answer, _state = ask(index, text)

    assert answer.answered
    assert _policies(answer) == [OLD, NEW[0]]
    assert "已于2025-06-30失效" in answer.text
    assert "现行政策是《临江区推进中小企业数字化转型扶持办法》" in answer.text


@pytest.mark.parametrize(
    "question", ["听说有个22年的文件，机器换人设备补百分之十，现在还能按那个报吗", "老版机器换人补多少"]
)
def test_an_old_document_named_by_its_year_or_as_old_without_its_title_is_answered_from_it(
    index, question: str
) -> None:
    answer, state = ask(index, question)

    assert _policies(answer) == [OLD, NEW[0]]  # the old one, said expired, then the one in force
    assert "已于2025-06-30失效" in answer.text
    assert state.policy_id == OLD


@pytest.mark.parametrize(
    "question",
    [
        "以前有个政策说智能化改造补百分之十、最多一百万，现在还是这样吗",
        "智能化改造是不是补百分之十",  # blind27: "限上企业第一次纳统是不是奖三万", the new one pays 5万元
    ],
)
def test_a_figure_only_the_expired_rule_says_is_answered_from_it_then_the_rule_in_force(
    index, question: str
) -> None:
    """blind10/24/27/36/52/53/65/71: "以前安全标准化一级评审奖二十万对吧" was answered from the policy in
    force alone (30万元); the firm asked about the old 20万元, and is told it expired and what holds now."""
    answer, _state = ask(index, question)

    assert _policies(answer) == [OLD, NEW[0]]
    assert "已于2025-06-30失效" in answer.text
    assert "按投资额的10%" in answer.text
    assert "现行政策规定：" in answer.text and "按投资额的15%" in answer.text


def test_a_figure_the_rule_in_force_says_is_answered_from_it(index) -> None:
    answer, _state = ask(index, "数字化转型是不是补百分之十五")

    assert _policies(answer)[0] == NEW[0]
    assert "失效" not in answer.text


def test_after_the_old_policy_asking_for_the_new_one_moves_to_the_replacement(index) -> None:
    _answer, state = ask(index, "临政办〔2022〕7号那个智能化改造办法现在还能申报吗")
    assert state.policy_id == OLD

    answer, state = ask(index, "那现在新的是哪个文件，补多少", state)

    assert _policies(answer) == [NEW[0]]
    assert "按投资额的15%给予补助" in answer.text
    assert state.policy_id == NEW[0]


def test_a_spoken_document_number_is_read_as_written() -> None:
    assert with_digits("临政办二零二二七号") == "临政办2022 7号"
    assert with_digits("临政办二〇二二年第十七号") == "临政办2022年第17号"
    policy = {"doc_no": "临政办〔2022〕7号"}
    assert names_document_number("临政办二零二二七号那个", policy)
    assert not names_document_number("临政办二零二二十七号那个", policy)  # another document
    assert not names_document_number("临科发〔2022〕7号", policy)


# ------------------------------------------------------------------ a new subject, another level


def test_a_new_subject_after_dui_le_is_not_answered_from_the_policy_discussed(index) -> None:
    answer, state = ask(
        index, "对了，还有个事，我们招了几个应届大学生，有没有补贴", _after(HIGH_TECH, "高企认定奖多少")
    )

    assert _policies(answer) == [GRADUATES]
    assert "按每人1500元给予一次性吸纳就业补贴" in answer.text
    assert state.policy_id == GRADUATES


def test_another_level_the_award_leaves_out_is_told_so_not_moved_to_another_award(index) -> None:
    answer, state = ask(index, "那市级的呢", _after(GREEN, "评上省级绿色工厂奖多少"))

    assert _policies(answer) == [GREEN[0]]  # not the 高企 award that mentions 市级 awards
    assert "市级绿色工厂不在本措施奖励范围" in answer.text
    assert state.policy_id == GREEN[0]


def test_the_level_asked_is_answered_from_its_own_part_of_a_tiered_clause(index) -> None:
    answer, _state = ask(index, "企业技术中心评上省级的话奖多少")

    assert _policies(answer) == [TECH_CENTRE]
    assert "30万元" in answer.text and "80万元" not in answer.text  # not the 国家级 part named first


@pytest.mark.parametrize(("asked", "amount"), [("那要是国家级的呢", "80万元"), ("那市级呢", "10万元")])
def test_another_level_asked_stays_on_the_tiers_discussed_not_a_lookalike_naming_it(
    index, asked: str, amount: str
) -> None:
    _answer, state = ask(index, "企业技术中心评上省级的话奖多少")

    answer, state = ask(index, asked, state)

    assert _policies(answer) == [TECH_CENTRE]  # not the 质量标杆 / 标准化 award that names 国家级 too
    assert amount in answer.text
    assert state.policy_id == TECH_CENTRE


@pytest.mark.parametrize(
    "text", ["对了，还有个事，我们招了几个应届大学生，有没有补贴", "还有件事，研发费用怎么补"]
)
def test_saying_there_is_another_matter_opens_a_new_subject(text: str) -> None:
    assert opens_new_subject(text)
    assert not opens_new_subject("对了，那个钱多久到账")


def test_only_what_the_firm_says_of_itself_is_named_as_its_case() -> None:
    from bot.actions.question_shape import eligibility_with_facts

    assert eligibility_with_facts("我们是规下企业，也能报吗") == "规下企业"
    assert eligibility_with_facts("公司刚成立半年，能申请不") == "刚成立半年"
    assert eligibility_with_facts("上个月刚出的新政策，能申请不") is None
    assert eligibility_with_facts("我们是规下企业呢？") == "规下企业"
    assert eligibility_with_facts("我们呢？") is None
    assert eligibility_with_facts("我们是规下企业，高企认定能申请不") is None  # its own subject


@pytest.mark.parametrize(
    ("asked", "kind"),
    [
        ("个体户能申请吗", "个体户"),
        ("个体户开的也能报？", "个体户"),
        ("那分公司能不能享受", "分公司"),
        ("合作社可以报不", "合作社"),
        ("个体户装修门店有补贴吗", None),  # a subject of its own
        ("高企能申请吗", None),  # an honour is a programme of its own, not a kind of applicant
        ("个体户能贷多少", None),  # asks how much, not whether
    ],
)
def test_the_kind_of_applicant_a_question_asks_about_is_read_when_it_names_nothing_else(
    asked: str, kind: str | None
) -> None:
    from bot.actions.question_shape import applicant_kind_asked

    assert applicant_kind_asked(asked) == kind


def test_a_variant_that_is_the_lookalike_policys_case_moves_to_it(index) -> None:
    first = ("LJ-F-006", "临江区工业企业首次升规奖励办法")
    asked_first = _after(first, "第一次进规能奖多少钱")
    answer, state = ask(index, "那要是早就是规上了，去年产值涨了不少呢", asked_first)

    assert _policies(answer) == ["LJ-F-007"]  # the growth award, not the first-升规 award again
    assert state.policy_id == "LJ-F-007"


def test_a_variant_the_policy_discussed_covers_stays_on_it(index) -> None:
    answer, _state = ask(index, "那国家级的呢", _after(GREEN, "评上省级绿色工厂奖多少"))

    assert _policies(answer) == [GREEN[0]]
    assert "50万元" in answer.text


@pytest.fixture(scope="module")
def chaisang(tmp_path_factory: pytest.TempPathFactory):
    """blind74 (柴桑区), a district written blind: its 2024 hiring 暂行办法 is repealed by a 2026 细则
    that also pays traineeships."""
    corpus = Path(__file__).parents[2] / "data" / "eval" / "blind74" / "policies"
    return loaded_index(corpus, tmp_path_factory.mktemp("chaisang-index"))


def test_the_expired_policy_asked_about_answers_from_its_clause_on_what_is_asked(chaisang) -> None:
    """blind74: "24年那个吸纳就业暂行办法，招一个人补多少" was answered from the policy in force's clause
    on traineeships: of the old one only its clause on its dates ranked among the collection."""
    answer, _state = ask(chaisang, "24年那个吸纳就业暂行办法，招一个人补多少")

    assert _policies(answer) == ["CS-2024-005", "CS-2026-006"]
    assert "1000元" in answer.text.split("依据")[0]
    assert "现行政策规定" in answer.text


def test_a_long_follow_up_pointing_back_at_what_the_policy_says_stays_on_it(index) -> None:
    """blind113 (round 37): "以后从3A升到4A还能补吗" after a scenic-area reward got no clause — too long
    to be a fragment, and the collection answers none of it; every word it asks about (市级, 省级) is the
    policy's ("由低级别晋升为高级别的，按差额奖励")."""
    answer, state = ask(index, "技术中心评上市级奖多少")
    assert answer.citations[0]["policy_id"] == "LJ-F-008"

    answer, _ = ask(index, "以后从市级升到省级还能补吗", state)

    assert answer.answered and answer.citations[0]["policy_id"] == "LJ-F-008"
