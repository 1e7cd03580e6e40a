"""Follow-up fragments are completed from the conversation before they reach retrieval."""

from __future__ import annotations

import pytest

from bot.actions.followup import resolve_question
from bot.actions.topics import find_topic


@pytest.mark.parametrize(
    ("text", "topic", "title", "expected"),
    [
        ("那重新认定呢？", "高新技术企业", None, "高新技术企业 重新认定"),
        ("需要什么材料", "高新技术企业", None, "高新技术企业 需要什么材料"),
        (
            "那去哪办？",
            None,
            "即墨区稳岗返还实施办法（2024年修订）",
            "即墨区稳岗返还实施办法（2024年修订） 去哪办",
        ),
        # A question that names its own topic is left alone, whatever came before.
        ("稳岗返还怎么申请", "高新技术企业", None, "稳岗返还怎么申请"),
        # With nothing to lean on, the fragment is searched as it is.
        ("需要什么材料", None, None, "需要什么材料"),
        # A long, self-contained question is not a follow-up even without a topic entity.
        (
            "我们公司去年招了二十个应届毕业生，能拿什么补贴",
            "高新技术企业",
            None,
            "我们公司去年招了二十个应届毕业生，能拿什么补贴",
        ),
    ],
)
def test_resolve_question(text: str, topic: str | None, title: str | None, expected: str) -> None:
    own_topic = find_topic(text) is not None
    assert resolve_question(text, topic=topic, policy_title=title, has_own_topic=own_topic) == expected


def test_topics_come_from_the_shared_domain_dictionary() -> None:
    assert find_topic("高企奖励多少") == "高企"
    assert find_topic("研发费用加计扣除怎么弄") == "研发费用加计扣除"
    # Words any policy uses are not a topic of their own.
    assert find_topic("需要什么申报材料，咨询电话多少") is None
