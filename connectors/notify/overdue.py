"""``huiqi warn-overdue``: send the overdue warnings (超期预警) through the notifier — SMS when Twilio
is configured, else the recording outbox — once, or every N seconds (cron or a supervised loop)."""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any

import click

from connectors.notify import Notifier, get_notifier
from huiqi.settings import Settings, get_settings
from tickets.overdue import due_soon, mark_warned, warnings
from tickets.store import TicketStore

log = logging.getLogger(__name__)


def send_warnings(
    store: TicketStore, notifier: Notifier, settings: Settings, hours: float
) -> list[dict[str, Any]]:
    """Warn about tickets due within ``hours``; returns what was sent (``{"to", "numbers", "sent"}``).

    A ticket is marked warned, for its team or for the office, once that message went out to at least
    one phone: a failed SMS is tried again on the next run, a delivered one never.
    """
    tickets = due_soon(store, timedelta(hours=hours))
    signature = store.zones.district.sms_signature
    report = []
    for warning in warnings(store, tickets, signature, settings.office_alert_phone):
        sent = 0
        for phone in warning.to:
            try:
                notifier.send_sms(phone, warning.body)
                sent += 1
            except Exception:  # one unreachable phone must not stop the others
                log.exception("overdue warning to %s could not be sent", phone)
        if sent:
            warned = [t for t in tickets if t.number in warning.numbers]
            mark_warned(store, warned, "team" if warning.team_id else "office")
        report.append(
            {"team": warning.team_id, "to": list(warning.to), "numbers": list(warning.numbers), "sent": sent}
        )
    return report


@click.command("warn-overdue")
@click.option("--hours", type=float, help="提前多少小时预警（默认 HUIQI_OVERDUE_WARNING_HOURS，4）")
@click.option("--every", type=click.IntRange(min=0), default=0, help="每隔多少秒再检查一次（0：只运行一次）")
@click.option("--json", "as_json", is_flag=True, help="每条预警输出一行 JSON")
def warn_overdue(hours: float | None, every: int, as_json: bool) -> None:
    """超期预警：即将到期的工单短信提醒负责团队和区办公室（每件工单每个时限只提醒一次）。"""
    from tickets.cli import open_store

    settings = get_settings()
    store, notifier = open_store(), get_notifier(settings)
    try:
        while True:
            try:
                report = send_warnings(store, notifier, settings, hours or settings.overdue_warning_hours)
            except Exception:  # the database may be briefly unreachable: a periodic check tries again
                if not every:
                    raise
                log.exception("超期预警检查失败，%s 秒后重试", every)
                report = []
            for item in report:
                if as_json:
                    click.echo(json.dumps(item, ensure_ascii=False))
                else:
                    click.echo(
                        f"{item['team'] or '区办公室'}：{len(item['numbers'])} 件，已发 {item['sent']} 条短信"
                    )
            if not every:
                break
            time.sleep(every)
    finally:
        store.dispose()


if __name__ == "__main__":
    warn_overdue()
