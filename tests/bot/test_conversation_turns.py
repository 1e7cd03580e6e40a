"""Turns of a conversation on an invented district (云溪县, tests/bot/corpus_conversation): a variant
whose benefit the collection never names gets no clause of the policy discussed; a subject only an
expired policy speaks of is answered from it, said to be expired, with the rule in force cited after.
Real index built by ``policy-index build``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.actions.state import State

from .conftest import ask, loaded_index

CORPUS = Path(__file__).parent / "corpus_conversation"
LISTING = ("YX-C-001", "云溪县支持企业上市挂牌奖励办法")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return loaded_index(CORPUS, tmp_path_factory.mktemp("conversation-index"))


def _after_listing() -> State:
    return State(
        policy_id=LISTING[0], policy_title=LISTING[1], last_question="上市奖励能拿多少", aspects=("amount",)
    )


def test_a_variant_naming_a_benefit_no_policy_has_gets_no_clause_and_a_lawyer(index) -> None:
    answer, state = ask(index, "那要是发行公司债券呢，有奖励吗", _after_listing())

    assert not answer.citations and answer.payload["action"] == "no_match"
    assert "律师" in answer.text
    assert state.policy_id == LISTING[0]  # the policy discussed is kept for the next follow-up


@pytest.mark.parametrize(
    ("first", "policy_id", "follow_up"),
    [
        ("见习补贴一个月多少", "YX-C-007", "见习生的孩子上学能给安排吗"),
        ("上市奖励多少", "YX-C-001", "上市公司要交的印花税能减吗"),
        ("残疾人超比例奖励多少", "YX-C-005", "残疾职工的消防演练怎么搞"),
    ],
)
def test_a_question_on_something_neither_the_policy_nor_the_collection_says_gets_no_clause(
    index, first: str, policy_id: str, follow_up: str
) -> None:
    answer, state = ask(index, first)
    assert answer.citations[0]["policy_id"] == policy_id

    answer, _ = ask(index, follow_up, state)

    assert not answer.citations and answer.payload["action"] == "no_match"
    assert "律师" in answer.text


def test_whether_a_case_may_apply_stays_on_the_policy_discussed(index) -> None:
    answer, state = ask(index, "见习补贴一个月多少")
    assert answer.citations[0]["policy_id"] == "YX-C-007"

    answer, _ = ask(index, "外地户口的毕业生也能申请不", state)

    assert answer.citations and answer.citations[0]["policy_id"] == "YX-C-007"


@pytest.mark.parametrize(
    "follow_up",
    [
        # the second part has no subject of its own: it asks about the programme just named, which
        # nothing answers, not about the policy discussed before
        "那创业担保贷款呢，个人能贷多少",
        # 补贴 is all the employment policy shares with it: it speaks of neither 员工 nor 培训
        "那员工培训补贴呢",
        "那员工培训有没有补贴",
    ],
)
def test_a_variant_on_a_programme_nothing_speaks_of_gets_no_clause_of_the_policy_discussed(
    index, follow_up: str
) -> None:
    answer, state = ask(index, "招了个应届大学生，吸纳就业补贴给多少")
    assert answer.citations[0]["policy_id"] == "YX-C-004"

    answer, _ = ask(index, follow_up, state)

    assert not answer.citations and answer.payload["action"] == "no_match"
    assert "律师" in answer.text


def test_a_variant_the_policy_covers_is_still_answered_from_it(index) -> None:
    answer, _ = ask(index, "那要是新三板挂牌呢，有奖励吗", _after_listing())

    assert answer.citations[0]["policy_id"] == LISTING[0]
    assert "60万元" in answer.text


def test_a_subject_only_the_expired_policy_names_is_answered_from_it_said_expired(index) -> None:
    answer, _ = ask(index, "企业上云的补贴还有没有")

    assert [c["policy_id"] for c in answer.citations] == ["YX-C-002", "YX-C-003"]
    assert "已于2024-12-31失效" in answer.text and "云溪县制造业数字化转型奖补办法" in answer.text
    assert "上云" in answer.body.splitlines()[1]  # the old clause on what was asked, after the expiry note


def test_a_subject_the_rule_in_force_names_is_answered_from_it(index) -> None:
    answer, _ = ask(index, "数字化转型项目的补贴现在还有吗")

    assert answer.citations[0]["policy_id"] == "YX-C-003"


def test_a_follow_up_asking_how_often_stays_on_the_policy_discussed(index) -> None:
    """ "一年报几次" asks no benefit: the word the segmenter makes of it (年报) is no new subject."""
    state = State(
        policy_id="YX-C-004",
        policy_title="云溪县促进企业吸纳就业补贴办法",
        last_question="招了高校毕业生有补贴吗",
        aspects=("amount",),
    )
    answer, state = ask(index, "一年报几次？", state)

    assert answer.citations[0]["policy_id"] == "YX-C-004" and state.policy_id == "YX-C-004"


def _after_hiring_graduates() -> State:
    return State(
        policy_id="YX-C-004",
        policy_title="云溪县促进企业吸纳就业补贴办法",
        last_question="招了高校毕业生有补贴吗",
        aspects=("amount",),
    )


def test_a_question_opened_with_by_the_way_that_another_policy_answers_switches_to_it(index) -> None:
    """ "对了，…" with a subject of its own (残疾人) the hiring subsidy also seems to fit (招, 合同, 补贴)."""
    asked = "对了，我们今年还招了两个残疾人，签了三年合同，有补贴吗"
    answer, state = ask(index, asked, _after_hiring_graduates())

    assert answer.citations[0]["policy_id"] == "YX-C-005" and "2000元" in answer.text
    assert state.policy_id == "YX-C-005"


def test_a_question_opened_with_and_another_thing_that_another_policy_answers_switches_to_it(index) -> None:
    """blind79: "还有，孵化器里的企业第三年房租还补吗" after a hydrogen subsidy was answered from the
    hydrogen policy; here "还有，…" after the hiring subsidy, with a subject of its own (残疾人)."""
    asked = "还有，我们今年还招了两个残疾人，签了三年合同，有补贴吗"
    answer, state = ask(index, asked, _after_hiring_graduates())

    assert answer.citations[0]["policy_id"] == "YX-C-005" and "2000元" in answer.text
    assert state.policy_id == "YX-C-005"


def test_something_of_its_own_said_by_the_way_then_asked_of_as_this_is_searched(index) -> None:
    """blind84: "对了，我们今年还去国外参展了两回，这个有补贴没有？" after the hiring subsidy was answered
    from it: "这个有补贴没有" names no subject term, but the trade fairs said before it are one."""
    asked = "对了，我们今年还去国外参展了两回，这个有补贴没有？"
    answer, state = ask(index, asked, _after_hiring_graduates())

    assert answer.citations[0]["policy_id"] == "YX-C-006" and "展位费的50%" in answer.text
    assert state.policy_id == "YX-C-006"


def test_a_by_the_way_aspect_question_stays_on_the_policy_discussed(index) -> None:
    for asked in ("对了，要交哪些材料", "还有，要交哪些材料"):
        answer, _ = ask(index, asked, _after_hiring_graduates())

        assert answer.citations[0]["policy_id"] == "YX-C-004" and "劳动合同" in answer.text


def test_a_subject_said_once_for_two_questions_is_found_from_the_whole_message(
    index, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "…几月份报，找哪个部门": when the first question alone finds nothing (the index abstains on it, as
    it may on a firm's shorthand), the message as a whole names the policy, and both parts are answered
    from it."""
    from bot.actions import respond as respond_module

    real = respond_module.answer_question
    first = "吸纳就业那个补贴啥时候报，"

    def abstains_on_the_first_part_alone(index, text, state, **kwargs):
        if text == first:
            return respond_module.compose_answer(text, {"hits": [], "answerable": False}), state
        return real(index, text, state, **kwargs)

    monkeypatch.setattr(respond_module, "answer_question", abstains_on_the_first_part_alone)
    answer, state = ask(index, first + "找哪个部门")

    assert answer.citations[0]["policy_id"] == "YX-C-004" and state.policy_id == "YX-C-004"
    assert "县人力资源和社会保障局" in answer.text


