"""The WeChat official account webhook, driven by messages signed and encrypted as WeChat does.

Rasa is a local stand-in speaking its REST channel's exact shape (tests/rasa_standin.py); the last
test runs the real Rasa and action servers.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import xmltodict

from connectors.rasa_client import BotMessage
from connectors.web.chat import ESCALATE_TEXT
from connectors.web.services import get_recorder, get_store
from connectors.wechat.menu import MenuError, check_menu, load_menu
from connectors.wechat.rating import RATE_PROMPT, THANKS
from connectors.wechat.render import MAX_CHARS, render_replies
from tests.rasa_standin import RasaStandIn, serve
from tickets import NewTicket

from .conftest import ACCOUNT, PUBLIC_URL, TOKEN, WeChatClient, make_app, message_xml, signature

ANSWER = "小微企业招用离校2年内未就业高校毕业生的，可按每人1000元申请一次性吸纳就业补贴。"
CITATION = {
    "policy_id": "JM-2024-207",
    "title": "即墨区企业吸纳就业补贴和就业见习补贴实施细则",
    "doc_no": "即人社发〔2024〕6号",
    "clause": "一、（二）",
    "text": "小微企业招用离校2年内未就业高校毕业生的，按每人1000元给予一次性吸纳就业补贴。",
    "expired": False,
}


class PolicyAnswer(RasaStandIn):
    def items(self, body: dict[str, str]) -> list[dict[str, Any]]:
        return [{"text": ANSWER}, {"custom": {"citations": [CITATION], "action": "answer"}}]


@pytest.fixture
def standin():
    with serve(PolicyAnswer) as (url, handler):
        yield url, handler


@pytest.fixture
def wx(tmp_path: Path, standin) -> WeChatClient:
    url, _ = standin
    return WeChatClient(make_app(tmp_path, url).test_client())


def _reply(response: Any) -> dict[str, str]:
    assert response.status_code == 200, response.data
    return xmltodict.parse(response.data)["xml"]


def test_url_verification_echoes_only_for_the_right_token(wx: WeChatClient) -> None:
    ok = wx.client.get("/wechat", query_string={**wx.query(), "echostr": "4863207919"})
    assert ok.status_code == 200 and ok.data == b"4863207919"
    forged = wx.client.get("/wechat", query_string={**wx.query(token="guess"), "echostr": "1"})
    assert forged.status_code == 403


def test_without_a_token_everything_is_refused(tmp_path: Path, standin) -> None:
    client = make_app(tmp_path, standin[0], WECHAT_TOKEN="").test_client()
    wx = WeChatClient(client)
    assert client.get("/wechat", query_string={**wx.query(), "echostr": "1"}).status_code == 403
    assert wx.post(message_xml("o-1", "text", Content="你好"), "o-1").status_code == 403


def test_plaintext_question_gets_the_answer_with_clause_and_link(wx: WeChatClient, standin) -> None:
    reply = _reply(wx.post(message_xml("oAbc123", "text", Content="招大学生有补贴吗"), "oAbc123"))
    assert reply["ToUserName"] == "oAbc123" and reply["FromUserName"] == ACCOUNT
    assert reply["MsgType"] == "text"
    assert "每人1000元" in reply["Content"]
    assert "一、（二）" in reply["Content"] and f"{PUBLIC_URL}/policies/JM-2024-207" in reply["Content"]
    assert standin[1].received == [{"sender": "wx-oAbc123", "message": "招大学生有补贴吗"}]


class NoMatch(RasaStandIn):
    def items(self, body: dict[str, str]) -> list[dict[str, Any]]:
        return [
            {"text": "抱歉，政策库里没有找到能回答这个问题的政策。需要律师帮您看看吗？"},
            {"custom": {"citations": [], "action": "no_match"}},
        ]


def test_an_answer_asks_for_a_rating_and_the_followers_reply_is_counted(
    tmp_path: Path, wx: WeChatClient, standin
) -> None:
    app = wx.client.application
    asked = _reply(wx.post(message_xml("oRate1", "text", Content="招大学生有补贴吗"), "oRate1"))
    assert asked["Content"].endswith(RATE_PROMPT) and "每人1000元" in asked["Content"]
    thanks = _reply(wx.post(message_xml("oRate1", "text", Content="满意"), "oRate1"))
    assert thanks["Content"] == THANKS
    sorry = _reply(wx.post(message_xml("oRate1", "text", Content="不满意。"), "oRate1"))  # a second reply
    assert "找律师" in sorry["Content"]
    assert standin[1].received == [{"sender": "wx-oRate1", "message": "招大学生有补贴吗"}]  # not to Rasa
    with app.app_context():
        get_recorder().flush()
        [rating] = get_store().register.ratings(conversation_id="wx-oRate1")
    assert (rating.score, rating.channel) == ("dissatisfied", "wechat")

    with serve(NoMatch) as (url, _handler):  # "no matching policy" may be rated too
        other = WeChatClient(make_app(tmp_path / "nomatch", url).test_client())
        said = _reply(other.post(message_xml("oRate2", "text", Content="办食品许可证要多久"), "oRate2"))
        assert said["Content"].endswith("需要律师帮您看看吗？")  # one question at a time: no rating prompt
        rated = _reply(other.post(message_xml("oRate2", "text", Content="基本满意"), "oRate2"))
        assert rated["Content"] == THANKS
        with other.client.application.app_context():
            get_recorder().flush()
            assert [r.score for r in get_store().register.ratings(conversation_id="wx-oRate2")] == ["fair"]


def test_forged_signature_is_refused_before_rasa(wx: WeChatClient, standin) -> None:
    response = wx.post(message_xml("oAbc123", "text", Content="你好"), "oAbc123", token="not-the-token")
    assert response.status_code == 403
    assert standin[1].received == []


def test_safe_mode_decrypts_and_answers_encrypted(wx: WeChatClient, standin) -> None:
    response = wx.post_aes(message_xml("oSafe1", "text", Content="吸纳就业补贴多少钱"), "oSafe1")
    assert response.status_code == 200
    reply = wx.decrypt(response)
    assert reply["ToUserName"] == "oSafe1" and "每人1000元" in reply["Content"]
    assert standin[1].received[-1] == {"sender": "wx-oSafe1", "message": "吸纳就业补贴多少钱"}


def test_safe_mode_with_a_bad_msg_signature_is_refused(wx: WeChatClient, standin) -> None:
    response = wx.post_aes(message_xml("oSafe1", "text", Content="你好"), "oSafe1", tamper=True)
    assert response.status_code == 403
    assert standin[1].received == []


def test_voice_recognition_enters_the_same_conversation(wx: WeChatClient, standin) -> None:
    voice = message_xml("oVoice", "voice", MediaId="m1", Format="amr", Recognition="招用高校毕业生有补贴吗")
    reply = _reply(wx.post(voice, "oVoice"))
    assert "每人1000元" in reply["Content"]
    assert standin[1].received == [{"sender": "wx-oVoice", "message": "招用高校毕业生有补贴吗"}]


def test_voice_without_recognition_asks_again(wx: WeChatClient, standin) -> None:
    reply = _reply(wx.post(message_xml("oVoice", "voice", MediaId="m1", Format="amr"), "oVoice"))
    assert "没有听清" in reply["Content"]
    assert standin[1].received == []


def test_slow_answer_goes_out_as_a_customer_service_message(tmp_path: Path, outbox_of) -> None:
    with serve(PolicyAnswer, delay=1.0) as (url, handler):
        app = make_app(tmp_path, url, WECHAT_REPLY_SECONDS=0.2)
        wx = WeChatClient(app.test_client())
        started = time.monotonic()
        response = wx.post(message_xml("oSlow", "text", Content="补贴多少"), "oSlow")
        assert time.monotonic() - started < 1.0  # well inside WeChat's 5 seconds
        assert response.status_code == 200 and response.data == b"success"
        deadline = time.monotonic() + 10
        while not outbox_of(app) and time.monotonic() < deadline:
            time.sleep(0.05)
        sent = outbox_of(app)
        assert [(m["kind"], m["to"]) for m in sent] == [("text", "oSlow")]
        assert "每人1000元" in sent[0]["text"] and "/policies/JM-2024-207" in sent[0]["text"]
        assert handler.received == [{"sender": "wx-oSlow", "message": "补贴多少"}]


def test_a_retried_message_is_answered_once(wx: WeChatClient, standin) -> None:
    xml = message_xml("oRetry", "text", Content="你好", MsgId="6054768590064713728")
    assert "每人1000元" in _reply(wx.post(xml, "oRetry"))["Content"]
    assert wx.post(xml, "oRetry").data == b"success"
    assert len(standin[1].received) == 1


def test_menu_clicks(wx: WeChatClient, standin) -> None:
    lawyer = message_xml("oMenu", "event", Event="CLICK", EventKey="LAWYER")
    assert "每人1000元" in _reply(wx.post(lawyer, "oMenu"))["Content"]  # the stand-in's answer
    assert standin[1].received == [{"sender": "wx-oMenu", "message": ESCALATE_TEXT}]
    ask = _reply(wx.post(message_xml("oMenu", "event", Event="CLICK", EventKey="POLICY_ASK"), "oMenu"))
    assert "请直接输入" in ask["Content"]
    welcome = _reply(wx.post(message_xml("oMenu", "event", Event="subscribe"), "oMenu"))
    assert "惠企通" in welcome["Content"]


def test_my_tickets_lists_the_followers_tickets(wx: WeChatClient) -> None:
    app = wx.client.application
    with app.app_context():
        ticket = get_store().create(
            NewTicket(
                channel="web",
                firm_name="青岛某公司",
                contact_name="王经理",
                phone="13912345678",
                zone="环秀街道",
                category="政策适用",
                question="我们能享受吸纳就业补贴吗？",
                sender_id="wx-oTicket",
            )
        )
    mine = _reply(wx.post(message_xml("oTicket", "event", Event="CLICK", EventKey="MY_TICKETS"), "oTicket"))
    assert ticket.number in mine["Content"]
    other = _reply(wx.post(message_xml("oOther", "event", Event="CLICK", EventKey="MY_TICKETS"), "oOther"))
    assert ticket.number not in other["Content"] and "还没有" in other["Content"]


def test_rasa_down_answers_with_the_hotline(tmp_path: Path) -> None:
    from tests.rasa_standin import closed_port_url

    wx = WeChatClient(make_app(tmp_path, closed_port_url()).test_client())
    reply = _reply(wx.post(message_xml("oDown", "text", Content="你好"), "oDown"))
    assert "热线" in reply["Content"]


def test_malformed_body_is_a_clear_400(wx: WeChatClient) -> None:
    response = wx.client.post("/wechat", query_string=wx.query("o1"), data=b"\x00\xffnot xml")
    assert response.status_code == 400


def test_shipped_menu_meets_wechats_limits_and_bad_ones_are_refused() -> None:
    menu = load_menu()
    names = [b["name"] for b in menu["button"]] + [
        s["name"] for b in menu["button"] for s in b.get("sub_button", [])
    ]
    assert {"政策咨询", "我能享受哪些政策", "找律师", "我的工单"} <= set(names)
    with pytest.raises(MenuError, match="1 至 3"):
        check_menu({"button": [{"type": "click", "name": "a", "key": "LAWYER"}] * 4})
    with pytest.raises(MenuError, match="没有对应的处理"):
        check_menu({"button": [{"type": "click", "name": "咨询", "key": "NOPE"}]})
    with pytest.raises(MenuError, match="名称过长"):
        check_menu({"button": [{"type": "click", "name": "我能享受哪些政策", "key": "LAWYER"}]})


def test_long_answers_are_shortened_but_keep_citation_links() -> None:
    text = render_replies([BotMessage(text="很长的回答。" * 200, citations=[CITATION])], PUBLIC_URL)
    assert len(text) <= MAX_CHARS
    assert text.endswith(f"{PUBLIC_URL}/policies/JM-2024-207")


def test_policy_page_shows_clauses_and_extracted_conditions(wx: WeChatClient) -> None:
    page = wx.client.get("/policies/JM-2024-207")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "即墨区企业吸纳就业补贴和就业见习补贴实施细则" in html and "系统读出的适用条件" in html
    assert "招用高校毕业生" in html
    assert wx.client.get("/policies/NO-SUCH").status_code == 404
    assert wx.client.get("/policies/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_signature_helper_is_wechats_algorithm() -> None:
    import hashlib

    assert (
        signature(TOKEN, "1409659813", "1372623149")
        == hashlib.sha1("".join(sorted([TOKEN, "1409659813", "1372623149"])).encode()).hexdigest()
    )
