"""Written reports (check-ups, feedback to departments) drawn once as blocks and rendered by each format:
PDF with fpdf2 (a Chinese font embedded, subset) and .docx with python-docx (宋体).

A report is a list of ``(kind, content)`` blocks: ``title``, ``heading`` and ``para`` carry text,
``table`` a :class:`Table`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: The face of a Noto CJK collection (.ttc) that is Simplified Chinese: JP, KR, SC, TC, HK.
SIMPLIFIED_FACE = 2
#: The Chinese font Word should use (East Asian text).
DOCX_FONT = "宋体"

Block = tuple[str, object]


@dataclass(frozen=True)
class Table:
    """A table block: rows of cells (the first row is the heading) and, for the PDF, relative widths."""

    rows: Sequence[Sequence[str]]
    widths: tuple[int, ...] | None = None


def report_pdf(blocks: Sequence[Block], font: Path) -> bytes:
    """The blocks as PDF bytes (A4) with ``font`` embedded for the Chinese text."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    face = SIMPLIFIED_FACE if font.suffix.lower() == ".ttc" else 0
    pdf.add_font("cjk", fname=str(font), collection_font_number=face)
    pdf.add_page()
    for kind, content in blocks:
        if isinstance(content, Table):
            pdf.set_font("cjk", size=10)
            with pdf.table(col_widths=content.widths, headings_style=FontFace(emphasis=None)) as table:
                for cells in content.rows:
                    row = table.row()
                    for cell in cells:
                        row.cell(str(cell))
        elif kind == "title":
            pdf.set_font("cjk", size=18)
            pdf.multi_cell(0, 12, str(content), align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        elif kind == "heading":
            pdf.set_font("cjk", size=14)
            pdf.ln(3)
            pdf.multi_cell(0, 9, str(content), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("cjk", size=11)
            pdf.multi_cell(0, 7, str(content), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def report_docx(blocks: Sequence[Block]) -> bytes:
    """The blocks as .docx bytes (宋体 for the Chinese text)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), DOCX_FONT)
    for kind, content in blocks:
        if isinstance(content, Table):
            table = doc.add_table(rows=0, cols=len(content.rows[0]))
            table.style = "Table Grid"
            for cells in content.rows:
                for cell, text in zip(table.add_row().cells, cells, strict=True):
                    cell.text = str(text)
        elif kind == "title":
            doc.add_heading(str(content), level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "heading":
            doc.add_heading(str(content), level=1)
        else:
            doc.add_paragraph(str(content))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
