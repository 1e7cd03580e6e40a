"""Fixtures for the hotline tests: the web app with its hotline, signed calls, a fixed clock.

The app is real (``create_app``: one composition root, a real ticket store on SQLite, the real zones
file, the recording SMS notifier); requests are signed as Twilio signs them. Conversations — answers
and the escalation form that stores tickets — run on the real Rasa + action server
(``test_real_stack.py``); the adapter's own branches (keys, silence, TwiML, SMS, the transfer decision)
are reached on purpose with a small HTTP server answering in the exact shape of Rasa's REST channel
(``scripted_rasa``).
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import pytest
from flask import Flask

from connectors.notify import RecordingNotifier
from connectors.services import AppServices, get_services
from connectors.voice.office_hours import LOCAL_TZ
from connectors.voice.simulator import CallSimulator
from connectors.web import create_app
from huiqi.settings import PROJECT_ROOT
from policy_index.normalize import tokenizer
from tests import rasa_standin
from tests.rasa_standin import Item, RasaStandIn, serve

TOKEN = "test-auth-token-0123456789abcdef"
#: A public URL with a path prefix, as behind a reverse proxy: signatures must be checked against it.
PUBLIC_URL = "https://hotline.example.gov.cn/huiqi"
CALLER = "+8613912345678"
#: Tuesday 1 December 2026, 10:00 and 20:00 in Qingdao: inside and outside the teams' office hours.
OFFICE_HOURS = datetime(2026, 12, 1, 10, 0, tzinfo=LOCAL_TZ)
AFTER_HOURS = datetime(2026, 12, 1, 20, 0, tzinfo=LOCAL_TZ)

CLAUSE = {
    "policy_id": "JM-2024-005",
    "title": "关于组织申报2024年度企业研发投入奖补资金的通知",
    "doc_no": "即科字〔2024〕11号",
    "issuer": "即墨区科学技术局",
    "clause": "第二段",
    "text": "奖补以税务部门核定的2023年度加计扣除研发费用为基数，对研发费用较上年度增长部分给予10%的奖补，"
    "单个企业最高不超过50万元。",
    "expired": True,
    "valid_until": "2024-12-31",
}


#: Rasa's answer when no policy clause matches (text item, then a custom-only item).
_NO_MATCH: list[Item] = [
    {"text": "抱歉，没有找到与您问题直接相关的政策条款。"},
    {"custom": {"action": "no_match", "citations": []}},
]


class _ScriptedRasa(RasaStandIn):
    """Answers from a script: the items of the first ``(keyword, items)`` whose keyword is in the message."""

    script: ClassVar[list[tuple[str, list[Item]]]] = []

    def items(self, body: dict[str, str]) -> list[Item]:
        return next((reply for key, reply in self.script if key in body["message"]), _NO_MATCH)


@pytest.fixture(scope="session", autouse=True)
def _jieba_loaded_quietly() -> None:
    """Load the domain tokenizer once, outside the tests.

    jieba's ``load_userdict`` leaves the dictionary file open; the ResourceWarning (third-party
    noise, turned into an error by ``filterwarnings = error``) is swallowed here, and only here.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        tokenizer()
        gc.collect()


@pytest.fixture
def scripted_rasa() -> Iterator[tuple[str, type[_ScriptedRasa]]]:
    """(url, handler class): set ``handler.script``; read ``handler.received``."""
    with serve(_ScriptedRasa, script=[]) as served:
        yield served


@pytest.fixture
def closed_port_url() -> str:
    """A local URL where nothing listens (Rasa down)."""
    return rasa_standin.closed_port_url()


@pytest.fixture
def make_hotline(tmp_path: Path) -> Callable[..., tuple[Flask, AppServices]]:
    """Build the web app (hotline included): ``make_hotline(rasa_url, now=..., token=..., database_url=...)``.

    Its own data dir and SQLite file unless ``database_url`` is given (the real stack's, whose action
    server writes the tickets), the shipped zones, the recording SMS notifier and a fixed clock.
    """

    def build(
        rasa_url: str,
        now: datetime = OFFICE_HOURS,
        token: str = TOKEN,
        database_url: str | None = None,
        zones_file: Path = PROJECT_ROOT / "data" / "zones.yaml",
        hotline_number: str = "0532-88512345",
    ) -> tuple[Flask, AppServices]:
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'huiqi.db'}",
                "ZONES_FILE": str(zones_file),
                "DATA_DIR": str(tmp_path),
                "RASA_URL": rasa_url,
                "PUBLIC_URL": PUBLIC_URL,
                "TWILIO_AUTH_TOKEN": token,
                "HOTLINE_NUMBER": hotline_number,
                "RATELIMIT_STORAGE_URI": "memory://",
            }
        )
        with app.app_context():
            services = get_services()
        services.provide(now=lambda: now, notifier=RecordingNotifier(tmp_path / "outbox.jsonl"))
        return app, services

    return build


def outbox(tmp_path: Path) -> list[dict[str, Any]]:
    """SMS recorded by the fake notifier."""
    return RecordingNotifier(tmp_path / "outbox.jsonl").sent()


def start_call(app: Flask, caller: str = CALLER) -> CallSimulator:
    """A new simulated call to ``app`` from ``caller``."""
    return CallSimulator(app.test_client(), TOKEN, PUBLIC_URL, caller)
