"""The feedback report to one issuing department (.docx): every flag on its policies with the kind of
problem, the evidence and where it stands, in a document the office can send."""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from tickets.feedback import Feedback
from tickets.vocab import CHINA_TZ

#: The Chinese font Word should use (East Asian text); the Latin font follows it.
CHINESE_FONT = "宋体"


def feedback_report_docx(issuer: str, items: list[Feedback], district: str, now: datetime) -> bytes:
    """The report for ``issuer`` as .docx bytes: a heading, one section per flag, a summary table."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = CHINESE_FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), CHINESE_FONT)
    day = now.astimezone(CHINA_TZ).strftime("%Y年%m月%d日")
    doc.add_heading(f"关于{issuer}所发政策执行情况的反馈", level=1)
    doc.add_paragraph(f"{issuer}：")
    doc.add_paragraph(
        f"{district}惠企政策法律服务团队在咨询、走访和办理工单中发现下列政策在表述或执行上存在问题，"
        f"共 {len(items)} 项，现予反馈，请研究并答复。"
    )
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("编号", "政策", "问题类型", "状态"), strict=True):
        cell.text = text
    for item in items:
        cells = table.add_row().cells
        for cell, text in zip(
            cells, (f"FK-{item.id}", item.policy_title, item.kind_label, item.status_label), strict=True
        ):
            cell.text = text
    for item in items:
        doc.add_heading(f"FK-{item.id}　{item.policy_title}（{item.policy_id}）", level=2)
        doc.add_paragraph(f"问题类型：{item.kind_label}")
        doc.add_paragraph(f"问题说明：{item.description}")
        evidence = item.evidence
        parts = [f"引用该政策的咨询 {evidence.get('questions', 0)} 次"]
        if evidence.get("tickets"):
            parts.append("相关工单 " + "、".join(evidence["tickets"]))
        if evidence.get("conversations"):
            parts.append(f"相关对话 {len(evidence['conversations'])} 段")
        doc.add_paragraph("证据：" + "；".join(parts) + "。")
        if item.answer:
            doc.add_paragraph(f"部门答复：{item.answer}")
    doc.add_paragraph(f"{district}惠企通　{day}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
