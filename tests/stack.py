"""Start the REAL dialogue stack for end-to-end tests: the Rasa server and the action server.

Both run as subprocesses on free ports with their own ``HUIQI_DATA_DIR`` (so their own conversation
tracker database and ticket database), using the trained model in ``bot/models`` and the policy index
of the current settings (``HUIQI_INDEX_DIR``, default ``var/index``). ``tests/conftest.py`` imports the
session fixture :func:`rasa_stack`; other code can call :func:`start_stack` / :meth:`Stack.stop`.

    def test_something(rasa_stack):
        reply = requests.post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook",
                              json={"sender": "web-1", "message": "高企奖励多少"}).json()
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from bot.runtime import BOT_DIR, MODEL_DIR, rasa_environment
from huiqi.settings import PROJECT_ROOT, Settings

RASA_BIN = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
#: The Rasa server as scripts/rasa-serve.sh starts it (``rasa`` + bot/huiqi_rasa/fast_load.py), from bot/.
RASA_SERVE = (str(PROJECT_ROOT / ".venv-rasa" / "bin" / "python"), "-m", "huiqi_rasa.serve")
#: Settings as the test session started (this module loads as a pytest plugin, before any fixture).
SESSION_SETTINGS = Settings.from_env()
MODEL_FILE = MODEL_DIR / "huiqi.tar.gz"
#: Rasa needs ~30 s to load TensorFlow and the model on 2 idle cores; allow for a busy machine.
RASA_START_TIMEOUT = 240.0
#: The action server loads and checks the index and the embedding model before it listens (~10 s idle,
#: 25–40 s on the busy machine).
ACTION_START_TIMEOUT = 180.0


class StackError(RuntimeError):
    """A server of the stack did not start; the message carries the end of its log."""


@dataclass
class Stack:
    """A running Rasa server + action server pair."""

    rasa_url: str
    action_url: str
    data_dir: Path
    env: dict[str, str]
    token: str = ""
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def webhook(self) -> str:
        """The REST channel URL (``POST {"sender", "message"}``)."""
        return f"{self.rasa_url}/webhooks/rest/webhook"

    @property
    def database_url(self) -> str:
        """The ticket database the action server writes to."""
        return self.env["HUIQI_DATABASE_URL"]

    def say(self, sender: str, message: str, timeout: float = 60.0) -> list[dict]:
        """Send one message through the REST channel and return Rasa's reply items."""
        response = requests.post(self.webhook, json={"sender": sender, "message": message}, timeout=timeout)
        response.raise_for_status()
        return response.json()

    def parse(self, text: str) -> dict:
        """NLU only (Rasa's HTTP API, token-protected): ``{"intent": {"name", "confidence"}, ...}``."""
        url = f"{self.rasa_url}/model/parse"
        response = requests.post(url, params={"token": self.token}, json={"text": text}, timeout=30)
        response.raise_for_status()
        return response.json()

    def pids(self) -> dict[str, int]:
        """Process ids of the servers (for memory measurements)."""
        return {name: proc.pid for name, proc in self.processes.items()}

    def stop(self) -> None:
        """Stop both servers (SIGTERM to each server's own process group, then SIGKILL)."""
        for proc in self.processes.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.processes.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float, what: str) -> None:
    """Poll ``url`` until it answers 200; raise :class:`StackError` if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StackError(f"{what} exited with code {proc.returncode}:\n{_log_tail(log)}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise StackError(f"{what} not ready after {timeout:.0f} s:\n{_log_tail(log)}")


def _spawn(cmd: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stack_environment(
    data_dir: Path, action_port: int, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """Environment of both servers: HUIQI_* settings for the stack's own data dir plus Rasa's variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("RASA_")}
    env.update(
        HUIQI_DATA_DIR=str(data_dir),
        # the real corpus and index as configured when the session started: a fixture that points
        # the process environment at a small test corpus must not leak into the real stack
        HUIQI_INDEX_DIR=str(SESSION_SETTINGS.index_dir),
        HUIQI_CORPUS_DIR=str(SESSION_SETTINGS.corpus_dir),
        HUIQI_DATABASE_URL=f"sqlite:///{data_dir / 'huiqi.db'}",
        HUIQI_ACTION_SERVER_URL=f"http://127.0.0.1:{action_port}",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra or {})
    previous = dict(os.environ)
    try:  # derive Rasa's variables through the same code path as scripts/rasa-env.sh
        os.environ.clear()
        os.environ.update(env)
        env.update(rasa_environment(Settings.from_env()))
    finally:
        os.environ.clear()
        os.environ.update(previous)
    return env


def start_stack(
    data_dir: Path, *, extra_env: dict[str, str] | None = None, model: Path = MODEL_FILE
) -> Stack:
    """Start the action server and the Rasa server; return when both answer.

    Args:
        data_dir: The stack's own ``HUIQI_DATA_DIR`` (tracker and ticket databases, logs).
        extra_env: More environment variables (e.g. ``HUIQI_DATABASE_URL`` for PostgreSQL).
        model: The trained Rasa model (``make rasa-model`` writes it).

    Raises:
        StackError: A server could not start (the message includes its log).
    """
    if not RASA_BIN.exists() or not model.exists():
        raise StackError(f"Rasa 环境或模型缺失（{RASA_BIN}, {model}）：请先运行 make rasa-env rasa-model")
    data_dir.mkdir(parents=True, exist_ok=True)
    action_port, rasa_port = free_port(), free_port()
    env = stack_environment(data_dir, action_port, extra_env)
    token = uuid.uuid4().hex
    stack = Stack(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", data_dir, env, token)
    actions = [sys.executable, "-m", "bot.actions.server", "--host", "127.0.0.1", "--port", str(action_port)]
    rasa = [
        *RASA_SERVE,
        "run",
        "--model",
        str(model),
        "--endpoints",
        "endpoints.yml",
        "--credentials",
        "credentials.yml",
        "--enable-api",
        "--auth-token",
        token,
        "--port",
        str(rasa_port),
        "--interface",
        "127.0.0.1",
    ]
    try:
        stack.processes["actions"] = _spawn(actions, PROJECT_ROOT, env, data_dir / "action-server.log")
        stack.processes["rasa"] = _spawn(rasa, BOT_DIR, env, data_dir / "rasa-server.log")
        wait_ready(
            f"{stack.action_url}/health",
            stack.processes["actions"],
            data_dir / "action-server.log",
            ACTION_START_TIMEOUT,
            "action server",
        )
        wait_ready(
            f"{stack.rasa_url}/",
            stack.processes["rasa"],
            data_dir / "rasa-server.log",
            RASA_START_TIMEOUT,
            "Rasa server",
        )
    except BaseException:
        stack.stop()
        raise
    return stack


def warm_up(stack: Stack) -> None:
    """Send one question through the whole path (Rasa's first message sets up its lazy parts)."""
    stack.say(f"warmup-{uuid.uuid4().hex[:8]}", "高新技术企业认定有什么奖励", timeout=180)


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real Rasa server + action server for the whole session (``.rasa_url``, ``.webhook``)."""
    try:
        stack = start_stack(tmp_path_factory.mktemp("rasa-stack"))
    except StackError as error:
        pytest.fail(str(error), pytrace=False)
    try:
        warm_up(stack)
        yield stack
    finally:
        stack.stop()
