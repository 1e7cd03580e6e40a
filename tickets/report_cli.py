"""``huiqi report …``: the programme's figures for scripts and cron (registered in huiqi/cli.py).

``huiqi report consultations --since YYYY-MM-DD [--until YYYY-MM-DD] [--json]``
"""

from __future__ import annotations

import json
from datetime import date, datetime

import click

from tickets.consultations import CHANNEL_LABELS, OUTCOME_LABELS
from tickets.ratings import SCORE_LABELS
from tickets.vocab import CHINA_TZ


def _day(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"日期格式应为 YYYY-MM-DD，收到 {value!r}", param=param) from exc


@click.group()
def report() -> None:
    """统计报表（咨询登记等），供脚本和定时任务使用。"""


@report.command("consultations")
@click.option("--since", required=True, callback=_day, help="起始日期 YYYY-MM-DD（北京时间，含当天）")
@click.option("--until", callback=_day, help="结束日期 YYYY-MM-DD（含当天；默认今天）")
@click.option("--json", "as_json", is_flag=True, help="输出一行 JSON")
def consultations(since: date, until: date | None, as_json: bool) -> None:
    """各渠道咨询量、结果、工单数和满意度。"""
    from tickets.cli import open_store

    last = until or datetime.now(CHINA_TZ).date()
    if last < since:
        raise click.BadParameter("结束日期早于起始日期", param_hint="--until")
    store = open_store()
    try:
        figures = store.register.report(since, last)
    finally:
        store.dispose()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    period = f"{since.isoformat()} 至 {last.isoformat()}"
    click.echo(f"咨询登记 {period}：共 {figures['total']} 次咨询，{figures['tickets']} 张工单")
    for key, n in figures["by_channel"].items():
        click.echo(f"  {CHANNEL_LABELS.get(key, key)}\t{n}")
    for key, n in figures["by_outcome"].items():
        click.echo(f"  {OUTCOME_LABELS.get(key, key)}\t{n}")
    sat = figures["satisfaction"]
    scores = "，".join(f"{SCORE_LABELS[key]} {sat[key]}" for key in SCORE_LABELS)
    rate = "—" if sat["rate"] is None else f"{sat['rate']:.1%}"
    click.echo(f"  评价 {sat['total']} 条：{scores}；满意率 {rate}")
