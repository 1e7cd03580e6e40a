"""POST /api/chat and the firm's ticket routes, through Flask's test client.

Rasa and the action server point at closed ports here: these tests cover what the web app decides by
itself (validation, limits, the 503 path, tickets filed without the bot). The relay to a real Rasa is
covered in test_stack.py and test_browser.py.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from flask.testing import FlaskClient

from connectors.web import create_app
from tests.rasa_standin import Item, RasaStandIn, serve

from .conftest import make_ticket, web_config

SENDER = "web-" + "a" * 32


def post_chat(client: FlaskClient, body: object) -> tuple[int, dict]:
    response = client.post("/api/chat", json=body)
    return response.status_code, response.get_json()


def test_empty_message_is_refused_in_chinese(client: FlaskClient) -> None:
    for message in ("", "   \n "):
        status, body = post_chat(client, {"sender": SENDER, "message": message})
        assert status == 400
        assert body["error"] == "请输入您的问题后再发送。"


def test_message_over_1000_characters_is_413(client: FlaskClient) -> None:
    status, body = post_chat(client, {"sender": SENDER, "message": "稳" * 1001})
    assert status == 413
    assert "1000" in body["error"] and "太长" in body["error"]


def test_exactly_1000_characters_passes_validation(client: FlaskClient) -> None:
    status, _ = post_chat(client, {"sender": SENDER, "message": "稳" * 1000})
    assert status == 503  # accepted, then Rasa (closed port) is down


def test_invalid_json_utf8_and_binary_are_400(client: FlaskClient) -> None:
    cases = {
        b'{"sender": "web-1", "message": ': "JSON",
        b"\xff\xfe\x00\x01binary": "UTF-8",
        '{"sender": "web-1", "message": "稳岗"}'.encode("gbk"): "UTF-8",
        b"[1, 2, 3]": "JSON",
    }
    for raw, word in cases.items():
        response = client.post("/api/chat", data=raw, content_type="application/json")
        assert response.status_code == 400, raw
        assert word in response.get_json()["error"]


def test_control_characters_and_bad_sender_are_400(client: FlaskClient) -> None:
    status, body = post_chat(client, {"sender": SENDER, "message": "稳岗\x00\x01返还"})
    assert (status, body["error"]) == (400, "问题包含无法识别的字符，请重新输入。")
    for sender in (None, "", "a b", "<script>", "x" * 101, 42):
        status, body = post_chat(client, {"sender": sender, "message": "稳岗返还"})
        assert status == 400
        assert "会话编号" in body["error"]


def test_oversized_body_is_413_in_chinese(client: FlaskClient) -> None:
    raw = json.dumps({"sender": SENDER, "message": "x" * 100_000}).encode()
    response = client.post("/api/chat", data=raw, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"] == "提交的内容太长了，请精简后再试。"


def test_rasa_down_answers_503_with_the_hotline_within_2_seconds(client: FlaskClient) -> None:
    started = time.monotonic()
    status, body = post_chat(client, {"sender": SENDER, "message": "稳岗返还怎么申请？"})
    elapsed = time.monotonic() - started
    assert status == 503
    assert elapsed < 2.0
    assert "0532-88512345" in body["error"]
    assert body["hotline"] == "0532-88512345"
    assert body["messages"][0]["text"] == body["error"]


def test_rate_limit_per_sender_and_per_ip(tmp_path: Path, zones) -> None:
    config = web_config(tmp_path, CHAT_RATE_LIMIT="3 per minute", CHAT_IP_RATE_LIMIT="5 per minute")
    app = create_app({**config, "ZONES_DIRECTORY": zones})
    client = app.test_client()
    statuses = [post_chat(client, {"sender": "web-one", "message": "你好"})[0] for _ in range(4)]
    assert statuses == [503, 503, 503, 429]
    status, body = post_chat(client, {"sender": "web-two", "message": "你好"})
    assert status == 503  # another sender is not held back by the first one's limit
    status, body = post_chat(client, {"sender": "web-three", "message": "你好"})
    assert status == 429  # but the address has now sent 5 (+1 refused) and is limited
    assert body["error"] == "操作太频繁了，请稍等一会儿再试。"


def test_leave_message_form_files_a_ticket_routed_to_the_zone_team(client: FlaskClient, store) -> None:
    body = {
        "sender": SENDER,
        "firm_name": "即墨示例纺织有限公司",
        "contact_name": "李会计",
        "phone": "138 0000 0202",
        "zone": "龙山",  # an alias: resolved to 龙山街道 → team-2
        "question": "高新技术企业认定需要什么材料？",
    }
    response = client.post("/api/chat/ticket", json=body)
    assert response.status_code == 201, response.get_json()
    ticket = response.get_json()["ticket"]
    assert ticket["number"].startswith("HQ-")
    assert ticket["zone"] == "龙山街道"
    assert ticket["team_firm"] == "青岛墨水河律师事务所（示例）"
    assert ticket["phone"] == "138****0202"
    stored = store.get(ticket["number"])
    assert (stored.team_id, stored.channel, stored.sender_id) == ("team-2", "web", SENDER)


def test_leave_message_form_refuses_bad_input_in_chinese(client: FlaskClient) -> None:
    base = {
        "sender": SENDER,
        "firm_name": "某公司",
        "contact_name": "王",
        "zone": "环秀街道",
        "question": "问题",
    }
    response = client.post("/api/chat/ticket", json={**base, "phone": ""})
    assert response.status_code == 400 and "联系电话" in response.get_json()["error"]
    response = client.post("/api/chat/ticket", json={**base, "phone": "12345"})
    assert response.status_code == 400 and response.get_json()["field"] == "phone"
    response = client.post("/api/chat/ticket", json={**base, "phone": "13800000101", "zone": "火星"})
    assert response.status_code == 400 and "街道" in response.get_json()["error"]
    response = client.post(
        "/api/chat/ticket", json={**base, "phone": "13800000101", "question": "问" * 10_000}
    )
    assert response.status_code == 413 and "太长" in response.get_json()["error"]


def test_returning_firm_finds_its_tickets_by_browser_and_by_number_and_phone(client, store) -> None:
    ticket = make_ticket(store, sender_id=SENDER)
    make_ticket(store, sender_id="web-" + "b" * 32)  # someone else's
    store.reply(ticket.number, "zhangmingyuan", "您好，稳岗返还在“山东省人社厅网上服务大厅”申请。")

    mine = client.get(f"/api/chat/tickets?sender={SENDER}").get_json()["tickets"]
    assert [t["number"] for t in mine] == [ticket.number]
    assert mine[0]["status"] == "answered"
    assert mine[0]["replies"][0]["text"] == "您好，稳岗返还在“山东省人社厅网上服务大厅”申请。"
    assert mine[0]["replies"][0]["by"] == "张明远律师"

    found = client.post("/api/chat/lookup", json={"number": ticket.number.lower(), "phone": "138-0000-0101"})
    assert found.status_code == 200
    assert found.get_json()["ticket"]["replies"][0]["by"] == "张明远律师"

    wrong = client.post("/api/chat/lookup", json={"number": ticket.number, "phone": "13900000000"})
    assert wrong.status_code == 404
    assert wrong.get_json()["error"] == "没有找到该工单，请核对工单号和联系电话。"


def test_tickets_of_earlier_conversations_in_this_browser_are_listed_too(client, store) -> None:
    earlier = make_ticket(store, sender_id="web-" + "c" * 32)
    current = make_ticket(store, sender_id=SENDER)
    make_ticket(store, sender_id="web-" + "b" * 32)  # someone else's
    query = f"sender={SENDER}&sender={'c' * 32}&sender={SENDER}"  # repeats count once
    mine = client.get(f"/api/chat/tickets?{query}").get_json()["tickets"]
    assert [t["number"] for t in mine] == [current.number, earlier.number]  # newest first

    too_many = "&".join(f"sender={i:032x}" for i in range(11))
    response = client.get(f"/api/chat/tickets?{too_many}")
    assert response.status_code == 400 and "最多" in response.get_json()["error"]
    assert client.get("/api/chat/tickets").status_code == 400


class FallbackOnly(RasaStandIn):
    """Rasa when its custom action failed: only a domain response, with no ``custom`` action payload."""

    def items(self, body: dict[str, str]) -> list[Item]:
        return [{"text": "抱歉，我没太听明白，您可以换个说法吗？"}]


class HealthyActions(BaseHTTPRequestHandler):
    """An action server that answers its health check."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


