"""Read a saved government web page with lxml: the article's text without the site's frame.

Navigation, headers, footers, sidebars, scripts and share/print tools are dropped by tag and by
class/id; the page's info table (索引号, 发布机构, 发文字号, 成文日期 …) is read into ``info`` and
taken out of the text; the article is the block holding the most text.
"""

from __future__ import annotations

import re
from pathlib import Path

from policy_index.importer.cleaning import compact
from policy_index.importer.document import INFO_LABELS, ImportFailure, Line, RawDocument

__all__ = ["read_html"]

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select")
_FRAME = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|header|head|footer|foot|breadcrumb|crumbs?|position|location|share|"
    r"toolbar|tools?|sidebar|side|links?|friend-?links?|copyright|banner|search|login|top|bottom|print|"
    r"related|pager|pagination|fontsize|font-size|qrcode|ewm)([\s_-]|\d|$)",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"content|article|zoom|trs_editor|detail|main|text|con|zw|body", re.IGNORECASE)
_BLOCK = (
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "dd",
    "dt",
)
_INFO_LABELS = INFO_LABELS
_INFO_PAIR = re.compile(rf"({_INFO_LABELS})\s*[：:]\s*(.*?)(?=\s*(?:{_INFO_LABELS})\s*[：:]|$)")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def _decode(raw: bytes) -> str:
    declared = _CHARSET.search(raw[:4096])
    encodings = [declared.group(1).decode("ascii").lower()] if declared else []
    encodings = ["gb18030" if e in ("gb2312", "gbk") else e for e in encodings] + ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise ImportFailure("网页编码无法识别（既不是 UTF-8 也不是 GBK）")


def _text(el) -> str:
    return " ".join(el.text_content().split())


def _read_info(root) -> dict[str, str]:
    """Label → value pairs of the page's info table, from cells (label | value) or "label：value" text."""
    info: dict[str, str] = {}
    for cell in root.iter("td", "th", "dt", "span", "li", "p", "div", "em", "b", "strong", "label"):
        label = compact(_text(cell)).rstrip("：:")
        if re.fullmatch(_INFO_LABELS, label):
            nxt = cell.getnext()
            if nxt is not None and _text(nxt):
                info.setdefault(label, _text(nxt))
                continue
        if len(cell) == 0 or cell.tag in ("td", "li", "p", "span"):
            for match in _INFO_PAIR.finditer(_text(cell)):
                if match.group(2).strip():
                    info.setdefault(match.group(1), match.group(2).strip())
    return info


def _info_box(root):
    """The smallest element holding three or more info labels (removed from the text)."""
    best = None
    for el in root.iter("table", "div", "ul", "dl", "section"):
        if len(set(re.findall(_INFO_LABELS, _text(el)))) >= 3 and len(_text(el)) < 800:
            best = el  # iter() is document order: a later hit lies inside an earlier one or after it
    return best


def _lines(root, headings: set[str]) -> list[Line]:
    for heading in root.iter("h1", "h2", "h3"):
        for br in list(heading.iter("br")):
            br.drop_tag()  # a title wrapped with <br> is still one title
    for el in root.iter(*_BLOCK):
        el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for cell in root.iter("td", "th"):
        cell.tail = "｜" + (cell.tail or "")
    lines = []
    for raw in root.text_content().split("\n"):
        text = " ".join(raw.replace("\xa0", " ").split()).strip("｜ ")
        if text:
            lines.append(Line(text, heading=compact(text) in headings))
    return lines


def read_html(path: Path) -> RawDocument:
    """Read ``path`` (.html/.htm, a page saved from a government website).

    Raises:
        ImportFailure: not decodable or no HTML text.
    """
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(_decode(path.read_bytes()))
    except (etree.ParserError, ValueError) as exc:
        raise ImportFailure(f"网页无法解析（{type(exc).__name__}）") from exc
    page_title = next((_text(t) for t in root.iter("title")), None)
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    early_titles = [_text(h) for h in root.iter("h1", "h2") if _text(h)]
    info = _read_info(root)
    box = _info_box(root)
    if box is not None and box.getparent() is not None:
        box.drop_tree()
    for el in list(root.iter("div", "ul", "section", "span", "p", "table", "dl")):
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if _FRAME.search(marks) and not _CONTENT.search(marks) and el.getparent() is not None:
            el.drop_tree()
    headings = {compact(_text(h)) for h in root.iter("h1", "h2", "h3") if _text(h)}
    candidates = [
        el
        for el in root.iter("div", "article", "section", "td")
        if _CONTENT.search(f"{el.get('class', '')} {el.get('id', '')}")
    ]
    body = root.find("body")
    article = max(candidates, key=lambda el: len(_text(el)), default=None)
    if article is None or (body is not None and len(_text(article)) < 0.3 * len(_text(body))):
        article = body if body is not None else root
    title = next((_text(h) for h in root.iter("h1") if _text(h)), None)
    title = title or max(early_titles, key=len, default=None)
    lines = _lines(article, headings)
    if title and not any(line.heading for line in lines[:3]):
        lines.insert(0, Line(title, heading=True))
    if not lines:
        raise ImportFailure("网页中没有正文文字")
    return RawDocument(path=path, kind="html", lines=lines, info=info, page_title=page_title)
