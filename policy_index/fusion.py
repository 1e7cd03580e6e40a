"""Fuse the ranked lists of the lexical and dense channels.

Reciprocal-rank fusion (Cormack et al., 2009): ``score(d) = Σ_c w_c / (k + rank_c(d))``. It needs no
score calibration between channels, which matters because BM25 scores vary with the collection and
the question while cosine scores depend on the embedding model. ``bench/retrieval_quality.py``
compares it with the single channels on the development set.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["RRF_K", "reciprocal_rank_fusion"]

#: The usual RRF constant; larger values flatten the advantage of the very first ranks.
RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], weights: Sequence[float] | None = None, k: int = RRF_K
) -> list[tuple[int, float]]:
    """Fuse ranked id lists into one list of ``(id, score)`` sorted by descending score.

    Args:
        rankings: one list of ids per channel, best first.
        weights: one weight per channel (default 1.0 each).
        k: the RRF constant.

    Returns:
        ``(id, fused score)`` pairs, best first; ties keep the order of first appearance.
    """
    weights = weights or [1.0] * len(rankings)
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, doc in enumerate(ranking, start=1):
            scores[doc] = scores.get(doc, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])
