"""Index type selection (a table at the thresholds) and FAISS search against brute force."""

from __future__ import annotations

import numpy as np
import pytest

from policy_index.dense import FLAT_MAX, HNSW_MAX, DenseIndex, build_faiss, choose_index_key


@pytest.mark.parametrize(
    ("n", "key"),
    [
        (0, "Flat"),
        (1, "Flat"),
        (FLAT_MAX, "Flat"),
        (FLAT_MAX + 1, "HNSW32,Flat"),
        (300_000, "HNSW32,Flat"),
        (HNSW_MAX, "HNSW32,Flat"),
        (HNSW_MAX + 1, "IVF8192,PQ64"),
    ],
)
def test_choose_index_key_boundaries(n: int, key: str) -> None:
    assert choose_index_key(n, 384) == key


def test_choose_index_key_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        choose_index_key(-1, 384)


def _unit(rng: np.random.Generator, n: int, dim: int = 64) -> np.ndarray:
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_flat_index_equals_brute_force_cosine() -> None:
    rng = np.random.default_rng(1)
    vectors, queries = _unit(rng, 500), _unit(rng, 20)
    index = DenseIndex(build_faiss(vectors, "Flat"))
    scores, ids = index.search(queries, 5)
    brute = queries @ vectors.T
    assert index.ntotal == 500
    np.testing.assert_array_equal(ids, np.argsort(-brute, axis=1)[:, :5])
    np.testing.assert_allclose(scores, np.sort(brute, axis=1)[:, ::-1][:, :5], rtol=1e-5)


def test_hnsw_index_finds_the_exact_neighbours_almost_always() -> None:
    rng = np.random.default_rng(2)
    vectors, queries = _unit(rng, 5000), _unit(rng, 50)
    index = DenseIndex(build_faiss(vectors, "HNSW32,Flat"))
    _, ids = index.search(queries, 10)
    exact = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, exact, strict=True)])
    assert recall >= 0.95