def test_a_benefit_of_a_one_character_subject_typed_as_keywords_is_searched(index) -> None:
    # "办展补贴": 办 reads as an aspect word (在哪办) and 补贴 as the benefit, leaving 展 alone; it is still
    # a question for the collection, not a fact to note ("好的，已记下").
    answer, _state = ask(index, "办展补贴")

    assert answer is not None and answer.answered
    assert answer.citations[0]["policy_id"] == "YX-C-006"
    assert "30万元" in answer.text


TRAINEES = ("YX-C-007", "云溪县高校毕业生就业见习管理办法")


def test_a_variant_the_policy_leaves_out_by_its_conditions_moves_to_the_policy_for_it(index) -> None:
    """ "已签订劳动合同的，不得作为见习人员申领": the case is in the condition before the exclusion, and the
    firm shortens 签订劳动合同 to 签合同."""
    asked = "接见习大学生，单位能拿多少补贴"
    state = State(policy_id=TRAINEES[0], policy_title=TRAINEES[1], last_question=asked, aspects=("amount",))
    answer, after = ask(index, "那要是招进来直接签合同交社保的呢", state)

    cited = list(dict.fromkeys(c["policy_id"] for c in answer.citations))
    assert cited == ["YX-C-004", TRAINEES[0]]  # the hiring subsidy, then the exclusion that moved it
    assert "不得作为见习人员申领见习补贴" in answer.text
    assert after.policy_id == "YX-C-004"


