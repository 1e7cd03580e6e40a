"""``huiqi wechat menu``: check the official account's custom menu and push it to WeChat."""

from __future__ import annotations

import json
import sys

import click

from connectors.wechat.menu import MENU_FILE, MenuError, load_menu
from connectors.wechat.outbound import RecordingWeChatSender, WeChatSendError, get_wechat_sender
from huiqi.settings import get_settings


@click.group("wechat")
def wechat() -> None:
    """微信公众号：自定义菜单。"""


@wechat.command("menu")
@click.option(
    "--file", "path", default=str(MENU_FILE), show_default=True, help="菜单定义（menu/create 的 JSON）"
)
@click.option(
    "--push", is_flag=True, help="推送到公众号（未配置 AppID/AppSecret 时记录到 wechat_outbox.jsonl）"
)
def menu(path: str, push: bool) -> None:
    """检查菜单是否符合微信的限制并输出；--push 推送到公众号。"""
    try:
        definition = load_menu(path)
    except MenuError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(2)
    if not push:
        click.echo(json.dumps(definition, ensure_ascii=False, indent=2))
        return
    sender = get_wechat_sender(get_settings())
    try:
        sender.create_menu(definition)
    except WeChatSendError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(1)
    if isinstance(sender, RecordingWeChatSender):
        click.echo(f"未配置 HUIQI_WECHAT_APPID / HUIQI_WECHAT_APPSECRET：菜单已记录到 {sender.path}")
    else:
        click.echo("菜单已推送到公众号。")
