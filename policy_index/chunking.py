"""Split a policy body into clause chunks; three body styles are recognised.

* articles — ``第一条 …`` (optionally grouped in ``第一章 …`` chapters): one chunk per article,
  label ``第三条``;
* numbered sections — ``一、`` with optional ``（一）`` sub-sections: one chunk per innermost section,
  label ``三、`` or ``三、（二）``; items ``1.`` / ``（1）`` stay inside their parent;
* plain prose — one chunk per paragraph, label ``第2段`` (1-based, headings not counted).

A clause never mixes with its neighbour. Any chunk longer than ``MAX_CHARS`` is split on sentence
boundaries into overlapping windows that share the label. Every chunk carries its policy id, label and
heading path (chapter / section headings above it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from policy_index.corpus import Policy

__all__ = [
    "CHUNKER_VERSION",
    "MAX_CHARS",
    "Chunk",
    "chunk_body",
    "chunk_policy",
    "cited_labels",
    "detect_style",
    "sentence_spans",
    "split_long",
]

#: Bump when chunk boundaries or chunk text change: an index built by another version is refused.
CHUNKER_VERSION = "1"
#: Longest chunk text (characters) before it is split on sentence boundaries.
MAX_CHARS = 320
#: Characters of trailing sentences repeated at the start of the next window.
OVERLAP_CHARS = 90

_NUM = "一二三四五六七八九十百零〇两"
_CHAPTER = re.compile(rf"^第[{_NUM}\d]+[章节编]")
_ARTICLE = re.compile(rf"^(第[{_NUM}\d]+条)[\s　:：]*")
#: A numbered-section label: ``三、`` or ``三、（二）``.
_SECTION_LABEL = re.compile(rf"^([{_NUM}]+)、(（[{_NUM}\d]+）)?$")
_LEVEL1 = re.compile(rf"^([{_NUM}]+)[、.．]\s*")
_LEVEL2 = re.compile(rf"^[（(]([{_NUM}]+)[）)]\s*")
_MD_PREFIX = re.compile(r"^(#{1,6}\s+|>\s*)")
_BOLD = re.compile(r"\*\*|__")
_SENT_END = "。！？!?；;…"
_SENTENCE = re.compile(rf"[^{_SENT_END}]*[{_SENT_END}]+[”’」』）)]*|[^{_SENT_END}]+$")
_PARA_END = tuple("。！？!?：:；;”’」』")


@dataclass(frozen=True)
class Chunk:
    """One retrievable unit: a clause (or one window of a long clause) of one policy."""

    policy_id: str
    clause: str
    text: str
    heading_path: tuple[str, ...] = field(default_factory=tuple)
    ordinal: int = 0  # position within the policy

    def index_text(self, title: str) -> str:
        """Text that is embedded and indexed: title, headings, then the clause text."""
        head = " ".join((title, *self.heading_path))
        return f"{head}\n{self.text}"

    def content_hash(self, title: str) -> str:
        """Stable hash of everything that determines this chunk's vector."""
        payload = f"{CHUNKER_VERSION}\0{self.index_text(title)}"
        return hashlib.sha256(payload.encode()).hexdigest()


def _clean(line: str) -> str:
    line = _MD_PREFIX.sub("", line.strip())
    return _BOLD.sub("", line).strip()


def _raw_lines(body: str) -> list[str]:
    return body.replace("\r\n", "\n").split("\n")


def _lines(body: str) -> list[str]:
    return [_clean(line) for line in _raw_lines(body)]


def detect_style(body: str) -> str:
    """Return ``"articles"``, ``"sections"`` or ``"prose"`` for a policy body."""
    lines = [line for line in _lines(body) if line]
    articles = sum(1 for line in lines if _ARTICLE.match(line))
    level1 = sum(1 for line in lines if _LEVEL1.match(line))
    level2 = sum(1 for line in lines if _LEVEL2.match(line))
    if articles >= 2:
        return "articles"
    if level1 >= 2 or (level1 >= 1 and level2 >= 1) or level2 >= 2:
        return "sections"
    return "prose"


