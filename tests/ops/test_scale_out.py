"""Beyond one machine: two Rasa servers share conversations through PostgreSQL (tracker store) and
Redis (lock store); one action server writes tickets to PostgreSQL.

A firm's escalation alternates between instance A and instance B on every message — as behind a
load balancer without sticky sessions — and still ends in one ticket holding what the firm told each
instance. Two messages sent at the same moment to A and B for one conversation are both kept: the
Redis lock serialises them.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy import make_url

from tests.ops.conftest import web_env
from tests.ops.dialogue import FIRM, escalate, rest_say
from tests.ops.procs import ROOT, Proc, actions_proc, free_port, rasa_proc
from tickets import TicketStore, ZoneDirectory

RASA_START = 300.0

pytestmark = [pytest.mark.slow, pytest.mark.rasa, pytest.mark.postgres]


def scale_out_endpoints(folder: Path, action_url: str, tracker_url: str, redis_port: int) -> Path:
    """The endpoints file of every Rasa instance: shared SQL tracker store and Redis lock store."""
    url = make_url(tracker_url)
    path = folder / "endpoints.yml"
    path.write_text(
        "action_endpoint:\n"
        f"  url: {action_url}/webhook\n"
        "tracker_store:\n"
        "  type: SQL\n"
        "  dialect: postgresql\n"
        f"  url: {url.render_as_string(hide_password=False)}\n"
        f"  db: {url.database}\n"
        "lock_store:\n"
        "  type: redis\n"
        "  url: 127.0.0.1\n"
        f"  port: {redis_port}\n"
        "  db: 1\n"
        "  key_prefix: huiqi\n",
        encoding="utf-8",
    )
    return path


def redis_calls(port: int, command: str) -> int:
    """How many times redis has run ``command`` (INFO commandstats)."""
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        return int(client.info("commandstats").get(f"cmdstat_{command}", {}).get("calls", 0))
    finally:
        client.close()


def tracker(rasa_url: str, sender: str) -> dict:
    response = requests.get(f"{rasa_url}/conversations/{sender}/tracker", timeout=30)
    response.raise_for_status()
    return response.json()


def user_texts(state: dict) -> list[str]:
    return [e.get("text") for e in state["events"] if e.get("event") == "user"]


def test_a_conversation_continues_across_two_rasa_instances(
    tmp_path: Path, procs: list[Proc], postgres_url: str, pg_schema_url: str, redis_port: int
) -> None:
    tracker_url = make_url(postgres_url).set(drivername="postgresql", database="huiqi_rasa_test")
    action_port = free_port()
    env = web_env(tmp_path, pg_schema_url, HUIQI_INDEX_DIR=str(ROOT / "var" / "index"))
    actions = actions_proc(tmp_path, env, action_port)
    procs.append(actions.start())
    action_url = f"http://127.0.0.1:{action_port}"
    endpoints = scale_out_endpoints(tmp_path, action_url, tracker_url.render_as_string(False), redis_port)

    urls = []
    for name in ("rasa-a", "rasa-b"):  # one after the other: both create the tracker tables on start
        port = free_port()
        rasa = rasa_proc(tmp_path, endpoints, port, name=name)
        procs.append(rasa.start())
        rasa.wait_http(f"http://127.0.0.1:{port}/", timeout=RASA_START)
        urls.append(f"http://127.0.0.1:{port}")
    actions.wait_http(action_url + "/health", timeout=120)
    locks_before = redis_calls(redis_port, "set")

    sender = "web-" + uuid.uuid4().hex
    ticket, transcript = escalate(rest_say(urls, sender))
    assert len(transcript) >= 3, "the escalation should take several turns, alternating instances"

    # Each instance sees every message of the conversation, whichever instance received it.
    said = [text for text, _ in transcript]
    for url in urls:
        assert [t for t in user_texts(tracker(url, sender)) if t in said] == said
    assert redis_calls(redis_port, "set") > locks_before, "Rasa did not take its locks in Redis"

    # The one ticket holds what the firm told A and what it told B.
    store = TicketStore(pg_schema_url, ZoneDirectory.load(ROOT / "data" / "zones.yaml"))
    try:
        stored = store.get(ticket["number"])
        assert stored is not None
        assert stored.firm_name == FIRM["firm_name"]
        assert stored.contact_name == FIRM["contact_name"]
        assert stored.zone == FIRM["zone"]
        assert stored.channel == "web"
    finally:
        store.dispose()

    # Simultaneous messages to A and B for one conversation: the lock keeps both, one after the other.
    other = "web-" + uuid.uuid4().hex
    with ThreadPoolExecutor(2) as pool:
        futures = [
            pool.submit(rest_say([url], other), 0, text)
            for url, text in zip(urls, ("高新技术企业认定有什么奖励", "稳岗返还怎么申请"), strict=True)
        ]
        for future in futures:
            assert future.result(), "an instance answered nothing"
    kept = user_texts(tracker(urls[0], other))
    assert sorted(kept) == sorted(["高新技术企业认定有什么奖励", "稳岗返还怎么申请"])
