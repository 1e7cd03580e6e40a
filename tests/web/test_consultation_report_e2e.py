"""The register's contract, as the outside check runs it: scripted conversations through ``/api/chat``
(the web app → the REAL Rasa server → the REAL action server), then ``huiqi report consultations
--json`` in a subprocess, which must count each conversation once, with its channel and outcome.

The stack's database is shared with the other end-to-end tests of the session, so the test compares
the report before and after its own conversations.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from connectors.web import create_app
from connectors.web.services import get_recorder, get_store
from tickets.vocab import CHINA_TZ

from .conftest import ZONES_FILE, web_config

pytestmark = [pytest.mark.rasa, pytest.mark.slow]

#: The firm's answers to the escalation form, picked by the words of the bot's question.
FORM = [
    (("全称", "公司名称"), "青岛登记测试机械有限公司"),
    (("联系人", "称呼"), "王丽"),
    (("电话", "号码"), "13800000909"),
    (("街道", "园区", "镇"), "蓝村街道"),
    (("一两句话", "多说几句", "什么问题"), "我们符合条件，但区里一直不给发高企奖励，想请律师帮忙。"),
]


def chat(client: FlaskClient, sender: str, message: str) -> list[dict[str, Any]]:
    response = client.post("/api/chat", json={"sender": sender, "message": message})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["messages"]


def actions(messages: list[dict[str, Any]]) -> set[str]:
    return {m["action"] for m in messages if m.get("action")}


def escalate(client: FlaskClient, sender: str) -> str:
    """Ask for a lawyer and fill the form until the ticket number comes back."""
    messages = chat(client, sender, "我要找律师，转人工")
    for _ in range(8):
        ticket = next((m["ticket"] for m in messages if m.get("ticket")), None)
        if ticket:
            return ticket["number"]
        said = "".join(m["text"] for m in messages)
        answer = next((a for words, a in FORM if any(w in said for w in words)), None)
        assert answer, f"unexpected question from the bot: {said}"
        messages = chat(client, sender, answer)
    raise AssertionError("no ticket after the escalation form")


def report(database_url: str) -> dict[str, Any]:
    today = datetime.now(CHINA_TZ).date().isoformat()
    env = {**os.environ, "HUIQI_DATABASE_URL": database_url, "HUIQI_ZONES_FILE": str(ZONES_FILE)}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from huiqi.cli import main; main()",
            "report",
            "consultations",
            "--since",
            today,
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_scripted_conversations_are_counted_with_their_outcome(rasa_stack: Any, tmp_path: Path) -> None:
    config = web_config(
        tmp_path,
        RASA_URL=rasa_stack.rasa_url,
        ACTION_SERVER_URL=rasa_stack.action_url,
        DATABASE_URL=rasa_stack.database_url,
    )
    app = create_app(config)
    client = app.test_client()
    before = report(rasa_stack.database_url)

    def sender() -> str:
        return f"web-{uuid.uuid4().hex}"

    assert "answer" in actions(chat(client, sender(), "稳岗返还怎么申请？"))
    declined = sender()
    assert "no_match" in actions(chat(client, declined, "火星上开公司有什么补贴"))
    chat(client, declined, "不用了，谢谢")
    chat(client, sender(), "你好")
    number = escalate(client, sender())
    with app.app_context():
        assert get_recorder().flush(60.0)
        assert get_store().get(number) is not None

    after = report(rasa_stack.database_url)

    assert list(after) == ["total", "by_channel", "by_outcome", "tickets", "satisfaction"]
    assert after["total"] - before["total"] == 4
    assert after["by_channel"]["web"] - before["by_channel"]["web"] == 4
    delta = {key: after["by_outcome"][key] - before["by_outcome"][key] for key in after["by_outcome"]}
    assert delta == {"answered": 1, "clarified": 0, "no_match": 1, "escalated": 1, "resolved": 0, "other": 1}
    assert after["tickets"] - before["tickets"] == 1
