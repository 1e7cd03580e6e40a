"""The lawyer console and GET /api/tickets: sign-in, CSRF, throttling, team isolation, the office's
read-only view, and the reply that reaches the firm (web chat and SMS outbox)."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from connectors.notify import TwilioNotifier
from connectors.services import get_services
from connectors.web import create_app
from tests.connectors.twilio_http import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    FROM_NUMBER,
    RecordingTwilioHttp,
    invalid_number,
)
from tickets import TicketStore

from .conftest import (
    OFFICE,
    PASSWORD,
    TEAM1_LAWYER,
    TEAM1_OTHER,
    TEAM2_LAWYER,
    csrf_token,
    login,
    make_ticket,
    web_config,
)

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQL = "'; DROP TABLE tickets; -- \" OR 1=1"


def test_console_needs_login_and_api_needs_login(client: FlaskClient) -> None:
    response = client.get("/console/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/console/login")
    response = client.get("/api/tickets")
    assert response.status_code == 401
    assert response.get_json()["error"] == "请先登录律师工作台。"


def test_login_sets_a_hardened_session_cookie(client: FlaskClient) -> None:
    response = login(client, TEAM1_LAWYER)
    assert response.status_code == 302
    assert response.headers["Location"] == "/console/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "张明远" in client.get("/console/").get_data(as_text=True)


def test_secure_cookie_flag_when_configured(tmp_path: Path, template_db, zones) -> None:
    import shutil

    shutil.copy(template_db, tmp_path / "tickets.db")
    app = create_app(web_config(tmp_path, ZONES_DIRECTORY=zones, SESSION_COOKIE_SECURE=True))
    response = login(app.test_client(), TEAM1_LAWYER)
    assert "Secure" in response.headers["Set-Cookie"]


def test_wrong_password_is_refused_in_chinese(client: FlaskClient) -> None:
    response = login(client, TEAM1_LAWYER, "wrong-password-123")
    assert response.status_code == 401
    assert "登录名或密码不正确。" in response.get_data(as_text=True)
    assert client.get("/console/").status_code == 302


def test_login_without_csrf_token_is_refused(client: FlaskClient) -> None:
    client.get("/console/login")
    response = client.post("/console/login", data={"login": TEAM1_LAWYER, "password": PASSWORD})
    assert response.status_code == 400
    assert "页面已过期" in response.get_data(as_text=True)


def test_login_is_throttled_after_repeated_failures(tmp_path: Path, template_db, zones) -> None:
    import shutil

    shutil.copy(template_db, tmp_path / "tickets.db")
    app = create_app(web_config(tmp_path, ZONES_DIRECTORY=zones, LOGIN_RATE_LIMIT="5 per minute"))
    client = app.test_client()
    statuses = [login(client, TEAM1_LAWYER, f"guess-{i}-password").status_code for i in range(5)]
    assert statuses == [401] * 5
    response = login(client, TEAM1_LAWYER)  # even the right password waits now
    assert response.status_code == 429
    assert "操作太频繁了" in response.get_data(as_text=True)


def test_successful_logins_do_not_count_against_the_throttle(tmp_path: Path, template_db, zones) -> None:
    import shutil

    shutil.copy(template_db, tmp_path / "tickets.db")
    app = create_app(web_config(tmp_path, ZONES_DIRECTORY=zones, LOGIN_RATE_LIMIT="2 per minute"))
    for _ in range(4):
        assert login(app.test_client(), TEAM1_LAWYER).status_code == 302


def test_another_teams_ticket_is_404_everywhere(client: FlaskClient, store: TicketStore) -> None:
    ours = make_ticket(store, zone="环秀街道")  # team-1
    theirs = make_ticket(store, zone="龙山街道")  # team-2
    login(client, TEAM1_LAWYER)
    assert client.get(f"/console/tickets/{ours.number}").status_code == 200
    assert client.get(f"/console/tickets/{theirs.number}").status_code == 404
    assert client.get(f"/api/tickets/{theirs.number}").status_code == 404
    assert client.get("/api/tickets/HQ-20990101-0001").status_code == 404
    token = csrf_token(client, f"/console/tickets/{ours.number}")
    response = client.post(
        f"/console/tickets/{theirs.number}/reply", data={"text": "越权", "csrf_token": token}
    )
    assert response.status_code == 404
    assert store.get(theirs.number).replies == ()
    listed = [t["number"] for t in client.get("/api/tickets").get_json()["tickets"]]
    assert listed == [ours.number]
    assert theirs.number not in client.get("/console/").get_data(as_text=True)


def test_office_sees_every_team_read_only(client: FlaskClient, store: TicketStore) -> None:
    a = make_ticket(store, zone="环秀街道")
    b = make_ticket(store, zone="龙山街道")
    login(client, OFFICE)
    listed = {t["number"] for t in client.get("/api/tickets").get_json()["tickets"]}
    assert listed == {a.number, b.number}
    page = client.get(f"/console/tickets/{b.number}").get_data(as_text=True)
    assert "只能查看" in page and "发送答复" not in page
    token = csrf_token(client, "/console/")
    response = client.post(
        f"/console/tickets/{b.number}/reply", data={"text": "办公室答复", "csrf_token": token}
    )
    assert response.status_code == 403
    response = client.post(f"/console/tickets/{b.number}/close", data={"csrf_token": token})
    assert response.status_code == 403
    assert store.get(b.number).status == "new"


def test_ticket_page_names_the_channel_in_chinese(client: FlaskClient, store: TicketStore) -> None:
    web = make_ticket(store)
    call = make_ticket(store, channel="hotline", sender_id="tel-CA0123456789")
    login(client, TEAM1_LAWYER)
    for ticket, label in ((web, "网页对话"), (call, "电话热线")):
        page = client.get(f"/console/tickets/{ticket.number}").get_data(as_text=True)
        assert f"<dt>来源</dt><dd>{label}</dd>" in page


def test_reply_reaches_the_firm_by_sms_and_in_the_web_chat(
    app: Flask, client: FlaskClient, store: TicketStore
) -> None:
    sender = "web-" + "c" * 32
    ticket = make_ticket(store, sender_id=sender, phone="13800000303")
    login(client, TEAM1_LAWYER)
    token = csrf_token(client, f"/console/tickets/{ticket.number}")
    reply = "您好：贵公司符合稳岗返还条件，请于6月30日前在网上服务大厅申请。"
    response = client.post(
        f"/console/tickets/{ticket.number}/reply", data={"text": reply, "csrf_token": token}
    )
    assert response.status_code == 302
    assert "答复已保存，并已短信通知企业" in client.get(response.headers["Location"]).get_data(as_text=True)

    stored = store.get(ticket.number)
    assert stored.status == "answered" and stored.replies[0].text == reply
    outbox = Path(app.config["DATA_DIR"]) / "outbox.jsonl"
    sms = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
    assert len(sms) == 1
    assert sms[0]["to"] == "+8613800000303"
    assert ticket.number in sms[0]["body"] and "稳岗返还条件" in sms[0]["body"]
    assert sms[0]["body"].startswith("【即墨区惠企通】")  # the district profile's signature

    firm = app.test_client()  # the firm's browser: no console session
    mine = firm.get(f"/api/chat/tickets?sender={sender}").get_json()["tickets"]
    assert mine[0]["replies"][0]["text"] == reply


def test_reply_without_csrf_token_is_refused(client: FlaskClient, store: TicketStore) -> None:
    ticket = make_ticket(store)
    login(client, TEAM1_LAWYER)
    response = client.post(f"/console/tickets/{ticket.number}/reply", data={"text": "无令牌"})
    assert response.status_code == 400
    assert store.get(ticket.number).replies == ()


def test_reassign_within_the_team_only(client: FlaskClient, store: TicketStore) -> None:
    ticket = make_ticket(store)
    login(client, TEAM1_LAWYER)
    token = csrf_token(client, f"/console/tickets/{ticket.number}")
    url = f"/console/tickets/{ticket.number}/assign"
    assert client.post(url, data={"lawyer": TEAM2_LAWYER, "csrf_token": token}).status_code == 400
    assert store.get(ticket.number).assigned_login is None
    assert client.post(url, data={"lawyer": TEAM1_OTHER, "csrf_token": token}).status_code == 302
    stored = store.get(ticket.number)
    assert (stored.assigned_login, stored.status) == (TEAM1_OTHER, "assigned")
    assert "李晓燕" in client.get(f"/console/tickets/{ticket.number}").get_data(as_text=True)


def test_close_and_reopen(client: FlaskClient, store: TicketStore) -> None:
    ticket = make_ticket(store)
    login(client, TEAM1_LAWYER)
    token = csrf_token(client, f"/console/tickets/{ticket.number}")
    client.post(f"/console/tickets/{ticket.number}/close", data={"csrf_token": token})
    assert store.get(ticket.number).status == "closed"
    page = client.get(f"/console/tickets/{ticket.number}").get_data(as_text=True)
    assert "重新打开" in page
    response = client.post(
        f"/console/tickets/{ticket.number}/reply", data={"text": "迟到的答复", "csrf_token": token}
    )
    assert response.status_code == 302  # refused by the store, explained on the page
    assert "已关闭，请先重新打开再答复" in client.get(f"/console/tickets/{ticket.number}").get_data(
        as_text=True
    )
    client.post(f"/console/tickets/{ticket.number}/reopen", data={"csrf_token": token})
    assert store.get(ticket.number).status == "reopened"


def test_list_filters_and_overdue_first(client: FlaskClient, store: TicketStore, zones) -> None:
    earlier = datetime.now(UTC) - timedelta(days=10)
    old_store = TicketStore(str(store.engine.url), zones=zones, clock=lambda: earlier)
    late = make_ticket(old_store, category="维权投诉", firm_name="逾期示例公司")
    old_store.dispose()
    fresh = make_ticket(store, zone="潮海街道", firm_name="新到示例公司")
    login(client, TEAM1_LAWYER)
    page = client.get("/console/").get_data(as_text=True)
    assert page.index(late.number) < page.index(fresh.number)
    row = page[page.rindex("<tr", 0, page.index(late.number)) : page.index(late.number)]
    assert 'class="overdue"' in row
    assert "已超时" in page
    filtered = client.get("/console/?zone=潮海街道").get_data(as_text=True)
    assert fresh.number in filtered and late.number not in filtered
    filtered = client.get("/console/?category=维权投诉&status=new").get_data(as_text=True)
    assert late.number in filtered and fresh.number not in filtered
    api = client.get("/api/tickets?category=维权投诉").get_json()["tickets"]
    assert [t["number"] for t in api] == [late.number] and api[0]["overdue"] is True


def test_script_and_sql_are_stored_verbatim_and_rendered_escaped(
    client: FlaskClient, store: TicketStore
) -> None:
    response = client.post(
        "/api/chat/ticket",
        json={
            "sender": "web-" + "d" * 32,
            "firm_name": XSS,
            "contact_name": SQL,
            "phone": "13800000404",
            "zone": "环秀街道",
            "question": f"{XSS}\n{SQL}",
        },
    )
    assert response.status_code == 201
    number = response.get_json()["ticket"]["number"]
    stored = store.get(number)
    assert (stored.firm_name, stored.contact_name, stored.question) == (XSS, SQL, f"{XSS}\n{SQL}")
    assert store.count() == 1  # the table is still there

    login(client, TEAM1_LAWYER)
    for path in ("/console/", f"/console/tickets/{number}"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert html.escape(XSS, quote=False)[:40] in page or "&lt;script&gt;alert(" in page
    api = client.get(f"/api/tickets/{number}").get_json()["ticket"]
    assert api["firm_name"] == XSS and api["contact_name"] == SQL


def test_logout_needs_post_with_token(client: FlaskClient) -> None:
    login(client, TEAM1_LAWYER)
    assert client.get("/console/logout").status_code == 405
    client.post("/console/logout", data={})  # no token: ignored
    assert client.get("/console/").status_code == 200
    token = csrf_token(client, "/console/")
    client.post("/console/logout", data={"csrf_token": token})
    assert client.get("/console/").status_code == 302


def test_oversized_login_form_gets_a_chinese_413_not_a_server_error(client: FlaskClient) -> None:
    response = client.post("/console/login", data={"login": "x" * (10 * 1024 * 1024), "password": "y"})
    assert response.status_code == 413
    assert "提交的内容太长了" in response.get_data(as_text=True)


def test_failed_sms_is_said_honestly_and_the_reply_kept(
    app: Flask, client: FlaskClient, store: TicketStore
) -> None:
    http = RecordingTwilioHttp(invalid_number)  # Twilio refuses the number (error 21211)
    with app.app_context():
        get_services().provide(
            notifier=TwilioNotifier(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, http_client=http)
        )
    ticket = make_ticket(store, phone="13800000303")
    login(client, TEAM1_LAWYER)
    token = csrf_token(client, f"/console/tickets/{ticket.number}")
    response = client.post(
        f"/console/tickets/{ticket.number}/reply", data={"text": "请补充营业执照。", "csrf_token": token}
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert len(http.sent) == 1  # the SMS was attempted
    assert "短信发送失败" in page and "已短信通知企业" not in page
    assert store.get(ticket.number).replies[0].text == "请补充营业执照。"
