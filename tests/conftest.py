"""Session-wide test setup: offline model loading, and the real Rasa + action server fixture.

``rasa_stack`` (from tests/stack.py) starts the real Rasa server and action server once per session;
any test that takes it runs end to end against them.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

pytest_plugins = ["tests.stack"]
