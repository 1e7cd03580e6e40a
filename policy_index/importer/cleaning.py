"""Strip what is not the policy's text: page numbers, running headers and footers, the 版记 (抄送/印发)
lines and website boilerplate; re-join the physical lines of a PDF into paragraphs."""

from __future__ import annotations

import re
from collections import Counter

from policy_index.importer.document import Line, RawDocument

__all__ = ["clean_lines", "compact", "is_clause_start", "join_paragraphs"]

_PAGE_NUMBER = re.compile(
    r"^[-－—–~～·•\s]*(\d{1,4}|第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})[-－—–~～·•\s]*$"
)
#: Lines of a government website's frame, never of the policy (footer, tools, navigation crumbs).
_BOILERPLATE = re.compile(
    r"网站标识码|备案号|ICP\s*备|公网安备|主办单位|承办单位|主办：|承办：|技术支持|版权所有|Copyright|©"
    r"|联系我们|网站地图|网站声明|隐私声明|当前位置|您现在的位置|首页\s*[>›»/]|打印本页|关闭窗口|【\s*字体"
    r"|字号[：:]\s*[大中小]|分享到|扫一扫|浏览次数|访问量|无障碍|适老化|上一篇|下一篇|相关链接|【打印】|【关闭】",
    re.IGNORECASE,
)
_COPY_TO = re.compile(r"^(抄送|抄报|主送)[：:]")
_PRINTED = re.compile(r"年\s*\S{1,3}\s*月\s*\S{1,4}\s*日\s*印\s*发\s*$|^印发[：:]")
_PUBLIC = re.compile(
    r"^[（(]\s*此件\S{0,6}(公开|发布)\S{0,4}\s*[）)]$|^[（(]\s*(联系人|联系电话)[：:].*[）)]$"
)
_RULE = re.compile(r"^[-－—_＿=＝·•\s]{3,}$")
_NUM = "一二三四五六七八九十百零〇两"
_CLAUSE_START = re.compile(
    rf"^(第[{_NUM}\d]+[条章节编]|[{_NUM}]+[、.．]|[（(][{_NUM}\d]+[）)]|\d+[、.．](?!\d)|附件|附[：:])"
)
_SENTENCE_END = tuple("。！？!?：:；;")
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \u3000\t]+(?=[\u3000-\u9fff\uff00-\uffef])")


def compact(text: str) -> str:
    """``text`` without spaces between Chinese characters (spaced-out headings: 通　　知 → 通知)."""
    return _CJK_SPACE.sub("", text.strip())


def is_clause_start(text: str) -> bool:
    """True when ``text`` opens a clause: 第三条, 第二章, 一、, （一）, 1., 附件."""
    return bool(_CLAUSE_START.match(text))


def _running(lines: list[Line]) -> set[str]:
    """Texts that come back at the top or bottom of most pages (running headers and footers)."""
    pages: dict[int, list[Line]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    if len(pages) < 2:
        return set()
    sizes = sorted(ln.size for ln in lines if ln.size)
    body_size = sizes[len(sizes) // 2] if sizes else 0.0
    seen: Counter[str] = Counter()
    small: set[str] = set()
    for page_lines in pages.values():
        edge = page_lines[:2] + page_lines[-2:]
        seen.update({re.sub(r"\d+", "#", ln.text) for ln in edge})
        # set in a smaller type at the very top or bottom of a page: a header or footer
        small.update(
            re.sub(r"\d+", "#", ln.text)
            for ln in (page_lines[0], page_lines[-1])
            if ln.size and body_size and ln.size < body_size - 1.5 and not ln.text.endswith("。")
        )
    return small | {text for text, count in seen.items() if count >= max(2, (len(pages) + 1) // 2)}


def clean_lines(doc: RawDocument) -> list[Line]:
    """The document's lines without page numbers, running headers/footers, 版记 and site boilerplate."""
    running = _running(doc.lines) if doc.paged else set()
    kept = []
    skip_copy = False
    for line in doc.lines:
        text = line.text.strip()
        if not text or _PAGE_NUMBER.match(text) or _RULE.match(text):
            continue
        if running and re.sub(r"\d+", "#", text) in running:
            continue
        if _BOILERPLATE.search(text) or _PUBLIC.match(compact(text)) or _PRINTED.search(compact(text)):
            skip_copy = False
            continue
        if _COPY_TO.match(compact(text)):
            skip_copy = not text.endswith("。")
            continue
        if skip_copy and not is_clause_start(text) and len(text) <= 60 and not text.endswith("。"):
            continue  # the 抄送 list wraps onto a second line
        skip_copy = False
        line.text = text
        kept.append(line)
    return kept


def join_paragraphs(lines: list[Line]) -> list[Line]:
    """Re-join a PDF's physical lines into paragraphs.

    A line continues the previous one unless the previous one ends a sentence or a clause heading,
    or this one is indented, centred, opens a clause (第X条, 一、, （一）…) or starts a new page after
    a finished sentence.
    """
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        starts_new = (
            prev is None
            or line.indent
            or line.centered
            or prev.centered
            or is_clause_start(line.text)
            or prev.text.endswith(_SENTENCE_END)
            or bool(prev.size and line.size and abs(prev.size - line.size) > 1.5)
        )
        if starts_new:
            out.append(Line(**vars(line)))
        else:
            prev.text = prev.text + line.text
    return out
