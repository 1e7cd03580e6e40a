"""A policy limited to some zones only in its text ("本办法适用于在上述两镇…") is treated as limited by the
action server: a firm in another zone is told it does not apply, a firm in one of its zones gets the
answer, and ``zones: all`` written in the front matter is never overridden.

An invented district (云岭县) and collection (tests/bot/corpus_zones_in_text), indexed by the real
``policy-index build`` and served through the action server's own services (zones file included).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import actions, services

from .conftest import build_index

pytestmark = pytest.mark.filterwarnings(
    r"ignore:Exception ignored in. <_io.FileIO name='.*/jieba/:pytest.PytestUnraisableExceptionWarning"
)

CORPUS = Path(__file__).parent / "corpus_zones_in_text"
ZONES = """
district: {name: 云岭县, hotline: "0871-66120000", address: 云岭县桃源街道人民路8号县政务服务中心（示例地址）}
zones: [青石镇, 柳溪镇, 松坪镇, 桃源街道, 云岭高新区]
aliases:
  青石镇: [青石]
  柳溪镇: [柳溪]
  松坪镇: [松坪]
  桃源街道: [桃源]
  云岭高新区: [高新区]
places:
  云岭高新区: [星光产业园]
  桃源街道: [人民路]
teams:
  - id: yl-1
    firm: 云岭青溪律师事务所（示例）
    zones: [青石镇, 柳溪镇, 松坪镇]
    lawyers: [{name: 周宁, login: zhouning, phone: "13800002101"}]
  - id: yl-2
    firm: 云岭桃源律师事务所（示例）
    zones: [桃源街道, 云岭高新区]
    lawyers: [{name: 吴桐, login: wutong, phone: "13800002201"}]
