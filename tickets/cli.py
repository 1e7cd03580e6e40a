"""CLI of the tickets package, registered under ``huiqi`` (see huiqi/cli.py).

``huiqi route --zones FILE --jsonl``, ``huiqi tickets digest [--team ID] [--json]``,
``huiqi console set-password LOGIN`` (password on stdin), ``huiqi console users``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from tickets.digest import digests
from tickets.errors import TicketValidationError
from tickets.store import TicketStore
from tickets.zones import ZoneDirectory, ZoneFileError


def _settings():  # type: ignore[no-untyped-def]
    from huiqi.settings import get_settings

    return get_settings()


def _load_zones(path: Path | None) -> ZoneDirectory:
    try:
        return ZoneDirectory.load(path or _settings().zones_file)
    except ZoneFileError as exc:
        raise click.ClickException(str(exc)) from exc


def open_store() -> TicketStore:
    """The ticket store of the settings (database and zones file), migrated to the newest schema."""
    settings = _settings()
    return TicketStore(settings.database_url, _load_zones(settings.zones_file))


def _route_one(zones: ZoneDirectory, text: str) -> dict[str, str | None]:
    zone = zones.resolve(text)
    return {"text": text, "zone": zone, "team": zones.team_for_zone(zone).id if zone else None}


@click.command()
@click.option(
    "--zones",
    "zones_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="区位配置文件（默认 HUIQI_ZONES_FILE）",
)
@click.option(
    "--jsonl", is_flag=True, help='从标准输入逐行读取 {"text": ...}，逐行输出 {"text", "zone", "team"}'
)
@click.argument("texts", nargs=-1)
def route(zones_file: Path | None, jsonl: bool, texts: tuple[str, ...]) -> None:
    """根据企业描述的地址找到所属区位和律师团队（无法确定时为 null）。"""
    zones = _load_zones(zones_file)
    if not jsonl:
        if not texts:
            raise click.UsageError("请给出地址文字，或使用 --jsonl 从标准输入读取。")
        for text in texts:
            click.echo(json.dumps(_route_one(zones, text), ensure_ascii=False))
        return
    bad = 0
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"]
            if not isinstance(text, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            bad += 1
            click.echo(f'第 {number} 行不是 {{"text": "..."}} 格式的 JSON，已跳过', err=True)
            click.echo(
                json.dumps(
                    {"text": None, "zone": None, "team": None, "error": "输入格式错误"}, ensure_ascii=False
                )
            )
            continue
        click.echo(json.dumps(_route_one(zones, text), ensure_ascii=False))
        sys.stdout.flush()
    if bad:
        sys.exit(1)


@click.group()
def tickets() -> None:
    """工单：日报等运维命令。"""


@tickets.command()
@click.option("--team", "team_id", help="只输出该团队（如 team-1）；默认全部团队")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（每个团队一行）")
def digest(team_id: str | None, as_json: bool) -> None:
    """每日工单汇总：已超期、今日到期、新工单。"""
    store = open_store()
    if team_id and store.zones.team(team_id) is None:
        raise click.BadParameter(f"未知团队：{team_id}", param_hint="--team")
    for item in digests(store, team_id):
        click.echo(json.dumps(item.to_dict(), ensure_ascii=False) if as_json else item.render() + "\n")
    store.dispose()


@click.group()
def console() -> None:
    """律师工作台账号管理。"""


@console.command("set-password")
@click.argument("login")
def set_password(login: str) -> None:
    """从标准输入读取密码（第一行），为律师或办公室账号设置登录密码。"""
    password = sys.stdin.readline().rstrip("\r\n")
    store = open_store()
    try:
        store.set_password(login, password)
    except TicketValidationError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        store.dispose()
    click.echo(f"已为 {login} 设置密码。")


@console.command("users")
def users() -> None:
    """列出区位配置文件中的全部账号（律师按团队，办公室账号只读）。"""
    zones = _load_zones(None)
    for account in zones.accounts():
        where = account.team_id or "全区（只读）"
        click.echo(f"{account.login}\t{account.name}\t{account.role}\t{where}")
