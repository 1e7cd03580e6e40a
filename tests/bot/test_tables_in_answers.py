"""A clause whose figures stand in a Markdown table is quoted with them, and a variant giving another
figure ("那要是一下干到6个亿呢") asks the last question again for it. Real index of a collection invented
here, built by ``policy-index build``.
"""

from __future__ import annotations

import pytest

from bot.actions.answer import sentences

from .conftest import ask, index_of, patent_grants

CONSTRUCTION = """---
id: QH-T-101
title: 青禾县促进建筑业发展奖励办法
issuer: 青禾县住房和城乡建设局
doc_no: 青住建〔2025〕12号
issued: 2025-03-01
zones: all
---
一、产值奖励

（一）建筑业企业年度总产值首次达到下列档次的，给予一次性奖励（逐档跨越的按最高档次奖励）：

| 年度建筑业总产值 | 奖励金额 |
|---|---|
| 首次达到1亿元 | 10万元 |
| 首次达到5亿元 | 30万元 |
| 首次达到10亿元 | 50万元 |

（二）企业新取得施工总承包一级资质的，奖励50万元。

二、申报

（一）企业于每年3月底前向县住房和城乡建设局申报，提交产值统计报表。
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(
        tmp_path_factory, "tables", {"QH-T-101": CONSTRUCTION, "QH-T-102": patent_grants("QH-T-102")}
    )


def test_a_table_is_read_with_the_sentence_announcing_it() -> None:
    text = "补贴标准如下：\n| 类别 | 标准 | 上限 |\n|---|---|---|\n| 一类 | 1万 | 5万 |\n| 二类 | 2万 | 8万 |"

    assert sentences(text) == ["补贴标准如下：一类：标准1万，上限5万；二类：标准2万，上限8万。"]


def test_an_amount_in_a_table_is_quoted_with_its_figures(index) -> None:
    """blind61: "建筑公司年产值头一回过1个亿奖多少" got "…给予一次性奖励（…）：。", the table left out."""
    answer, _ = ask(index, "建筑公司年产值头一回过1个亿奖多少")

    assert answer.citations[0]["policy_id"] == "QH-T-101"
    assert "首次达到1亿元：10万元；首次达到5亿元：30万元；首次达到10亿元：50万元。" in answer.text
    assert "|" not in answer.text


def test_a_variant_giving_another_figure_is_answered_from_the_clause_asked_before(index) -> None:
    """blind61: "那要是一下干到6个亿呢" found nothing (干 and 个亿 were read as a subject of its own)."""
    _, state = ask(index, "建筑公司年产值头一回过1个亿奖多少")

    answer, _ = ask(index, "那要是一下干到6个亿呢", state)

    assert answer.citations[0]["policy_id"] == "QH-T-101"
    assert "首次达到5亿元：30万元" in answer.text
