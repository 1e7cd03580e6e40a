"""The trade categories a firm's own words name (``data/lexicon/trades.yaml``): 饭店 → 餐饮, 宾馆 → 住宿.

Policies name trades as the national classification does (批发、零售、住宿、餐饮企业); firms say what they
run ("那开饭店的呢"). The answer picks the sentence on the firm's category by these words.
"""

from __future__ import annotations

import functools

import yaml

from huiqi.settings import LEXICON_DIR

__all__ = ["TRADES_PATH", "trade_categories"]

TRADES_PATH = LEXICON_DIR / "trades.yaml"


@functools.cache
def _said_as() -> tuple[tuple[str, str], ...]:
    """(word a firm says, category) pairs, the longest words first (小吃店 before 吃店)."""
    raw = yaml.safe_load(TRADES_PATH.read_text(encoding="utf-8")) or {}
    pairs = [(word, category) for category, words in raw.items() for word in words or ()]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def trade_categories(text: str) -> list[str]:
    """The categories of the trades ``text`` names in everyday words, each once, in the order said."""
    found: dict[str, int] = {}
    for word, category in _said_as():
        at = text.find(word)
        if at >= 0 and category not in text:
            found.setdefault(category, at)
    return sorted(found, key=found.__getitem__)
