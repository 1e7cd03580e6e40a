"""NLU sanity on the trained model: nonsense and chit-chat never land on the policy-question intents.

Sentences here are not in the training data (bot/data/nlu.yml).
"""

from __future__ import annotations

import pytest

from tests.stack import Stack

pytestmark = [pytest.mark.rasa, pytest.mark.slow]

POLICY_INTENTS = {"ask_policy", "ask_eligibility", "ask_procedure"}


@pytest.mark.parametrize(
    "text",
    [
        "asdfgh",
        "qwertyuiop",
        "hjkl",
        "666666",
        "。。。。",
        "哈哈哈",
        "嗯嗯嗯嗯嗯",
        "呃",
        "你今天开心吗",
        "你是哪里开发的",
        "今晚吃什么好",
        "帮我订一张去北京的高铁票",
        "股市明天涨不涨",
        "讲个故事听听",
        "测试测试",
    ],
)
def test_nonsense_and_chitchat_do_not_land_on_policy_questions(rasa_stack: Stack, text: str) -> None:
    intent = rasa_stack.parse(text)["intent"]
    assert intent["name"] not in POLICY_INTENTS, f"{text!r} → {intent}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国高企业认定以后区里奖多少", "ask_policy"),
        ("稳岗补贴今年是返多少比例", "ask_policy"),
        ("我们厂二十来个人能报专精特新不", "ask_eligibility"),
        ("首次升规奖励去哪个部门申请", "ask_procedure"),
        ("帮我找个律师", "request_lawyer"),
        ("补贴批下来半年了钱还没到", "complain_rights"),
        ("我们在鳌山卫", "provide_company_info"),
    ],
)
def test_firms_questions_get_their_intent(rasa_stack: Stack, text: str, expected: str) -> None:
    intent = rasa_stack.parse(text)["intent"]
    assert intent["name"] == expected, f"{text!r} → {intent}"
