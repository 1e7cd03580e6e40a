"""``huiqi call``: try the hotline in a terminal, as a caller would.

Type what the caller says (or keys such as ``1``, ``2``, ``0``, ``10#``); an empty line is silence.
Each line goes to the same webhooks Twilio calls, through Flask's test client, signed as Twilio signs;
what Twilio would say to the caller is printed, and so are transfers and the SMS the caller gets.
Rasa and the ticket store are the configured ones (``make run`` starts Rasa); SMS are always recorded
to ``<data_dir>/outbox.jsonl``, never sent.
"""

from __future__ import annotations

import dataclasses
import secrets
from datetime import datetime

import click
from flask import Flask

from connectors.notify import RecordingNotifier
from connectors.services import AppServices, get_services
from connectors.voice.office_hours import LOCAL_TZ
from connectors.voice.simulator import CallSimulator, Turn
from huiqi.settings import Settings

_KEYS = set("0123456789#*")
#: Fixed moments for ``--time``: a Tuesday morning and evening in the district's time zone.
_TIMES = {
    "office": datetime(2026, 12, 1, 10, 0, tzinfo=LOCAL_TZ),
    "after": datetime(2026, 12, 1, 20, 0, tzinfo=LOCAL_TZ),
}


def build_app(settings: Settings, clock: str = "now") -> tuple[Flask, AppServices]:
    """The web application for ``settings``, its SMS recorded and its clock set by ``clock``."""
    from connectors.web import create_app

    app = create_app(
        {
            "DATABASE_URL": settings.database_url,
            "ZONES_FILE": str(settings.zones_file),
            "DATA_DIR": str(settings.data_dir),
            "RASA_URL": settings.rasa_url,
            "PUBLIC_URL": settings.public_url,
            "TWILIO_AUTH_TOKEN": settings.twilio_auth_token,
            "HOTLINE_NUMBER": settings.hotline_number,
        }
    )
    with app.app_context():
        services = get_services()
    services.provide(notifier=RecordingNotifier(settings.data_dir / "outbox.jsonl"))
    if clock in _TIMES:
        services.provide(now=lambda: _TIMES[clock])
    return app, services


def _show(turn: Turn) -> None:
    if turn.status != 200:
        click.secho(f"[Webhook 返回 {turn.status}]", fg="red")
        return
    for text in turn.says:
        click.echo(click.style("热线：", fg="green", bold=True) + text)
    if turn.dial:
        click.secho(f"[转接 {turn.dial['number']}]", fg="cyan")


@click.command("call")
@click.option("--from", "caller", default="+8613800000000", show_default=True, help="来电号码（E.164）。")
@click.option(
    "--time",
    "clock",
    type=click.Choice(["now", "office", "after"]),
    default="now",
    show_default=True,
    help="按此时间判断律师团队是否在班：now 当前时间，office 工作时间，after 下班时间。",
)
def call(caller: str, clock: str) -> None:
    """模拟一通热线来电：输入来电人说的话或按键（空行表示沉默，/quit 挂机）。"""
    settings = Settings.from_env()
    if not settings.twilio_auth_token:
        # The simulator signs its own requests; a session token keeps the signature check in the loop.
        settings = dataclasses.replace(settings, twilio_auth_token=secrets.token_hex(16))
    app, _ = build_app(settings, clock)
    outbox = RecordingNotifier(settings.data_dir / "outbox.jsonl")
    sent_before = len(outbox.sent())
    sim = CallSimulator(app.test_client(), settings.twilio_auth_token, settings.public_url, caller)
    click.secho(f"来电 {caller} → 热线（Rasa：{settings.rasa_url}，会话 {sim.sender}）", fg="yellow")
    turn = sim.start()
    while True:
        _show(turn)
        sent = outbox.sent()
        for sms in sent[sent_before:]:
            click.secho(f"[短信 → {sms['to']}]\n{sms['body']}", fg="magenta")
        sent_before = len(sent)
        if turn.status != 200 or (turn.ended and not turn.dial):
            click.secho("[通话结束]", fg="yellow")
            return
        if turn.dial:
            answered = click.confirm("律师团队接听了吗？", default=False)
            turn = sim.dial_ended("completed" if answered else "no-answer")
            continue
        try:
            line = click.prompt("来电人", default="", show_default=False).strip()
        except (click.Abort, EOFError):
            line = "/quit"
        if line == "/quit":
            click.secho("[来电人挂机]", fg="yellow")
            sim.post("/voice/status", {"CallStatus": "completed"})
            return
        if not line:
            turn = sim.silence()
        elif set(line) <= _KEYS:
            turn = sim.press(line)
        else:
            turn = sim.say(line)