@pytest.mark.parametrize(
    ("text", "last", "asked"),
    [
        ("那要是招进来直接签合同交社保的呢", "单位能拿多少补贴", "招进来直接签合同交社保的，有补贴吗"),
        ("要是做软件的呢？", "上市有奖励吗", "做软件的，有奖励吗"),
        ("那要是发债券呢，有奖励吗", "上市有奖励吗", None),  # asks its own benefit already
        # asks a question of its own (blind115, round 37: "…，有补贴吗" found a guarantee-fee subsidy)
        ("那公司社保费能不能缓缴", "招了几个刚毕业的大学生 有吸纳就业补贴吗", None),
        ("那要是做软件的呢", "要交什么材料", None),  # the last question asked for no benefit
        ("要交什么材料", "上市有奖励吗", None),  # no variant
        ("现在新的呢", "老的智能制造政策里，设备投资比例是多少", None),  # 政策 names no benefit
        ("那要是做软件的呢", "老的智能制造政策设备投资补贴比例是多少", "做软件的，有补贴吗"),
    ],
)
def test_a_variant_is_asked_again_with_the_benefit_the_last_question_asked_for(
    text: str, last: str, asked: str | None
) -> None:
    from bot.actions.followup import variant_as_asked_before

    assert variant_as_asked_before(text, last) == asked


@pytest.mark.parametrize(
    ("sentence", "terms", "left_out"),
    [
        ("见习人员与见习单位已签订劳动合同的，不得作为见习人员申领见习补贴；", ["签合同"], True),
        ("食品深加工生产线不在本方案补助范围内。", ["深加工生产线"], True),
        # misconduct or a lost status bars a firm: no case a variant asks about
        ("企业存在海关失信、骗取出口退税等违法违规行为的，不予支持。", ["出口退税"], False),
        ("龙头企业在监测中不合格被取消资格的，不得享受本办法扶持。", ["省级"], False),
        ("取得证书后三个月内申请，逾期不予受理。", ["证书"], False),
    ],
)
def test_a_sentence_leaves_out_the_case_it_names_in_its_exclusion_or_condition(
    sentence: str, terms: list[str], left_out: bool
) -> None:
    from bot.actions.on_current import leaves_out

    assert leaves_out(sentence, terms) is left_out


def test_a_kind_the_sentence_leaves_out_is_not_the_case_asked() -> None:
    """blind104: "那专利被人侵权了 区里有维权援助资金吗" was answered "外观设计专利不予资助"."""
    from bot.actions.on_current import leaves_out

    sentence = "外观设计专利不予资助。"
    assert not leaves_out(sentence, ["专利", "维权"], "那专利被人侵权了 区里有维权援助资金吗")
    assert leaves_out(sentence, ["专利"], "那外观设计专利呢")


