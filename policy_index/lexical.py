"""The lexical channel: jieba segmentation (domain dictionary, search mode) + BM25 (bm25s).

Clauses and questions go through the same normalisation (:func:`normalize_passage` /
:func:`normalize_query`), so abbreviations, traditional characters and Chinese numerals meet their
canonical form on both sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from policy_index.normalize import STOPWORDS_PATH, normalize_passage, tokenizer

__all__ = ["LexicalIndex", "tokenize", "tokenize_normalized"]

_KEEP = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]")
#: Function words and question particles that carry no topic (data/lexicon/stopwords.txt).
STOPWORDS = frozenset(
    line.strip()
    for line in STOPWORDS_PATH.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


def tokenize_normalized(text: str) -> list[str]:
    """Tokens of already-normalised text: jieba search mode, stopwords and punctuation removed."""
    return [
        tok
        for tok in tokenizer().lcut_for_search(text)
        if tok not in STOPWORDS and _KEEP.search(tok) and not tok.isspace()
    ]


def tokenize(text: str) -> list[str]:
    """Normalise a clause text and tokenize it for BM25."""
    return tokenize_normalized(normalize_passage(text))


class LexicalIndex:
    """BM25 over tokenized clause texts; row ``i`` is chunk ``i``."""

    def __init__(self, retriever: bm25s.BM25, n_docs: int) -> None:
        self.retriever = retriever
        self.n_docs = n_docs
        self.vocab: dict[str, int] = retriever.vocab_dict
        matrix = retriever.scores  # CSC: per vocabulary id, the chunk ids and BM25 weights
        self._indptr = np.asarray(matrix["indptr"], dtype=np.int64)
        self._indices = np.asarray(matrix["indices"])
        self._data = np.asarray(matrix["data"], dtype=np.float32)

    @classmethod
    def build(cls, token_lists: Sequence[list[str]], show_progress: bool = False) -> LexicalIndex:
        """Index one token list per chunk."""
        retriever = bm25s.BM25(method="lucene", k1=1.2, b=0.75)
        retriever.index([list(t) for t in token_lists], show_progress=show_progress)
        return cls(retriever, len(token_lists))

    def save(self, folder: Path) -> None:
        """Write the BM25 matrices and vocabulary into ``folder``."""
        self.retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, n_docs: int) -> LexicalIndex:
        """Read an index written by :meth:`save`."""
        retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(retriever, n_docs)

    def token_ids(self, tokens: Iterable[str]) -> np.ndarray:
        """Vocabulary ids of the known tokens (repeats kept: BM25 counts a repeated query term twice)."""
        return np.array([self.vocab[t] for t in tokens if t in self.vocab], dtype=np.int64)

    def word_uses(self) -> Iterable[tuple[str, int]]:
        """Every vocabulary word with the number of chunks that use it."""
        counts = np.diff(self._indptr)  # bm25s's vocabulary may hold one more id (the empty token)
        return ((word, int(counts[tid])) for word, tid in self.vocab.items() if tid < len(counts))

    def postings(self, token_id: int) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, BM25 weights) of one vocabulary id; chunk ids ascending."""
        start, end = self._indptr[token_id], self._indptr[token_id + 1]
        return self._indices[start:end], self._data[start:end]

    def scores(self, tokens: Iterable[str]) -> np.ndarray:
        """BM25 score of every chunk for the query tokens (unknown tokens are ignored).

        Sums the precomputed per-posting BM25 weights of the query terms with one ``np.bincount`` —
        the cost is the length of the terms' posting lists, not a pass over the whole collection
        per term (bm25s's own ``get_scores`` uses ``np.add.at``, several times slower).
        """
        ids = self.token_ids(tokens)
        if not len(ids) or self.n_docs == 0:
            return np.zeros(self.n_docs, dtype=np.float32)
        starts, ends = self._indptr[ids], self._indptr[ids + 1]
        chunk_ids = np.concatenate([self._indices[a:b] for a, b in zip(starts, ends, strict=True)])
        weights = np.concatenate([self._data[a:b] for a, b in zip(starts, ends, strict=True)])
        return np.bincount(chunk_ids, weights=weights, minlength=self.n_docs).astype(np.float32)

    def search(
        self, tokens: Sequence[str], k: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return (ids, scores) of the ``k`` best chunks with a positive score, best first.

        Args:
            tokens: the query tokens.
            k: number of chunks wanted.
            mask: chunks allowed (boolean per chunk); the others score 0 and are left out.
        """
        scores = self.scores(tokens)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        if not len(scores):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        top = top[scores[top] > 0]
        return top.astype(np.int64), scores[top]
