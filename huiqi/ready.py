"""Wait until every process of ``make run`` answers, then print where to find them.

Used by scripts/run.sh: ``python -m huiqi.ready [--timeout SECONDS]``. Exits 1 naming the service that
never came up.
"""

from __future__ import annotations

import sys
import time

import click
import requests

from huiqi.settings import Settings, get_settings


def _checks(settings: Settings) -> list[tuple[str, str]]:
    web = f"http://127.0.0.1:{settings.web_port}"
    return [
        ("动作服务器 action server", settings.action_server_url + "/health"),
        ("对话服务 Rasa server", settings.rasa_url + "/"),
        ("网页与接口 web app", web + "/healthz"),
    ]


def wait_for(url: str, deadline: float) -> bool:
    """Poll ``url`` until it answers 200 or the monotonic ``deadline`` passes."""
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(1)
    return False


@click.command()
@click.option("--timeout", default=240, show_default=True, help="Seconds to wait for all services.")
def main(timeout: int) -> None:
    """Wait for the action server, Rasa and the web app, then print the URLs."""
    settings = get_settings()
    deadline = time.monotonic() + timeout
    for name, url in _checks(settings):
        click.echo(f"等待 {name} 就绪：{url} …")
        if not wait_for(url, deadline):
            click.echo(f"启动失败：{name} 在 {timeout} 秒内没有响应（{url}）。请查看上方日志。", err=True)
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