def test_fallback_reply_while_the_action_server_is_down_is_503_with_the_hotline(tmp_path: Path) -> None:
    with serve(FallbackOnly) as (rasa_url, _):
        app = create_app(web_config(tmp_path, RASA_URL=rasa_url))  # action server on a closed port
        status, body = post_chat(app.test_client(), {"sender": SENDER, "message": "稳岗返还怎么申请"})
    assert status == 503
    assert body["hotline"] and "留言" in body["messages"][0]["text"]


def test_fallback_reply_while_the_action_server_is_up_is_relayed(tmp_path: Path) -> None:
    actions = ThreadingHTTPServer(("127.0.0.1", 0), HealthyActions)
    threading.Thread(target=actions.serve_forever, daemon=True).start()
    try:
        with serve(FallbackOnly) as (rasa_url, _):
            app = create_app(
                web_config(
                    tmp_path, RASA_URL=rasa_url, ACTION_SERVER_URL=f"http://127.0.0.1:{actions.server_port}"
                )
            )
            status, body = post_chat(app.test_client(), {"sender": SENDER, "message": "嗯"})
    finally:
        actions.shutdown()
        actions.server_close()
    assert status == 200
    assert body["messages"][0]["text"] == "抱歉，我没太听明白，您可以换个说法吗？"
