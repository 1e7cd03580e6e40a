"""The legal check-up report (法律体检报告) as PDF (fpdf2, a Chinese font embedded) and .docx
(python-docx): the same content, laid out once as blocks and drawn by :mod:`tickets.report_render`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tickets.checkups import AREAS, RISKS, Checkup
from tickets.report_render import Block, Table, report_docx, report_pdf
from tickets.vocab import CHINA_TZ

#: Relative widths of the findings table's columns in the PDF: 序号, 领域, 风险, 发现, 建议.
FINDINGS_WIDTHS = (10, 22, 12, 73, 73)


@dataclass(frozen=True)
class ReportHeader:
    """Who the report is for and from."""

    district: str
    firm_name: str
    team_firm: str  # the law firm of the zone's team
    lawyer_name: str
    at: datetime


def blocks(checkup: Checkup, header: ReportHeader) -> list[Block]:
    """The report as ``(kind, content)``: ``title``, ``para``, ``heading``, ``table`` (a :class:`Table`)."""
    day = header.at.astimezone(CHINA_TZ).strftime("%Y年%m月%d日")
    out: list[Block] = [
        ("title", f"{header.firm_name}法律体检报告"),
        ("para", f"受检企业：{header.firm_name}"),
        ("para", f"承办律师事务所：{header.team_firm}　承办律师：{header.lawyer_name}"),
        ("para", f"工单号：{checkup.ticket_number}　出具日期：{day}"),
        ("para", "体检范围：" + ("、".join(checkup.area_labels) or "—")),
        ("heading", "一、体检发现与建议"),
    ]
    rows = [["序号", "领域", "风险", "发现", "建议"]]
    for n, f in enumerate(checkup.findings, 1):
        rows.append(
            [
                str(n),
                AREAS.get(f["area"], f["area"]),
                RISKS.get(f["risk"], f["risk"]),
                f["finding"],
                f["advice"],
            ]
        )
    out.append(("table", Table(rows, FINDINGS_WIDTHS)))
    out.append(("heading", "二、建议申报的惠企政策"))
    if checkup.policies:
        for p in checkup.policies:
            out.append(("para", f"《{p.get('title', '')}》{p.get('clause', '')}：{p.get('text', '')}"))
    else:
        out.append(("para", "暂无。"))
    if checkup.summary:
        out += [("heading", "三、总体意见"), ("para", checkup.summary)]
    out.append(("para", f"{header.team_firm}　{day}"))
    out.append(
        ("para", f"本报告由{header.district}惠企政策法律服务项目提供，供企业参考，不替代正式法律意见书。")
    )
    return out


def checkup_pdf(checkup: Checkup, header: ReportHeader, font: Path) -> bytes:
    """The report as PDF bytes with ``font`` embedded (subset) for the Chinese text."""
    return report_pdf(blocks(checkup, header), font)


def checkup_docx(checkup: Checkup, header: ReportHeader) -> bytes:
    """The report as .docx bytes (宋体 for the Chinese text)."""
    return report_docx(blocks(checkup, header))
