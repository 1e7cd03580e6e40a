"""Rights protection (维权) on SQLite and PostgreSQL: the team's lawyer records facts, clause and
department, the steps taken and the outcome with the money obtained as written; a department at fault
opens a feedback flag; the period's figures count it all. Money is read as people write it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.tickets.conftest import Clock, new_ticket
from tickets import TicketError, TicketStore
from tickets.money import format_fen, parse_fen
from tickets.rights import CASE_DAYS

CLAUSE = {
    "policy_id": "JM-2023-004",
    "title": "即墨区高新技术企业奖励办法",
    "clause": "第五条",
    "text": "首次认定奖励20万元。",
    "issuer": "即墨区科学技术局",
}
COMPLAINT = "我们去年通过了高企认定，区里的20万元奖励一直没发，找律师"


@pytest.mark.parametrize(
    ("written", "fen"),
    [
        ("12.5万元", 12_500_000),
        ("十二万五千元", 12_500_000),
        ("¥125,000", 12_500_000),
        ("125000", 12_500_000),
        ("1.2亿元", 12_000_000_000),
        ("两百万", 200_000_000),
        ("3千元", 300_000),
        ("", 0),
    ],
)
def test_money_is_read_as_people_write_it(written: str, fen: int) -> None:
    assert parse_fen(written) == fen


@pytest.mark.parametrize("written", ["约十万", "12万美元", "-5万", "一些钱", "1e9"])
def test_unreadable_money_is_refused_with_the_way_to_write_it(written: str) -> None:
    with pytest.raises(TicketError, match=r"12\.5万元"):
        parse_fen(written)


def test_money_is_shown_as_the_district_writes_it() -> None:
    assert [format_fen(f) for f in (12_500_000, 12_000_000_000, 300_000, 0)] == [
        "12.5万元",
        "1.2亿元",
        "3000元",
        "0元",
    ]


def test_a_rights_case_follows_its_steps_to_an_outcome_that_feeds_the_figures_and_the_feedback_loop(
    store: TicketStore, clock: Clock
) -> None:
    first_day = clock().date()
    ticket = store.create(new_ticket(category="维权投诉", question=COMPLAINT))  # team-4
    lawyer = store.zones.team("team-4").lawyers[0].login
    with pytest.raises(TicketError, match="律师团队"):  # another team's lawyer
        store.rights.save(ticket.number, by="zhangmingyuan", facts="x", department="y")
    with pytest.raises(TicketError, match="先填写案件事实"):
        store.rights.add_step(ticket.number, by=lawyer, kind="contact", note="电话联系科技局")
    with pytest.raises(TicketError, match="涉及部门"):
        store.rights.save(ticket.number, by=lawyer, facts="2025年通过高企认定，奖励未发放。", department=" ")

    case = store.rights.save(
        ticket.number, by=lawyer, facts="2025年通过高企认定，奖励未发放。", department="即墨区科学技术局"
    )
    assert case.due_at == ticket.created_at + timedelta(days=CASE_DAYS) and case.outcome_label == "办理中"
    with pytest.raises(TicketError, match="先填写所依据的政策条款"):  # a flag needs the clause's issuer
        store.rights.conclude(ticket.number, by=lawyer, outcome="resolved", department_at_fault=True)
    store.rights.save(ticket.number, by=lawyer, facts=case.facts, department=case.department, policy=CLAUSE)

    clock.advance(24)
    store.rights.add_step(ticket.number, by=lawyer, kind="contact", note="电话联系科技局，答复资金尚未拨付。")
    with pytest.raises(TicketError, match="措施类型"):
        store.rights.add_step(ticket.number, by=lawyer, kind="lawsuit", note="起诉")
    with pytest.raises(TicketError, match="晚于今天"):
        store.rights.add_step(ticket.number, by=lawyer, kind="opinion", note="x", on=date(2030, 1, 1))
    store.rights.add_step(ticket.number, by=lawyer, kind="opinion", note="出具法律意见书，认为应当兑现。")
    with pytest.raises(TicketError, match="未解决的案件"):
        store.rights.conclude(ticket.number, by=lawyer, outcome="unresolved", amount="5万元")

    clock.advance(24 * 5)
    done = store.rights.conclude(
        ticket.number,
        by=lawyer,
        outcome="resolved",
        amount="20万元",
        note="奖励已到账",
        department_at_fault=True,
    )
    assert done.amount_fen == 20_000_000 and done.amount_label == "20万元" and done.outcome_label == "已解决"
    assert [s.kind_label for s in done.steps] == ["联系有关部门", "出具法律意见书"]
    assert not done.overdue(clock())
    with pytest.raises(TicketError, match="已办结"):
        store.rights.add_step(ticket.number, by=lawyer, kind="other", note="补充")

    flag = store.feedback.get(done.feedback_id)  # the department at fault: a flag to the clause's issuer
    assert flag.issuer == "即墨区科学技术局" and flag.kind == "not_implemented" and flag.status == "open"
    assert flag.evidence["tickets"] == [ticket.number] and "维权案件" in flag.description

    history = [e.action for e in store.get(ticket.number).history]
    assert history[-4:] == ["rights_saved", "rights_step", "rights_step", "rights_concluded"]

    other = store.create(new_ticket(category="维权投诉", question="街道乱收费"))  # still open
    store.create(new_ticket(category="政策咨询"))  # not 维权
    today = clock().date()
    summary = store.rights.summary(today - timedelta(days=30), today)
    assert (summary.opened, summary.concluded, summary.resolved, summary.on_time) == (2, 1, 1, 1)
    assert (summary.money_fen, summary.money_label, summary.department_faults) == (20_000_000, "20万元", 1)
    assert (summary.open_now, summary.overdue_now) == (1, 0)
    assert [c.ticket_number for c in store.rights.concluded_between(first_day, today)] == [ticket.number]
    assert store.rights.concluded_between(first_day, first_day) == []
    clock.advance(24 * CASE_DAYS + 1)
    later = store.rights.summary(today + timedelta(days=1), clock().date())
    assert (later.overdue_now, later.opened, later.concluded) == (1, 0, 0)
    assert store.rights.get(other.number) is None


def test_only_a_rights_ticket_has_a_rights_case(store: TicketStore) -> None:
    ticket = store.create(new_ticket(category="政策咨询"))
    lawyer = store.zones.team("team-4").lawyers[0].login
    with pytest.raises(TicketError, match="不是维权投诉"):
        store.rights.save(ticket.number, by=lawyer, facts="x", department="y")


def test_a_complaint_filed_under_another_category_is_taken_up_as_rights_protection(
    store: TicketStore,
) -> None:
    ticket = store.create(new_ticket(category="政策咨询", question="稳岗返还批了半年还没到账"))
    lawyer = store.zones.team("team-4").lawyers[0].login
    with pytest.raises(TicketError, match="权限"):
        store.recategorise(ticket.number, "维权投诉", "zhangmingyuan")  # another team
    with pytest.raises(TicketError, match="问题类别"):
        store.recategorise(ticket.number, "加急", lawyer)
    moved = store.recategorise(ticket.number, "维权投诉", lawyer)
    assert moved.category == "维权投诉" and moved.due_at == ticket.due_at  # the due time stays
    assert moved.history[-1].action == "recategorised" and moved.history[-1].detail == {
        "from": "政策咨询",
        "to": "维权投诉",
    }
    with pytest.raises(TicketError, match="已是"):
        store.recategorise(ticket.number, "维权投诉", lawyer)
    assert store.rights.save(
        ticket.number, by=lawyer, facts="返还款未到账。", department="区人社局"
    ).department
