"""The consultation register and ratings on SQLite and PostgreSQL: outcomes derived from what the bot
did, tickets marking their conversation, China-time periods, 好差评 and ``huiqi report consultations``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from huiqi.cli import main
from tests.tickets.conftest import ZONES_FILE, Clock, new_ticket
from tickets import TicketStateError, TicketStore, TicketValidationError, ZoneDirectory
from tickets.consultations import Exchange, channel_for_sender
from tickets.models import PendingRatingRow

DAY = date(2026, 3, 2)  # the test clock's China-time day


def talk(store: TicketStore, clock: Clock, sender: str, *turns: tuple[str, tuple[str, ...]]) -> None:
    """Record a conversation: each turn is (the firm's message, the bot's actions)."""
    exchanges = []
    for message, actions in turns:
        policies = ("jm-2024-003",) if "answer" in actions else ()
        exchanges.append(Exchange(sender, clock(), message, actions, policies))
        clock.advance(0.01)
    store.register.record(exchanges)


def test_a_guided_eligibility_check_counts_as_answered(store: TicketStore, clock: Clock) -> None:
    talk(store, clock, "wx-o2", ("我能享受哪些政策", ("ask_zone",)), ("蓝村", ("eligibility_result",)))
    figures = store.register.report(DAY, DAY)
    assert figures["by_outcome"]["answered"] == 1 and figures["by_channel"]["wechat"] == 1


def test_outcomes_follow_what_the_bot_did(store: TicketStore, clock: Clock) -> None:
    talk(store, clock, "web-a", ("你好", ()), ("稳岗返还怎么申请？", ("answer",)))
    talk(store, clock, "web-b", ("火星移民有补贴吗", ("no_match",)), ("不用了", ()))
    talk(store, clock, "web-c", ("有没有补贴", ("ask_zone",)))
    talk(store, clock, "tel-CA01", ("你好", ()))
    talk(store, clock, "wechat-o1", ("研发费用加计扣除比例？", ("answer",)), ("海外补贴？", ("no_match",)))

    figures = store.register.report(DAY, DAY)

    assert figures["total"] == 5
    assert figures["by_channel"] == {"web": 3, "hotline": 1, "window": 0, "visit": 0, "wechat": 1}
    assert figures["by_outcome"] == {
        "answered": 2,
        "clarified": 1,
        "no_match": 1,
        "escalated": 0,
        "resolved": 0,
        "other": 1,
    }
    assert figures["tickets"] == 0
    first = store.register.get("web-a")
    assert first is not None and first["messages"] == 2 and first["first_question"] == "稳岗返还怎么申请？"
    assert first["policy_ids"] == ["jm-2024-003"]
    assert store.register.get("web-b")["no_match_question"] == "火星移民有补贴吗"  # type: ignore[index]


def test_a_ticket_escalates_its_conversation_then_a_lawyer_resolves_it(
    store: TicketStore, clock: Clock
) -> None:
    talk(
        store,
        clock,
        "web-7f1c2b",
        ("技改补贴怎么申请？", ("no_match",)),
        ("好的，找律师", ("offer_escalation",)),
    )
    ticket = store.create(new_ticket(sender_id="web-7f1c2b"))
    window = store.create(new_ticket(channel="window", sender_id=None), recorded_by="office")

    figures = store.register.report(DAY, DAY)
    assert figures["total"] == 2 and figures["tickets"] == 2
    assert figures["by_channel"]["web"] == 1 and figures["by_channel"]["window"] == 1
    assert figures["by_outcome"]["escalated"] == 2 and figures["by_outcome"]["no_match"] == 0
    own = store.register.get(f"ticket-{window.number}")
    assert own is not None and own["recorded_by"] == "office" and own["team_id"] == "team-4"

    store.reply(ticket.number, "hanxiaoguang", "可以申请，材料清单如下……")
    figures = store.register.report(DAY, DAY)
    assert figures["by_outcome"]["resolved"] == 1 and figures["by_outcome"]["escalated"] == 1


def test_periods_are_china_time_days(store: TicketStore, clock: Clock) -> None:
    clock.advance(14.5)  # 2026-03-02 23:30 China time
    talk(store, clock, "web-late", ("稳岗返还？", ("answer",)))
    clock.advance(1)  # 2026-03-03 00:30 China time
    talk(store, clock, "web-next", ("稳岗返还？", ("answer",)))

    assert store.register.report(DAY, DAY)["total"] == 1
    assert store.register.report(DAY + timedelta(days=1), DAY + timedelta(days=1))["total"] == 1
    assert store.register.report(DAY, DAY + timedelta(days=1))["total"] == 2
    with pytest.raises(ValueError):
        store.register.report(DAY, DAY - timedelta(days=1))


def test_rating_an_answer_and_a_ticket(store: TicketStore, clock: Clock) -> None:
    talk(store, clock, "web-r", ("稳岗返还？", ("answer",)))
    store.register.rate_answer("web-r", "基本满意")
    rating = store.register.rate_answer("web-r", "满意", "讲得很清楚")  # a second tap replaces the first
    assert rating.score == "satisfied" and rating.channel == "web"
    with pytest.raises(TicketValidationError):
        store.register.rate_answer("web-r", "还行")

    ticket = store.create(new_ticket(sender_id="web-t"))
    with pytest.raises(TicketStateError):  # nothing to rate before the team answered
        store.register.rate_ticket(ticket.number, "不满意")
    store.reply(ticket.number, "yanghui", "请提交以下材料……")
    rating = store.register.rate_ticket(ticket.number, "3", "材料清单不全")
    assert rating.reopened and rating.team_id == "team-4" and rating.lawyer_login == "yanghui"
    reopened = store.get(ticket.number)
    assert reopened is not None and reopened.status == "reopened"
    assert reopened.history[-1].detail["reason"] == "企业评价“不满意”：材料清单不全"

    satisfaction = store.register.report(DAY, DAY)["satisfaction"]
    assert satisfaction == {"satisfied": 1, "fair": 0, "dissatisfied": 1, "total": 2, "rate": 0.5}


def test_a_rating_before_its_conversation_is_written_waits_for_it_and_is_counted_with_it(
    store: TicketStore, clock: Clock
) -> None:
    """Another web worker took the tap while the answering one was still writing the conversation."""
    given = clock()
    waiting = store.register.rate_answer("web-p", "基本满意")
    assert waiting.pending and store.register.ratings(conversation_id="web-p") == []
    clock.advance(0.01)
    store.register.rate_answer("web-p", "不满意", "没说清楚要哪些材料")  # a second tap replaces it
    assert store.register.report(DAY, DAY)["satisfaction"]["total"] == 0  # not counted while it waits
    store.register.rate_answer("web-ghost", "满意")  # a conversation that never comes

    talk(store, clock, "web-p", ("稳岗返还要什么材料？", ("no_match",)))  # the answer is written
    [rating] = store.register.ratings(conversation_id="web-p")
    assert (rating.score, rating.comment, rating.channel) == ("dissatisfied", "没说清楚要哪些材料", "web")
    assert given < rating.created_at < clock()  # when the firm rated, not when it was settled
    satisfaction = store.register.report(DAY, DAY)["satisfaction"]
    assert (satisfaction["dissatisfied"], satisfaction["total"]) == (1, 1)  # the ghost is not counted

    talk(store, clock, "web-p", ("那找律师吧", ("offer_escalation",)))  # settled once, not again
    assert len(store.register.ratings(conversation_id="web-p")) == 1
    rated = store.register.rate_answer("web-p", "满意")  # now in the register: recorded at once
    assert not rated.pending and [r.score for r in store.register.ratings(conversation_id="web-p")] == [
        "satisfied"
    ]

    clock.advance(25)  # the ghost's conversation never came: dropped when the next rating waits
    store.register.rate_answer("web-late", "满意")
    with store.engine.connect() as conn:
        waiting = conn.execute(select(PendingRatingRow.conversation_id)).scalars().all()
    assert waiting == ["web-late"]


def test_sender_prefixes_name_the_channel() -> None:
    assert [channel_for_sender(s) for s in ("web-1", "tel-CA1", "wx-o1", "window-9", "visit-3", "x")] == [
        "web",
        "hotline",
        "wechat",
        "window",
        "visit",
        "web",
    ]


def test_report_command_prints_the_contract(tmp_path: Path, zones: ZoneDirectory) -> None:
    data = tmp_path / "data"
    store = TicketStore(f"sqlite:///{data}/huiqi.db", zones)
    clock = Clock()
    clock.now = store.now()
    talk(store, clock, "web-cli", ("稳岗返还？", ("answer",)))
    store.dispose()
    env = {"HUIQI_DATA_DIR": str(data), "HUIQI_ZONES_FILE": str(ZONES_FILE), "HUIQI_DATABASE_URL": ""}
    today = clock.now.date().isoformat()
    since = (clock.now.date() - timedelta(days=1)).isoformat()

    result = CliRunner().invoke(main, ["report", "consultations", "--since", since, "--json"], env=env)

    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert list(figures) == ["total", "by_channel", "by_outcome", "tickets", "satisfaction"]
    assert figures["total"] == 1 and figures["by_outcome"]["answered"] == 1
    result = CliRunner().invoke(
        main, ["report", "consultations", "--since", today, "--until", since], env=env
    )
    assert result.exit_code != 0 and "结束日期早于起始日期" in result.output
    result = CliRunner().invoke(main, ["report", "consultations", "--since", "2026/03/01"], env=env)
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_programme_weeks_and_gaps_follow_china_time(store: TicketStore, clock: Clock) -> None:
    clock.now = datetime(2026, 3, 1, 15, 30, tzinfo=UTC)  # Sunday 23:30 China time
    talk(store, clock, "web-sun", ("稳岗返还？", ("answer",)))
    clock.advance(1)  # Monday 00:30 China time: a new week
    store.register.record([Exchange("web-mon", clock(), "火星开厂补贴", ("no_match",), topic="火星")])
    store.register.record([Exchange("web-mon2", clock(), "火星厂房", ("no_match",), topic="火星")])

    figures = store.register.programme(date(2026, 2, 23), date(2026, 3, 8))

    assert [(monday.isoformat(), sum(c.values())) for monday, c in figures.weeks] == [
        ("2026-02-23", 1),
        ("2026-03-02", 2),
    ]
    assert figures.report["total"] == 3 and figures.weeks[1][1]["no_match"] == 2
    assert [(g.topic, g.count, g.examples) for g in figures.gaps] == [
        ("火星", 2, ("火星厂房", "火星开厂补贴"))
    ]
