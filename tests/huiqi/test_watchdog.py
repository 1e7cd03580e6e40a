"""huiqi.watchdog: every crash is reported, a crash loop is held back with a doubling delay and then
retried, a process supervisord gave up on is retried later — all from supervisord's real event shapes."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from huiqi.watchdog import HOLD_BASE_S, LOOP_AFTER, Watchdog


class Harness:
    """A watchdog with a hand-driven clock, recorded supervisord calls and timers run on demand."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.calls: list[tuple[str, str]] = []
        self.timers: list[tuple[float, Callable[[], None]]] = []
        self.out = io.StringIO()
        self.healthy: list[Callable[[], None]] = []
        self.dog = Watchdog(
            control=lambda action, name: self.calls.append((action, name)),
            schedule=lambda seconds, cb: self.timers.append((seconds, cb)),
            out=self.out,
            log_tail=lambda name: f"{name} 的日志：索引已过期",
            when_healthy=lambda name, cb: self.healthy.append(cb),
            clock=lambda: self.now,
        )

    def exited(self, name: str, expected: str = "0") -> None:
        self.dog.handle(
            "PROCESS_STATE_EXITED",
            {"processname": name, "groupname": name, "from_state": "RUNNING", "expected": expected},
        )

    def event(self, name: str, state: str) -> None:
        self.dog.handle(f"PROCESS_STATE_{state}", {"processname": name, "groupname": name})


@pytest.fixture
def h() -> Harness:
    return Harness()


def test_one_crash_is_reported_and_left_to_supervisord(h: Harness) -> None:
    h.exited("actions")
    h.now += 2
    h.event("actions", "RUNNING")
    h.now += 10
    h.healthy.pop()()  # its health URL answers 200 again
    text = h.out.getvalue()
    assert "进程 actions 意外退出" in text and "正在自动重启" in text
    assert "进程 actions 已重新启动（退出后 2 秒），正在加载" in text
    assert "进程 actions 已恢复服务（中断 12 秒）" in text
    assert h.calls == [] and h.timers == []


def test_expected_exit_and_the_watchdog_itself_are_not_crashes(h: Harness) -> None:
    h.exited("web", expected="1")
    h.exited("watchdog")
    assert h.out.getvalue() == ""


def test_crash_loop_is_held_loudly_with_a_doubling_delay(h: Harness) -> None:
    for _ in range(LOOP_AFTER):
        h.exited("rasa")
        h.now += 20
    assert h.calls == [("stop", "rasa")]
    assert [seconds for seconds, _ in h.timers] == [HOLD_BASE_S]
    text = h.out.getvalue()
    assert "!!!!" in text and "崩溃循环" in text and "rasa 的日志：索引已过期" in text
    h.timers[0][1]()  # the hold ends: started again
    assert h.calls[-1] == ("start", "rasa")
    h.exited("rasa")  # and crashes once more: held twice as long
    assert h.calls[-1] == ("stop", "rasa") and h.timers[-1][0] == 2 * HOLD_BASE_S


def test_crashes_older_than_the_window_do_not_make_a_loop(h: Harness) -> None:
    for _ in range(LOOP_AFTER + 2):
        h.exited("web")
        h.now += 3600
    assert h.calls == []


def test_fatal_is_reported_and_retried_after_the_hold(h: Harness) -> None:
    h.event("actions", "BACKOFF")
    h.event("actions", "FATAL")
    assert "FATAL" in h.out.getvalue() and h.timers and h.timers[0][0] == HOLD_BASE_S
    h.timers[0][1]()
    assert h.calls[-1] == ("start", "actions")
