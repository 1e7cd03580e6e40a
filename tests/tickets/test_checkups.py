"""Legal check-ups: the team's lawyer fills the form of a 法律体检预约 ticket; the report comes out as a
PDF with an embedded Chinese font — rendered to PNG and its text read back — and as .docx."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document

from huiqi.settings import get_settings
from tests.pdf_text import read_pdf
from tests.tickets.conftest import new_ticket
from tickets import TicketError, TicketStore
from tickets.checkup_report import ReportHeader, checkup_docx, checkup_pdf
from tickets.checkups import Checkup

FINDINGS = [
    {
        "area": "labour",
        "risk": "high",
        "finding": "3名员工未签书面劳动合同。",
        "advice": "一个月内补签，避免二倍工资风险。",
    },
    {
        "area": "benefits",
        "risk": "low",
        "finding": "未申报高新技术企业奖励。",
        "advice": "按第五条在9月前申报。",
    },
    {"area": "", "risk": "", "finding": " ", "advice": ""},  # an empty row of the form is ignored
]
POLICY = {
    "policy_id": "JM-2023-004",
    "title": "即墨区高新技术企业奖励办法",
    "clause": "第五条",
    "text": "首次认定奖励20万元。",
}


def test_the_team_lawyer_fills_the_form_until_it_is_sent(store: TicketStore) -> None:
    booking = store.create(new_ticket(category="法律体检预约"))  # team-4
    lawyer = store.zones.team("team-4").lawyers[0]
    with pytest.raises(TicketError, match="律师团队"):
        store.checkups.save(
            booking.number, by="zhangmingyuan", areas=[], findings=[], policies=[], summary=""
        )
    with pytest.raises(TicketError, match="至少填写一条"):
        store.checkups.save(
            booking.number,
            by=lawyer.login,
            areas=["labour"],
            findings=[],
            policies=[],
            summary="",
            final=True,
        )
    with pytest.raises(TicketError, match="风险等级"):
        bad = [{**FINDINGS[0], "risk": "extreme"}]
        store.checkups.save(
            booking.number, by=lawyer.login, areas=["labour"], findings=bad, policies=[], summary=""
        )
    checkup = store.checkups.save(
        booking.number, by=lawyer.login, areas=["labour", "benefits"], findings=FINDINGS, policies=[POLICY],
        summary="总体风险可控，劳动用工需尽快整改。", final=True,
    )  # fmt: skip
    assert checkup.status == "final" and len(checkup.findings) == 2
    assert checkup.area_labels == ["劳动用工", "尚未申领的惠企政策"]

    sent = store.checkups.mark_sent(booking.number, by=lawyer.login)
    assert sent.status == "sent"
    with pytest.raises(TicketError, match="已发送"):
        store.checkups.save(booking.number, by=lawyer.login, areas=[], findings=[], policies=[], summary="")
    assert [e.action for e in store.get(booking.number).history][-2:] == ["checkup_saved", "checkup_sent"]


def test_only_a_check_up_booking_has_a_report(store: TicketStore) -> None:
    ticket = store.create(new_ticket())
    lawyer = store.zones.team("team-4").lawyers[0].login
    with pytest.raises(TicketError, match="不是法律体检预约"):
        store.checkups.save(ticket.number, by=lawyer, areas=[], findings=[], policies=[], summary="")


def test_the_report_is_a_pdf_with_chinese_text_and_a_docx(tmp_path: Path) -> None:
    checkup = Checkup(
        ticket_number="HQ-20260302-0001", team_id="team-4", firm_name="青岛蓝村精密机械有限公司",
        lawyer_login="x", areas=("labour", "benefits"), findings=tuple(FINDINGS[:2]), policies=(POLICY,),
        summary="总体风险可控，劳动用工需尽快整改。", status="final", updated_at=datetime.now(UTC),
    )  # fmt: skip
    header = ReportHeader("即墨区", checkup.firm_name, "山东示例律师事务所", "王律师", datetime.now(UTC))
    started = time.perf_counter()
    pdf = checkup_pdf(checkup, header, get_settings().report_font)
    seconds = time.perf_counter() - started
    text, dark = read_pdf(pdf, tmp_path / "report.png")
    for expected in (
        "青岛蓝村精密机械有限公司法律体检报告",
        "山东示例律师事务所",
        "王律师",
        "未签书面劳动合同",
        "第五条",
    ):
        assert expected in text, expected
    assert dark > 2000, "the Chinese glyphs are drawn, not blank boxes of a missing font"
    assert seconds < 30

    docx_text = "\n".join(p.text for p in Document(io.BytesIO(checkup_docx(checkup, header))).paragraphs)
    assert (
        "青岛蓝村精密机械有限公司法律体检报告" in docx_text
        and "《即墨区高新技术企业奖励办法》第五条" in docx_text
    )
