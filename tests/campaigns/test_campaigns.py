"""Firm profiles with consent and push campaigns: from publishing a policy to the notifier outboxes,
with consent, 符合 / 可能符合 told apart, rate limits and unsubscribing (TD by WeChat, one-tap link)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from connectors.campaigns.links import read_unsubscribe_token
from connectors.campaigns.push import Channels, publish
from connectors.notify import RecordingNotifier
from connectors.wechat.outbound import RecordingWeChatSender
from matching import corpus_conditions, load_vocabulary
from tests.rasa_standin import closed_port_url
from tests.wechat.conftest import WeChatClient, make_app, message_xml
from tickets.profiles import ConsentError, ProfileStore, profile_key

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 1)
SECRET = "test-secret"
FIRST_SCALE = {"industry": "金属制品", "revenue_wan": 2600, "events": ["2025年首次纳入规模以上工业企业统计"]}


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary()


@pytest.fixture(scope="module")
def first_scale_policy(vocabulary):
    return next(
        c for c in corpus_conditions(ROOT / "data" / "policies", vocabulary) if c.policy_id == "JM-2024-010"
    )


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore(f"sqlite:///{tmp_path / 'tickets.db'}")


@pytest.fixture
def channels(tmp_path: Path) -> Channels:
    return Channels(
        RecordingNotifier(tmp_path / "outbox.jsonl"),
        RecordingWeChatSender(tmp_path / "wechat_outbox.jsonl"),
        "https://hq.example.cn",
        SECRET,
        signature="【平度市惠企通】",
    )


def _firm(store: ProfileStore, key: str, facts: dict, *, consent: bool = True) -> None:
    if consent:
        store.grant(key, "office", "staff")
        store.update(key, {"name": f"企业{key[-4:]}", **facts}, "office")
    else:
        store.ask(key)


def test_consent_is_asked_once_facts_need_it_and_revoking_erases(store: ProfileStore) -> None:
    key = profile_key(phone="139 1234 5678")
    assert key == "tel:+8613912345678"
    assert store.ask(key) is True and store.ask(key) is False
    with pytest.raises(ConsentError):
        store.update(key, {"zone": "环秀街道"}, "office")
    store.grant(key, "firm", "wechat")
    store.update(key, {"zone": "环秀街道", "events": ["招用高校毕业生"]}, "firm")
    merged = store.update(key, {"events": ["购置设备"]}, "office")
    assert merged.facts == {"zone": "环秀街道", "events": ["招用高校毕业生", "购置设备"]}
    revoked = store.revoke(key, "firm")
    assert revoked.consent == "revoked" and revoked.facts == {}
    assert store.ask(key) is False  # never asked again
    assert store.push_targets() == []


def test_publish_reaches_only_consenting_matching_firms(
    store, channels, vocabulary, first_scale_policy
) -> None:
    eligible, maybe = profile_key(phone="13900000001"), profile_key(openid="oMaybe")
    _firm(store, eligible, FIRST_SCALE)
    _firm(store, maybe, {"industry": "机械", "events": ["首次纳入规上统计"]})  # revenue unknown
    _firm(store, profile_key(phone="13900000003"), FIRST_SCALE, consent=False)  # asked, never agreed
    _firm(store, profile_key(phone="13900000004"), {"industry": "软件开发", "events": ["首次升规"]})
    report = publish(
        first_scale_policy, store, vocabulary, channels, campaign="c1", today=TODAY, sleep=lambda s: None
    )
    assert report.sent_eligible == [eligible] and report.sent_maybe == [maybe]
    assert report.not_matching == 1
    sms = channels.notifier.sent()
    assert [m["to"] for m in sms] == ["+8613900000001"]
    assert sms[0]["body"].startswith("【平度市惠企通】企业0001您好")  # the district, not 【惠企通】
    assert "与贵企业情况相符（依据第三条）" in sms[0]["body"] and "回复TD退订" in sms[0]["body"]
    assert "https://hq.example.cn/policies/JM-2024-010" in sms[0]["body"]
    wechat = channels.wechat.sent()
    assert [m["to"] for m in wechat] == ["oMaybe"] and wechat[0]["kind"] == "template"
    assert "可能符合" in wechat[0]["data"]["keyword2"]["value"]
    assert wechat[0]["url"] == "https://hq.example.cn/policies/JM-2024-010"
    assert {m["match"] for m in store.campaign_messages("c1")} == {"eligible", "maybe"}
    again = publish(
        first_scale_policy, store, vocabulary, channels, campaign="c1", today=TODAY, sleep=lambda s: None
    )
    assert again.already_sent == 2 and not again.sent_eligible and len(channels.notifier.sent()) == 1


def test_rate_limit_spaces_and_caps_a_run(store, channels, vocabulary, first_scale_policy) -> None:
    for n in range(3):
        _firm(store, profile_key(phone=f"1390000001{n}"), FIRST_SCALE)
    pauses: list[float] = []
    report = publish(
        first_scale_policy,
        store,
        vocabulary,
        channels,
        campaign="c2",
        today=TODAY,
        max_messages=2,
        per_minute=30,
        sleep=pauses.append,
    )
    assert len(report.sent_eligible) == 2 and report.held_back == 1
    assert pauses == [2.0]
    rest = publish(
        first_scale_policy, store, vocabulary, channels, campaign="c2", today=TODAY, sleep=lambda s: None
    )
    assert len(rest.sent_eligible) == 1 and rest.already_sent == 2


def test_td_by_wechat_and_the_one_tap_link_unsubscribe(
    tmp_path, channels, vocabulary, first_scale_policy
) -> None:
    app = make_app(tmp_path, closed_port_url(), SECRET_KEY=SECRET, WTF_CSRF_ENABLED=False)
    store = ProfileStore(app.config["DATABASE_URL"])
    wx_key, sms_key = profile_key(openid="oTD"), profile_key(phone="13900000021")
    _firm(store, wx_key, FIRST_SCALE)
    _firm(store, sms_key, FIRST_SCALE)
    publish(first_scale_policy, store, vocabulary, channels, campaign="c3", today=TODAY, sleep=lambda s: None)
    wx = WeChatClient(app.test_client())
    reply = wx.post(message_xml("oTD", "text", Content="TD"), "oTD")
    assert "已退订" in reply.get_data(as_text=True)
    link = re.search(r"https://hq\.example\.cn(/unsubscribe/\S+)", channels.notifier.sent()[0]["body"]).group(
        1
    )
    assert read_unsubscribe_token(SECRET, link.rsplit("/", 1)[1]) == sms_key
    assert "确认退订" in wx.client.get(link).get_data(as_text=True)
    assert store.get(sms_key).push_opt_out_at is None  # opening the link alone changes nothing
    assert "已退订" in wx.client.post(link).get_data(as_text=True)
    assert wx.client.get("/unsubscribe/forged-token").status_code == 404
    report = publish(
        first_scale_policy, store, vocabulary, channels, campaign="c4", today=TODAY, sleep=lambda s: None
    )
    assert report.sent_eligible == [] and store.push_targets() == []
