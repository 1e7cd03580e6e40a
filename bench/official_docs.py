"""Render policies as the official documents editors receive: Word, PDF and saved web pages.

Used by the importer's tests and ``bench/import_accuracy.py``. Layouts: a red-header 公文 (红头 …文件,
document number, title, addressee, text, signature, date, 版记), a notice with an info table, and a
government web page wrapped in heavy navigation. Options vary what the importer must cope with: a
title wrapped over two lines, dates in Chinese numerals, [ ] or ( ) brackets in the document number,
page numbers and a running header on every PDF page.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CJK_FONT", "OfficialDoc", "chinese_date", "render"]

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
_CN_DIGITS = "〇一二三四五六七八九"
LAYOUTS = ("red_header", "info_table", "plain")


def chinese_date(day: dt.date) -> str:
    """二〇二四年三月一日."""

    def small(n: int) -> str:
        tens, ones = divmod(n, 10)
        return (
            ("" if tens < 2 else _CN_DIGITS[tens])
            + ("十" if tens else "")
            + (_CN_DIGITS[ones] if ones else "")
        )

    year = "".join(_CN_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{small(day.month)}月{small(day.day)}日"


@dataclass
class OfficialDoc:
    """One document to render and what the importer should find in it."""

    title: str
    issuer: str
    body: list[str]
    doc_no: str | None = None
    issued: dt.date | None = None
    valid_until: dt.date | None = None
    addressee: str | None = "各街道办事处，区政府各部门，各有关企业："
    layout: str = "red_header"
    title_break: int | None = None  # wrap the title after this many characters
    chinese_numerals: bool = False
    brackets: str = "〔〕"
    running_header: str | None = None
    copy_to: str | None = "抄送：区委办公室，区人大常委会办公室，区政协办公室。"
    extra: dict = field(default_factory=dict)

    def doc_no_text(self) -> str | None:
        if not self.doc_no:
            return None
        return self.doc_no.replace("〔", self.brackets[0]).replace("〕", self.brackets[1])

    def date_text(self) -> str | None:
        if not self.issued:
            return None
        return (
            chinese_date(self.issued)
            if self.chinese_numerals
            else f"{self.issued.year}年{self.issued.month}月{self.issued.day}日"
        )

    def title_lines(self) -> list[str]:
        if self.title_break and self.title_break < len(self.title):
            return [self.title[: self.title_break], self.title[self.title_break :]]
        return [self.title]

    def blocks(self) -> list[tuple[str, str]]:
        """The document as (kind, text) blocks in reading order (kinds: red, docno, title, info, text,
        addressee, sign, date, copy)."""
        out: list[tuple[str, str]] = []
        if self.layout == "red_header":
            out.append(("red", f"{self.issuer}文件"))
            if self.doc_no_text():
                out.append(("docno", self.doc_no_text() or ""))
        if self.layout == "info_table":
            rows = [("索引号", "11370215MB1234567X/2024-00012"), ("发布机构", self.issuer)]
            rows += [("发文字号", self.doc_no_text() or "")] if self.doc_no else []
            rows += [("成文日期", self.date_text() or "")] if self.issued else []
            rows += [("主题分类", "综合政务\\通知")]
            out.extend(("info", f"{k}\t{v}") for k, v in rows)
        out.extend(("title", line) for line in self.title_lines())
        if self.layout == "plain" and self.doc_no_text():
            out.append(("docno", self.doc_no_text() or ""))
        if self.addressee:
            out.append(("addressee", self.addressee))
        out.extend(("text", p) for p in self.body)
        if self.layout != "info_table":
            out.append(("sign", self.issuer))
            if self.issued:
                out.append(("date", self.date_text() or ""))
            out.append(("text", "（此件公开发布）"))
            if self.copy_to:
                out.append(("copy", self.copy_to))
                if self.issued:
                    out.append(("copy", f"{self.issuer}办公室　　{self.date_text()}印发"))
        return out


# --------------------------------------------------------------------------- Word
def render_docx(doc: OfficialDoc, path: Path) -> Path:
    """Write ``doc`` as .docx: red header in red 22 pt, title 18 pt, text 14 pt with a first-line indent."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    info = [b for b in doc.blocks() if b[0] == "info"]
    if info:
        table = document.add_table(rows=0, cols=2)
        for _, text in info:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = text.split("\t")
    for kind, text in doc.blocks():
        if kind == "info":
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.font.size = Pt({"red": 22, "title": 18}.get(kind, 14))
        if kind == "red":
            run.font.color.rgb = RGBColor(0xE0, 0x10, 0x10)
        if kind in ("red", "title", "docno"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind in ("sign", "date"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "text":
            paragraph.paragraph_format.first_line_indent = Pt(28)
    document.save(str(path))
    return path


# --------------------------------------------------------------------------- PDF
def render_pdf(doc: OfficialDoc, path: Path) -> Path:
    """Write ``doc`` as a PDF with a text layer: A4, "- N -" page numbers, optional running header."""
    from fpdf import FPDF

    class Paper(FPDF):
        def header(self) -> None:
            if doc.running_header and self.page_no() > 1:
                self.set_font("cjk", size=9)
                self.set_text_color(0, 0, 0)
                self.cell(0, 14, doc.running_header, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(6)

        def footer(self) -> None:
            self.set_y(-40)
            self.set_font("cjk", size=11)
            self.set_text_color(0, 0, 0)
            self.cell(0, 14, f"- {self.page_no()} -", align="C")

    pdf = Paper(format="A4", unit="pt")
    pdf.set_margins(72, 60, 72)
    pdf.set_auto_page_break(True, margin=70)
    pdf.add_font("cjk", fname=str(CJK_FONT), collection_font_number=2)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for kind, text in doc.blocks():
        size = {"red": 24, "title": 18}.get(kind, 13)
        pdf.set_font("cjk", size=size)
        pdf.set_text_color(*((224, 16, 16) if kind == "red" else (0, 0, 0)))
        if kind in ("red", "title", "docno", "info"):
            pdf.cell(width, size * 1.6, text.replace("\t", "：　"), align="C" if kind != "info" else "L")
            pdf.ln(size * 1.6)
            continue
        if kind in ("sign", "date"):
            pdf.cell(width - 2 * size, size * 1.7, text, align="R")
            pdf.ln(size * 1.7)
            continue
        indent = 2 * size if kind == "text" else 0
        line, lines = "", []
        for ch in text:
            limit = width - (indent if not lines else 0)
            if pdf.get_string_width(line + ch) > limit:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
        for n, part in enumerate(lines):
            pdf.set_x(pdf.l_margin + (indent if n == 0 else 0))
            pdf.cell(0, size * 1.7, part)
            pdf.ln(size * 1.7)
    pdf.output(str(path))
    return path


# --------------------------------------------------------------------------- web page
_NAV = "".join(
    f'<li><a href="/{n}">{n}</a></li>'
    for n in ("首页", "政务公开", "政策文件", "政策解读", "互动交流", "办事服务")
)


def render_html(doc: OfficialDoc, path: Path, *, encoding: str = "utf-8") -> Path:
    """Write ``doc`` as a saved government page: navigation, breadcrumbs, info table, article, footer."""
    esc = html.escape
    info = [b[1].split("\t") for b in doc.blocks() if b[0] == "info"]
    table = "".join(f"<tr><td class='label'>{esc(k)}：</td><td>{esc(v)}</td></tr>" for k, v in info)
    parts = []
    for kind, text in doc.blocks():
        if kind in ("info", "title", "red"):
            continue  # a web page shows the red header's issuer in its info table, not as a 红头
        align = {"red": "center", "docno": "center", "sign": "right", "date": "right"}.get(kind, "left")
        color = "color:#e01010;" if kind == "red" else ""
        parts.append(f"<p style='text-align:{align};{color}'>{esc(text)}</p>")
    title = esc(doc.title)
    page = f"""<!DOCTYPE html><html><head><meta charset="{encoding}">
<title>{title}_青岛市崂山区人民政府</title>
<script>var _hmt = _hmt || [];</script><style>.nav li{{display:inline}}</style></head><body>
<div class="top-bar">无障碍浏览 | 长者模式 | 登录 | 注册</div>
<div class="header"><div class="logo">青岛市崂山区人民政府</div>
<form class="search"><input name="q"></form></div>
<ul class="nav">{_NAV}</ul>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政策文件</div>
<div class="xxgk-table"><table>{table}</table></div>
<div class="article"><h1 class="title">{"<br>".join(esc(t) for t in doc.title_lines())}</h1>
<div class="tools">【字体：大 中 小】 【打印本页】 【关闭窗口】 分享到：微信 微博</div>
<div class="TRS_Editor">{"".join(parts)}</div></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="#">关于开展2024年度企业培训补贴申报的通知</a></li>
<li><a href="#">崂山区2023年政府信息公开工作年度报告</a></li></ul></div>
<div class="footer"><p>主办单位：青岛市崂山区人民政府办公室　承办单位：崂山区大数据发展中心</p>
<p>网站标识码：3702120001　鲁ICP备05012345号　鲁公网安备 37021202000123号</p>
<p><a href="#">网站地图</a> | <a href="#">联系我们</a></p></div></body></html>"""
    path.write_bytes(page.encode(encoding))
    return path


def render(doc: OfficialDoc, folder: Path, stem: str, fmt: str) -> Path:
    """Render ``doc`` to ``folder/stem.<fmt>`` (fmt: docx, pdf, html)."""
    folder.mkdir(parents=True, exist_ok=True)
    renderer = {"docx": render_docx, "pdf": render_pdf, "html": render_html}[fmt]
    return renderer(doc, folder / f"{stem}.{fmt}")
