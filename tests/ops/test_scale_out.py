"""Beyond one machine: two Rasa servers share conversations through PostgreSQL (tracker store) and
Redis (lock store); one action server writes tickets to the same PostgreSQL.

Every process is started as ``make run`` starts it (huiqi.supervise's commands; scripts/rasa-serve.sh
writes the endpoints with the Redis lock store from ``HUIQI_LOCK_STORE_URL`` into each instance's data
dir). A firm's escalation alternates between instance A and instance B on every message — a load
balancer without sticky sessions — and still ends in one ticket holding what the firm told each
instance. Two messages sent at the same moment to A and B for one conversation are both kept.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text

from tests.ops.conftest import web_env
from tests.ops.dialogue import FIRM, escalate, rest_say
from tests.ops.procs import ROOT, Proc, actions_proc, free_port, rasa_serve_proc
from tickets import TicketStore, ZoneDirectory

pytestmark = [pytest.mark.slow, pytest.mark.rasa, pytest.mark.postgres]


def redis_calls(port: int, command: str) -> int:
    """How many times redis has run ``command`` (INFO commandstats)."""
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        return int(client.info("commandstats").get(f"cmdstat_{command}", {}).get("calls", 0))
    finally:
        client.close()


def user_messages(database_url: str, sender: str) -> list[str]:
    """The firm's messages of one conversation as Rasa stored them (tracker table ``events``)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"),
                {"s": sender},
            ).scalars()
            return [json.loads(row)["text"] for row in rows]
    finally:
        engine.dispose()


def test_a_conversation_continues_across_two_rasa_instances(
    tmp_path: Path, procs: list[Proc], pg_schema_url: str, redis_port: int
) -> None:
    action_port = free_port()
    env = web_env(
        tmp_path,
        pg_schema_url,
        HUIQI_INDEX_DIR=str(ROOT / "var" / "index"),
        HUIQI_ACTION_SERVER_URL=f"http://127.0.0.1:{action_port}",
        HUIQI_LOCK_STORE_URL=f"redis://127.0.0.1:{redis_port}/1",
    )
    actions = actions_proc(tmp_path, env, action_port)
    procs.append(actions.start())

    urls = []
    for name in ("rasa-a", "rasa-b"):  # one after the other: the first creates the tracker table
        port = free_port()
        rasa = rasa_serve_proc(tmp_path, {**env, "HUIQI_DATA_DIR": str(tmp_path / name)}, port, name=name)
        procs.append(rasa.start())
        rasa.wait_http(f"http://127.0.0.1:{port}/", timeout=300)
        assert "type: redis" in (tmp_path / name / "endpoints.yml").read_text(encoding="utf-8")
        urls.append(f"http://127.0.0.1:{port}")
    actions.wait_http(f"http://127.0.0.1:{action_port}/health", timeout=120)
    locks_before = redis_calls(redis_port, "set")

    sender = "web-" + uuid.uuid4().hex
    ticket, transcript = escalate(rest_say(urls, sender))
    assert len(transcript) >= 3, "the escalation should take several turns, alternating instances"
    said = [said for said, _ in transcript]
    assert user_messages(pg_schema_url, sender) == said  # one conversation in PostgreSQL, both instances
    assert redis_calls(redis_port, "set") > locks_before, "Rasa did not take its locks in Redis"

    # The one ticket holds what the firm told A and what it told B.
    store = TicketStore(pg_schema_url, ZoneDirectory.load(ROOT / "data" / "zones.yaml"))
    try:
        stored = store.get(ticket["number"])
        assert stored is not None
        assert (stored.firm_name, stored.contact_name, stored.zone) == (
            FIRM["firm_name"],
            FIRM["contact_name"],
            FIRM["zone"],
        )
    finally:
        store.dispose()
