"""Overdue warnings (超期预警): open tickets that fall due within a few hours, one message per team
(to its duty phone, else its lawyers) and one to the district office, each ticket warned once per due
time (a ``warned`` event in its history). Sending is the caller's: see ``connectors.notify.overdue``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tickets.records import Ticket
from tickets.store import SYSTEM, TicketStore
from tickets.vocab import CHINA_TZ, OPEN_STATUSES

#: Tickets named in one SMS; the rest are counted.
LISTED_PER_MESSAGE = 5


@dataclass(frozen=True)
class Warning:
    """One message to send: who gets it, the text, and the tickets it warns about."""

    to: tuple[str, ...]  # phone numbers as written in the zones file / settings
    body: str
    numbers: tuple[str, ...]
    team_id: str | None  # None: the office's message


def due_soon(store: TicketStore, within: timedelta) -> list[Ticket]:
    """Open tickets due in the next ``within`` (not overdue yet) that were not warned for this due time."""
    now = store.now()
    return [
        t
        for status in OPEN_STATUSES
        for t in store.list(status=status)
        if now < t.due_at <= now + within
        and not any(
            e.action == "warned" and e.detail.get("due_at") == t.due_at.isoformat() for e in t.history
        )
    ]


def warnings(store: TicketStore, tickets: list[Ticket], signature: str, office_phone: str) -> list[Warning]:
    """The messages for ``tickets``: one per team with any, then one to the office (when it has a phone)."""
    result = []
    for team in store.zones.teams:
        mine = [t for t in tickets if t.team_id == team.id]
        if not mine:
            continue
        phones = (team.duty_phone,) if team.duty_phone else tuple(law.phone for law in team.lawyers)
        body = f"{signature}超期预警：{team.firm}有 {len(mine)} 件工单即将到期。{_list(mine)}请及时答复。"
        result.append(Warning(phones, body, tuple(t.number for t in mine), team.id))
    if tickets and office_phone:
        teams = "、".join(sorted({t.team_id for t in tickets}))
        body = f"{signature}超期预警：{len(tickets)} 件工单即将到期（{teams}）。{_list(tickets)}"
        result.append(Warning((office_phone,), body, tuple(t.number for t in tickets), None))
    return result


def mark_warned(store: TicketStore, tickets: list[Ticket]) -> None:
    """Record on each ticket that it was warned for its current due time (so it is warned once)."""
    for ticket in tickets:
        store.add_event(ticket.number, SYSTEM, "warned", {"due_at": ticket.due_at.isoformat()})


def _list(tickets: list[Ticket]) -> str:
    lines = [
        f"{t.number}（{t.zone}，{t.due_at.astimezone(CHINA_TZ).strftime('%m-%d %H:%M')}到期）"
        for t in tickets[:LISTED_PER_MESSAGE]
    ]
    more = f"等 {len(tickets)} 件" if len(tickets) > LISTED_PER_MESSAGE else ""
    return "；".join(lines) + more + "。"
