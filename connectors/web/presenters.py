"""How tickets are shown: the firm's view in the web chat and the team's view in the API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tickets import Ticket
from tickets.store import CHINA_TZ
from tickets.vocab import STATUS_LABELS

from .services import get_store, get_zones

#: Chinese names of history actions on the console's ticket page.
ACTION_LABELS = {
    "created": "创建工单",
    "assigned": "指派",
    "replied": "答复企业",
    "closed": "关闭",
    "reopened": "重新打开",
    "transferred": "转交团队",
    "warned": "超期预警已发出",
    "checkup_saved": "保存体检报告",
    "checkup_sent": "体检报告发送企业",
    "recategorised": "更改问题类别",
    "rights_saved": "维权案件：保存事实与依据",
    "rights_step": "维权案件：记录措施",
    "rights_concluded": "维权案件办结",
}


def iso(value: datetime | None) -> str | None:
    """A datetime as ISO 8601 (UTC assumed when naive), or None."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def mask_phone(e164: str) -> str:
    """``+8613812345678`` → ``138****5678``: enough for a firm to recognise its own number."""
    digits = e164.removeprefix("+86")
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 8 else "****"


def person_name(login: str) -> str:
    """A lawyer's (or office user's) name for a login, else the login itself."""
    account = get_zones().account(login) or get_store().account(login)
    return account.name if account else login


def team_firm(team_id: str) -> str | None:
    """The law firm of a team."""
    team = get_zones().team(team_id)
    return team.firm if team else None


def replies_of(ticket: Ticket) -> list[dict[str, Any]]:
    """The lawyers' replies, oldest first, as ``{"text", "by", "at"}``."""
    return [
        {"text": r.text, "by": f"{person_name(r.author_login)}律师", "at": iso(r.created_at)}
        for r in ticket.replies
    ]


def public_ticket(ticket: Ticket) -> dict[str, Any]:
    """What the firm may see of its ticket (web chat): status, team, due time and the replies."""
    return {
        "number": ticket.number,
        "status": ticket.status,
        "status_label": STATUS_LABELS.get(ticket.status, ticket.status),
        "zone": ticket.zone,
        "team_firm": team_firm(ticket.team_id),
        "category": ticket.category,
        "question": ticket.question,
        "phone": mask_phone(ticket.phone),
        "created_at": iso(ticket.created_at),
        "due_at": iso(ticket.due_at),
        "replies": replies_of(ticket),
    }


def staff_ticket(ticket: Ticket) -> dict[str, Any]:
    """Everything the team works with, as JSON (``GET /api/tickets``)."""
    data = ticket.to_dict()
    data["team_firm"] = team_firm(ticket.team_id)
    return data


def cn_time(value: datetime | None) -> str:
    """Template filter: a time in Beijing time, ``2026-11-29 14:05``; ``—`` when missing."""
    if value is None:
        return "—"
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
