"""Sums of money and rates as a firm says them and a clause writes them: "奖三万块" and "3万元" are the
same 30000 元, "百分之五十" and "50%" the same rate. A question stating a figure only one policy says
names that policy ("进线奖三万块，还能领吗" of the expired 3万元 award, the one in force paying 5万元)."""

from __future__ import annotations

import functools
import re

from policy_index.normalize import normalize_query

#: A number with what makes it money or a rate: a scale (万, 亿, 千) or a unit (元, 块, %), or both.
_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:个(?=[亿万]))?(亿|万|千)?\s*(元|块钱|块|%)?")
_SCALE = {"亿": 100_000_000, "万": 10_000, "千": 1_000, None: 1}

#: Words before a figure saying a benefit pays it ("奖3万", "每件补1万", "最多5万", "封顶100万") …
_PAYS_BEFORE = re.compile(r"[奖补贴给发返]|封顶|最多|最高|上限|不超过")
#: … or right after it ("按设备投资百分之六补的政策").
_PAYS_AFTER = re.compile(r"的?[奖补贴给]")

Figure = tuple[str, float]


@functools.lru_cache(maxsize=512)
def figures(text: str, *, paid_only: bool = False) -> frozenset[Figure]:
    """The sums (``("元", 30000.0)``) and rates (``("%", 50.0)``) ``text`` states, read as the lexicon
    reads a question (spoken numerals in digits, 百分之五十 as 50%); a bare number (a year, a count)
    is neither. ``paid_only``: only those said as what a benefit pays ("奖三万", "补百分之十", "最多五万",
    "百分之六补的"), not the firm's own sums ("投了300万，能补多少", "一千万的贷款到期"). Cached: a policy's
    whole text is read once, not on every question that compares it."""
    said = normalize_query(text)
    found: set[Figure] = set()
    for match in _FIGURE.finditer(said):
        number, scale, unit = match.groups()
        if paid_only and not (
            _PAYS_BEFORE.search(said[max(0, match.start() - 4) : match.start()])
            or _PAYS_AFTER.match(said, match.end())
        ):
            continue
        if unit == "%":
            found.add(("%", float(number)))
        elif scale or unit:
            found.add(("元", round(float(number) * _SCALE[scale or None], 2)))
    return frozenset(found)


def states_a_figure_only_in(question: str, text: str, other: str) -> bool:
    """Whether ``question`` states, as what a benefit pays, a sum or rate that ``text`` says and ``other``
    does not."""
    asked = figures(question, paid_only=True)
    if not asked:
        return False
    only_here = figures(text) - figures(other)
    return bool(asked & only_here)
