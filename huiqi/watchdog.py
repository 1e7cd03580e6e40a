"""supervisord event listener: report every crash of a Huiqi Desk process and hold back crash loops.

supervisord restarts a process that dies at once (and, while it keeps failing to start, after 1, 2, 3 s
before giving up: FATAL). This listener adds what an operator needs on top:

* every unexpected exit, failed start and recovery is reported on stderr (the terminal of ``make run``
  and ``<data dir>/logs/supervisord.log``), with the seconds the process was down;
* a process that crashed :data:`LOOP_AFTER` times within :data:`WINDOW_S` seconds is in a crash loop:
  reported loudly with the tail of its log, stopped, and started again only after a hold that doubles
  with every further crash (:data:`HOLD_BASE_S` up to :data:`HOLD_MAX_S`) — never restarted in a tight
  loop silently, never given up for good (a full disk or a database outage can pass);
* a process supervisord gave up on (FATAL) is reported the same way and retried after the hold.

Runs as ``python -m huiqi.watchdog`` under ``[eventlistener:watchdog]`` (huiqi.supervise).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
import urllib.request
import xmlrpc.client
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

from huiqi.settings import get_settings

#: Crashes counted within this many seconds.
WINDOW_S = 600.0
#: This many crashes within the window make a crash loop.
LOOP_AFTER = 3
#: First hold before a crash-looping or FATAL process is started again; doubles with each crash.
HOLD_BASE_S = 30.0
#: Longest hold.
HOLD_MAX_S = 600.0
#: Log lines quoted in a loud report.
TAIL_LINES = 12
#: How long a restarted process is watched for its health URL to answer 200.
HEALTH_WAIT_S = 900.0


@dataclass
class ProgramState:
    """What the watchdog remembers about one program."""

    crashes: deque[float] = field(default_factory=deque)
    down_since: float | None = None
    held: bool = False


class Watchdog:
    """Turns supervisord's PROCESS_STATE events into reports and crash-loop holds.

    Args:
        control: ``(action, program)`` → None, with action ``"stop"`` or ``"start"`` (supervisord RPC).
        schedule: ``(seconds, callback)``: run ``callback`` later (a timer thread in production).
        out: where reports are written.
        log_tail: ``program`` → the last lines of its log, quoted in loud reports.
        when_healthy: ``(program, callback)``: call ``callback`` once the program serves again (its
            health URL answers 200; a polling thread in production).
        clock: monotonic seconds.
    """

    def __init__(
        self,
        control: Callable[[str, str], None],
        schedule: Callable[[float, Callable[[], None]], None],
        out: TextIO,
        log_tail: Callable[[str], str] = lambda _name: "",
        when_healthy: Callable[[str, Callable[[], None]], None] = lambda _name, callback: callback(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.control = control
        self.schedule = schedule
        self.out = out
        self.log_tail = log_tail
        self.when_healthy = when_healthy
        self.clock = clock
        self.programs: dict[str, ProgramState] = {}

    def handle(self, event: str, payload: dict[str, str]) -> None:
        """React to one event (``PROCESS_STATE_EXITED`` …) with its payload fields."""
        name = payload.get("processname", "?")
        if name == "watchdog":
            return
        state = self.programs.setdefault(name, ProgramState())
        now = self.clock()
        if event == "PROCESS_STATE_EXITED" and payload.get("expected") == "0":
            self._crashed(name, state, now, f"意外退出（原状态 {payload.get('from_state', '?')}）")
        elif event == "PROCESS_STATE_BACKOFF":
            self._crashed(name, state, now, "启动失败，稍后重试")
        elif event == "PROCESS_STATE_FATAL" and not state.held:
            self._hold(name, state, now, "supervisord 多次启动失败后已放弃（FATAL）")
        elif event == "PROCESS_STATE_RUNNING" and state.down_since is not None:
            down_since, state.down_since = state.down_since, None
            self.report(f"进程 {name} 已重新启动（退出后 {now - down_since:.0f} 秒），正在加载……")
            self.when_healthy(
                name,
                lambda: self.report(f"进程 {name} 已恢复服务（中断 {self.clock() - down_since:.0f} 秒）。"),
            )

    def _crashed(self, name: str, state: ProgramState, now: float, what: str) -> None:
        state.crashes.append(now)
        while state.crashes and now - state.crashes[0] > WINDOW_S:
            state.crashes.popleft()
        if state.down_since is None:
            state.down_since = now
        count = len(state.crashes)
        if count >= LOOP_AFTER and not state.held:
            self._hold(name, state, now, f"{WINDOW_S / 60:.0f} 分钟内崩溃 {count} 次，判定为崩溃循环")
        elif not state.held:
            self.report(f"进程 {name} {what}，正在自动重启（{WINDOW_S / 60:.0f} 分钟内第 {count} 次）。")

    def _hold(self, name: str, state: ProgramState, now: float, why: str) -> None:
        """Stop ``name`` and start it again after a doubling hold, reporting loudly."""
        if state.down_since is None:
            state.down_since = now
        extra = max(len(state.crashes) - LOOP_AFTER, 0)
        hold = min(HOLD_BASE_S * 2**extra, HOLD_MAX_S)
        state.held = True
        self._try("stop", name)
        tail = self.log_tail(name)
        self.loud(
            f"进程 {name} {why}。已暂停自动重启，{hold:.0f} 秒后再试；请查看日志 logs/{name}.log"
            + (f"，最后几行：\n{tail}" if tail else "。")
        )

        def restart() -> None:
            state.held = False
            self.report(f"进程 {name}：暂停结束，重新启动。")
            self._try("start", name)

        self.schedule(hold, restart)

    def _try(self, action: str, name: str) -> None:
        try:
            self.control(action, name)
        except (OSError, xmlrpc.client.Error) as exc:  # already stopped / started: nothing to undo
            self.report(f"（{action} {name}：{exc}）")

    def report(self, text: str) -> None:
        """One line on the operator's terminal."""
        stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
        self.out.write(f"{stamp} 【惠企通守护】{text}\n")
        self.out.flush()

    def loud(self, text: str) -> None:
        """A report framed so that nobody scrolls past it."""
        bar = "!" * 72
        self.out.write(f"\n{bar}\n")
        self.report(text)
        self.out.write(f"{bar}\n\n")
        self.out.flush()


