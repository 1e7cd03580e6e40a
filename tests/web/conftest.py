"""Fixtures of the web tests: an app on a throwaway SQLite database with the shipped zones file,
Rasa and the action server pointed at closed ports (tests that need the real ones use tests/stack.py),
and helpers to sign in to the console and to file tickets."""

from __future__ import annotations

import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, sync_playwright

from connectors.web import create_app
from connectors.web.services import get_store
from tickets import NewTicket, Ticket, TicketStore, ZoneDirectory

from .live import launch_chromium

ROOT = Path(__file__).resolve().parents[2]
ZONES_FILE = ROOT / "data" / "zones.yaml"
PASSWORD = "correct-horse-battery"
#: Lawyers of the shipped zones file: two of team-1 (环秀街道 …), one of team-2 (龙山街道 …), the office.
TEAM1_LAWYER, TEAM1_OTHER, TEAM2_LAWYER, OFFICE = "zhangmingyuan", "lixiaoyan", "zhaowenbo", "office"


def closed_port() -> int:
    """A localhost port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def zones() -> ZoneDirectory:
    return ZoneDirectory.load(ZONES_FILE)


def web_config(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    """Test configuration: own database, data dir and index dir; services on closed ports."""
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tickets.db'}",
        "ZONES_FILE": str(ZONES_FILE),
        "DATA_DIR": str(tmp_path),
        "INDEX_DIR": str(tmp_path / "index"),
        "RASA_URL": f"http://127.0.0.1:{closed_port()}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{closed_port()}",
        "CHAT_RATE_LIMIT": "1000 per minute",
        "CHAT_IP_RATE_LIMIT": "1000 per minute",
        "LOOKUP_RATE_LIMIT": "1000 per minute",
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory, zones: ZoneDirectory) -> Path:
    """A migrated database with console passwords set, copied by each test (hashing is slow)."""
    path = tmp_path_factory.mktemp("template") / "tickets.db"
    store = TicketStore(f"sqlite:///{path}", zones=zones)
    for login in (TEAM1_LAWYER, TEAM1_OTHER, TEAM2_LAWYER, OFFICE):
        store.set_password(login, PASSWORD)
    store.dispose()
    return path


@pytest.fixture
def app(tmp_path: Path, template_db: Path, zones: ZoneDirectory) -> Iterator[Flask]:
    shutil.copy(template_db, tmp_path / "tickets.db")
    app = create_app(web_config(tmp_path, ZONES_DIRECTORY=zones))
    yield app
    with app.app_context():
        get_store().dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def store(app: Flask) -> TicketStore:
    with app.app_context():
        return get_store()


def new_ticket(**fields: Any) -> NewTicket:
    """A valid web ticket for 环秀街道 (team-1) unless fields say otherwise."""
    values: dict[str, Any] = {
        "channel": "web",
        "firm_name": "青岛示例机械有限公司",
        "contact_name": "王经理",
        "phone": "13800000101",
        "zone": "环秀街道",
        "category": "政策咨询",
        "question": "我们去年没有裁员，稳岗返还怎么申请？",
        "transcript": [{"role": "firm", "text": "稳岗返还怎么申请？", "at": "2026-03-02T09:00:00+08:00"}],
        "citations": [
            {
                "policy_id": "wengang-2025",
                "title": "关于做好失业保险稳岗返还工作的通知",
                "doc_no": "即人社发〔2025〕3号",
                "clause": "第二条",
                "text": "上年度未裁员或裁员率不高于5.5%的参保企业，可按规定申请稳岗返还。",
                "expired": False,
            }
        ],
        "sender_id": "web-" + "a" * 32,
    }
    values.update(fields)
    return NewTicket(**values)


def make_ticket(store: TicketStore, **fields: Any) -> Ticket:
    return store.create(new_ticket(**fields))


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str) -> str:
    """The CSRF token of the form on ``path`` (the session cookie stays in the client)."""
    page = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: FlaskClient, user: str, password: str = PASSWORD) -> Any:
    """Sign in through the real login form (with its CSRF token)."""
    token = csrf_token(client, "/console/login")
    return client.post("/console/login", data={"login": user, "password": password, "csrf_token": token})


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module (Debian's chromium, never a downloaded one)."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