"""
HOMESTAY = "云岭县茶旅融合民宿奖补办法"


@pytest.fixture(scope="module")
def yunling(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The action services on the invented collection, its zones file and a fresh ticket database."""
    data = tmp_path_factory.mktemp("zones-in-text")
    index = build_index(CORPUS, data / "index")
    zones = data / "zones.yaml"
    zones.write_text(ZONES, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HUIQI_INDEX_DIR", str(index))
        mp.setenv("HUIQI_CORPUS_DIR", str(CORPUS))
        mp.setenv("HUIQI_ZONES_FILE", str(zones))
        mp.setenv("HUIQI_DATABASE_URL", f"sqlite:///{data / 'tickets.db'}")
        services.reset()
        yield
    services.reset()


def _reply(tracker: Tracker, domain: dict[str, Any]) -> dict[str, Any]:
    dispatcher = CollectingDispatcher()
    asyncio.run(actions.ActionAnswerPolicy().run(dispatcher, tracker, domain))
    [message] = dispatcher.messages
    return message


def _cited(message: dict[str, Any]) -> list[str]:
    return [c["policy_id"] for c in message["custom"]["citations"]]


@pytest.mark.usefixtures("yunling")
@pytest.mark.parametrize("question", ["开民宿有补贴吗", "客房10间的民宿投了80万，营业半年了，能补多少"])
def test_a_firm_in_another_zone_is_told_a_policy_limited_in_its_text_does_not_apply(
    tracker_for: Callable[..., Tracker], domain: dict, question: str
) -> None:
    message = _reply(tracker_for(question, "ask_policy", slots={"zone": "桃源街道"}), domain)

    assert _cited(message)[:1] == ["YL-Z-001"]
    assert f"按政策正文的适用范围，《{HOMESTAY}》仅适用于青石镇、柳溪镇" in message["text"]
    assert "不在适用范围内" in message["text"] and "20万元" not in message["text"]
    assert message["custom"]["citations"][0]["clause"] == "第一条"  # the clause that sets out its scope


@pytest.mark.usefixtures("yunling")
def test_a_firm_saying_in_its_question_it_is_of_another_zone_is_told_so(
    tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    message = _reply(tracker_for("我们是松坪镇的农家乐，开民宿有补贴吗", "ask_policy"), domain)

    assert _cited(message)[:1] == ["YL-Z-001"]
    assert "贵公司在松坪镇，不在适用范围内" in message["text"]
    assert message["custom"]["citations"][0]["clause"] == "第一条"


@pytest.mark.usefixtures("yunling")
def test_a_firm_in_a_zone_the_text_names_gets_the_answer(
    tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    message = _reply(tracker_for("开民宿有补贴吗，能补多少", "ask_policy", slots={"zone": "柳溪镇"}), domain)

    assert _cited(message)[:1] == ["YL-Z-001"]
    assert "20万元" in message["text"] and "不在适用范围内" not in message["text"]


@pytest.mark.usefixtures("yunling")
@pytest.mark.parametrize(
    ("said", "zone", "says"),
    [
        ("我们在松坪镇，能享受不？", "松坪镇", "不在适用范围内"),
        ("我们在青石镇，能享受不？", "青石镇", f"贵公司所在的青石镇在《{HOMESTAY}》的适用范围内"),
    ],
)
def test_a_zone_said_after_the_answer_says_whether_the_policy_applies(
    tracker_for: Callable[..., Tracker], domain: dict, said: str, zone: str, says: str
) -> None:
    slots = {"policy_id": "YL-Z-001", "policy_title": HOMESTAY, "last_question": "开民宿有补贴吗"}
    message = _reply(tracker_for(said, "ask_eligibility", slots=slots), domain)

    assert says in message["text"] and _cited(message)[:1] == ["YL-Z-001"]
    if "不在适用范围内" in says:
        assert message["custom"]["citations"][0]["clause"] == "第一条"


@pytest.mark.usefixtures("yunling")
def test_a_zone_said_with_a_fragment_on_the_policy_discussed_is_answered_from_it_for_that_zone(
    tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    """blind63: "在卫零路那边，第一年能补多少" after a rent subsidy limited to two zones found nothing: the
    place was read as the question's subject."""
    slots = {"policy_id": "YL-Z-001", "policy_title": HOMESTAY, "last_question": "开民宿有补贴吗"}
    message = _reply(tracker_for("在青石镇老街那边，最多能补多少", "ask_policy", slots=slots), domain)

    assert _cited(message)[:1] == ["YL-Z-001"]
    assert f"贵公司所在的青石镇在《{HOMESTAY}》的适用范围内" in message["text"]
    assert "20万元" in message["text"]


@pytest.mark.usefixtures("yunling")
def test_zones_all_in_the_front_matter_wins_over_the_text(
    tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    # its text names 松坪镇 only, but the editor wrote `zones: all`: a firm in 桃源街道 may apply
    message = _reply(
        tracker_for("网络零售额首次突破500万有奖励吗", "ask_policy", slots={"zone": "桃源街道"}), domain
    )

    assert _cited(message)[:1] == ["YL-Z-002"]
    assert "3万元" in message["text"] and "仅适用于" not in message["text"]


@pytest.mark.usefixtures("yunling")
def test_a_district_wide_policy_with_a_priority_zone_applies_everywhere(
    tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    tracker = tracker_for("首次认定高新技术企业奖励多少", "ask_policy", slots={"zone": "青石镇"})
    message = _reply(tracker, domain)

    assert _cited(message)[:1] == ["YL-Z-003"]
    assert "20万元" in message["text"] and "仅适用于" not in message["text"]
    assert services.get_index().policy("YL-Z-003")["zones"] == "all"


@pytest.mark.usefixtures("yunling")
def test_a_reloaded_build_is_read_with_the_zones_too() -> None:
    live = services.get_live_index()
    manifest = live.folder / "manifest.json"
    fresh = manifest.with_name("manifest.json.new")
    fresh.write_bytes(manifest.read_bytes())
    fresh.replace(manifest)  # a new build landing: another file under the same name

    assert live.refresh()
    assert live.current.policy("YL-Z-001")["zones"] == ["青石镇", "柳溪镇"]
    assert live.current.limits_out("松坪镇") and not live.current.limits_out("青石镇")


@pytest.mark.usefixtures("yunling")
def test_the_guided_check_tells_a_firm_in_another_zone_the_policy_is_not_for_it() -> None:
    from bot.actions import firm_profiles

    firm_profiles._conditions.cache_clear()
    outside = firm_profiles.match_profile({"zone": "松坪镇", "industry": "住宿业"})
    inside = firm_profiles.match_profile({"zone": "青石镇", "industry": "住宿业"})

    assert "YL-Z-001" in [m.policy_id for m in outside.not_eligible]
    assert "YL-Z-001" not in [m.policy_id for m in inside.not_eligible]


@pytest.mark.usefixtures("yunling")
def test_the_clause_on_where_a_policy_applies_is_found_when_the_question_missed_it() -> None:
    from bot.actions.on_current import scope_clause

    index = services.get_index()
    [amount] = index.search("投资额的10%能补多少", k=1, policy_id="YL-Z-001")["hits"]

    assert amount["clause"] == "第二条"
    assert scope_clause(index, "投资额的10%能补多少", [amount])["clause"] == "第一条"


@pytest.mark.usefixtures("yunling")
def test_a_zone_said_alone_after_an_amount_question_says_the_policy_does_not_apply_there(
    tracker_for: Callable[..., Tracker], domain: dict
) -> None:
    """The clause on scope answers, not "…里没有写明具体金额" with no clause cited."""
    slots = {
        "policy_id": "YL-Z-001",
        "policy_title": HOMESTAY,
        "last_question": "开民宿有补贴吗，能补多少",
        "asked_aspects": ["amount"],
    }
    message = _reply(tracker_for("我们在松坪镇", "provide_company_info", slots=slots), domain)

    assert _cited(message)[:1] == ["YL-Z-001"] and "不在适用范围内" in message["text"]
