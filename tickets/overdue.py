"""Overdue warnings (超期预警): open tickets that fall due within a few hours, one message per team
(to its duty phone, else its lawyers) and one to the district office, each ticket warned once per due
time and audience (a ``warned`` event in its history, ``to`` ``team`` or ``office``), so the periodic
check of ``make run`` never sends the same warning twice. Sending is the caller's: see
``connectors.notify.overdue``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from tickets.records import Ticket
from tickets.store import SYSTEM, TicketStore
from tickets.vocab import CHINA_TZ, OPEN_STATUSES

#: Tickets named in one SMS; the rest are counted.
LISTED_PER_MESSAGE = 5
#: Who is warned about a ticket: its team and the district office (each once per due time).
AUDIENCES = ("team", "office")
Audience = Literal["team", "office"]


@dataclass(frozen=True)
class Warning:
    """One message to send: who gets it, the text, and the tickets it warns about."""

    to: tuple[str, ...]  # phone numbers as written in the zones file / settings
    body: str
    numbers: tuple[str, ...]
    team_id: str | None  # None: the office's message


def warned_to(ticket: Ticket) -> set[str]:
    """The audiences already warned about ``ticket``'s current due time (a mark without ``to``, as
    written before audiences were told apart, covers both)."""
    due = ticket.due_at.isoformat()
    marks = [
        e.detail.get("to") for e in ticket.history if e.action == "warned" and e.detail.get("due_at") == due
    ]
    return {to for mark in marks for to in ([mark] if mark else AUDIENCES)}


def due_soon(store: TicketStore, within: timedelta) -> list[Ticket]:
    """Open tickets due in the next ``within`` (not overdue yet) that not every audience was warned about."""
    now = store.now()
    return [
        t
        for status in OPEN_STATUSES
        for t in store.list(status=status)
        if now < t.due_at <= now + within and not set(AUDIENCES) <= warned_to(t)
    ]


def warnings(store: TicketStore, tickets: list[Ticket], signature: str, office_phone: str) -> list[Warning]:
    """The messages for ``tickets`` not yet warned to each audience: one per team with a phone to text,
    then one to the office (when it has a phone)."""
    result = []
    for team in store.zones.teams:
        mine = [t for t in tickets if t.team_id == team.id and "team" not in warned_to(t)]
        phones = (
            (team.duty_phone,) if team.duty_phone else tuple(law.phone for law in team.lawyers if law.phone)
        )
        if not mine or not phones:
            continue
        body = f"{signature}超期预警：{team.firm}有 {len(mine)} 件工单即将到期。{_list(mine)}请及时答复。"
        result.append(Warning(phones, body, tuple(t.number for t in mine), team.id))
    office = [t for t in tickets if "office" not in warned_to(t)]
    if office and office_phone:
        teams = "、".join(sorted({t.team_id for t in office}))
        body = f"{signature}超期预警：{len(office)} 件工单即将到期（{teams}）。{_list(office)}"
        result.append(Warning((office_phone,), body, tuple(t.number for t in office), None))
    return result


def mark_warned(store: TicketStore, tickets: list[Ticket], to: Audience = "team") -> None:
    """Record on each ticket that ``to`` was warned for its current due time (so it is warned once)."""
    for ticket in tickets:
        store.add_event(ticket.number, SYSTEM, "warned", {"due_at": ticket.due_at.isoformat(), "to": to})


def _list(tickets: list[Ticket]) -> str:
    lines = [
        f"{t.number}（{t.zone}，{t.due_at.astimezone(CHINA_TZ).strftime('%m-%d %H:%M')}到期）"
        for t in tickets[:LISTED_PER_MESSAGE]
    ]
    more = f"等 {len(tickets)} 件" if len(tickets) > LISTED_PER_MESSAGE else ""
    return "；".join(lines) + more + "。"
