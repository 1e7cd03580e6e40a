"""The feedback report to one issuing department (PDF and .docx): every flag on its policies with the
kind of problem, the evidence and where it stands, in a document the office can send. Laid out once as
blocks, rendered by :mod:`tickets.report_render` like the check-up report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tickets.feedback import Feedback
from tickets.report_render import Block, Table, report_docx, report_pdf
from tickets.vocab import CHINA_TZ

#: Relative widths of the summary table's columns in the PDF: 编号, 政策, 问题类型, 状态.
SUMMARY_WIDTHS = (18, 90, 52, 30)


def feedback_blocks(issuer: str, items: list[Feedback], district: str, now: datetime) -> list[Block]:
    """The report for ``issuer``: a heading, a summary table, one section per flag, the signature."""
    day = now.astimezone(CHINA_TZ).strftime("%Y年%m月%d日")
    rows = [["编号", "政策", "问题类型", "状态"]]
    rows += [[f"FK-{i.id}", i.policy_title, i.kind_label, i.status_label] for i in items]
    out: list[Block] = [
        ("title", f"关于{issuer}所发政策执行情况的反馈"),
        ("para", f"{issuer}："),
        (
            "para",
            f"{district}惠企政策法律服务团队在咨询、走访和办理工单中发现下列政策在表述或执行上存在问题，"
            f"共 {len(items)} 项，现予反馈，请研究并答复。",
        ),
        ("table", Table(rows, SUMMARY_WIDTHS)),
    ]
    for item in items:
        evidence = item.evidence
        parts = [f"引用该政策的咨询 {evidence.get('questions', 0)} 次"]
        if evidence.get("tickets"):
            parts.append("相关工单 " + "、".join(evidence["tickets"]))
        if evidence.get("conversations"):
            parts.append(f"相关对话 {len(evidence['conversations'])} 段")
        out += [
            ("heading", f"FK-{item.id}　{item.policy_title}（{item.policy_id}）"),
            ("para", f"问题类型：{item.kind_label}"),
            ("para", f"问题说明：{item.description}"),
            ("para", "证据：" + "；".join(parts) + "。"),
        ]
        if item.answer:
            out.append(("para", f"部门答复：{item.answer}"))
    out.append(("para", f"{district}惠企通　{day}"))
    return out


def feedback_report_docx(issuer: str, items: list[Feedback], district: str, now: datetime) -> bytes:
    """The report for ``issuer`` as .docx bytes."""
    return report_docx(feedback_blocks(issuer, items, district, now))


def feedback_report_pdf(
    issuer: str, items: list[Feedback], district: str, now: datetime, font: Path
) -> bytes:
    """The report for ``issuer`` as PDF bytes with ``font`` embedded for the Chinese text."""
    return report_pdf(feedback_blocks(issuer, items, district, now), font)