def _tail(path: str, lines: int = TAIL_LINES) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return "".join(deque(fh, maxlen=lines)).rstrip()
    except OSError:
        return ""


def _parse(line: str) -> dict[str, str]:
    return dict(token.split(":", 1) for token in line.split() if ":" in token)


def main() -> None:
    """The event-listener loop of supervisord's protocol (READY, header + payload, RESULT)."""
    from huiqi.supervise import jobs, log_dir, programs, rpc

    settings = get_settings()

    def control(action: str, name: str) -> None:  # one client per call: timers run in other threads
        with rpc(settings) as server:
            if action == "stop":
                server.supervisor.stopProcess(name, False)
            else:
                server.supervisor.startProcess(name, False)

    def schedule(seconds: float, callback: Callable[[], None]) -> None:
        timer = threading.Timer(seconds, callback)
        timer.daemon = True
        timer.start()

    health = {program.name: program.health_url for program in [*programs(settings), *jobs(settings)]}

    def when_healthy(name: str, callback: Callable[[], None]) -> None:
        def poll() -> None:
            deadline = time.monotonic() + HEALTH_WAIT_S
            while time.monotonic() < deadline:
                with (
                    contextlib.suppress(OSError),
                    urllib.request.urlopen(health[name], timeout=5) as response,
                ):
                    if response.status == 200:
                        callback()
                        return
                time.sleep(2)

        if health.get(name):
            threading.Thread(target=poll, daemon=True).start()
        else:  # a background job (huiqi.supervise.jobs) has no port: running again is recovered
            callback()

    def log_tail(name: str) -> str:
        return _tail(str(log_dir(settings) / f"{name}.log"))

    dog = Watchdog(control, schedule, sys.stderr, log_tail, when_healthy)
    while True:
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        headers = _parse(sys.stdin.readline())
        payload = _parse(sys.stdin.read(int(headers.get("len", "0"))))
        try:
            dog.handle(headers.get("eventname", ""), payload)
        finally:
            sys.stdout.write("RESULT 2\nOK")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
