"""The console's team isolation, read-only office and reply path on PostgreSQL (the scale-out store).

PostgreSQL comes from ``HUIQI_TEST_POSTGRES_URL`` (scripts/test.sh sets it) or is started with
scripts/start-postgres.sh; each test gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from connectors.web import create_app
from connectors.web.services import get_store
from tests.pg import temporary_schema

from .conftest import (
    OFFICE,
    PASSWORD,
    ROOT,
    TEAM1_LAWYER,
    TEAM2_LAWYER,
    csrf_token,
    login,
    make_ticket,
    web_config,
)

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def postgres_url() -> str:
    url = os.environ.get("HUIQI_TEST_POSTGRES_URL", "").strip()
    if not url:
        done = subprocess.run(
            ["bash", str(ROOT / "scripts" / "start-postgres.sh")], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"scripts/start-postgres.sh failed:\n{done.stderr}"
        url = done.stdout.strip().splitlines()[-1]
    return url


@pytest.fixture
def pg_client(postgres_url: str, tmp_path: Path, zones) -> Iterator[tuple[FlaskClient, object]]:
    with temporary_schema(postgres_url, "hq_web") as url:
        app = create_app(web_config(tmp_path, ZONES_DIRECTORY=zones, DATABASE_URL=url))
        with app.app_context():
            store = get_store()
            for user in (TEAM1_LAWYER, TEAM2_LAWYER, OFFICE):
                store.set_password(user, PASSWORD)
        yield app.test_client(), store
        store.dispose()


def test_isolation_office_and_reply_on_postgresql(pg_client) -> None:
    client, store = pg_client
    ours = make_ticket(
        store, zone="环秀街道", firm_name="<b>示例</b>'; DROP TABLE tickets; --", sender_id="web-" + "e" * 32
    )
    theirs = make_ticket(store, zone="龙山街道")

    login(client, TEAM2_LAWYER)
    assert client.get(f"/console/tickets/{ours.number}").status_code == 404
    assert [t["number"] for t in client.get("/api/tickets").get_json()["tickets"]] == [theirs.number]

    office = client.application.test_client()
    login(office, OFFICE)
    assert {t["number"] for t in office.get("/api/tickets").get_json()["tickets"]} == {
        ours.number,
        theirs.number,
    }

    lawyer = client.application.test_client()
    login(lawyer, TEAM1_LAWYER)
    page = lawyer.get(f"/console/tickets/{ours.number}").get_data(as_text=True)
    assert "&lt;b&gt;示例&lt;/b&gt;" in page
    token = csrf_token(lawyer, f"/console/tickets/{ours.number}")
    response = lawyer.post(
        f"/console/tickets/{ours.number}/reply", data={"text": "已答复。", "csrf_token": token}
    )
    assert response.status_code == 302
    stored = store.get(ours.number)
    assert stored.status == "answered" and stored.firm_name == "<b>示例</b>'; DROP TABLE tickets; --"
    mine = client.get(f"/api/chat/tickets?sender={ours.sender_id}").get_json()["tickets"]
    assert mine[0]["replies"][0]["text"] == "已答复。"
