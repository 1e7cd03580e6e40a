"""The action server process (``python -m bot.actions.server``, the Procfile's ``actions`` line): it
loads the index before it listens, answers Rasa's action calls over HTTP, and logs each action as a
JSON line tagged with the conversation id — without what the firm said."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from huiqi.settings import PROJECT_ROOT
from tests.bot.conftest import CORPUS
from tests.stack import free_port, wait_ready

pytestmark = pytest.mark.slow

START_TIMEOUT = 180.0


@contextmanager
def running_action_server(index: Path, corpus: Path, data: Path) -> Iterator[tuple[str, Path]]:
    """Start ``python -m bot.actions.server`` on ``index`` with its state in ``data``; yield URL and log.

    Waits until ``/health`` answers (the server loads the index before it listens); stops it after.
    """
    port = free_port()
    env = {
        **os.environ,
        "HUIQI_INDEX_DIR": str(index),
        "HUIQI_CORPUS_DIR": str(corpus),
        "HUIQI_DATA_DIR": str(data),
        "HUIQI_DATABASE_URL": f"sqlite:///{data / 'huiqi.db'}",
        "HF_HUB_OFFLINE": "1",
        "PYTHONWARNINGS": "ignore",
    }
    log = data / "actions.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.actions.server", "--host", "127.0.0.1", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url + "/health", proc, log, START_TIMEOUT, "action server")
        yield url, log
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def action_server(
    bot_index_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The action server on the fixture index; yields its URL and its log file."""
    with running_action_server(bot_index_dir, CORPUS, tmp_path_factory.mktemp("action-server")) as server:
        yield server


def json_lines(log: Path) -> list[dict]:
    """The JSON log lines of the action server (anything else it printed is skipped)."""
    text = log.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def action_call(domain: dict, sender: str, text: str) -> dict:
    """What Rasa posts to ``/webhook`` to run action_answer_policy after ``text``."""
    message = {"text": text, "intent": {"name": "ask_policy", "confidence": 0.95}, "entities": []}
    tracker = {
        "sender_id": sender,
        "slots": {name: None for name in domain["slots"]},  # Rasa sends every slot of the domain
        "latest_message": message,
        "events": [{"event": "user", "text": text, "parse_data": message, "timestamp": 1_764_400_000.0}],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }
    return {"next_action": "action_answer_policy", "sender_id": sender, "tracker": tracker, "domain": domain}


def test_index_is_loaded_before_the_port_opens(action_server: tuple[str, Path]) -> None:
    _, log = action_server
    said = [line["msg"] for line in json_lines(log) if line.get("service") == "actions"]
    loaded = next(i for i, msg in enumerate(said) if msg.startswith("政策索引已加载"))
    listening = next(i for i, msg in enumerate(said) if msg.startswith("动作服务器开始监听"))
    assert loaded < listening


def test_action_call_is_answered_and_logged_with_the_conversation_id_only(
    action_server: tuple[str, Path], domain: dict
) -> None:
    url, log = action_server
    text = "评上高新技术企业区里奖励多少钱？我手机13912345678"
    response = requests.post(url + "/webhook", json=action_call(domain, "web-logcheck", text), timeout=60)

    assert response.status_code == 200
    [reply] = response.json()["responses"]
    assert reply["custom"]["action"] == "answer" and reply["custom"]["citations"]
    time.sleep(0.5)
    lines = json_lines(log)
    [entry] = [line for line in lines if line.get("conversation_id") == "web-logcheck" and "action" in line]
    assert entry["service"] == "actions" and entry["action"] == "action_answer_policy"
    assert "13912345678" not in log.read_text(encoding="utf-8")
    assert "评上高新技术企业" not in log.read_text(encoding="utf-8")
