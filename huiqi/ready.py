"""Wait until every process of ``make run`` answers, then print where to find them.

Used by scripts/run.sh: ``python -m huiqi.ready [--timeout SECONDS] [--watch-pid PID]``. Exits 1 naming
the service that never came up (with ``/healthz``'s Chinese details when the web app answers), at once
when the watched supervisor (honcho) has exited because a process refused to start.
"""

from __future__ import annotations

import os
import sys
import time

import click
import requests

from huiqi.settings import Settings, get_settings


class SupervisorGone(RuntimeError):
    """The process supervisor exited: one of the processes stopped (see its log above)."""


def _checks(settings: Settings) -> list[tuple[str, str]]:
    web = f"http://127.0.0.1:{settings.web_port}"
    return [
        ("动作服务器 action server", settings.action_server_url + "/health"),
        ("对话服务 Rasa server", settings.rasa_url + "/"),
        ("网页与接口 web app", web + "/healthz"),
    ]


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


def wait_for(url: str, deadline: float, watch_pid: int | None = None) -> bool:
    """Poll ``url`` until it answers 200 or the monotonic ``deadline`` passes.

    Raises:
        SupervisorGone: ``watch_pid`` exited while waiting.
    """
    while time.monotonic() < deadline:
        if not _alive(watch_pid):
            raise SupervisorGone(f"进程 {watch_pid} 已退出")
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
@click.option("--timeout", default=240, show_default=True, help="Seconds to wait for all services.")
@click.option("--watch-pid", type=int, default=None, help="Fail at once when this process (honcho) exits.")
def main(timeout: int, watch_pid: int | None) -> None:
    """Wait for the action server, Rasa and the web app, then print the URLs."""
    settings = get_settings()
    deadline = time.monotonic() + timeout
    for name, url in _checks(settings):
        click.echo(f"等待 {name} 就绪：{url} …")
        try:
            ready = wait_for(url, deadline, watch_pid)
        except SupervisorGone:
            click.echo(f"启动失败：{name} 尚未就绪时已有进程退出，全部服务已停止。请查看上方日志。", err=True)
            sys.exit(1)
        if not ready:
            click.echo(f"启动失败：{name} 在 {timeout} 秒内没有就绪（{url}）。请查看上方日志。", err=True)
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
        "按 Ctrl-C 停止全部服务。\n"
    )


if __name__ == "__main__":
    main()
