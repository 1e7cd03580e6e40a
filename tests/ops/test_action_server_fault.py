"""The action server killed in the middle of a conversation: the firm reads a clear Chinese message
with the hotline, can still leave its question for the lawyers, and once the action server is
restarted — alone — service resumes, including the bot's own escalation.

All three processes are real and started as `make run` starts them (huiqi.supervise: gunicorn,
scripts/rasa-serve.sh, rasa_sdk), on loopback ports of their own.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import requests

from tests.ops.conftest import HOTLINE, web_env
from tests.ops.dialogue import escalate, web_say
from tests.ops.procs import ROOT, Proc, actions_proc, free_port, rasa_serve_proc, web_proc
from tickets import TicketStore, ZoneDirectory

pytestmark = [pytest.mark.slow, pytest.mark.rasa]


def chat(base: str, sender: str, text: str) -> requests.Response:
    return requests.post(base + "/api/chat", json={"sender": sender, "message": text}, timeout=60)


def warm_up(rasa_url: str) -> None:
    """One question straight to Rasa, with time to spare, so the action server has loaded the index.

    The action server loads the index and the embedding model on its first question (bot/actions/
    services.py), which can take longer than the web app's 15 s on a busy 2-core machine.
    """
    requests.post(
        rasa_url + "/webhooks/rest/webhook",
        json={"sender": "warmup-" + uuid.uuid4().hex[:8], "message": "高新技术企业认定有什么奖励"},
        timeout=180,
    ).raise_for_status()


def test_action_server_crash_and_restart(tmp_path: Path, procs: list[Proc]) -> None:
    action_port, rasa_port, web_port = free_port(), free_port(), free_port()
    env = web_env(
        tmp_path,
        HUIQI_INDEX_DIR=str(ROOT / "var" / "index"),
        HUIQI_RASA_URL=f"http://127.0.0.1:{rasa_port}",
        HUIQI_ACTION_SERVER_URL=f"http://127.0.0.1:{action_port}",
    )
    actions = actions_proc(tmp_path, env, action_port)
    rasa = rasa_serve_proc(tmp_path, env, rasa_port)
    web = web_proc(tmp_path, env, web_port, workers=2)
    procs.extend([actions.start(), rasa.start(), web.start()])
    base = f"http://127.0.0.1:{web_port}"
    actions.wait_http(f"http://127.0.0.1:{action_port}/health", timeout=120)
    rasa.wait_http(f"http://127.0.0.1:{rasa_port}/", timeout=300)
    web.wait_http(base + "/healthz", timeout=120)
    warm_up(f"http://127.0.0.1:{rasa_port}")

    sender = "web-" + uuid.uuid4().hex
    first = chat(base, sender, "高新技术企业认定有什么奖励？")
    assert first.status_code == 200 and first.json()["messages"], first.text
    assert chat(base, sender, "我要找律师，转人工").status_code == 200  # the form is now open

    actions.kill()  # SIGKILL, mid-conversation
    down = chat(base, sender, "我们想问技术改造补贴能不能申请")
    assert down.status_code == 503
    message = down.json()["messages"][0]["text"]
    assert HOTLINE in message and "留言" in message, message
    assert requests.get(base + "/healthz", timeout=10).json()["checks"]["action_server"]["ok"] is False

    # The escalation path that needs no bot: the firm leaves its question for the zone's lawyers.
    form = {
        "sender": sender,
        "firm_name": "青岛蓝村精密机械有限公司",
        "contact_name": "王立军",
        "phone": "13912345678",
        "zone": "蓝村街道",
        "question": "我们去年新上了自动化生产线，想问技术改造补贴能不能申请。",
    }
    filed = requests.post(base + "/api/chat/ticket", json=form, timeout=10)
    assert filed.status_code == 201, filed.text
    mine = requests.get(base + "/api/chat/tickets", params={"sender": sender}, timeout=10).json()["tickets"]
    assert filed.json()["ticket"]["number"] in [t["number"] for t in mine]

    # Restart only the action server: Rasa and gunicorn keep running (same processes).
    rasa_pid, web_pid = rasa.pid, web.pid
    restarted = actions_proc(tmp_path, env, action_port, name="actions-restarted")
    procs.append(restarted.start())
    restarted.wait_http(f"http://127.0.0.1:{action_port}/health", timeout=120)
    warm_up(f"http://127.0.0.1:{rasa_port}")
    assert rasa.alive() and web.alive() and (rasa.pid, web.pid) == (rasa_pid, web_pid)

    resumed = chat(base, "web-" + uuid.uuid4().hex, "稳岗返还怎么申请？")
    assert resumed.status_code == 200, resumed.text
    assert any(m["citations"] for m in resumed.json()["messages"]), resumed.json()
    ticket, _ = escalate(web_say(base, "web-" + uuid.uuid4().hex))
    store = TicketStore(env["HUIQI_DATABASE_URL"], ZoneDirectory.load(ROOT / "data" / "zones.yaml"))
    try:
        assert store.get(ticket["number"]) is not None
    finally:
        store.dispose()
