"""Policy topics a message names, read from the jieba domain dictionary shared with ``policy_index``.

NLU tags ``topic`` entities, but it only knows the examples it was trained on; the shared domain
dictionary (data/lexicon/jieba/) knows every policy term the engine knows. A message naming
one of those terms asks its own question rather than following up on the previous one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: Dictionary nouns too generic to be a topic on their own (asked about any policy).
GENERIC = frozenset(
    [
        "一次性奖励",
        "奖补",
        "补助",
        "补贴",
        "资助",
        "申报材料",
        "申报时间",
        "受理部门",
        "咨询电话",
        "联系电话",
        "营业执照",
        "有效期",
        "街道",
        "镇街",
        "功能区",
        "中小企业",
        "中小微企业",
        "民营企业",
        "小微企业",
        "营业收入",
        "主营业务收入",
        "营收",
        "贷款",
        "统一社会信用代码",
        "开发区",
        "纳税额",
    ]
)


def lexicon_dir() -> Path:
    """The folder of the shared jieba user dictionaries (``data/lexicon/jieba``)."""
    from policy_index.normalize import DICT_DIR

    return DICT_DIR


@lru_cache(maxsize=4)
def topic_terms(folder: Path | None = None) -> tuple[str, ...]:
    """Topic terms of the dictionary (nouns of two or more characters), longest first, then in
    code-point order (a fixed order whatever the interpreter's hash seed)."""
    terms: set[str] = set()
    for path in sorted((folder or lexicon_dir()).glob("*")):
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if fields and len(fields[0]) >= 2 and (len(fields) < 3 or fields[-1].startswith("n")):
                terms.add(fields[0])
    return tuple(sorted(terms - GENERIC, key=lambda term: (-len(term), term)))


def find_topic(text: str, terms: tuple[str, ...] | None = None) -> str | None:
    """Return the longest topic term named in ``text`` (of equally long ones, the first named), or None."""
    longest: list[str] = []
    for term in terms or topic_terms():
        if longest and len(term) < len(longest[0]):
            break
        if term in text:
            longest.append(term)
    return min(longest, key=text.find) if longest else None
