"""Fixtures of the ticket tests: the shipped zones file, a movable clock, and a fresh store on
SQLite and (when HUIQI_TEST_POSTGRES_URL is set) on PostgreSQL, in a schema of its own per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.pg import temporary_schema
from tickets import NewTicket, TicketStore, ZoneDirectory

ROOT = Path(__file__).resolve().parents[2]
ZONES_FILE = ROOT / "data" / "zones.yaml"
PG_ENV = "HUIQI_TEST_POSTGRES_URL"


class Clock:
    """A clock the test moves by hand (starts 2026-03-02 09:00 China time)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, hours: float) -> None:
        self.now += timedelta(hours=hours)


@pytest.fixture(scope="session")
def zones() -> ZoneDirectory:
    return ZoneDirectory.load(ZONES_FILE)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test server's URL; fails (not skips) when the variable is set but the server is down."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        pytest.skip(
            f"{PG_ENV} is not set: no PostgreSQL server for this run (scripts/start-postgres.sh starts one)"
        )
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.fail(f"{PG_ENV}={url} is set but PostgreSQL is unreachable: {exc}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def pg_schema_url(postgres_url: str) -> Iterator[str]:
    """A URL whose search_path is a brand-new schema, dropped after the test."""
    with temporary_schema(postgres_url, "hq_test") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'var' / 'huiqi.db'}"
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def store(db_url: str, zones: ZoneDirectory, clock: Clock) -> Iterator[TicketStore]:
    s = TicketStore(db_url, zones, clock=clock)
    yield s
    s.dispose()


def new_ticket(**overrides: object) -> NewTicket:
    """A valid ticket from a firm in 蓝村街道 (team-4), changed by ``overrides``."""
    fields: dict[str, object] = {
        "channel": "web",
        "firm_name": "青岛蓝村精密机械有限公司",
        "contact_name": "王立军",
        "phone": "139 1234 5678",
        "zone": "蓝村街道",
        "category": "政策适用",
        "question": "我们去年新上了一条自动化生产线，能不能申请技术改造补贴？",
        "transcript": [
            {"role": "firm", "text": "技改补贴怎么申请？", "at": "2026-03-02T09:00:00+08:00"},
            {
                "role": "bot",
                "text": "没有找到完全对应的条款，建议转律师。",
                "at": "2026-03-02T09:00:02+08:00",
            },
        ],
        "citations": [
            {"policy_id": "jm-2025-001", "title": "即墨区技术改造专项资金管理办法", "clause": "第五条"}
        ],
        "sender_id": "web-7f1c2b",
    }
    fields.update(overrides)
    return NewTicket(**fields)  # type: ignore[arg-type]