DISABLED = ("YX-C-005", "云溪县促进残疾人按比例就业奖补办法")


def test_the_firms_size_said_after_a_question_is_answered_from_the_policys_rule_for_that_size(index) -> None:
    """ "那个，我们公司就二十五个人" after asking whether the levy is due: the sentence whose limit a firm
    that size meets (30人（含）以下, 暂免征收), not "已记下"."""
    asked = "残疾人就业保障金小公司要不要交"
    state = State(policy_id=DISABLED[0], policy_title=DISABLED[1], last_question=asked)
    answer, after = ask(index, "那个，我们公司就二十五个人", state)

    assert answer is not None and answer.citations[0]["policy_id"] == DISABLED[0]
    assert "30人（含）以下的企业，暂免征收" in answer.body
    assert after.facts.get("employees") == "二十五"  # kept as said


def test_the_figures_of_the_firms_case_said_after_a_question_are_answered_from_the_policy(index) -> None:
    """ "投资二百五十万，去年做完的" after asking about the digital-transformation grant gives that
    question's case: answered from the policy discussed (its 200万元以上 threshold), not noted or
    searched alone (blind26: "投资一百二十万，开业一年了" after a 民宿 question found nothing)."""
    asked = "数字化转型项目补多少"
    state = State(policy_id="YX-C-003", policy_title="云溪县制造业数字化转型奖补办法", last_question=asked)
    answer, _ = ask(index, "投资二百五十万，去年做完的", state)

    assert answer is not None and answer.citations[0]["policy_id"] == "YX-C-003"
    assert "200万元以上" in answer.body


def test_a_variant_whose_head_the_policy_never_names_is_not_answered_from_it(index) -> None:
    """blind51: "那花椒保险呢，保费补不补" after a 花椒 subsidy got that policy's clause: it says 花椒, never
    保险, and 保险 is what is asked about."""
    answer, _ = ask(index, "那上市公司的保险呢，保费补不补", _after_listing())

    assert LISTING[0] not in [c["policy_id"] for c in answer.citations]


def test_a_variant_naming_only_another_trade_asks_whether_the_policy_discussed_takes_it(index) -> None:
    """blind78: "那做餐饮连锁的呢" after 专精特新 was answered for 机械制造 got no answer — the policy never
    says 餐饮, and that is the answer: its clause on who may apply."""
    asked = "数字化转型投了三百万，能补多少"
    state = State(policy_id="YX-C-003", policy_title="云溪县制造业数字化转型奖补办法", last_question=asked)
    answer, after = ask(index, "那做餐饮连锁的呢", state)

    assert answer.citations[0]["policy_id"] == "YX-C-003" and "工业企业" in answer.text
    assert after.policy_id == "YX-C-003"


@pytest.mark.parametrize("typed", ["截止日期", "申报时间"])
def test_an_aspect_typed_as_a_keyword_is_asked_of_the_policy_discussed(index, typed: str) -> None:
    """blind82: "截止日期" after the trade-fair subsidy was answered "抱歉，我没太听明白"."""
    asked = "数字化转型投了三百万，能补多少"
    state = State(policy_id="YX-C-003", policy_title="云溪县制造业数字化转型奖补办法", last_question=asked)
    answer, after = ask(index, typed, state)

    assert answer is not None and answer.citations[0]["policy_id"] == "YX-C-003"
    assert "6月1日至6月30日" in answer.text and after.policy_id == "YX-C-003"


def test_asked_by_when_to_apply_the_application_window_answers_not_the_payout_date() -> None:
    from bot.actions.on_current import window_first

    paid = "申报材料：申请表。补助资金于2027年3月31日前拨付至企业账户。"
    payout = {"clause": "第八条", "aspects": ["materials", "deadline"], "text": paid}
    window = {"clause": "第七条", "aspects": ["deadline"], "text": "申报时间为2026年11月1日至2027年1月15日。"}

    def order(question: str) -> list[str]:
        return [h["clause"] for h in window_first(question, [payout, window], ("deadline",))]

    assert order("什么时候截止") == ["第七条", "第八条"]
    assert order("钱什么时候到") == ["第八条", "第七条"]  # when the money comes: the payout date
