"""Read a Word .docx with python-docx: paragraphs and tables in order, with colour, size and alignment."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from policy_index.importer.document import INFO_LABELS, ImportFailure, Line, RawDocument

__all__ = ["read_docx"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _is_red(run) -> bool:
    try:
        rgb = run.font.color.rgb if run.font.color is not None and run.font.color.type is not None else None
    except (AttributeError, ValueError):
        return False
    return rgb is not None and rgb[0] >= 0xB0 and rgb[1] <= 0x60 and rgb[2] <= 0x60


def _size(paragraph) -> float:
    sizes = [run.font.size.pt for run in paragraph.runs if run.font.size is not None]
    if sizes:
        return max(sizes)
    style = paragraph.style
    while style is not None:
        if style.font is not None and style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return 0.0


def _paragraph_lines(paragraph) -> list[Line]:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    text = paragraph.text
    if not text.strip():
        return []
    runs = [r for r in paragraph.runs if r.text.strip()]
    red = bool(runs) and all(_is_red(r) for r in runs)
    alignment = paragraph.alignment
    if alignment is None and paragraph.style is not None:
        alignment = paragraph.style.paragraph_format.alignment
    style_name = (paragraph.style.name if paragraph.style is not None else "") or ""
    indent = paragraph.paragraph_format.first_line_indent
    attrs = {
        "red": red,
        "size": _size(paragraph),
        "centered": alignment == WD_ALIGN_PARAGRAPH.CENTER,
        "indent": bool(indent and indent > 0),
        "heading": style_name.lower().startswith(("heading", "title")) or style_name.startswith("标题"),
    }
    return [Line(part.strip(), **attrs) for part in text.split("\n") if part.strip()]


def _table(table, info: dict[str, str]) -> list[Line]:
    """A metadata table (label | value pairs) goes to ``info``; any other table becomes text rows."""
    lines = []
    labels = 0
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if not cells:
            continue
        if len(cells) % 2 == 0 and all(len(cells[i]) <= 8 for i in range(0, len(cells), 2)):
            for i in range(0, len(cells), 2):
                label = cells[i].rstrip("：:")
                info.setdefault(label, cells[i + 1])
                labels += bool(re.fullmatch(INFO_LABELS, label))
        lines.append(Line("｜".join(cells)))
    return [] if labels >= 2 else lines  # the info box is metadata, not text


def read_docx(path: Path) -> RawDocument:
    """Read ``path`` (.docx).

    Raises:
        ImportFailure: the file is encrypted (or an old binary .doc renamed), or not a valid .docx.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    with path.open("rb") as fh:
        if fh.read(8) == _OLE_MAGIC:
            raise ImportFailure(
                "Word 文件已加密（设置了打开密码），或是旧版 .doc 格式：请去掉密码、另存为 .docx 后再导入"
            )
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFailure(f"Word 文件已损坏或不是 .docx 格式，无法打开（{type(exc).__name__}）") from exc
    except Exception as exc:  # lxml / zip errors of a damaged package
        raise ImportFailure(f"Word 文件已损坏，无法读取（{type(exc).__name__}）") from exc
    lines: list[Line] = []
    info: dict[str, str] = {}
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(_paragraph_lines(Paragraph(child, document)))
        elif tag == "tbl":
            lines.extend(_table(Table(child, document), info))
    return RawDocument(path=path, kind="docx", lines=lines, info=info)
