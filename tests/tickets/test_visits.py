"""Visits (走访) on SQLite and PostgreSQL: who may log them, follow-up tickets on the 走访 channel for
the zone's team, the register, and counts per team and zone."""

from __future__ import annotations

from datetime import date

import pytest

from tickets import TicketError, TicketStore


def log_visit(store: TicketStore, by: str, **fields: object) -> object:
    values: dict[str, object] = {
        "firm_name": "青岛蓝村精密机械有限公司",
        "contact_name": "王立军",
        "phone": "139 1234 5678",
        "zone": "蓝村街道",
        "visited_on": date(2026, 3, 1),
        "topics": ["政策宣讲", "奖补申报", "政策宣讲"],
        "findings": "企业不清楚技改补贴的申报时间，已现场讲解。",
        "follow_ups": [],
    }
    values.update(fields)
    return store.visits.log(by=by, **values)  # type: ignore[arg-type]


def test_a_visit_opens_follow_up_tickets_for_the_zone_team_and_is_counted(store: TicketStore) -> None:
    team4 = store.zones.team("team-4").lawyers[0].login
    plain = log_visit(store, team4)
    followed = log_visit(
        store,
        team4,
        firm_name="即墨某服装有限公司",
        follow_ups=["研发费用加计扣除口径不清", "", "社保补贴被拒"],
    )
    assert plain.topics == ("政策宣讲", "奖补申报") and plain.ticket_numbers == ()
    assert len(followed.ticket_numbers) == 2
    ticket = store.get(followed.ticket_numbers[0])
    assert (ticket.channel, ticket.team_id, ticket.question, ticket.firm_name) == (
        "visit",
        "team-4",
        "研发费用加计扣除口径不清",
        "即墨某服装有限公司",
    )
    summary = store.visits.summary(first=date(2026, 3, 1), last=date(2026, 3, 1))
    assert (summary.total, summary.firms, summary.follow_ups) == (2, 2, 2)
    assert summary.by_team["team-4"] == 2 and summary.by_team["team-1"] == 0
    assert summary.by_zone["蓝村街道"] == 2 and summary.by_zone["环秀街道"] == 0
    assert store.visits.list(team_id="team-4")[0].firm_name == "即墨某服装有限公司"
    assert store.visits.list(team_id="team-1") == []
    report = store.register.report(date(2026, 3, 1), date(2026, 3, 2))
    assert report["by_channel"]["visit"] == 3  # one answered on the spot, two escalated


def test_only_the_zone_team_or_the_office_log_a_visit_and_bad_ones_are_refused(store: TicketStore) -> None:
    with pytest.raises(TicketError, match="team-4"):
        log_visit(store, "zhangmingyuan")  # a team-1 lawyer, 蓝村街道 is team-4's
    assert log_visit(store, "office").team_id == "team-4"
    team4 = store.zones.team("team-4").lawyers[0].login
    for fields, says in [
        ({"topics": [" "]}, "走访主题"),
        ({"findings": ""}, "走访发现"),
        ({"visited_on": date(2026, 3, 9)}, "晚于今天"),
        ({"phone": "12"}, "电话"),
    ]:
        with pytest.raises(TicketError, match=says):
            log_visit(store, team4, follow_ups=["要跟进"], **fields)
    assert store.count() == 0 and store.visits.summary().total == 1
