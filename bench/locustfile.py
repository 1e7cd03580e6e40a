"""Locust load profile for ``/api/chat``: firms asking the shipped corpus's development questions.

Each simulated firm asks questions back to back (no think time: this measures capacity) and starts a
new conversation (a new sender id) every few questions, as firms do. A reply counts as a failure
unless it is HTTP 200 with at least one bot message.

Run by bench/chat_load.py; by hand:
``.venv/bin/locust -f bench/locustfile.py --headless -u 20 -r 20 --run-time 60s --host http://127.0.0.1:8000``
"""

from __future__ import annotations

import itertools
import random
import sys
import uuid
from pathlib import Path

from locust import HttpUser, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from questions import load_questions

#: Questions per conversation before a firm starts a new one.
TURNS_PER_CONVERSATION = 4

QUESTIONS = load_questions()


class Firm(HttpUser):
    """One firm asking one question after another."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.questions = itertools.cycle(random.sample(QUESTIONS, len(QUESTIONS)))
        self.turns = 0
        self.sender = ""

    @task
    def ask(self) -> None:
        if self.turns % TURNS_PER_CONVERSATION == 0:
            self.sender = "web-" + uuid.uuid4().hex
        self.turns += 1
        body = {"sender": self.sender, "message": next(self.questions)}
        with self.client.post("/api/chat", json=body, name="/api/chat", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif not response.json().get("messages"):
                response.failure("no bot message")
            else:
                response.success()
