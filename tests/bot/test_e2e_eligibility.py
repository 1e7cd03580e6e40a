"""The guided eligibility check end to end: the real Rasa server, the real action server, the real matcher.

Web: facts given earlier are not asked again; answers as firms type them (两千万, 2019年成立); the answer
lists 符合 / 可能符合 and offers a lawyer, whose form then does not ask the question again. Hotline: the
spoken prompts, the consent asked once, the facts kept as the caller's profile, and withdrawn again.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import requests

from tests.stack import Stack
from tickets.profiles import ProfileStore

pytestmark = [pytest.mark.rasa, pytest.mark.slow]

CALLER = "+8613912345678"


def say(stack: Stack, sender: str, text: str, metadata: dict[str, str] | None = None) -> list[dict[str, Any]]:
    body: dict[str, Any] = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    response = requests.post(stack.webhook, json=body, timeout=120)
    response.raise_for_status()
    return response.json()


def asked(items: list[dict[str, Any]]) -> str | None:
    """The detail the bot asked for (``zone`` or the slot of an ``ask_detail``), if any."""
    for item in items:
        custom = item.get("custom") or {}
        if custom.get("action") == "ask_zone":
            return "zone"
        if custom.get("action") == "ask_detail":
            return custom.get("slot")
    return None


def text(items: list[dict[str, Any]]) -> str:
    return "\n".join(item["text"] for item in items if item.get("text"))


def result(items: list[dict[str, Any]]) -> dict[str, Any]:
    return next(i["custom"] for i in items if (i.get("custom") or {}).get("action") == "eligibility_result")


def test_web_check_asks_only_what_is_missing_and_answers_with_matches(rasa_stack: Stack) -> None:
    firm = f"web-{uuid.uuid4().hex[:12]}"
    say(rasa_stack, firm, "我们公司是做金属制品的，85来人")
    questions = [asked(say(rasa_stack, firm, "我们能享受哪些政策？"))]
    for answer in ("在龙山街道", "两千六百万", "2015年成立", "规上工业企业"):
        questions.append(asked(say(rasa_stack, firm, answer)))
    # industry and head-count were said before the check: never asked
    assert questions == ["zone", "check_revenue", "check_founded", "check_qualifications", "check_events"]
    items = say(rasa_stack, firm, "去年首次纳入规模以上工业企业统计")
    payload = result(items)
    answer = text(items)
    assert payload["eligible"], answer
    first = payload["eligible"][0]
    assert first["clause"] in answer and "why" in first
    assert "不符合" not in answer and "要转律师吗" in answer
    assert "2600万元" in answer and "2015年成立" in answer
    lawyer = say(rasa_stack, firm, "好的")
    assert asked(lawyer) == "firm_name"  # the form knows the question and the zone already


def test_hotline_check_is_spoken_keeps_the_profile_with_consent_and_forgets_it(rasa_stack: Stack) -> None:
    caller = f"tel-CA{uuid.uuid4().hex[:12]}"
    meta = {"caller": CALLER}
    first = say(rasa_stack, caller, "我能想受哪些政策", meta)  # as speech recognition writes it
    assert asked(first) == "zone" and "按0" in text(first)
    for answer in ("蓝村街道", "搞机械加工的", "两百来人", "不清楚", "成立五年了", "没有", "没有"):
        reply = say(rasa_stack, caller, answer, meta)
    assert asked(reply) == "profile_consent"
    items = say(rasa_stack, caller, "同意", meta)
    spoken = text(items)
    assert "\n" not in spoken and spoken.endswith("请说需要或者不需要。")
    assert "可能符合" in spoken
    store = ProfileStore(rasa_stack.database_url)
    try:
        profile = store.get(f"tel:{CALLER}")
        assert profile is not None and profile.consent == "granted"
        assert profile.facts["zone"] == "蓝村街道" and profile.facts["employees"] == 200
        assert "revenue_wan" not in profile.facts  # "不清楚" stays unknown
        # facts stated later in the conversation update the consented profile
        say(rasa_stack, caller, "我们厂现在有250个人了", meta)
        assert store.get(f"tel:{CALLER}").facts["employees"] == 250
        # a second check does not ask for consent again, and asks nothing the profile knows
        again = say(rasa_stack, f"tel-CA{uuid.uuid4().hex[:12]}", "我们能享受哪些政策", meta)
        assert asked(again) == "check_revenue"
        forgotten = say(rasa_stack, caller, "删除我们公司的信息", meta)
        assert "已删除" in text(forgotten)
        gone = store.get(f"tel:{CALLER}")
        assert gone.consent == "revoked" and gone.facts == {}
    finally:
        store.dispose()


def test_a_question_of_its_own_inside_the_check_is_answered_and_the_check_left(rasa_stack: Stack) -> None:
    firm = f"web-{uuid.uuid4().hex[:12]}"
    assert asked(say(rasa_stack, firm, "我们能享受哪些政策？")) == "zone"

    items = say(rasa_stack, firm, "高企认定下来能奖多少")  # no zone: a question of its own

    assert asked(items) is None  # not the check's question again
    assert any((item.get("custom") or {}).get("citations") for item in items)
    follow = say(rasa_stack, firm, "要交啥材料")  # a follow-up on that answer, outside the check
    assert asked(follow) is None
    assert any((item.get("custom") or {}).get("citations") for item in follow)


def test_a_question_asked_for_the_trade_is_answered_not_kept_as_the_trade(rasa_stack: Stack) -> None:
    """blind107: asked "贵公司主要做什么行业", the firm asked "数字化车间评上了奖多少" — it was kept as its
    trade and the check went on to the headcount."""
    firm = f"web-{uuid.uuid4().hex[:12]}"
    assert asked(say(rasa_stack, firm, "我们能享受哪些政策？")) == "zone"
    assert asked(say(rasa_stack, firm, "蓝村街道")) == "check_industry"

    items = say(rasa_stack, firm, "高企认定下来奖多少")

    assert asked(items) is None
    assert any((item.get("custom") or {}).get("citations") for item in items)


def test_what_it_gives_asked_after_a_cited_answer_is_that_policy_not_the_check(rasa_stack: Stack) -> None:
    """blind105: "能拿啥奖励" after the firm's facts were answered from a policy started the check."""
    firm = f"web-{uuid.uuid4().hex[:12]}"
    first = say(rasa_stack, firm, "高企认定奖励多少")
    assert any((item.get("custom") or {}).get("citations") for item in first)

    items = say(rasa_stack, firm, "能拿啥奖励")

    assert asked(items) is None
    cited = [c for item in items for c in (item.get("custom") or {}).get("citations") or []]
    assert cited and {c["policy_id"] for c in cited} == {
        c["policy_id"] for item in first for c in (item.get("custom") or {}).get("citations") or []
    }
