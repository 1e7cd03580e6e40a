"""Daily digest per team: new tickets nobody has taken, overdue ones, and ones due today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tickets.records import Ticket
from tickets.store import CHINA_TZ, TicketStore
from tickets.vocab import OPEN_STATUSES


@dataclass
class TeamDigest:
    """One team's digest at ``at`` (China time decides what "today" is)."""

    team_id: str
    firm: str
    at: datetime
    new: list[Ticket] = field(default_factory=list)
    overdue: list[Ticket] = field(default_factory=list)
    due_today: list[Ticket] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: ticket numbers per section."""
        return {
            "team": self.team_id,
            "firm": self.firm,
            "at": self.at.isoformat(),
            "new": [t.number for t in self.new],
            "overdue": [t.number for t in self.overdue],
            "due_today": [t.number for t in self.due_today],
        }

    def render(self) -> str:
        """Plain-text digest in Chinese, one line per ticket."""
        day = self.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d")
        lines = [f"【{self.firm}（{self.team_id}）工单日报 {day}】"]
        for title, tickets in (
            ("已超期", self.overdue),
            ("今日到期", self.due_today),
            ("新工单待分派", self.new),
        ):
            lines.append(f"{title}：{len(tickets)} 件")
            lines += [f"  {_line(t)}" for t in tickets]
        return "\n".join(lines)


def _line(ticket: Ticket) -> str:
    due = ticket.due_at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M")
    who = ticket.assigned_login or "未分派"
    return f"{ticket.number} {ticket.zone} {ticket.category} {ticket.firm_name}（{who}，时限 {due}）"


def team_digest(store: TicketStore, team_id: str, at: datetime | None = None) -> TeamDigest:
    """Build the digest of one team.

    Args:
        store: the ticket store.
        team_id: e.g. ``team-1``.
        at: the moment of the digest (default: the store's clock).

    Raises:
        KeyError: unknown team.
    """
    team = store.zones.team(team_id)
    if team is None:
        raise KeyError(f"未知团队：{team_id}")
    at = at or store.now()
    end_of_day = datetime.combine(
        at.astimezone(CHINA_TZ).date() + timedelta(days=1), datetime.min.time(), CHINA_TZ
    )
    digest = TeamDigest(team.id, team.firm, at)
    for ticket in store.list(team_id=team.id):
        if ticket.status not in OPEN_STATUSES:
            continue
        if ticket.due_at < at:
            digest.overdue.append(ticket)
        elif ticket.due_at < end_of_day:
            digest.due_today.append(ticket)
        if ticket.status == "new":
            digest.new.append(ticket)
    return digest


def digests(store: TicketStore, team_id: str | None = None, at: datetime | None = None) -> list[TeamDigest]:
    """Digests of one team, or of every team in the zones file."""
    ids = [team_id] if team_id else [t.id for t in store.zones.teams]
    return [team_digest(store, tid, at) for tid in ids]
