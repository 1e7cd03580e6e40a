"""Find the front matter in an official document's own text and separate it from the body.

Official documents (公文, GB/T 9704) put the issuer's red header (…文件) first, then the document
number (崂人社发〔2021〕6号), the title (often wrapped over two lines), the addressee line
(各街道办事处，区政府各部门：), the text, the signature and the date line (2021年3月1日 or
二〇二一年三月一日). Government web pages carry the same facts in an info table (发布机构, 发文字号,
成文日期). Every field found is taken from the document; a field not found is reported missing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from policy_index.importer.cleaning import compact, is_clause_start
from policy_index.importer.dates import DATE_PATTERN, find_dates, parse_date
from policy_index.importer.document import INFO_LABELS, Line, RawDocument
from policy_index.importer.validity import valid_until

__all__ = ["Extracted", "extract_fields", "find_doc_no", "find_doc_nos", "normalize_doc_no"]

_DOC_NO = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,14})\s*[〔［\[（(【{｛]\s*(?P<year>(?:19|20)\d{2})\s*[〕］\]）)】}｝]"
    r"\s*(?P<num>\d{1,5})\s*号"
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
#: Words a document title ends with (通知, 办法, 若干措施 …).
_TITLE_END = re.compile(
    r"(通知|办法|意见|决定|规定|细则|方案|措施|公告|通告|批复|函|报告|纲要|规划|指引|指南|条例|政策|规则|"
    r"清单|目录|计划|要点|标准|说明|通报|解读|决议|命令|令|公示|复函|补充通知)[）)]?$"
)
_ORG_END = re.compile(
    r"(局|委员会|委|人民政府|政府|办公室|办公厅|厅|中心|管理委员会|管委会|街道办事处|办事处|部|院|署|"
    r"总局|分局|联合会|协会|公司|银行|法院|检察院|工作组|领导小组|小组|委员会办公室)$"
)
_HEADER_MARKS = re.compile(r"^(签发人|特急|加急|平急|急件|机密|秘密|绝密|★|\d{6}|份号|密级)")
_ADDRESSEE = re.compile(r"^(各|全[区市县省]|区|市|县|省|有关|驻)?[^。；]{1,80}[：:]$")
_INFO_KEYS = {
    "title": ("标题", "名称", "文件名称", "主题"),
    "issuer": ("发布机构", "发文机关", "发文单位", "发布单位", "制发机关", "公开责任部门", "来源"),
    "doc_no": ("发文字号", "文号", "发文号", "文件编号"),
    "issued": ("成文日期", "发文日期", "印发日期", "发布日期", "公开日期", "生成日期"),
    "valid_until": ("失效日期", "有效期至", "废止日期", "截止日期"),
}
_INFO_LINE = re.compile(rf"^({INFO_LABELS})\s*[：:｜|]\s*(.+)$")
_SITE_SUFFIX = re.compile(r"\s*[_|｜\-—–]\s*[^_|｜\-—–]{2,30}(网|政府|门户|网站|平台)\s*$")


@dataclass
class Extracted:
    """Front matter found in a document, the remaining body lines and what was noticed on the way."""

    title: str | None = None
    issuer: str | None = None
    doc_no: str | None = None
    issued: dt.date | None = None
    valid_until: dt.date | None = None
    body: list[Line] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def normalize_doc_no(prefix: str, year: str, num: str) -> str:
    """A document number written the standard way: 崂人社发〔2021〕6号 (any bracket style in)."""
    return f"{prefix}〔{year}〕{int(num)}号"


def find_doc_no(text: str, *, whole: bool = False) -> str | None:
    """The document number in ``text`` (with 〔〕 brackets); with ``whole``, only when it is all of it."""
    cleaned = re.sub(r"\s+", "", text.translate(_FULLWIDTH))
    cleaned = re.sub(r"签发人[：:].*$", "", cleaned)
    match = _DOC_NO.fullmatch(cleaned) if whole else _DOC_NO.search(cleaned)
    if not match:
        return None
    return normalize_doc_no(match["prefix"], match["year"], match["num"])


def find_doc_nos(text: str) -> list[str]:
    """Every document number ``text`` names, each with 〔〕 brackets (平商发[2023]7号 → 平商发〔2023〕7号)."""
    cleaned = re.sub(r"\s+", "", text.translate(_FULLWIDTH))
    return [normalize_doc_no(m["prefix"], m["year"], m["num"]) for m in _DOC_NO.finditer(cleaned)]


def _is_org(text: str) -> bool:
    parts = [p for p in re.split(r"[\s　、]+", text) if p]
    return bool(parts) and len(text) <= 60 and all(_ORG_END.search(p) and len(p) >= 3 for p in parts)


def _joined_orgs(text: str) -> str:
    return "、".join(p for p in re.split(r"[\s　、]+", text) if p)


def _red_header(line: Line) -> str | None:
    """The issuer named by a red header line (…文件, or a red line naming an organisation)."""
    flat = compact(line.text)
    if flat.endswith("文件") and len(flat) > 4:
        name = re.sub(r"\s*文\s*件\s*$", "", line.text.strip())
        return _joined_orgs(name) if _is_org(name) else compact(name)
    if line.red and _is_org(line.text):
        return _joined_orgs(line.text)
    return None


def _info(doc: RawDocument, name: str) -> str | None:
    for key in _INFO_KEYS[name]:
        for label, value in doc.info.items():
            if compact(label).rstrip("：:") == key and value.strip():
                return value.strip()
    return None


def _title_done(title: str) -> bool:
    unclosed = title.count("《") > title.count("》") or title.count("（") > title.count("）")
    return bool(_TITLE_END.search(title)) and not unclosed


def _continues_title(title: str, nxt: Line, first: Line) -> bool:
    text = compact(nxt.text)
    if not text or is_clause_start(text) or _ADDRESSEE.match(text) or parse_date(text) or find_doc_no(text):
        return False
    if text.endswith(("。", "；", ";")) or len(text) > 40:
        return False
    if title.count("《") > title.count("》") or text.startswith(("的", "暨", "和", "及", "》")):
        return True
    same_look = bool(first.size) and abs(first.size - nxt.size) < 0.6 and first.centered == nxt.centered
    return not _title_done(title) and (same_look or not first.size)


def _find_title(lines: list[Line], start: int) -> tuple[str | None, int]:
    """The title starting at ``lines[start]`` (joined over wrapped lines) and the index after it."""
    if start >= len(lines):
        return None, start
    first = lines[start]
    title = compact(first.text)
    end = start + 1
    while end < len(lines) and end - start < 4 and _continues_title(title, lines[end], first):
        title += compact(lines[end].text)
        end += 1
    return title, end


def _looks_like_title(line: Line) -> bool:
    text = compact(line.text)
    if len(text) > 80 or text.endswith(("。", "；", "：", ":")) or is_clause_start(text):
        return False
    return bool(line.heading or text.startswith("关于") or "《" in text or _TITLE_END.search(text))


def _header(lines: list[Line], result: Extracted) -> int:
    """Consume the red header, document number and title; return the index where the text starts."""
    i = 0
    headers: list[tuple[bool, float, str]] = []  # (red, size, issuer) of each …文件 line
    while i < min(len(lines), 8):
        line = lines[i]
        text = compact(line.text)
        if i < 3 and (found := _red_header(line)):
            headers.append((line.red, line.size, found))
        elif (doc_no := find_doc_no(text, whole=True)) or _HEADER_MARKS.match(text):
            result.doc_no = result.doc_no or doc_no
        else:
            break
        i += 1
    if headers and not result.issuer:
        result.issuer = max(headers, key=lambda h: (h[0], h[1]))[2]  # the red, largest line is the 红头
    sizes = sorted(line.size for line in lines if line.size)
    body_size = sizes[len(sizes) // 2] if sizes else 0.0
    stands_out = i < len(lines) and (
        lines[i].heading or (body_size and lines[i].size > body_size + 1) or lines[i].centered
    )
    if stands_out and not is_clause_start(compact(lines[i].text)) and not parse_date(compact(lines[i].text)):
        title_at: int | None = i  # set apart by size, centring or a heading style: the title
    else:
        title_at = next((j for j in range(i, min(len(lines), i + 4)) if _looks_like_title(lines[j])), None)
    if title_at is None:
        return i
    title, i = _find_title(lines, title_at)
    result.title = result.title or title
    # A document number or a bracketed date may follow the title (通告, 公告, 会议通过的办法).
    while i < len(lines) and i < title_at + 6:
        text = compact(lines[i].text)
        if doc_no := find_doc_no(text, whole=True):
            result.doc_no = result.doc_no or doc_no
        elif (date := parse_date(text)) and not result.issued:
            result.issued = date
        elif re.fullmatch(rf"[（(].*{DATE_PATTERN}.*[）)]", text) and (dates := find_dates(text)):
            result.issued = result.issued or dates[0][0]
        else:
            break
        i += 1
    if i < len(lines) and _ADDRESSEE.match(compact(lines[i].text)) and len(compact(lines[i].text)) <= 80:
        i += 1  # the addressee line: 各街道办事处，区政府各部门：
    return i


def _signature(body: list[Line], result: Extracted) -> list[Line]:
    """Find the signature + date block (the first standalone date after the text); drop it from the body."""
    for k, line in enumerate(body):
        date = parse_date(compact(line.text))
        if date is None or k == 0:
            continue
        orgs = []
        j = k - 1
        while j >= 0 and _is_org(body[j].text.strip()) and k - j <= 4:
            orgs.insert(0, _joined_orgs(body[j].text.strip()))
            j -= 1
        if not orgs and k < len(body) - 1 and not line.centered:
            continue  # a date alone in mid-text is not the signature
        result.issued = result.issued or date
        if orgs and not result.issuer:
            result.issuer = "、".join(orgs)
        return body[: j + 1] + body[k + 1 :]
    return body


def _from_title(title: str | None) -> str | None:
    """The issuer named at the start of a title: 青岛市崂山区人民政府关于…的通知."""
    if not title or "关于" not in title:
        return None
    head = title.split("关于", 1)[0]
    return _joined_orgs(head) if head and _is_org(head.replace("、", " ")) else None


def extract_fields(doc: RawDocument, lines: list[Line]) -> Extracted:
    """Front matter and body of a cleaned document (``lines`` from :func:`clean_lines`)."""
    result = Extracted()
    while lines and (match := _INFO_LINE.match(compact(lines[0].text))):
        doc.info.setdefault(match[1], match[2].strip())  # an info box printed as text above the title
        lines = lines[1:]
    result.title = _info(doc, "title")
    result.issuer = _info(doc, "issuer")
    if info_no := _info(doc, "doc_no"):
        result.doc_no = find_doc_no(info_no) or None
        if result.doc_no is None and info_no not in ("无", "-", "—"):
            result.warnings.append(f"信息表中的文号“{info_no}”不是标准格式，未采用")
    if info_date := _info(doc, "issued"):
        result.issued = parse_date(info_date) or (find_dates(info_date) or [(None,)])[0][0]
    start = _header(lines, result)
    if result.title and start < len(lines) and compact(lines[start].text) == compact(result.title):
        start += 1  # a web page repeats the title above the text
    body = _signature(lines[start:], result)
    if info_until := _info(doc, "valid_until"):
        result.valid_until = parse_date(info_until)
    text = "".join(line.text for line in body)  # a PDF may break a date over two lines
    result.valid_until = result.valid_until or valid_until(text, result.issued)
    if not result.issuer and (issuer := _from_title(result.title)):
        result.issuer = issuer
    if not result.title and doc.page_title:
        result.title = _SITE_SUFFIX.sub("", doc.page_title).strip() or None
        if result.title:
            result.warnings.append("标题取自网页 <title>，请核对")
    result.body = body
    return result
