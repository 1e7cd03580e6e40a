"""The Rasa server's environment is derived from huiqi settings (endpoints.yml reads it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.runtime import rasa_environment
from huiqi.settings import Settings


def settings_for(monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    for name in ("HUIQI_DATA_DIR", "HUIQI_DATABASE_URL", "HUIQI_ACTION_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()


def test_default_tracker_is_a_sqlite_file_under_the_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env = rasa_environment(settings_for(monkeypatch, HUIQI_DATA_DIR=str(tmp_path)))
    assert env["RASA_TRACKER_URL"] == f"sqlite:///{tmp_path}/rasa-tracker.db"
    assert env["RASA_TRACKER_DIALECT"] == "sqlite"
    assert env["RASA_ACTION_ENDPOINT"] == "http://127.0.0.1:5055/webhook"
    assert env["RASA_TELEMETRY_ENABLED"] == "false"


def test_postgres_ticket_database_also_keeps_the_conversations(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://huiqi:s3cret@db.internal:5433/huiqi"
    env = rasa_environment(
        settings_for(monkeypatch, HUIQI_DATABASE_URL=url, HUIQI_ACTION_SERVER_URL="http://act:6000")
    )
    assert env["RASA_TRACKER_URL"] == "postgresql://huiqi:s3cret@db.internal:5433/huiqi"
    assert env["RASA_TRACKER_DIALECT"] == "postgresql"
    assert env["RASA_TRACKER_DB"] == "huiqi"
    assert env["RASA_ACTION_ENDPOINT"] == "http://act:6000/webhook"
