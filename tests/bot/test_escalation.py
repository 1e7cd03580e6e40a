"""Cleaning what the firm tells the escalation form, and announcing its ticket."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from bot.actions import escalation


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("我要找律师，我们的高企奖励一直没发下来怎么办", "我们的高企奖励一直没发下来怎么办"),
        ("我想咨询律师高企认定失败了还能不能申请奖励", "高企认定失败了还能不能申请奖励"),
        ("找律师，我们和供应商的合同纠纷怎么处理", "我们和供应商的合同纠纷怎么处理"),
        ("转人工", None),
        ("这个问题我想问律师", None),
        ("有没有律师能帮忙看看", None),
        ("机器人说不清，找个人", None),  # the assistant, though 机器人 is a dictionary term
        ("找律师，工业机器人应用补贴被退回了", "工业机器人应用补贴被退回了"),
    ],
)
def test_question_said_with_the_request_for_a_lawyer(said: str, expected: str | None) -> None:
    assert escalation.question_in_request(said) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("青岛惠民机械有限公司", "青岛惠民机械有限公司"),
        ("我们公司叫青岛惠民机械有限公司。", "青岛惠民机械有限公司"),
        ("公司名称是即墨区蓝村老王五金商行", "即墨区蓝村老王五金商行"),
        ("惠民机械", "惠民机械"),
        ("啊", None),
    ],
)
def test_clean_firm_name(said: str, expected: str | None) -> None:
    assert escalation.clean_firm_name(said) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("我叫王丽", "王丽"),
        ("联系人张经理", "张经理"),
        ("王丽", "王丽"),
        ("免贵姓李", None),
        ("13912345678", None),
        ("环秀街道", None),  # the zone, said where the name was asked
        ("青岛惠民机械有限公司", None),
        ("李总", "李总"),
        ("南村镇", None),
        ("王镇", "王镇"),  # a name that ends like a town
    ],
)
def test_clean_contact_name(said: str, expected: str | None) -> None:
    assert escalation.clean_contact_name(said) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("13912345678", "+8613912345678"),
        ("我的手机是139 1234 5678", "+8613912345678"),
        ("座机0532-88551234", "+8653288551234"),
        ("12345", None),
        ("没有电话", None),
    ],
)
def test_clean_phone(said: str, expected: str | None) -> None:
    assert escalation.clean_phone(said) == expected


def test_transcript_keeps_firm_and_bot_turns_in_order() -> None:
    events = [
        {"event": "action", "name": "action_listen", "timestamp": 1.0},
        {"event": "user", "text": "高企奖励多少", "timestamp": 1_764_400_000.0},
        {"event": "bot", "text": "一次性给予20万元奖励。", "timestamp": 1_764_400_001.0},
        {"event": "user", "text": "/affirm", "timestamp": 1_764_400_002.0},
    ]
    assert escalation.transcript_from_events(events) == [
        {"role": "firm", "text": "高企奖励多少", "at": "2025-11-29T07:06:40+00:00"},
        {"role": "bot", "text": "一次性给予20万元奖励。", "at": "2025-11-29T07:06:41+00:00"},
    ]


def test_channel_comes_from_the_sender_id() -> None:
    assert escalation.channel_for("tel-CA123") == "hotline"
    assert escalation.channel_for("web-1b2c") == "web"
    assert escalation.channel_for("wx-oAbC123") == "wechat"  # a WeChat ticket is not a web one


def test_ticket_message_tells_number_team_and_due_time_in_beijing_time() -> None:
    ticket = SimpleNamespace(
        number="HQ-20261129-0007",
        team_id="team-2",
        status="new",
        due_at=datetime(2026, 12, 1, 2, 0, tzinfo=UTC),
    )
    text = escalation.ticket_message(ticket, "青岛示例律师事务所", "蓝村街道")
    assert "HQ-20261129-0007" in text
    assert "蓝村街道由青岛示例律师事务所律师团队负责" in text
    assert "12月01日10:00前" in text
    spoken = escalation.ticket_message(ticket, "青岛示例律师事务所（示例）", "蓝村街道", channel="hotline")
    assert "由青岛示例律师事务所负责" in spoken
    assert spoken.count("工单号是HQ-20261129-0007") == 2 and "12月1日10点前联系您" in spoken
    assert escalation.ticket_payload(ticket, "青岛示例律师事务所") == {
        "number": "HQ-20261129-0007",
        "team": "team-2",
        "firm": "青岛示例律师事务所",
        "status": "new",
        "due_at": "2026-12-01T02:00+00:00",
    }


def test_the_hotline_asks_the_zone_first() -> None:
    slots = ["question", "firm_name", "contact_name", "phone", "zone"]
    assert escalation.slot_order(slots, "web") == slots
    assert escalation.slot_order(slots, "hotline") == [
        "zone",
        "question",
        "firm_name",
        "contact_name",
        "phone",
    ]


def test_a_caller_who_hangs_up_keeps_a_ticket_only_if_a_team_can_call_back() -> None:
    from tickets import NewTicket

    request = NewTicket(
        channel="hotline", firm_name=None, contact_name=None, phone="+8613912345678", zone="蓝村街道",
        category="政策咨询", question=None, sender_id="tel-CA1",
    )  # fmt: skip
    ticket = escalation.hang_up_ticket(request, "研发费用奖补多少钱")
    assert ticket.question == "研发费用奖补多少钱" and ticket.firm_name == escalation.FIRM_NAME_MISSING
    assert escalation.hang_up_ticket(request, None).question == escalation.QUESTION_MISSING
    assert escalation.hang_up_ticket(dataclasses.replace(request, zone=None), "问题") is None
    assert escalation.hang_up_ticket(dataclasses.replace(request, channel="web"), "问题") is None
