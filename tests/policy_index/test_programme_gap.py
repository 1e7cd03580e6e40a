"""``programme_gap``: a programme or level the question names that the answering policy never says
(invented policies and questions)."""

from __future__ import annotations

import pytest

from policy_index import PolicyIndex
from policy_index.normalize import normalize_query
from policy_index.programme_gap import programme_gap, tier_excluded, tiers
from policy_index.signals import said_in

LEADERS = "对新认定的国家级、省级农业龙头企业，分别给予一次性奖励50万元、20万元。"


@pytest.mark.parametrize(
    ("question", "policy", "excluded"),
    [
        # the policy rewards 国家级 and 省级 leaders: a 市级 one is not among them
        ("我们评上市级龙头企业了有奖金吗", LEADERS, True),
        ("我们评上省级龙头企业了有奖金吗", LEADERS, False),
        # 省级及以上 includes 国家级, not 市级
        ("国家级孵化器奖多少", "对新认定的省级及以上科技企业孵化器给予奖励", False),
        ("市级孵化器奖多少", "对新认定的省级及以上科技企业孵化器给予奖励", True),
        # stars: 四星级 is left out where only 五星级 is named, included by 三星级以上
        ("新评上四星级饭店有奖励吗", "对新评定的五星级饭店奖励100万元", True),
        ("新评上四星级饭店有奖励吗", "对新评定的三星级以上饭店给予奖励", False),
        ("景区评上4A有奖励吗", "对新评为国家5A级旅游景区的奖励200万元", True),
        # a policy that names no level says nothing about levels
        ("市级龙头企业奖多少", "对农业龙头企业新建生产基地给予补助", False),
        # a question naming two levels is about either
        ("原来是市级龙头，今年升成省级了，还能再补吗", LEADERS, False),
    ],
)
def test_a_level_the_policy_leaves_out_is_excluded(question: str, policy: str, excluded: bool) -> None:
    assert tier_excluded(normalize_query(question), policy) is excluded


def test_words_that_only_look_like_levels_are_not_levels() -> None:
    assert tiers("材料受理后一星期内办结") == []
    assert tiers("本县为县级市") == []


def test_a_programme_the_policy_never_says_is_a_gap() -> None:
    policy = "对上年度研发费用超过500万元的高新技术企业，按研发费用增量的10%给予奖励"
    assert programme_gap(["研发费用加计扣除"], "研发费用加计扣除按多少扣", policy, said_in) == 1.0
    assert programme_gap(["高新技术企业"], "高新技术企业研发有奖励吗", policy, said_in) == 0.0
    assert programme_gap([], "怎么申请", policy, said_in) == 0.0
    # no hit at all: every programme asked about is a gap
    assert programme_gap(["以工代训"], "以工代训怎么申请", "", said_in) == 1.0


def test_a_programme_the_policy_only_takes_a_figure_or_a_form_from_is_a_gap() -> None:
    """A district's R&D grant measures R&D spending by the tax deduction's figures and asks for its form:
    it grants no 加计扣除, and how that deduction is computed is a question it does not answer."""
    policy = (
        "第五条 企业上一年度研发投入在100万元以上的，按增量部分的10%给予补助。"
        "研发投入以企业所得税年度纳税申报中研发费用加计扣除的归集数据为准。\n"
        "第八条 申报材料包括申请表、营业执照、研发费用加计扣除申报表及专项审计报告。"
    )
    assert programme_gap(["研发费用加计扣除"], "研发费用加计扣除现在按多少比例扣", policy, said_in) == 1.0
    # a policy whose grant is measured on the deduction speaks of it
    grant = "按企业上一年度享受研发费用加计扣除的研发费用的2%给予补助"
    assert programme_gap(["研发费用加计扣除"], "研发费用加计扣除的企业能补多少", grant, said_in) == 0.0


def test_a_programme_said_with_another_benefit_word_or_a_procedure_word_is_no_gap() -> None:
    """参展补贴 to a policy of 参展补助 is the same programme; 申报 says how to apply, not what for."""
    policy = "企业参加境外展会的，按展位费的50%给予参展补助，申请时提交发票"
    assert programme_gap(["参展补贴"], "参展补贴怎么拿", policy, said_in) == 0.0
    assert programme_gap(["申报"], "参展补贴怎么申报", policy, said_in) == 0.0
    assert programme_gap(["有效期"], "参展补助有效期多久", policy, said_in) == 0.0


def test_search_reports_the_gap_of_the_best_policy(index: PolicyIndex) -> None:
    """以工代训 is in no fixture policy, though the question shares 失业保险 with the 稳岗返还 plan; the
    programme the plan is about is no gap."""
    near_miss = index.search("以工代训补贴和失业保险怎么领", k=3)["features"]
    assert near_miss["programme_gap"] == 1.0
    assert index.search("稳岗返还中小企业返多少", k=3)["features"]["programme_gap"] == 0.0
