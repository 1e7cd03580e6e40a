"""Two processes that need the Rasa model (a `make run` and a `make test`, or two `make run`s) train it one
at a time: the second waits for the first and then finds the model up to date, instead of both training
into the same files at once."""

from __future__ import annotations

import fcntl
import subprocess
import time

import pytest

from tests.ops.procs import ROOT

MODEL_DIR = ROOT / "bot" / "models"


@pytest.mark.skipif(not (MODEL_DIR / "huiqi.tar.gz").exists(), reason="make rasa-model first")
def test_a_second_training_waits_for_the_first_then_finds_the_model_up_to_date() -> None:
    with open(MODEL_DIR / ".train.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a training in progress holds it
        second = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "train-rasa.sh")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        time.sleep(2)
        assert second.poll() is None  # waiting, not training beside it
    out, _ = second.communicate(timeout=60)

    assert second.returncode == 0
    assert "Rasa model up to date" in out
