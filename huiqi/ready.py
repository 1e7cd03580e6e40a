"""Wait until every process of ``make run`` answers, then print where to find them.

Used by scripts/run.sh: ``python -m huiqi.ready [--timeout SECONDS] [--watch-pid PID]``. Exits 1 naming
the service that never came up (with ``/healthz``'s Chinese details when the web app answers), at once
when the watched supervisor (supervisord) has exited or has given up starting a process (FATAL: it
refused to start, e.g. on a stale index — its log says why).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import click
import requests

from huiqi.settings import get_settings
from huiqi.supervise import fatal_programs, log_dir, programs

#: How the operator reads each program's name.
LABELS = {"actions": "动作服务器 action server", "rasa": "对话服务 Rasa server", "web": "网页与接口 web app"}


class SupervisorGone(RuntimeError):
    """The process supervisor exited, or gave up starting a process (see its log)."""


def _alive(pid: int | None) -> bool:
    """True while ``pid`` runs (an exited child its parent has not reaped yet counts as gone)."""
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def wait_for(
    url: str, deadline: float, watch_pid: int | None = None, given_up: Callable[[], list[str]] = list
) -> bool:
    """Poll ``url`` until it answers 200 or the monotonic ``deadline`` passes.

    Raises:
        SupervisorGone: ``watch_pid`` exited while waiting, or ``given_up()`` names a process.
    """
    while time.monotonic() < deadline:
        if not _alive(watch_pid):
            raise SupervisorGone(f"进程 {watch_pid} 已退出")
        fatal = given_up()
        if fatal:
            raise SupervisorGone(f"进程 {'、'.join(fatal)} 多次启动失败")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(1)
    return False


def health_problems(url: str) -> list[str]:
    """The failing checks of ``/healthz`` as ``name：detail`` lines (empty when unreachable)."""
    try:
        checks = requests.get(url, timeout=5).json().get("checks", {})
    except (requests.RequestException, ValueError, AttributeError):
        return []
    return [f"{name}：{c.get('detail', '')}" for name, c in checks.items() if not c.get("ok")]


@click.command()
@click.option("--timeout", type=int, default=None, help="Seconds to wait [HUIQI_START_TIMEOUT].")
@click.option("--watch-pid", type=int, default=None, help="Fail when this process (supervisord) exits.")
def main(timeout: int | None, watch_pid: int | None) -> None:
    """Wait for the action server, Rasa and the web app, then print the URLs."""
    settings = get_settings()
    timeout = timeout or settings.start_timeout
    deadline = time.monotonic() + timeout
    logs = log_dir(settings)
    for program in programs(settings):
        name, url = LABELS.get(program.name, program.name), program.health_url
        click.echo(f"等待 {name} 就绪：{url} …")
        try:
            ready = wait_for(url, deadline, watch_pid, lambda: fatal_programs(settings))
        except SupervisorGone as exc:
            click.echo(f"启动失败：{exc}，全部服务已停止。原因见日志 {logs}/。", err=True)
            sys.exit(1)
        if not ready:
            click.echo(f"启动失败：{name} 在 {timeout} 秒内没有就绪（{url}）。请查看日志 {logs}/。", err=True)
            for line in health_problems(url) if url.endswith("/healthz") else []:
                click.echo(f"  {line}", err=True)
            sys.exit(1)
    web = settings.public_url
    click.echo(
        "\n惠企通已启动：\n"
        f"  企业咨询（网页聊天）  {web}/\n"
        f"  嵌入脚本              {web}/widget.js\n"
        f"  律师工作台            {web}/console\n"
        f"  电话热线 Webhook      {web}/voice/incoming  (POST, Twilio)\n"
        f"  健康检查              {web}/healthz\n"
        f"  Rasa REST 接口        {settings.rasa_url}/webhooks/rest/webhook\n"
        f"  日志                  {logs}/\n"
        "进程意外退出会自动重启（见下方报告）。按 Ctrl-C 停止全部服务。\n"
    )


if __name__ == "__main__":
    main()
