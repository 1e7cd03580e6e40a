"""The fixed vocabularies of a ticket: channels, categories, statuses and default SLA hours."""

from __future__ import annotations

from datetime import timedelta, timezone

#: The district's clock: ticket numbers and report days use China time (UTC+8, no daylight saving).
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

#: Where a ticket came from.
CHANNELS: tuple[str, ...] = ("web", "hotline", "window", "visit", "wechat")

#: What the firm needs (issue 4); the bot and the console use exactly these labels.
CATEGORIES: tuple[str, ...] = ("政策咨询", "政策适用", "维权投诉", "法律体检预约", "其他")

#: Life cycle: new → assigned → answered → closed; answered/closed → reopened → assigned/answered …
STATUSES: tuple[str, ...] = ("new", "assigned", "answered", "closed", "reopened")

#: The category of a rights complaint (维权): a procedure of its own (``tickets.rights``).
RIGHTS_CATEGORY = "维权投诉"

#: Statuses in which the team still owes the firm an answer (these can be overdue).
OPEN_STATUSES: tuple[str, ...] = ("new", "assigned", "reopened")

#: Chinese labels for statuses, for messages and pages.
STATUS_LABELS: dict[str, str] = {
    "new": "待分派",
    "assigned": "办理中",
    "answered": "已答复",
    "closed": "已关闭",
    "reopened": "已重新打开",
}

#: Hours from creation (or reopening) to the due time, per category; ``sla_hours`` in zones.yaml
#: overrides any of them.
DEFAULT_SLA_HOURS: dict[str, int] = {
    "政策咨询": 48,
    "政策适用": 72,
    "维权投诉": 24,
    "法律体检预约": 120,
    "其他": 72,
}

#: Account roles: a lawyer works on their own team's tickets; the district office sees every team,
#: logs window and visit cases, moves tickets between teams and manages accounts; a department user
#: answers feedback on its own policies; a policy editor reviews the collection.
ROLES: tuple[str, ...] = ("lawyer", "office", "department", "editor")
ROLE_LABELS: dict[str, str] = {
    "lawyer": "律师",
    "office": "区办公室",
    "department": "政策制定部门",
    "editor": "政策编辑",
}
