"""Run by tests/bot/test_rasa_extensions.py in the Rasa environment (.venv-rasa), from bot/.

Prints one JSON object with what the test asserts. Compares huiqi_rasa's replacements with Rasa's own
code on the same inputs, and round-trips a conversation through HuiqiSQLTrackerStore on SQLite.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
import time

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

db_path = sys.argv[1]
original_resolve = Event.resolve_by_type
responses = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "topic", "value": "高企", "timestamp": None}],
     "responses": [{"text": "答复", "custom": {"citations": [], "action": "answer"}}]},
    {"events": "not a list", "responses": []},
    {"events": [{"event": 5}], "responses": [{"text": 1}]},
]  # fmt: skip


def outcome(check) -> str:
    try:
        check()
        return "ok"
    except jsonschema.ValidationError as error:
        return error.message


action = RemoteAction("action_answer_policy", None)
schema = RemoteAction.action_response_format_spec()
before = [outcome(lambda r=r: jsonschema.validate(r, schema)) for r in responses]
start = time.perf_counter()
for _ in range(20):
    jsonschema.validate(responses[1], schema)
rasa_ms = (time.perf_counter() - start) / 20 * 1000

from huiqi_rasa.tracker_store import HuiqiSQLTrackerStore  # noqa: E402 - applies the speedups

after = [outcome(lambda r=r: action._validate_action_result(r)) for r in responses]
start = time.perf_counter()
for _ in range(20):
    action._validate_action_result(responses[1])
cached_ms = (time.perf_counter() - start) / 20 * 1000
names = sorted({cls.type_name for cls in all_subclasses(Event)})
same_types = all(Event.resolve_by_type(n) is original_resolve(n) for n in names)

domain = Domain.load("domain.yml")
store = HuiqiSQLTrackerStore(domain=domain, dialect="sqlite", db=db_path)
plain = SQLTrackerStore(domain=domain, dialect="sqlite", db=db_path)
tracker = DialogueStateTracker.from_events(
    "web-roundtrip",
    [
        ActionExecuted("action_listen"),
        UserUttered("高企奖励多少", {"name": "ask_policy", "confidence": 0.9}),
        ActionExecuted("action_answer_policy"),
        BotUttered("每家奖励20万元", {"custom": {"citations": [], "action": "answer"}}),
        SlotSet("topic", "高新技术企业"),
        ActionExecuted("action_listen"),
    ],
    domain.slots,
)
asyncio.run(store.save(tracker))
mine = asyncio.run(store.retrieve("web-roundtrip"))
theirs = asyncio.run(plain.retrieve("web-roundtrip"))
journal = sqlite3.connect(db_path).execute("PRAGMA journal_mode").fetchone()[0]
print(
    json.dumps(
        {
            "before": before,
            "after": after,
            "rasa_ms": rasa_ms,
            "cached_ms": cached_ms,
            "event_types": len(names),
            "same_types": same_types,
            "events_equal": [e.as_dict() for e in mine.events] == [e.as_dict() for e in theirs.events],
            "event_count": len(mine.events),
            "slot_topic": mine.get_slot("topic"),
            "journal": journal,
        },
        ensure_ascii=False,
    )
)
