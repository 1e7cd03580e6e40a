"""Policy feedback on SQLite and PostgreSQL: raised with evidence by a lawyer, sent by the office,
answered by the issuing department's account only, tracked to closed; and the report as .docx and PDF."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from docx import Document

from huiqi.settings import get_settings
from tests.pdf_text import read_pdf
from tests.tickets.conftest import new_ticket
from tickets import TicketError, TicketStore
from tickets.consultations import Exchange
from tickets.feedback import Feedback
from tickets.feedback_report import feedback_report_docx, feedback_report_pdf

POLICY = {
    "policy_id": "JM-2023-004",
    "policy_title": "即墨区高新技术企业奖励办法",
    "issuer": "即墨区科学技术局",
}


def test_a_flag_goes_to_its_department_and_is_tracked_until_closed(store: TicketStore) -> None:
    store.accounts.create(
        "kejiju", "区科技局", "department", "a long enough secret", by="office",
        department="即墨区科学技术局", departments=["即墨区科学技术局", "即墨区财政局"],
    )  # fmt: skip
    store.accounts.create(
        "caizheng", "区财政局", "department", "a long enough secret", by="office",
        department="即墨区财政局", departments=["即墨区科学技术局", "即墨区财政局"],
    )  # fmt: skip
    ticket = store.create(new_ticket())  # team-4
    lawyer = store.zones.team("team-4").lawyers[0].login
    now = store.now()
    store.register.record([Exchange("web-a", now, "高企奖励多少", ("answer",), ("JM-2023-004",))])
    store.register.record([Exchange("web-b", now, "高企奖励什么时候发", ("answer",), ("JM-2023-004", "X"))])
    with pytest.raises(TicketError, match="找不到工单"):
        store.feedback.raise_flag(
            by="zhangmingyuan",
            kind="not_implemented",
            description="x",
            ticket_numbers=[ticket.number],
            **POLICY,
        )
    item = store.feedback.raise_flag(
        by=lawyer,
        kind="not_implemented",
        description="奖励迟迟不兑现。",
        ticket_numbers=[ticket.number.lower()],
        **POLICY,
    )
    assert item.evidence == {"tickets": [ticket.number], "conversations": [], "questions": 2}
    department = store.account("kejiju")
    assert store.feedback.list(department) == []  # not sent yet
    with pytest.raises(TicketError):
        store.feedback.advance(item.id, "acknowledged", by="kejiju")
    with pytest.raises(TicketError, match="不由您的账号"):
        store.feedback.advance(item.id, "sent", by=lawyer)
    store.feedback.advance(item.id, "sent", by="office")
    assert [i.id for i in store.feedback.list(department)] == [item.id]
    assert store.feedback.list(store.account("caizheng")) == []
    with pytest.raises(TicketError):
        store.feedback.advance(item.id, "acknowledged", by="caizheng")  # another department: not found
    with pytest.raises(TicketError, match="答复内容"):
        store.feedback.advance(item.id, "answered", by="kejiju", note=" ")
    store.feedback.advance(item.id, "acknowledged", by="kejiju")
    store.feedback.advance(item.id, "answered", by="kejiju", note="已安排本月兑现，并修订第五条。")
    assert store.feedback.open_count("JM-2023-004") == 1
    store.feedback.advance(item.id, "changed", by="kejiju")
    done = store.feedback.advance(item.id, "closed", by="office")
    assert [s.action for s in done.history] == [
        "raised",
        "sent",
        "acknowledged",
        "answered",
        "changed",
        "closed",
    ]
    assert done.answer == "已安排本月兑现，并修订第五条。" and store.feedback.open_count("JM-2023-004") == 0
    with pytest.raises(TicketError, match="已办结"):
        store.feedback.advance(item.id, "closed", by="office")


def test_the_feedback_report_names_every_flag_with_its_evidence(store: TicketStore) -> None:
    ticket = store.create(new_ticket())
    flags = [
        store.feedback.raise_flag(by="office", kind=kind, description=text, ticket_numbers=numbers, **POLICY)
        for kind, text, numbers in [
            ("unclear", "“规上企业”口径不清。", []),
            ("threshold_unreachable", "研发投入门槛过高。", [ticket.number]),
        ]
    ]
    data = feedback_report_docx("即墨区科学技术局", flags, "即墨区", store.now())
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "关于即墨区科学技术局所发政策执行情况的反馈" in text and "共 2 项" in text
    assert "“规上企业”口径不清。" in text and "门槛过高，企业难以达到" in text
    assert f"相关工单 {ticket.number}" in text
    table = Document(io.BytesIO(data)).tables[0]
    assert [row.cells[0].text for row in table.rows] == ["编号", f"FK-{flags[0].id}", f"FK-{flags[1].id}"]


def test_the_feedback_report_is_also_a_pdf_drawn_with_the_chinese_font() -> None:
    """The same blocks, drawn by the check-up report's renderer (fpdf2, the font embedded), read back."""
    now = datetime(2026, 3, 2, 1, tzinfo=UTC)
    flag = Feedback(
        id=7, kind="unclear", description="“规上企业”口径不清。", status="sent", raised_by="office",
        evidence={"tickets": ["HQ-20260302-0001"], "conversations": [], "questions": 3},
        raised_at=now, answer="将在实施细则中明确。", updated_at=now, history=(),
        policy_id=POLICY["policy_id"], policy_title=POLICY["policy_title"], issuer=POLICY["issuer"],
    )  # fmt: skip
    pdf = feedback_report_pdf("即墨区科学技术局", [flag], "即墨区", now, get_settings().report_font)
    text, dark = read_pdf(pdf)
    for expected in (
        "关于即墨区科学技术局所发政策执行情况的反馈",
        "“规上企业”口径不清。",
        "FK-7",
        "将在实施细则中明确。",
    ):
        assert expected in text, expected
    assert "相关工单 HQ-20260302-0001" in text.replace("\r\n", "").replace("\n", "")
    assert dark > 2000, "the glyphs are drawn, not blank boxes"
