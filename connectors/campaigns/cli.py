"""``huiqi profiles`` (office staff keep firm profiles with consent) and ``huiqi campaign publish``."""

from __future__ import annotations

import dataclasses
import json

import click

from connectors.campaigns.push import Channels, publish
from connectors.notify import get_notifier
from connectors.web.security import secret_key_for
from connectors.wechat.outbound import get_wechat_sender
from huiqi.settings import get_settings
from matching import ProfileError, parse_profile
from matching.cli import fail, load_conditions
from matching.engine import match_firm
from tickets import ZoneDirectory
from tickets.profiles import ConsentError, ProfileStore, profile_key


def _key(phone: str | None, openid: str | None) -> str:
    try:
        return profile_key(phone=phone, openid=openid)
    except ValueError as exc:  # TicketValidationError is a ValueError too
        fail(str(exc))


_WHO = [
    click.option("--phone", help="企业联系电话"),
    click.option("--openid", help="企业的微信 openid"),
]


def _who(func):
    for option in reversed(_WHO):
        func = option(func)
    return func


@click.group("profiles")
def profiles() -> None:
    """企业画像（经企业同意后保存，可随时撤回）。"""


@profiles.command("set")
@_who
@click.option("--file", "path", required=True, type=click.Path(dir_okay=False), help="企业画像 JSON")
@click.option("--consent", is_flag=True, help="企业已同意保存（首次录入时必须确认）")
@click.option("--by", default="office", show_default=True, help="录入人")
def set_profile(phone: str | None, openid: str | None, path: str, consent: bool, by: str) -> None:
    """窗口或办公室人员录入、更新企业画像。"""
    key = _key(phone, openid)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            data = json.load(handle)
        parse_profile(data)
    except (OSError, ValueError, ProfileError) as exc:
        fail(f"企业画像文件无法使用：{exc}")
    store = ProfileStore()
    if consent:
        store.grant(key, by, source="staff")
    try:
        stored = store.update(key, data, by, source="staff")
    except ConsentError as exc:
        fail(f"{exc}请确认企业同意后加 --consent。")
    click.echo(f"已保存 {stored.key} 的企业画像。")


@profiles.command("show")
@_who
def show_profile(phone: str | None, openid: str | None) -> None:
    """显示企业画像和同意状态（JSON）。"""
    stored = ProfileStore().get(_key(phone, openid))
    if stored is None:
        fail("没有该企业的画像。")
    data = dataclasses.asdict(stored)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@profiles.command("revoke")
@_who
@click.option("--by", default="firm", show_default=True)
def revoke_profile(phone: str | None, openid: str | None, by: str) -> None:
    """企业撤回同意：删除其画像内容。"""
    ProfileStore().revoke(_key(phone, openid), by)
    click.echo("已撤回同意，企业画像内容已删除。")


@profiles.command("unsubscribe")
@_who
def unsubscribe(phone: str | None, openid: str | None) -> None:
    """企业退订政策推送（如短信回复 TD）。"""
    if not ProfileStore().opt_out(_key(phone, openid)):
        fail("没有该企业的画像。")
    click.echo("已退订政策推送。")


@profiles.command("match")
@_who
def match_profile(phone: str | None, openid: str | None) -> None:
    """按保存的画像列出符合、可能符合的政策（JSON，与 huiqi match 相同）。"""
    stored = ProfileStore().get(_key(phone, openid))
    if stored is None or stored.consent != "granted":
        fail("没有该企业经同意保存的画像。")
    vocabulary, conditions = load_conditions()
    report = match_firm(parse_profile({"name": "", **stored.facts}), conditions, vocabulary)
    click.echo(json.dumps(report.to_contract(), ensure_ascii=False, indent=2))


@click.group("campaign")
def campaign() -> None:
    """政策推送活动。"""


@campaign.command("publish")
@click.argument("policy_id")
@click.option("--reason", type=click.Choice(["publish", "deadline"]), default="publish", show_default=True)
@click.option("--name", "name", default=None, help="活动名（同一活动不会重复发给同一企业）")
@click.option("--max", "max_messages", default=200, show_default=True, help="本次最多发送条数")
@click.option("--per-minute", default=30, show_default=True, help="每分钟最多发送条数")
def publish_policy(policy_id: str, reason: str, name: str | None, max_messages: int, per_minute: int) -> None:
    """把政策推送给符合、可能符合的企业（只发给已同意且未退订的企业）。"""
    vocabulary, conditions = load_conditions()
    cond = next((c for c in conditions if c.policy_id == policy_id), None)
    if cond is None:
        fail(f"政策库中没有 {policy_id}")
    settings = get_settings()
    channels = Channels(
        get_notifier(settings),
        get_wechat_sender(settings),
        settings.public_url,
        secret_key_for(settings),
        signature=ZoneDirectory.load(settings.zones_file).district.sms_signature,
        wechat_template_id=settings.wechat_push_template_id,
    )
    report = publish(
        cond,
        ProfileStore(),
        vocabulary,
        channels,
        campaign=name,
        reason=reason,
        max_messages=max_messages,
        per_minute=per_minute,
    )
    r = report
    click.echo(
        f"活动 {r.campaign}：符合 {len(r.sent_eligible)} 家、可能符合 {len(r.sent_maybe)} 家已发送；"
        f"不符合 {r.not_matching} 家；此前已发 {r.already_sent} 家；超出本次上限 {r.held_back} 家；"
        f"失败 {len(r.failed)} 家。"
    )


_STATUS_ZH = {"sent": "已发出", "delivered": "已送达", "read": "已读", "failed": "失败"}


@campaign.command("report")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
def campaign_report(name: str, as_json: bool) -> None:
    """一次推送活动的效果：送达情况（短信回执、微信模板消息事件），之后来咨询、已申报的企业数。"""
    from tickets.campaign_tracking import CampaignTracking

    summary = CampaignTracking().summary(name)
    if summary is None:
        fail(f"没有名为 {name} 的推送活动。")
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    statuses = "，".join(f"{_STATUS_ZH[k]} {v}" for k, v in summary.by_status.items())
    click.echo(
        f"活动 {summary.campaign}（{'、'.join(summary.policy_ids)}）：共 {summary.messages} 条，{statuses}；"
        f"符合 {summary.by_match.get('eligible', 0)} 家、可能符合 {summary.by_match.get('maybe', 0)} 家；"
        f"推送后来咨询 {summary.asked} 家，已申报 {summary.applied} 家。"
    )
