"""Query normalisation: width, script, numerals, abbreviations and speech-recognition slips."""

from __future__ import annotations

import pytest

from policy_index.normalize import arabic_numerals, canonical_text, normalize_query


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ１２３，", "ABC123,"),  # full width → half width
        ("高新技術企業認定獎勵", "高新技术企业认定奖励"),  # traditional → simplified
        ("  多余   空格\u200b ", "多余 空格"),
    ],
)
def test_canonical_text(raw: str, expected: str) -> None:
    assert canonical_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("奖励五十万元", "奖励50万元"),
        ("最高一千二百万元", "最高1200万元"),
        ("按百分之三十返还", "按30%返还"),
        ("第三条规定", "第三条规定"),  # clause labels are left alone
        ("一次性奖励", "一次性奖励"),
    ],
)
def test_arabic_numerals(raw: str, expected: str) -> None:
    assert arabic_numerals(raw) == expected


@pytest.mark.parametrize(
    ("raw", "contains"),
    [
        ("高企认定有奖励吗", "高新技术企业"),
        ("规上企业技改补贴", "规模以上企业技术改造"),
        ("問港返還怎麼申請", "稳岗返还"),  # ASR slip + traditional script
        ("创业担保带款利息", "创业担保贷款"),
        ("应急转带资金", "应急转贷"),
        ("首台（套）装备奖励", "首台套"),
    ],
)
def test_normalize_query_reaches_the_canonical_domain_term(raw: str, contains: str) -> None:
    assert contains in normalize_query(raw)


def test_homophone_repair_leaves_real_words_alone() -> None:
    assert normalize_query("全国高校毕业生") == "全国高校毕业生"
    assert normalize_query("公司想了解政策") == "公司想了解政策"
