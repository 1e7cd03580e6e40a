"""With HUIQI_DATABASE_URL on PostgreSQL, Rasa keeps the conversations in that same database."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.stack import start_stack

pytestmark = [pytest.mark.rasa, pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def rasa_postgres_url() -> str:
    """The test server's ``huiqi_rasa_test`` database (created by scripts/start-postgres.sh)."""
    base = os.environ.get("HUIQI_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("HUIQI_TEST_POSTGRES_URL not set (scripts/test.sh starts a local PostgreSQL)")
    return make_url(base).set(database="huiqi_rasa_test").render_as_string(hide_password=False)


def test_conversation_is_stored_in_postgres(rasa_postgres_url: str, tmp_path: Path) -> None:
    stack = start_stack(tmp_path / "stack", extra_env={"HUIQI_DATABASE_URL": rasa_postgres_url})
    sender = f"web-{uuid.uuid4().hex[:12]}"
    try:
        assert stack.say(sender, "你好")
    finally:
        stack.stop()
    engine = sa.create_engine(rasa_postgres_url)
    with engine.connect() as db:
        texts = db.execute(
            sa.text("SELECT type_name FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
        ).scalars()
        assert "user" in list(texts)
    engine.dispose()
    assert not (tmp_path / "stack" / "rasa-tracker.db").exists()
