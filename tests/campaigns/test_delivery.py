"""After a push: delivery reported by Twilio (status callbacks signed as Twilio signs them) and by
WeChat (template-message events), TD by SMS, the firm's "已申报", and who then asked — per campaign."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from twilio.request_validator import RequestValidator

from connectors.campaigns.push import Channels, publish
from connectors.notify import RecordingNotifier
from huiqi.cli import main
from matching import corpus_conditions, load_vocabulary
from tests.rasa_standin import closed_port_url
from tests.wechat.conftest import PUBLIC_URL, WeChatClient, make_app, message_xml
from tickets import NewTicket, TicketStore, ZoneDirectory
from tickets.campaign_tracking import CampaignTracking
from tickets.profiles import ProfileStore, profile_key

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 1)
TOKEN = "twilio-test-token"
FIRST_SCALE = {"industry": "金属制品", "revenue_wan": 2600, "events": ["2025年首次纳入规模以上工业企业统计"]}
SMS_FIRM, WX_FIRM = "13900000031", "oPushed"


@pytest.fixture(scope="module")
def policy():
    vocabulary = load_vocabulary()
    conditions = corpus_conditions(ROOT / "data" / "policies", vocabulary)
    return vocabulary, next(c for c in conditions if c.policy_id == "JM-2024-010")


@pytest.fixture
def pushed(tmp_path: Path, policy):
    """An app and a campaign "c1" pushed to one SMS firm and one WeChat firm."""
    app = make_app(tmp_path, closed_port_url(), TWILIO_AUTH_TOKEN=TOKEN, WTF_CSRF_ENABLED=False)
    store = ProfileStore(app.config["DATABASE_URL"])
    for key in (profile_key(phone=SMS_FIRM), profile_key(openid=WX_FIRM)):
        store.grant(key, "firm", "test")
        store.update(key, {"name": "恒锐金属", **FIRST_SCALE}, "firm")
    channels = Channels(
        RecordingNotifier(tmp_path / "outbox.jsonl"),
        app.config["WECHAT_SENDER"],
        PUBLIC_URL,
        "test-secret",
        signature="【即墨区惠企通】",
    )
    vocabulary, cond = policy
    publish(cond, store, vocabulary, channels, campaign="c1", today=TODAY, sleep=lambda s: None)
    return app, channels, CampaignTracking(app.config["DATABASE_URL"])


def twilio_post(client, path: str, params: dict[str, str], token: str = TOKEN):
    """POST form data signed exactly as Twilio signs it (public URL + sorted parameters, HMAC-SHA1)."""
    signature = RequestValidator(token).compute_signature(PUBLIC_URL + path, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


def statuses(tracking: CampaignTracking) -> dict[str, int]:
    return {k: v for k, v in tracking.summary("c1").by_status.items() if v}


def test_sms_status_callbacks_move_a_push_forward_only(pushed) -> None:
    app, channels, tracking = pushed
    client = app.test_client()
    sid = channels.notifier.sent()[0]["id"]
    assert statuses(tracking) == {"sent": 2}
    assert (
        twilio_post(client, "/sms/status", {"MessageSid": sid, "MessageStatus": "delivered"}).status_code
        == 204
    )
    assert statuses(tracking) == {"sent": 1, "delivered": 1}
    # a late "sent" or "failed" never undoes "delivered"
    twilio_post(client, "/sms/status", {"MessageSid": sid, "MessageStatus": "sent"})
    twilio_post(
        client, "/sms/status", {"MessageSid": sid, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    )
    assert statuses(tracking) == {"sent": 1, "delivered": 1}
    # a report about a message that is no push (a hotline SMS) is acknowledged and changes nothing
    assert (
        twilio_post(client, "/sms/status", {"MessageSid": "SMother", "MessageStatus": "failed"}).status_code
        == 204
    )


def test_forged_status_callback_is_refused(pushed) -> None:
    app, channels, tracking = pushed
    sid = channels.notifier.sent()[0]["id"]
    forged = twilio_post(
        app.test_client(), "/sms/status", {"MessageSid": sid, "MessageStatus": "failed"}, "x"
    )
    assert forged.status_code == 403
    unsigned = app.test_client().post("/sms/status", data={"MessageSid": sid, "MessageStatus": "failed"})
    assert unsigned.status_code == 403
    assert statuses(tracking) == {"sent": 2}


def test_wechat_template_event_reports_delivery_or_failure(pushed) -> None:
    app, channels, tracking = pushed
    [template] = [m for m in channels.wechat.sent() if m["kind"] == "template"]
    event = message_xml(
        WX_FIRM, "event", Event="TEMPLATESENDJOBFINISH", MsgID=template["msgid"], Status="success"
    )
    assert WeChatClient(app.test_client()).post(event, WX_FIRM).status_code == 200
    assert statuses(tracking) == {"sent": 1, "delivered": 1}


def test_td_by_sms_unsubscribes(pushed) -> None:
    app, _, _ = pushed
    reply = twilio_post(app.test_client(), "/sms/incoming", {"From": "+86" + SMS_FIRM, "Body": "td"})
    assert reply.status_code == 200 and "已退订" in reply.get_data(as_text=True)
    assert ProfileStore(app.config["DATABASE_URL"]).get(profile_key(phone=SMS_FIRM)).push_opt_out_at


def test_applied_and_asked_are_counted_per_campaign(pushed) -> None:
    app, channels, tracking = pushed
    client = app.test_client()
    link = re.search(r"https://hq\.example\.cn(/applied/\S+)", channels.notifier.sent()[0]["body"]).group(1)
    assert "我们已申报" in client.get(link).get_data(as_text=True)
    assert tracking.summary("c1").applied == 0  # opening the link records nothing
    assert "已记下" in client.post(link).get_data(as_text=True)
    assert client.post("/applied/forged").status_code == 404
    # the WeChat firm says so by replying
    reply = WeChatClient(client).post(message_xml(WX_FIRM, "text", Content="已申报"), WX_FIRM)
    assert "已申报" in reply.get_data(as_text=True)
    # the SMS firm then leaves a ticket: it asked after the push
    zones = ZoneDirectory.load(ROOT / "data" / "zones.yaml")
    TicketStore(app.config["DATABASE_URL"], zones).create(
        NewTicket(
            channel="web",
            firm_name="青岛恒锐金属制品有限公司",
            contact_name="王丽",
            phone="+86" + SMS_FIRM,
            zone=zones.zones[0],
            category="政策适用",
            question="首次升规奖励怎么申报",
        )
    )
    summary = tracking.summary("c1")
    assert (summary.applied, summary.asked, summary.messages) == (2, 1, 2)


def test_campaign_report_cli(pushed, monkeypatch: pytest.MonkeyPatch) -> None:
    app, _, _ = pushed
    monkeypatch.setenv("HUIQI_DATABASE_URL", app.config["DATABASE_URL"])
    result = CliRunner().invoke(main, ["campaign", "report", "c1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["messages"] == 2 and figures["by_status"]["sent"] == 2
    assert figures["policy_ids"] == ["JM-2024-010"] and figures["asked"] == 0
    text = CliRunner().invoke(main, ["campaign", "report", "c1"]).output
    assert "已发出 2" in text and "已申报 0 家" in text
    missing = CliRunner().invoke(main, ["campaign", "report", "nope"])
    assert missing.exit_code == 2 and "没有名为 nope 的推送活动" in missing.output
