"""Rasa server down: the chat answers 503 with the hotline number at once, and firms can still file
a ticket through the no-bot form (``POST /api/chat/ticket``), served by the real gunicorn process."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import requests

from tests.ops.conftest import HOTLINE, web_env
from tests.ops.procs import Proc, free_port, web_proc


def _start_web(tmp_path: Path, procs: list[Proc]) -> str:
    port = free_port()
    web = web_proc(tmp_path, web_env(tmp_path), port, workers=1)
    procs.append(web.start())
    base = f"http://127.0.0.1:{port}"
    web.wait_http(base + "/widget.js", timeout=60)
    return base


def test_chat_answers_503_with_the_hotline_within_two_seconds(tmp_path: Path, procs: list[Proc]) -> None:
    base = _start_web(tmp_path, procs)
    sender = "web-" + uuid.uuid4().hex
    for question in ("稳岗返还怎么申请？", "我要找律师"):
        start = time.monotonic()
        response = requests.post(base + "/api/chat", json={"sender": sender, "message": question}, timeout=10)
        elapsed = time.monotonic() - start
        assert response.status_code == 503
        assert elapsed < 2.0, f"the firm waited {elapsed:.2f} s for the outage message"
        body = response.json()
        assert HOTLINE in body["error"]
        assert HOTLINE in body["messages"][0]["text"]
        assert body["hotline"] == HOTLINE

    health = requests.get(base + "/healthz", timeout=10)
    assert health.status_code == 503
    assert health.json()["checks"]["rasa"]["ok"] is False


def test_ticket_form_still_files_a_ticket_while_rasa_is_down(tmp_path: Path, procs: list[Proc]) -> None:
    base = _start_web(tmp_path, procs)
    sender = "web-" + uuid.uuid4().hex
    assert (
        requests.post(base + "/api/chat", json={"sender": sender, "message": "你好"}, timeout=10).status_code
        == 503
    )

    form = {
        "sender": sender,
        "firm_name": "青岛海岸线电子有限公司",
        "contact_name": "刘女士",
        "phone": "13912345678",
        "zone": "龙山街道",
        "question": "机器人没有回应。我们想了解今年的技术改造补贴申报时间。",
    }
    response = requests.post(base + "/api/chat/ticket", json=form, timeout=10)
    assert response.status_code == 201, response.text
    ticket = response.json()["ticket"]
    assert ticket["number"] and ticket["zone"] == "龙山街道"

    mine = requests.get(base + "/api/chat/tickets", params={"sender": sender}, timeout=10).json()["tickets"]
    assert [t["number"] for t in mine] == [ticket["number"]]
    found = requests.post(
        base + "/api/chat/lookup", json={"number": ticket["number"], "phone": form["phone"]}, timeout=10
    )
    assert found.status_code == 200
    assert found.json()["ticket"]["question"] == form["question"]
