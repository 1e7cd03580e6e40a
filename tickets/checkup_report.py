"""The legal check-up report (法律体检报告) as PDF (fpdf2, a Chinese font embedded) and .docx
(python-docx): the same content, laid out once as blocks and drawn by each renderer."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tickets.checkups import AREAS, RISKS, Checkup
from tickets.vocab import CHINA_TZ

#: The face of a Noto CJK collection (.ttc) that is Simplified Chinese: JP, KR, SC, TC, HK.
SIMPLIFIED_FACE = 2


@dataclass(frozen=True)
class ReportHeader:
    """Who the report is for and from."""

    district: str
    firm_name: str
    team_firm: str  # the law firm of the zone's team
    lawyer_name: str
    at: datetime


def blocks(checkup: Checkup, header: ReportHeader) -> list[tuple[str, object]]:
    """The report as ``(kind, content)``: ``title``, ``para``, ``heading``, ``table`` (rows of cells)."""
    day = header.at.astimezone(CHINA_TZ).strftime("%Y年%m月%d日")
    out: list[tuple[str, object]] = [
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
    out.append(("table", rows))
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
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    face = SIMPLIFIED_FACE if font.suffix.lower() == ".ttc" else None
    pdf.add_font("cjk", fname=str(font), collection_font_number=face or 0)
    pdf.add_page()
    for kind, content in blocks(checkup, header):
        if kind == "title":
            pdf.set_font("cjk", size=18)
            pdf.multi_cell(0, 12, str(content), align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind == "heading":
            pdf.set_font("cjk", size=14)
            pdf.ln(3)
            pdf.multi_cell(0, 9, str(content), new_x="LMARGIN", new_y="NEXT")
        elif kind == "para":
            pdf.set_font("cjk", size=11)
            pdf.multi_cell(0, 7, str(content), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("cjk", size=10)
            with pdf.table(col_widths=(10, 22, 12, 73, 73), headings_style=FontFace(emphasis=None)) as table:
                for cells in content:  # type: ignore[attr-defined]
                    row = table.row()
                    for cell in cells:
                        row.cell(cell)
    return bytes(pdf.output())


def checkup_docx(checkup: Checkup, header: ReportHeader) -> bytes:
    """The report as .docx bytes (宋体 for the Chinese text)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "宋体"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for kind, content in blocks(checkup, header):
        if kind == "title":
            doc.add_heading(str(content), level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "heading":
            doc.add_heading(str(content), level=1)
        elif kind == "para":
            doc.add_paragraph(str(content))
        else:
            rows = list(content)  # type: ignore[call-overload]
            table = doc.add_table(rows=0, cols=len(rows[0]))
            table.style = "Table Grid"
            for cells in rows:
                for cell, text in zip(table.add_row().cells, cells, strict=True):
                    cell.text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
