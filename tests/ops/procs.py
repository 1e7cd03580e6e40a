"""Real processes for the operations tests: start one of the system's servers, wait, kill, restart.

Every process runs in its own session (process group), on a free loopback port, with its output in a
log file; every wait is bounded. Commands are the ones ``make run`` supervises (``huiqi.supervise.programs``
for the test's environment), so a test that kills the web application kills gunicorn's master and
workers exactly as a crash would.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from unittest import mock

import requests

from huiqi.settings import Settings
from huiqi.supervise import programs
from tests.stack import free_port as free_port  # re-exported: the ops tests take it from here

ROOT = Path(__file__).resolve().parents[2]
APP_PY = ROOT / ".venv" / "bin" / "python"
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
#: The Rasa server as scripts/rasa-serve.sh starts it (``rasa`` + bot/huiqi_rasa/fast_load.py), from bot/.
RASA_SERVE = (str(ROOT / ".venv-rasa" / "bin" / "python"), "-m", "huiqi_rasa.serve")
RASA_MODEL_DIR = ROOT / "bot" / "models"

#: Quiet, offline, loopback-only defaults for every child process.
BASE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYTHONWARNINGS": "ignore",
}


def program_argv(name: str, env: Mapping[str, str]) -> list[str]:
    """The command of program ``name`` as ``make run`` starts it under ``env`` (huiqi.supervise)."""
    with mock.patch.dict(os.environ, env):
        settings = Settings.from_env()
    for program in programs(settings):
        if program.name == name:
            return list(program.argv)
    raise KeyError(f"no program {name!r} in huiqi.supervise")


class Proc:
    """One child process in its own process group, logging to ``log_path``."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        log_path: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path = ROOT,
    ) -> None:
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self.env = {**os.environ, **BASE_ENV, **(env or {})}
        self.cwd = cwd
        self.popen: subprocess.Popen[bytes] | None = None

    def start(self) -> Proc:
        """Start (or start again) the process; its output is appended to the log file."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.popen = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None, f"{self.name} was never started"
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def wait_http(self, url: str, timeout: float, status: int = 200) -> float:
        """Poll ``url`` until it answers ``status``; return the seconds waited.

        Raises:
            AssertionError: the process died or ``timeout`` passed (with the log's tail).
        """
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if not self.alive():
                raise AssertionError(
                    f"{self.name} exited ({self.popen and self.popen.returncode}):\n{self.tail()}"
                )
            try:
                if requests.get(url, timeout=2).status_code == status:
                    return time.monotonic() - start
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise AssertionError(f"{self.name} not ready at {url} after {timeout:.0f} s:\n{self.tail()}")

    def wait_exit(self, timeout: float) -> int | None:
        """Wait up to ``timeout`` seconds for the process to end; its exit code or None."""
        assert self.popen is not None
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` to the whole process group (gunicorn's master and workers alike) and reap it."""
        if self.popen is None or self.popen.poll() is not None:
            return
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            return
        if sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
            self.wait_exit(20)

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), then SIGKILL after 15 s; also reaps stray group members."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            if self.wait_exit(15) is None:
                self.kill(signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, PermissionError):  # workers outliving their master
            os.killpg(self.popen.pid, signal.SIGKILL)

    def tail(self, lines: int = 40) -> str:
        """The last lines of the process's log."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def program_proc(name: str, tmp: Path, env: Mapping[str, str], log_name: str | None = None) -> Proc:
    """Program ``name`` of ``make run`` (huiqi.supervise), with ``env``, on its own."""
    return Proc(log_name or name, program_argv(name, env), tmp / f"{log_name or name}.log", env=env)


def web_proc(tmp: Path, env: Mapping[str, str], port: int, workers: int = 2, name: str = "web") -> Proc:
    """The web application under gunicorn, as make run starts it, on loopback ``port``."""
    ports = {"HUIQI_WEB_PORT": str(port), "HUIQI_WEB_WORKERS": str(workers), "HUIQI_WEB_BIND": "127.0.0.1"}
    return program_proc("web", tmp, {**env, **ports}, log_name=name)


def actions_proc(tmp: Path, env: Mapping[str, str], port: int, name: str = "actions") -> Proc:
    """The rasa-sdk action server with the project's actions, as make run starts it, on ``port``."""
    ports = {"HUIQI_ACTION_SERVER_PORT": str(port), "HUIQI_ACTION_SERVER_HOST": "127.0.0.1"}
    return program_proc("actions", tmp, {**env, **ports}, log_name=name)


def rasa_serve_proc(tmp: Path, env: Mapping[str, str], port: int, name: str = "rasa") -> Proc:
    """The Rasa server as make run starts it (scripts/rasa-serve.sh: bot/endpoints.yml, REST channel)."""
    return program_proc("rasa", tmp, {**env, "HUIQI_RASA_PORT": str(port)}, log_name=name)


def rasa_proc(
    tmp: Path, endpoints: Path, port: int, name: str = "rasa", env: Mapping[str, str] | None = None
) -> Proc:
    """A Rasa server (``.venv-rasa``) on the trained model in bot/models with ``endpoints``.

    The HTTP API is enabled (loopback only) so tests can read a conversation's tracker.
    """
    argv = [
        *RASA_SERVE,
        "run",
        "--model",
        str(RASA_MODEL_DIR),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(ROOT / "bot" / "credentials.yml"),
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--enable-api",
    ]
    return Proc(name, argv, tmp / f"{name}.log", env=env, cwd=ROOT / "bot")


def redis_proc(tmp: Path, port: int) -> Proc:
    """A throwaway redis-server on loopback, without persistence."""
    argv = [
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(tmp),
    ]
    return Proc("redis", argv, tmp / "redis.log")


def wait_redis(port: int, timeout: float = 15) -> None:
    """Wait until redis answers PING on ``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"redis on port {port} did not answer PING in {timeout} s")
