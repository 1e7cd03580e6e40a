"""``huiqi accounts``: console accounts from the command line (every change goes to the audit trail
as ``命令行:<operating-system user>``). Passwords are read from standard input, never arguments."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from tickets.accounts import CREATABLE_ROLES, cli_actor
from tickets.cli import open_store
from tickets.errors import TicketValidationError
from tickets.store import TicketStore
from tickets.vocab import CHINA_TZ


def collection_departments() -> list[str]:
    """The issuing departments named in the collection of the settings (``HUIQI_CORPUS_DIR``)."""
    from huiqi.settings import get_settings
    from policy_index.catalogue import issuing_departments

    return issuing_departments(get_settings().corpus_dir)


@contextmanager
def _store() -> Iterator[TicketStore]:
    store = open_store()
    try:
        yield store
    except TicketValidationError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        store.dispose()


def _password() -> str:
    return sys.stdin.readline().rstrip("\r\n")


@click.group()
def accounts() -> None:
    """工作台账号：律师、区办公室、政策制定部门、政策编辑（每次变更都记入审计日志）。"""


@accounts.command("list")
@click.option("--json", "as_json", is_flag=True, help="每个账号输出一行 JSON")
def list_accounts(as_json: bool) -> None:
    """列出全部账号：角色、团队或部门、是否已设密码、是否停用。"""
    with _store() as store:
        for info in store.accounts.list():
            a = info.account
            row = {
                "login": a.login,
                "name": a.name,
                "role": a.role,
                "team": a.team_id,
                "department": a.department,
                "source": info.source,
                "has_password": info.has_password,
                "disabled": info.disabled,
            }
            if as_json:
                click.echo(json.dumps(row, ensure_ascii=False))
                continue
            where = a.team_id or a.department or "全区"
            state = "已停用" if info.disabled else ("可登录" if info.has_password else "未设密码")
            click.echo(f"{a.login}\t{a.name}\t{info.role_label}\t{where}\t{state}")


@accounts.command()
@click.argument("login")
@click.option("--name", required=True, help="姓名，或部门账号的名称")
@click.option(
    "--role", type=click.Choice(CREATABLE_ROLES), required=True, help="角色（律师在区位配置文件中）"
)
@click.option("--department", help="政策制定部门账号对应的发文部门（须是政策库中出现的部门）")
def create(login: str, name: str, role: str, department: str | None) -> None:
    """新建账号，初始密码从标准输入读取（第一行，至少 10 个字符）。"""
    password = _password()
    departments = collection_departments() if role == "department" else ()
    with _store() as store:
        store.accounts.create(
            login, name, role, password, by=cli_actor(), department=department, departments=departments
        )
    click.echo(f"已创建账号 {login}。")


@accounts.command("set-password")
@click.argument("login")
def set_password(login: str) -> None:
    """从标准输入读取新密码（第一行），为任一账号设置密码。"""
    password = _password()
    with _store() as store:
        store.accounts.set_password(login, password, by=cli_actor())
    click.echo(f"已为 {login} 设置密码。")


@accounts.command()
@click.argument("login")
@click.option("--reason", default="", help="停用原因（记入审计日志）")
def disable(login: str, reason: str) -> None:
    """停用账号：立即不能登录，已登录的页面下一次请求即退出。"""
    with _store() as store:
        store.accounts.set_disabled(login, True, by=cli_actor(), reason=reason)
    click.echo(f"已停用 {login}。")


@accounts.command()
@click.argument("login")
def enable(login: str) -> None:
    """重新启用已停用的账号。"""
    with _store() as store:
        store.accounts.set_disabled(login, False, by=cli_actor())
    click.echo(f"已启用 {login}。")


@accounts.command()
@click.option("--login", "login", help="只看这个账号的记录")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="每条记录输出一行 JSON")
def log(login: str | None, limit: int, as_json: bool) -> None:
    """账号审计日志（最新的在前）：谁、何时、对哪个账号、做了什么。"""
    with _store() as store:
        for event in store.accounts.events(login, limit):
            if as_json:
                row = {
                    "at": event.at.isoformat(),
                    "actor": event.actor,
                    "login": event.login,
                    "action": event.action,
                    "detail": event.detail,
                }
                click.echo(json.dumps(row, ensure_ascii=False))
            else:
                at = event.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
                click.echo(f"{at}\t{event.actor}\t{event.login}\t{event.action_label}")


@accounts.command()
def departments() -> None:
    """政策库中的发文部门及其账号（每个部门一个账号）。"""
    with _store() as store:
        taken = store.accounts.departments_with_accounts()
    for name in collection_departments():
        click.echo(f"{name}\t{taken.get(name, '（尚无账号）')}")
