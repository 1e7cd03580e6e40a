"""Sums and rates as firms say them and clauses write them are the same figure."""

from __future__ import annotations

import pytest

from bot.actions.figures import figures, states_a_figure_only_in


@pytest.mark.parametrize(
    ("said", "figure"),
    [
        ("进线奖三万块，还能领吗", ("元", 30000.0)),
        ("给予一次性奖励3万元", ("元", 30000.0)),
        ("给予一次性奖励30000元", ("元", 30000.0)),
        ("是不是补百分之五十", ("%", 50.0)),
        ("按展位费的50%给予补贴", ("%", 50.0)),
        ("营收1.2个亿", ("元", 120000000.0)),
        ("每平方米奖30块", ("元", 30.0)),
    ],
)
def test_a_figure_is_read_as_said_or_written(said: str, figure: tuple[str, float]) -> None:
    assert figure in figures(said)


@pytest.mark.parametrize("said", ["23年那个办法还能报吗", "公司一百来号人", "第三条怎么说"])
def test_years_counts_and_clause_numbers_are_no_figures(said: str) -> None:
    assert figures(said) == set()


def test_a_figure_only_one_text_says_is_told_apart() -> None:
    old, new = "给予一次性奖励3万元。", "给予一次性奖励5万元，最高不超过30万元。"

    assert states_a_figure_only_in("是不是奖三万", old, new)
    assert not states_a_figure_only_in("是不是奖五万", old, new)
    assert not states_a_figure_only_in("还能领吗", old, new)


@pytest.mark.parametrize(
    ("said", "paid"),
    [
        ("以前那个发明专利一件补一万的政策还有吗", {("元", 10000.0)}),
        ("我记得有个智能化改造按设备投资百分之六补的政策", {("%", 6.0)}),
        ("印象里前两年技改是按设备投资百分之五奖，封顶一百万", {("%", 5.0), ("元", 1000000.0)}),
        # the firm's own sums (blind4/46/66): no figure a policy pays
        ("我们在建直播基地，2500平，入驻12个团队，投了300万，能补多少", set()),
        ("下礼拜一笔一千万的贷款到期，想用区里的转贷资金过桥五天，使用费要交多少", set()),
    ],
)
def test_only_figures_said_as_what_a_benefit_pays_are_its_figures(said: str, paid: set) -> None:
    assert figures(said, paid_only=True) == paid
