"""The overview's counting (tickets.overview) on real tickets from the store: periods, open and
overdue now, time to first reply, zones with no ticket, the policy ranking and the policy gaps."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.tickets.conftest import Clock, new_ticket
from tickets import TicketStore, ZoneDirectory
from tickets.overview import (
    DEFAULT_PERIOD,
    Bar,
    Overview,
    build_overview,
    duration_zh,
    parse_period,
)

TEAM4_LAWYER = "hanxiaoguang"  # 蓝村街道, 灵山街道 …


def cite(*policies: tuple[str, str]) -> list[dict[str, str]]:
    return [{"policy_id": pid, "title": title, "clause": "第一条"} for pid, title in policies]


def all_zones(zones: ZoneDirectory) -> list[tuple[str, str]]:
    return [(z, zones.team_for_zone(z).id) for z in zones.zones]


def overview(store: TicketStore, zones: ZoneDirectory, period: str = "all", user: str = "office") -> Overview:
    return build_overview(store.list_for_user(user), all_zones(zones), parse_period(period), store.now())


def test_period_filter_counts_only_tickets_created_in_the_window(
    store: TicketStore, zones: ZoneDirectory, clock: Clock
) -> None:
    for day_gap in (0, 40, 40, 15):  # created on days 0, 40, 80 and 95
        clock.advance(24 * day_gap)
        store.create(new_ticket())
    clock.advance(24)  # now: day 96
    totals = {p: overview(store, zones, p).total for p in ("7", "30", "90", "all")}
    assert totals == {"7": 1, "30": 2, "90": 3, "all": 4}
    week = overview(store, zones, "7")
    assert week.since == store.now() - timedelta(days=7)
    # open and overdue are "now", over every visible ticket, whatever the period
    assert (week.open_now, week.overdue_now) == (4, 3)  # the newest is not due yet


def test_open_and_overdue_now(store: TicketStore, zones: ZoneDirectory, clock: Clock) -> None:
    old = store.create(new_ticket(category="维权投诉"))  # 24 h to answer
    answered = store.create(new_ticket())
    store.reply(answered.number, TEAM4_LAWYER, "已答复。")
    clock.advance(30)
    store.create(new_ticket())  # fresh, not yet due
    figures = overview(store, zones)
    assert (figures.total, figures.open_now, figures.overdue_now) == (3, 2, 1)
    store.close(old.number, TEAM4_LAWYER)
    assert overview(store, zones).overdue_now == 0


def test_median_time_to_first_reply_counts_the_first_reply_only(
    store: TicketStore, zones: ZoneDirectory, clock: Clock
) -> None:
    tickets = [store.create(new_ticket()) for _ in range(4)]
    for hours, ticket in zip((2, 2, 5), tickets[:3], strict=True):  # first replies after 2, 4, 9 h
        clock.advance(hours)
        store.reply(ticket.number, TEAM4_LAWYER, "答复")
    clock.advance(10)
    store.reply(tickets[0].number, TEAM4_LAWYER, "补充答复")  # a later reply changes nothing
    figures = overview(store, zones)
    assert figures.replied == 3
    assert figures.median_first_reply == timedelta(hours=4)
    assert duration_zh(figures.median_first_reply) == "4 小时"


def test_every_zone_has_a_row_and_counts_add_up(store: TicketStore, zones: ZoneDirectory) -> None:
    store.create(new_ticket(zone="蓝村街道", category="政策咨询"))
    store.create(new_ticket(zone="蓝村街道", category="维权投诉", channel="hotline"))
    store.create(new_ticket(zone="环秀街道", category="维权投诉"))
    figures = overview(store, zones)
    assert len(figures.zone_table) == len(zones.zones) == 22
    rows = {r.zone: r for r in figures.zone_table}
    assert rows["蓝村街道"].total == 2 and rows["蓝村街道"].team_id == "team-4"
    assert rows["环秀街道"].by_category[figures.categories.index("维权投诉")] == 1
    assert rows["田横镇"].total == 0  # a silent zone still shows
    assert sum(figures.category_totals) == figures.total == 3
    assert {b.key: b.count for b in figures.by_zone}["田横镇"] == 0
    channels = {b.label: b.count for b in figures.by_channel}
    assert channels == {"网页对话": 2, "电话热线": 1, "窗口": 0, "走访": 0, "微信公众号": 0}
    assert {b.key: b.count for b in figures.by_status}["new"] == 3


def test_a_wechat_ticket_is_counted_as_wechat_not_web(store: TicketStore, zones: ZoneDirectory) -> None:
    store.create(new_ticket(zone="蓝村街道", channel="wechat"))
    channels = {b.label: b.count for b in overview(store, zones).by_channel}
    assert channels["微信公众号"] == 1 and channels["网页对话"] == 0


def test_a_team_lawyer_counts_only_the_team_tickets(store: TicketStore, zones: ZoneDirectory) -> None:
    store.create(new_ticket(zone="蓝村街道"))
    store.create(new_ticket(zone="环秀街道"))
    team = zones.team("team-4")
    own = build_overview(
        store.list_for_user(TEAM4_LAWYER),
        [(z, team.id) for z in team.zones],
        parse_period("all"),
        store.now(),
    )
    assert own.total == 1
    assert [r.zone for r in own.zone_table] == list(team.zones)


def test_policies_ranked_by_tickets_citing_them(store: TicketStore, zones: ZoneDirectory) -> None:
    both = cite(("jm-b", "稳岗返还通知"), ("jm-b", "稳岗返还通知"), ("jm-a", "技改办法"))
    store.create(new_ticket(citations=both))  # two clauses of jm-b: one ticket
    store.create(new_ticket(citations=cite(("jm-b", "稳岗返还通知"))))
    store.create(new_ticket(citations=cite(("jm-c", "人才政策"), ("jm-b", "稳岗返还通知（2025 年修订）"))))
    store.create(new_ticket(citations=[]))
    ranked = [(p.policy_id, p.title, p.count) for p in overview(store, zones).top_policies]
    assert ranked == [
        ("jm-b", "稳岗返还通知（2025 年修订）", 3),  # the newest title
        ("jm-a", "技改办法", 1),
        ("jm-c", "人才政策", 1),
    ]


def test_escalations_without_citation_newest_first_with_phones_hidden(
    store: TicketStore, zones: ZoneDirectory, clock: Clock
) -> None:
    store.create(new_ticket(citations=[], question="第一件：外贸企业出口信保有没有补贴？"))
    clock.advance(1)
    store.create(new_ticket(question="有引用的问题"))
    clock.advance(1)
    latest = store.create(
        new_ticket(
            citations=[],
            question="第二件：请回电 139 1234 5678 或 0532-88512345，数据中心电费能补吗？",
        )
    )
    figures = overview(store, zones)
    assert figures.uncited == 2
    gaps = figures.latest_uncited
    assert [g.number for g in gaps] == [latest.number, gaps[1].number]
    assert gaps[0].question.startswith("第二件") and gaps[1].question.startswith("第一件")
    assert "5678" not in gaps[0].question and "88512345" not in gaps[0].question
    assert "电话已隐去" in gaps[0].question and "数据中心电费能补吗" in gaps[0].question


@pytest.mark.parametrize("value", [None, "", "365", "abc", "7 ", "ALL", "-1", "30' OR 1=1"])
def test_unknown_periods_fall_back_to_30_days(value: str | None) -> None:
    assert parse_period(value) is DEFAULT_PERIOD
    assert DEFAULT_PERIOD.days == 30


def test_bar_widths_step_by_five_per_cent_and_never_hide_a_ticket() -> None:
    assert [Bar("k", "k", n, 40).step for n in (0, 1, 9, 20, 40)] == [0, 5, 20, 50, 100]
    assert Bar("k", "k", 1, 3).percent == 33
    assert Bar("k", "k", 0, 0).step == 0


def test_durations_in_chinese() -> None:
    assert duration_zh(None) == "—"
    assert duration_zh(timedelta(seconds=20)) == "不到 1 分钟"
    assert duration_zh(timedelta(hours=5, minutes=20)) == "5 小时 20 分钟"
    assert duration_zh(timedelta(days=2, hours=3)) == "2 天 3 小时"
