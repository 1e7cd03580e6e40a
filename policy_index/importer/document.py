"""What a reader hands to the extractor: the document's lines with the little layout that matters."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["INFO_LABELS", "ImportFailure", "Line", "RawDocument"]

#: Labels of the metadata box government pages (and some Word files) put above the text.
INFO_LABELS = (
    "索引号|主题分类|发布机构|发文机关|发文单位|发布单位|制发机关|公开责任部门|发文字号|文号|成文日期|发文日期|"
    "印发日期|发布日期|公开日期|生成日期|有效性|失效日期|废止日期|标题|名称|文件名称|主题词|公开方式|来源"
)


class ImportFailure(ValueError):
    """A document cannot be imported; the message is Chinese and says why (and what to do)."""


@dataclass
class Line:
    """One line (PDF) or paragraph (Word, web page) of text.

    Attributes:
        text: the text, stripped.
        page: 1-based page number (PDF), 0 when the format has no pages.
        red: printed in red (the 红头 of an official document).
        size: font size in points, 0 when unknown.
        centered: centred on the page.
        indent: starts further right than the text block's left edge (a paragraph's first line).
        heading: marked as a heading by the source (``<h1>``–``<h3>``, a Word heading style).
    """

    text: str
    page: int = 0
    red: bool = False
    size: float = 0.0
    centered: bool = False
    indent: bool = False
    heading: bool = False


@dataclass
class RawDocument:
    """A document as read, before cleaning and field extraction.

    Attributes:
        path: the input file.
        kind: ``docx``, ``pdf`` or ``html``.
        lines: the text in reading order.
        info: label → value pairs of a metadata table (a government page's 索引号/发文字号/成文日期 box).
        page_title: the HTML ``<title>``, if any.
        paged: the lines are physical lines of pages (PDF) that may need re-joining into paragraphs.
    """

    path: Path
    kind: str
    lines: list[Line]
    info: dict[str, str] = field(default_factory=dict)
    page_title: str | None = None
    paged: bool = False
