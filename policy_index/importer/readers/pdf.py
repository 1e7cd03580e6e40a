"""Read a PDF's text layer with pypdfium2 (PDFium): lines per page with colour, size, centring, indent."""

from __future__ import annotations

import ctypes
from pathlib import Path
from statistics import median

from policy_index.importer.cleaning import compact
from policy_index.importer.document import ImportFailure, Line, RawDocument

__all__ = ["MIN_TEXT_CHARS", "read_pdf"]

#: Fewer characters than this in the whole text layer means a scanned document.
MIN_TEXT_CHARS = 20


def _chars(textpage) -> list[tuple[str, tuple[float, float, float, float], float, bool]]:
    """Each character of the page: text, box (left, bottom, right, top), font size, printed in red."""
    import pypdfium2.raw as raw

    text = textpage.get_text_range()
    out = []
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for i, ch in enumerate(text[: textpage.count_chars()]):
        if ch in "\r\n" or not ch.strip():
            out.append((ch, (0.0, 0.0, 0.0, 0.0), 0.0, False))
            continue
        raw.FPDFText_GetFillColor(textpage.raw, i, r, g, b, a)
        red = r.value >= 150 and g.value <= 100 and b.value <= 100
        out.append((ch, textpage.get_charbox(i), float(raw.FPDFText_GetFontSize(textpage.raw, i)), red))
    return out


def _page_lines(page, number: int) -> list[Line]:
    rows: list[list] = [[]]
    for item in _chars(page.get_textpage()):
        if item[0] == "\n":
            rows.append([])
        elif item[0] != "\r":
            rows[-1].append(item)
    rows = [row for row in rows if any(ch.strip() for ch, *_ in row)]
    if not rows:
        return []
    width = float(page.get_size()[0])
    sizes = [size for row in rows for ch, _, size, _ in row if ch.strip()]
    body_size = median(sizes) if sizes else 10.0
    ink = [[c for c in row if c[0].strip()] for row in rows]
    # The text block's edges from the body-size rows: a title in a larger font may run wider than the
    # text, and would make a full body line look centred and its continuation look indented.
    body = [row for row in ink if abs(median(c[2] for c in row) - body_size) <= 1.0] or ink
    left = min(c[1][0] for row in body for c in row)
    right = max(c[1][2] for row in body for c in row)
    lines = []
    for row, visible in zip(rows, ink, strict=True):
        x0, x1 = min(c[1][0] for c in visible), max(c[1][2] for c in visible)
        size = median(c[2] for c in visible)
        margin = 1.5 * body_size  # a centred line keeps clear of both edges of the text block
        centered = abs((x0 + x1) / 2 - width / 2) < body_size and x0 - left > margin and right - x1 > margin
        lines.append(
            Line(
                compact("".join(ch for ch, *_ in row)),
                page=number,
                red=all(c[3] for c in visible),
                size=round(size, 1),
                centered=centered,
                indent=not centered and x0 - left > 1.2 * body_size,
            )
        )
    return lines


def read_pdf(path: Path) -> RawDocument:
    """Read ``path`` (.pdf with a text layer).

    Raises:
        ImportFailure: encrypted, corrupt, or scanned (no text layer).
    """
    import pypdfium2 as pdfium

    with path.open("rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            raise ImportFailure("文件不是有效的 PDF（文件头不对），可能已损坏或扩展名有误")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ImportFailure("PDF 已加密（需要打开密码）：请去掉密码后再导入") from exc
        raise ImportFailure(f"PDF 已损坏，无法读取（{exc}）") from exc
    try:
        lines = [line for number, page in enumerate(pdf, start=1) for line in _page_lines(page, number)]
    except pdfium.PdfiumError as exc:
        raise ImportFailure(f"PDF 已损坏，无法读取（{exc}）") from exc
    finally:
        pdf.close()
    if sum(len(line.text) for line in lines) < MIN_TEXT_CHARS:
        raise ImportFailure(
            "这份 PDF 没有文字层（是扫描件或图片）：请先做文字识别（OCR），或改用原始的 Word/网页文件导入"
        )
    return RawDocument(path=path, kind="pdf", lines=lines, paged=True)
