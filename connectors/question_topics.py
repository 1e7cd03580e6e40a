"""The topic of a question no policy matched, so the office sees the gaps in the collection grouped.

The topic is the longest term of three characters or more of the shared domain dictionary the question
names (``稳岗返还``, ``研发费用加计扣除`` …); otherwise jieba's top TF-IDF keyword (two-character dictionary
words such as ``补贴`` are too general to group by), then a two-character dictionary word; ``其他``
when nothing is left.
"""

from __future__ import annotations

import functools
import statistics
from pathlib import Path

import jieba

from policy_index.normalize import canonical_text, dictionary_words, tokenizer

#: Longest topic kept (the register's column is 32 characters).
TOPIC_MAX_CHARS = 32
OTHER = "其他"


@functools.cache
def _idf() -> tuple[dict[str, float], float]:
    """jieba's IDF table (word → inverse document frequency) and its median for unknown words."""
    table: dict[str, float] = {}
    with (Path(jieba.__file__).parent / "analyse" / "idf.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.strip().partition(" ")
            if value:
                table[word] = float(value)
    return table, statistics.median(table.values())


def _keyword(text: str) -> str | None:
    """The token of two characters or more with the highest TF-IDF (as ``jieba.analyse`` ranks them)."""
    idf, median = _idf()
    tokens = [token for token in tokenizer().lcut(text) if len(token.strip()) >= 2]
    if not tokens:
        return None
    return max(tokens, key=lambda token: tokens.count(token) * idf.get(token, median))


@functools.cache
def _domain_words() -> frozenset[str]:
    return frozenset(word for word in dictionary_words() if len(word) >= 2)


def topic_of(question: str) -> str:
    """The topic a firm's question is about (see the module docstring)."""
    text = canonical_text(question or "")
    if not text.strip():
        return OTHER
    terms = [token for token in tokenizer().lcut(text) if token in _domain_words()]
    specific = [term for term in terms if len(term) >= 3]
    best = max(specific, key=len) if specific else (_keyword(text) or max(terms, default=OTHER))
    return best[:TOPIC_MAX_CHARS]
