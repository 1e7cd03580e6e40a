"""Fixtures of the operations tests: temporary state, PostgreSQL, Redis, and the web app's environment.

PostgreSQL comes from ``HUIQI_TEST_POSTGRES_URL`` (scripts/test.sh sets it) or, when unset, from
scripts/start-postgres.sh, so these tests run (never skip) however pytest is started.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.ops.procs import ROOT, Proc, free_port, redis_proc, wait_redis
from tests.pg import temporary_schema

PG_ENV = "HUIQI_TEST_POSTGRES_URL"
HOTLINE = "0532-88512345"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test PostgreSQL's SQLAlchemy URL (psycopg 3), started on demand."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        done = subprocess.run(
            ["bash", str(ROOT / "scripts" / "start-postgres.sh")],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"scripts/start-postgres.sh failed:\n{done.stderr}"
        url = done.stdout.strip().splitlines()[-1]
    engine = create_engine(url)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    engine.dispose()
    return url


@pytest.fixture
def pg_schema_url(postgres_url: str) -> Iterator[str]:
    """A URL on a brand-new schema of the test database (dropped afterwards)."""
    with temporary_schema(postgres_url, "hq_ops") as url:
        yield url


@pytest.fixture
def redis_port(tmp_path: Path) -> Iterator[int]:
    """A redis-server of its own on a free loopback port."""
    port = free_port()
    proc = redis_proc(tmp_path, port).start()
    try:
        wait_redis(port)
        yield port
    finally:
        proc.stop()


def web_env(tmp: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """Environment of a web app on its own state; Rasa and the action server on closed ports."""
    env = {
        "HUIQI_DATA_DIR": str(tmp),
        "HUIQI_DATABASE_URL": database_url or f"sqlite:///{tmp / 'huiqi.db'}",
        "HUIQI_INDEX_DIR": str(tmp / "index"),
        "HUIQI_SECRET_KEY": "ops-test-secret",
        "HUIQI_RASA_URL": f"http://127.0.0.1:{free_port()}",
        "HUIQI_ACTION_SERVER_URL": f"http://127.0.0.1:{free_port()}",
        "HUIQI_HOTLINE_NUMBER": HOTLINE,
        "HUIQI_CHAT_RATE_LIMIT": "100000 per minute",
        "HUIQI_CHAT_IP_RATE_LIMIT": "100000 per minute",
    }
    env.update(extra)
    return env


@pytest.fixture
def procs() -> Iterator[list[Proc]]:
    """Processes a test starts: append them, and they are stopped (group-wide) afterwards."""
    started: list[Proc] = []
    yield started
    for proc in reversed(started):
        proc.stop()
