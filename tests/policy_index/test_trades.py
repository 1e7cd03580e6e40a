"""``trade_categories``: the trade categories policies name, read from a firm's everyday words."""

from __future__ import annotations

import pytest

from policy_index.trades import trade_categories


@pytest.mark.parametrize(
    ("said", "categories"),
    [
        ("那开饭店的呢", ["餐饮"]),
        ("我们开了个小吃店，旁边还有个宾馆", ["餐饮", "住宿"]),
        ("超市一年卖了五千万", ["零售"]),
        ("我们是餐饮企业", []),  # the category as policies write it needs no reading
        ("高企奖励多少", []),
    ],
)
def test_everyday_words_for_a_trade_read_as_the_category_policies_name(
    said: str, categories: list[str]
) -> None:
    assert trade_categories(said) == categories
