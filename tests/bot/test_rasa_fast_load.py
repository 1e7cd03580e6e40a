"""bot/huiqi_rasa/fast_load.py: the Rasa server loads its model without tracing the training graph,
and the model it loads is the trained one (its own training examples classified as labelled).

Run in the real Rasa environment (.venv-rasa) by tests/bot/rasa_side/check_fast_load.py. The restart
time this buys is measured end to end by tests/ops/test_make_run_kills.py.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from bot.runtime import BOT_DIR
from huiqi.settings import PROJECT_ROOT

pytestmark = [pytest.mark.rasa, pytest.mark.slow]

RASA_PY = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
SCRIPT = Path(__file__).parent / "rasa_side" / "check_fast_load.py"
#: Rasa's own loader took 76–85 s of CPU for this model (profiled, bot/README.md); the fast one ~17 s.
#: CPU time, not wall time, so the bound holds on a busy machine too.
MAX_LOAD_CPU_S = 45.0


@pytest.fixture(scope="module")
def loaded() -> dict:
    if not RASA_PY.exists():
        pytest.fail("Rasa environment missing: run make rasa-env", pytrace=False)
    env = {
        **os.environ,
        "PYTHONWARNINGS": "ignore",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONPATH": str(BOT_DIR),  # as `python -m huiqi_rasa.serve` from bot/ puts it on sys.path
    }
    done = subprocess.run(
        [str(RASA_PY), str(SCRIPT)], cwd=BOT_DIR, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_rasa_serve_loads_the_model_with_the_fast_loader() -> None:
    script = (PROJECT_ROOT / "scripts" / "rasa-serve.sh").read_text(encoding="utf-8")
    assert "-m huiqi_rasa.serve run" in script


def test_the_fast_loaded_model_is_the_trained_one(loaded: dict) -> None:
    assert loaded["applied"]
    wrong = [(text, want, got) for text, want, got, _ in loaded["results"] if got != want]
    assert len(loaded["results"]) >= 10 and not wrong, wrong
    assert min(confidence for *_, confidence in loaded["results"]) > 0.5


def test_loading_takes_a_fraction_of_rasas_own_cpu_time(loaded: dict) -> None:
    assert loaded["load_cpu_s"] < MAX_LOAD_CPU_S, loaded["load_cpu_s"]