def _is_heading(line: str) -> bool:
    """A short line without sentence punctuation reads as a heading, not content."""
    return len(line) <= 40 and not any(ch in line for ch in "。！？!?；;，,：:")


def sentence_spans(text: str) -> list[tuple[int, str]]:
    """The sentences of ``text`` with where each starts; a sentence keeps its end mark and any closing
    quote or bracket after it ("…给予补助。）"), blank ones are dropped."""
    return [(m.start(), m.group()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def _sentences(text: str) -> list[str]:
    parts = [sentence for _, sentence in sentence_spans(text)]
    out: list[str] = []
    for part in parts:  # a single overlong sentence is cut at commas, then hard
        while len(part) > MAX_CHARS:
            cut = max(part.rfind("，", 0, MAX_CHARS), part.rfind(",", 0, MAX_CHARS))
            cut = cut + 1 if cut > MAX_CHARS // 3 else MAX_CHARS
            out.append(part[:cut])
            part = part[cut:]
        if part:
            out.append(part)
    return out


def split_long(text: str, max_chars: int = MAX_CHARS, overlap: int = OVERLAP_CHARS) -> list[str]:
    """Split ``text`` on sentence boundaries into windows of at most ``max_chars`` characters.

    Consecutive windows share trailing sentences of up to ``overlap`` characters, so a fact that
    straddles a boundary is still whole in one window. Text that fits is returned unchanged.
    """
    if len(text) <= max_chars:
        return [text]
    # line ends are kept: a Markdown table's rows stay one a line ("| 国内发明专利授权 | 每件8000元 |")
    lines = text.split("\n")
    sentences: list[str] = []
    for n, line in enumerate(lines):
        parts = _sentences(line)
        if parts and n < len(lines) - 1:
            parts[-1] += "\n"
        sentences.extend(parts)
    windows: list[str] = []
    current: list[str] = []
    for sentence in sentences:
        if current and sum(map(len, current)) + len(sentence) > max_chars:
            windows.append("".join(current).strip())
            carry: list[str] = []
            for prev in reversed(current):
                if sum(map(len, carry)) + len(prev) > overlap:
                    break
                carry.insert(0, prev)
            if sum(map(len, carry)) + len(sentence) > max_chars:
                carry = []
            current = carry
        current.append(sentence)
    if current:
        windows.append("".join(current).strip())
    return windows


class _Builder:
    """Collects (label, headings, lines) groups and turns them into chunks."""

    def __init__(self, policy_id: str) -> None:
        self.policy_id = policy_id
        self.chunks: list[Chunk] = []

    def emit(self, label: str, headings: list[str], lines: list[str]) -> None:
        text = "\n".join(line for line in lines if line).strip()
        if not text:
            return
        for window in split_long(text):
            self.chunks.append(Chunk(self.policy_id, label, window, tuple(headings), len(self.chunks)))


def _paragraphs(lines: list[str]) -> list[str]:
    """Join soft-wrapped lines into paragraphs.

    A blank line, a line ending a sentence, or a line opening with an indent (two spaces or a
    full-width space, as in documents pasted from Word) ends the paragraph before it.
    """
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        line = _clean(raw)
        if (current and raw[:1] in ("\u3000",)) or raw.startswith("  "):
            if current:
                paragraphs.append(current)
            current = ""
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        current += line
        if current.endswith(_PARA_END):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _chunk_prose(policy_id: str, lines: list[str]) -> list[Chunk]:
    builder = _Builder(policy_id)
    headings: list[str] = []
    count = 0
    for para in _paragraphs(lines):
        if _CHAPTER.match(para) or (_is_heading(para) and len(para) <= 25 and not para[-1:].isdigit()):
            headings = [para]
            continue
        count += 1
        builder.emit(f"第{count}段", headings, [para])
    return builder.chunks


def _chunk_articles(policy_id: str, lines: list[str]) -> list[Chunk]:
    builder = _Builder(policy_id)
    chapter: list[str] = []
    label, body = "", []
    preamble: list[str] = []
    for line in lines:
        if _CHAPTER.match(line) and _is_heading(line):
            if label:
                builder.emit(label, chapter, body)
                label, body = "", []
            if line.startswith("第") and re.match(rf"^第[{_NUM}\d]+节", line) and chapter:
                chapter = [chapter[0], line]
            else:
                chapter = [line]
            continue
        match = _ARTICLE.match(line)
        if match:
            if label:
                builder.emit(label, chapter, body)
            label, body = match.group(1), [line]
        elif label:
            body.append(line)
        else:
            preamble.append(line)
    if label:
        builder.emit(label, chapter, body)
    head = _chunk_prose(policy_id, preamble)
    return _renumber(head + builder.chunks)


def _chunk_sections(policy_id: str, lines: list[str]) -> list[Chunk]:
    builder = _Builder(policy_id)
    chapter: list[str] = []
    l1, l1_head = "", ""
    label, headings, body = "", [], []
    preamble: list[str] = []

    def flush() -> None:
        if label:
            builder.emit(label, headings, body)

    for line in lines:
        if _CHAPTER.match(line) and _is_heading(line):
            flush()
            chapter, l1, l1_head, label, body = [line], "", "", "", []
            continue
        m1, m2 = _LEVEL1.match(line), _LEVEL2.match(line)
        if m1:
            flush()
            l1 = f"{m1.group(1)}、"
            l1_head = line if _is_heading(line) else ""
            label, headings = l1, [*chapter, *([l1_head] if l1_head else [])]
            body = [line]
        elif m2:
            flush()
            l2 = f"（{m2.group(1)}）"
            label = f"{l1}{l2}"
            headings = [*chapter, *([l1_head] if l1_head else [])]
            if _is_heading(line):
                headings = [*headings, line]
            body = [line]
        elif label:
            body.append(line)
        else:
            preamble.append(line)
    flush()
    # A level-1 heading with nothing but its sub-sections is a heading, not a chunk of its own.
    chunks = [c for c in builder.chunks if not (c.text in c.heading_path[-1:] and _is_heading(c.text))]
    head = _chunk_prose(policy_id, preamble)
    return _renumber(head + chunks)


def _renumber(chunks: list[Chunk]) -> list[Chunk]:
    return [Chunk(c.policy_id, c.clause, c.text, c.heading_path, i) for i, c in enumerate(chunks)]


def chunk_body(policy_id: str, body: str) -> list[Chunk]:
    """Chunk one policy body (style detected automatically)."""
    lines = _lines(body)
    style = detect_style(body)
    if style == "articles":
        return _chunk_articles(policy_id, lines)
    if style == "sections":
        return _chunk_sections(policy_id, lines)
    return _chunk_prose(policy_id, _raw_lines(body))


def chunk_policy(policy: Policy) -> list[Chunk]:
    """Chunk one validated policy."""
    return chunk_body(policy.id, policy.body)


def cited_labels(labels: Sequence[str]) -> str:
    """Clause labels as a sentence cites them, joined by 、: ``第三条`` and ``第2段`` as they are, a
    numbered section as its part and item (``三、（二）`` → ``第三部分第（二）项``, ``四、`` → ``第四部分``),
    a part said once for the items of it that follow each other (``第三部分第（三）项、第（二）项``)."""
    cited, part = [], None
    for label in labels:
        match = _SECTION_LABEL.match(label)
        if match is None:
            cited.append(label)
            part = None
            continue
        item = f"第{match.group(2)}项" if match.group(2) else ""
        cited.append(item if item and match.group(1) == part else f"第{match.group(1)}部分{item}")
        part = match.group(1) if item else None
    return "、".join(cited)
