"""The dense channel: a FAISS inner-product index over L2-normalised clause vectors (cosine).

The index type is chosen by one pure function, :func:`choose_index_key`, from the collection size:

* up to ``FLAT_MAX`` vectors — ``Flat``: exact search. Measured one query at a time, 384-d vectors,
  one FAISS thread (``bench/retrieval_scale.py --threshold``, shared 2-core machine, load ≈ 3.7):
  Flat p50/p95 0.5/4.6 ms at 10,000 vectors but 7.1/12.8 ms at 30,000 (28 ms p50 with two OpenMP
  threads under load), growing linearly; HNSW 0.8/4.9 ms at 10,000 (recall@10 0.996 against exact)
  and 0.8/1.0 ms at 30,000 (recall@10 0.983). Exact search therefore stops at 10,000 vectors.
* above — ``HNSW32,Flat``: graph search at ``efSearch = 128`` (the fused top 5 is what users see,
  and the lexical channel backs up a missed neighbour); no training step, so incremental rebuilds
  stay simple.
* above ``HNSW_MAX`` vectors the full-precision HNSW graph no longer fits a modest memory budget
  (≈ 1.8 kB per 384-d vector), so ``IVF{n},PQ{m}`` compresses vectors to ``m`` bytes each.
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

__all__ = ["FLAT_MAX", "HNSW_EF_SEARCH", "HNSW_MAX", "DenseIndex", "build_faiss", "choose_index_key"]

#: Largest collection searched exactly.
FLAT_MAX = 10_000
#: Largest collection kept as a full-precision HNSW graph.
HNSW_MAX = 5_000_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def choose_index_key(n_vectors: int, dim: int) -> str:
    """Return the FAISS factory key for ``n_vectors`` vectors of dimension ``dim``.

    Args:
        n_vectors: number of clause vectors.
        dim: vector dimension.

    Returns:
        ``"Flat"`` (exact), ``"HNSW32,Flat"`` or ``"IVF{lists},PQ{m}"``.
    """
    if n_vectors < 0 or dim <= 0:
        raise ValueError("n_vectors must be >= 0 and dim > 0")
    if n_vectors <= FLAT_MAX:
        return "Flat"
    if n_vectors <= HNSW_MAX:
        return f"HNSW{HNSW_M},Flat"
    lists = 1 << round(math.log2(4 * math.sqrt(n_vectors)))
    m = next(m for m in (64, 48, 32, 16, 8) if dim % m == 0)
    return f"IVF{lists},PQ{m}"


def build_faiss(vectors: np.ndarray, key: str | None = None) -> faiss.Index:
    """Build an inner-product FAISS index holding ``vectors`` (row ``i`` gets id ``i``)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    key = key or choose_index_key(n, dim)
    if key.startswith("HNSW"):
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    else:
        index = faiss.index_factory(dim, key, faiss.METRIC_INNER_PRODUCT)
    if not index.is_trained:
        index.train(vectors)
    if n:
        index.add(vectors)
    return index


class DenseIndex:
    """A loaded FAISS index plus search helpers."""

    def __init__(self, index: faiss.Index) -> None:
        self.index = index
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        ivf = faiss.try_extract_index_ivf(index) if "IVF" in type(index).__name__ else None
        if ivf is not None:
            ivf.nprobe = 32

    @classmethod
    def read(cls, path: Path) -> DenseIndex:
        """Read an index written by :meth:`write`."""
        return cls(faiss.read_index(str(path)))

    def write(self, path: Path) -> None:
        """Write the index to ``path``."""
        faiss.write_index(self.index, str(path))

    @property
    def ntotal(self) -> int:
        """Number of vectors in the index."""
        return int(self.index.ntotal)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Return (scores, ids) of the ``k`` nearest vectors for each query row (ids -1 = none)."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(k, self.ntotal))
        if self.ntotal == 0:
            return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
        return self.index.search(queries, k)

    def scores_in_range(self, query: np.ndarray, start: int, stop: int) -> np.ndarray | None:
        """Exact cosine of ``query`` with vectors ``start``…``stop - 1`` (one policy's clauses).

        Returns None when the index cannot give back its vectors (compressed IVF-PQ without a direct
        map); the caller then filters an ordinary search instead.
        """
        if stop <= start:
            return np.zeros(0, np.float32)
        try:
            vectors = self.index.reconstruct_n(start, stop - start)
        except RuntimeError:
            return None
        return vectors @ np.asarray(query, dtype=np.float32).ravel()
