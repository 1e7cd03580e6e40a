"""Escalation to the zone's lawyer team: cleaning what the firm says, building and announcing tickets.

Pure helpers (no rasa-sdk): the actions read slots and events, call these, and send one message.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers

#: Ticket category per intent that starts an escalation (labels of ``tickets.vocab.CATEGORIES``).
CATEGORY_BY_INTENT: dict[str, str] = {
    "complain_rights": "维权投诉",
    "book_checkup": "法律体检预约",
    "ask_eligibility": "政策适用",
    "request_lawyer": "政策咨询",
    "ask_policy": "政策咨询",
    "ask_procedure": "政策咨询",
}
#: Intents whose message is itself the firm's question for the lawyer.
SELF_DESCRIBING = frozenset({"complain_rights", "book_checkup"})

#: Firms are told times in Beijing time.
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
_FIRM_SUFFIX = (
    r"(?:股份有限公司|有限责任公司|有限公司|集团|公司|厂|合作社|商行|工作室|门市部|店|中心|研究院|事务所)"
)
_FIRM_RE = re.compile(rf"[\u4e00-\u9fa5A-Za-z0-9（）()·]{{2,40}}?{_FIRM_SUFFIX}")
_FIRM_PREFIX = re.compile(
    r"^(?:我们|我|咱们)?(?:公司|单位|企业|厂子?)?(?:的)?(?:全称|名称|名字)?(?:叫做|叫|是|为)[:：]?"
)
_NAME_PREFIX = re.compile(
    r"^(?:联系人(?:是|叫)?|我(?:的名字)?(?:叫做|叫|是)|本人(?:叫|是)?|免贵姓|我姓)[:：]?"
)
_TRAILING = re.compile(r"[，,。.！!？?\s]+$")
_PHONE_CANDIDATE = re.compile(r"(?:\+?86[-\s]?)?(?:1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}|0\d{2,3}[-\s]?\d{7,8})")


def category_for(intent: str | None) -> str:
    """Ticket category for the intent that led to the escalation (``其他`` when unknown)."""
    return CATEGORY_BY_INTENT.get(intent or "", "其他")


def clean_firm_name(text: str) -> str | None:
    """Firm name from an answer such as ``我们公司叫青岛惠民机械有限公司``; None if too short."""
    text = _TRAILING.sub("", text.strip())
    match = _FIRM_RE.search(_FIRM_PREFIX.sub("", text))
    name = match.group(0) if match else _FIRM_PREFIX.sub("", text)
    name = name.strip()
    return name if 2 <= len(name) <= 60 else None


def clean_contact_name(text: str) -> str | None:
    """Contact person from ``我叫王丽`` / ``联系人王经理``; None if it cannot be a name."""
    name = _NAME_PREFIX.sub("", _TRAILING.sub("", text.strip())).strip()
    return name if 2 <= len(name) <= 20 and not re.search(r"\d", name) else None


def clean_phone(text: str) -> str | None:
    """A valid Chinese mobile or landline number found in ``text``, in E.164; None if there is none."""
    for candidate in _PHONE_CANDIDATE.findall(text.replace("－", "-")):
        try:
            number = phonenumbers.parse(candidate, "CN")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def transcript_from_events(events: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The conversation as the ticket keeps it: ``[{"role": "firm"|"bot", "text", "at"}]``."""
    turns: list[dict[str, str]] = []
    for event in events:
        role = {"user": "firm", "bot": "bot"}.get(str(event.get("event")))
        text = str(event.get("text") or "").strip()
        if role and text and not text.startswith("/"):
            stamp = datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=UTC)
            turns.append({"role": role, "text": text, "at": stamp.isoformat(timespec="seconds")})
    return turns


def channel_for(sender_id: str) -> str:
    """Ticket channel from the sender id: ``tel-…`` is the hotline, everything else the web."""
    return "hotline" if sender_id.startswith("tel-") else "web"


def ticket_payload(ticket: Any, firm: str) -> dict[str, Any]:
    """The ``ticket`` object of the json_message payload (docs/interfaces.md)."""
    due = getattr(ticket, "due_at", None)
    return {
        "number": ticket.number,
        "team": ticket.team_id,
        "firm": firm,
        "status": ticket.status,
        "due_at": due.isoformat(timespec="minutes") if isinstance(due, datetime) else due,
    }


def ticket_message(ticket: Any, firm: str, zone: str) -> str:
    """What the firm is told once its ticket is stored: number, team and when to expect an answer."""
    due = ticket.due_at
    when = due.astimezone(LOCAL_TZ).strftime("%m月%d日%H:%M") if isinstance(due, datetime) else str(due)
    return (
        f"已为您登记工单 {ticket.number}。{zone}由{firm}律师团队负责，律师会在{when}前答复您；"
        f"可凭工单号和手机号查询进度。"
    )
