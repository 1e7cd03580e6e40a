"""bot/huiqi_rasa, which the Rasa server loads from bot/endpoints.yml: same results as Rasa's own code.

Run in the real Rasa environment (.venv-rasa) by tests/bot/rasa_side/check_extensions.py.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.runtime import BOT_DIR
from huiqi.settings import PROJECT_ROOT

pytestmark = [pytest.mark.rasa, pytest.mark.slow]

RASA_PY = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
SCRIPT = Path(__file__).parent / "rasa_side" / "check_extensions.py"


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not RASA_PY.exists():
        pytest.fail("Rasa environment missing: run make rasa-env", pytrace=False)
    db = tmp_path_factory.mktemp("rasa-ext") / "tracker.db"
    env = {
        **os.environ,
        "PYTHONWARNINGS": "ignore",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONPATH": str(BOT_DIR),  # as `rasa run` from bot/ puts it on sys.path
    }
    done = subprocess.run(
        [str(RASA_PY), str(SCRIPT), str(db)],
        cwd=BOT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_endpoints_use_the_extended_tracker_store() -> None:
    endpoints = yaml.safe_load((BOT_DIR / "endpoints.yml").read_text(encoding="utf-8"))
    assert endpoints["tracker_store"]["type"] == "huiqi_rasa.tracker_store.HuiqiSQLTrackerStore"


def test_action_responses_are_judged_as_rasa_judges_them_but_faster(checked: dict) -> None:
    assert checked["after"][:2] == ["ok", "ok"]
    assert [message.split(". Failed to validate")[0] for message in checked["after"]] == checked["before"]
    assert "Failed to validate Action server response" in checked["after"][2]
    assert checked["cached_ms"] < checked["rasa_ms"] / 2


def test_event_types_resolve_to_rasas_classes(checked: dict) -> None:
    assert checked["event_types"] > 15 and checked["same_types"]


def test_conversation_round_trips_through_the_store_in_wal_mode(checked: dict) -> None:
    assert checked["events_equal"] and checked["event_count"] == 6
    assert checked["slot_topic"] == "高新技术企业"
    assert checked["journal"] == "wal"
