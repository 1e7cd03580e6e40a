"""Publish a policy to the firms it matches: consent first, 符合 and 可能符合 told apart, rate-limited.

Each consenting, subscribed firm's stored profile is matched against the policy's conditions; a firm
that does not match is skipped, one that matches gets one message per campaign (SMS for ``tel:``
keys through the notifier, a customer-service message for ``wx:`` keys), with "回复TD退订" and a
one-tap unsubscribe link. Every message is recorded in ``campaign_messages``. SMS have a one-tap
"已申报" link; WeChat pushes are template messages (模板消息) whose delivery WeChat reports by event.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from connectors.campaigns.links import applied_url, unsubscribe_url
from connectors.notify.base import Notifier, NotifyError
from connectors.wechat.outbound import WeChatSender, WeChatSendError
from connectors.wechat.render import policy_url
from matching import ProfileError, parse_profile
from matching.conditions import PolicyConditions
from matching.engine import ELIGIBLE, NOT_ELIGIBLE, Match, firm_facts, match_policy
from matching.vocabulary import Vocabulary
from tickets.profiles import ProfileStore, StoredProfile

__all__ = ["CampaignReport", "Channels", "publish"]

log = logging.getLogger(__name__)


@dataclass
class Channels:
    """Where pushes go out, what the links in them point at, and how they are signed.

    ``signature`` is the district profile's SMS signature (``District.sms_signature``, e.g.
    ``【平度市惠企通】``): firms must see which district's service writes to them.
    """

    notifier: Notifier
    wechat: WeChatSender
    public_url: str
    secret_key: str
    signature: str
    wechat_template_id: str = "huiqi-policy-push"


@dataclass
class CampaignReport:
    """What one run of a campaign did."""

    campaign: str
    policy_id: str
    sent_eligible: list[str] = field(default_factory=list)
    sent_maybe: list[str] = field(default_factory=list)
    not_matching: int = 0
    already_sent: int = 0
    held_back: int = 0  # over the run's limit: sent by the next run
    failed: list[str] = field(default_factory=list)


def _headline(match: Match, firm: str, reason: str, signature: str = "") -> tuple[str, str]:
    """``(greeting, what it means for the firm)`` of a push (the SMS greeting starts with the signature)."""
    why = "申报截止临近" if reason == "deadline" else "新发布"
    head = f"{signature}{firm}您好：{why}的《{match.title}》"
    if match.status == ELIGIBLE:
        return head, f"与贵企业情况相符（依据{match.clause}）。"
    return head, f"贵企业可能符合，尚需确认：{match.unknown[0] if match.unknown else '具体条件'}。"


def message_text(match: Match, firm: str, channels: Channels, key: str, reason: str, campaign: str) -> str:
    """The SMS push: why the firm is told, the clause or what is unknown, links, TD."""
    head, fit = _headline(match, firm, reason, channels.signature)
    body = head + fit
    if match.window:
        body += f"申报：{match.window[:40]}。"
    link = policy_url(channels.public_url, match.policy_id)
    stop = unsubscribe_url(channels.public_url, channels.secret_key, key)
    applied = applied_url(channels.public_url, channels.secret_key, key, campaign)
    return f"{body}详情 {link} 已申报请点 {applied} 回复TD退订，或点 {stop}"


def template_data(match: Match, firm: str, reason: str) -> dict[str, dict[str, str]]:
    """The WeChat template message's fields (first, keyword1–3, remark) of a push."""
    head, fit = _headline(match, firm, reason)
    return {
        "first": {"value": head + "与贵企业相关"},
        "keyword1": {"value": match.title},
        "keyword2": {"value": fit.rstrip("。")},
        "keyword3": {"value": (match.window or "见政策原文")[:40]},
        "remark": {"value": "点击查看政策原文。已申报请回复“已申报”；回复TD退订。"},
    }


_CHANNEL = {"tel": "sms", "wx": "wechat"}


def _send(
    target: StoredProfile, match: Match, channels: Channels, reason: str, campaign: str
) -> tuple[str, str]:
    """Send one push (SMS or WeChat template message); returns ``(channel, message id)``."""
    kind, _, address = target.key.partition(":")
    firm = target.facts.get("name") or ""
    if kind == "tel":
        text = message_text(match, firm, channels, target.key, reason, campaign)
        return "sms", channels.notifier.send_sms(address, text)
    if kind == "wx":
        data = template_data(match, firm, reason)
        link = policy_url(channels.public_url, match.policy_id)
        return "wechat", channels.wechat.send_template(address, channels.wechat_template_id, data, link)
    raise ValueError(f"无法识别的企业画像编号 {target.key}")


def publish(
    cond: PolicyConditions,
    profiles: ProfileStore,
    vocabulary: Vocabulary,
    channels: Channels,
    *,
    campaign: str | None = None,
    reason: str = "publish",
    max_messages: int = 200,
    per_minute: int = 30,
    today: dt.date | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> CampaignReport:
    """Push one policy to every consenting firm it matches (once per campaign and firm)."""
    today = today or dt.date.today()
    report = CampaignReport(campaign or f"{cond.policy_id}-{reason}-{today.isoformat()}", cond.policy_id)
    sent = 0
    for target in profiles.push_targets():
        if profiles.already_sent(report.campaign, target.key):
            report.already_sent += 1
            continue
        try:
            profile = parse_profile({"name": "", **target.facts})
        except ProfileError:
            log.warning("campaign %s: unreadable profile %s skipped", report.campaign, target.key)
            continue
        match = match_policy(cond, profile, firm_facts(profile, vocabulary), vocabulary, today)
        if match.status == NOT_ELIGIBLE:
            report.not_matching += 1
            continue
        if sent >= max_messages:
            report.held_back += 1
            continue
        if sent:
            sleep(60.0 / max(per_minute, 1))
        try:
            channel, message_id = _send(target, match, channels, reason, report.campaign)
            status = "sent"
        except (NotifyError, WeChatSendError, ValueError) as exc:
            log.warning("campaign %s: sending to %s failed: %s", report.campaign, target.key, exc)
            channel, message_id, status = _CHANNEL.get(target.key.partition(":")[0], "?"), "", "failed"
        profiles.record_message(
            report.campaign, target.key, cond.policy_id, match.status, channel, message_id, status
        )
        sent += 1
        if status == "failed":
            report.failed.append(target.key)
        elif match.status == ELIGIBLE:
            report.sent_eligible.append(target.key)
        else:
            report.sent_maybe.append(target.key)
    return report
