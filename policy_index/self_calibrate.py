"""Fit a collection's answerable threshold without hand labels (run by every index build).

A district that points ``HUIQI_CORPUS_DIR`` at its own collection has no labelled questions. The build
therefore generates questions from the collection's own clauses (:mod:`policy_index.question_gen`,
seeded) and searches each of them twice:

* as asked — the answer is in the index (positives);
* with the clause's policy held out of the index — a near miss the collection cannot answer.

The answerable model's weights come from training (:mod:`policy_index.rerank_train`); the threshold is
set at the share of generated positives that the training collections' own thresholds left below them
(``generated_quantile``, their median): generated questions are easier than real ones, and this keeps
the real answerable questions' false-flag rate rather than the generated questions'. That fit is then
weighed against the training collections' median threshold by the weight training chose leaving each
collection out (``threshold_weight``). A collection the reranker was trained on (same corpus hash) uses
its own labelled share instead, unweighed. The fit — threshold,
share of generated positives and of held-out near misses flagged — is printed by the build and stored in
the manifest.
"""

from __future__ import annotations

import numpy as np

from policy_index.index import PolicyIndex
from policy_index.question_gen import GeneratedQuestion, generate_questions
from policy_index.reranker import Reranker

__all__ = ["CALIBRATION_CHUNKS", "fit_threshold", "generated_scores"]

#: Chunks sampled for generated questions (both searches per question: about 1 s per 15 questions). As
#: many as training samples (:mod:`policy_index.rerank_train`), so that the training collection gets back
#: exactly its training threshold: with 200 the quantile's sampling noise moved the shipped collection's
#: threshold from 0.18 to 0.25 (reranker v4) and 5.0 % of its answerable questions were flagged, not 3 %.
CALIBRATION_CHUNKS = 300
SEED = 0


def generated_scores(
    index: PolicyIndex, reranker: Reranker, limit: int, seed: int
) -> tuple[list[GeneratedQuestion], np.ndarray]:
    """Questions generated from (a seeded sample of ``limit``) chunks and their answer scores, searched
    with ``reranker`` installed in ``index``."""
    questions = generate_questions(
        index.chunks, {pid: meta["title"] for pid, meta in index.policies.items()}, limit=limit, seed=seed
    )
    index.reranker = reranker
    index.prepare_queries([q.q for q in questions])
    return questions, np.array([reranker.answer_score(index.search(q.q, k=5)["features"]) for q in questions])


def fit_threshold(index: PolicyIndex, reranker: Reranker, *, seed: int = SEED) -> dict:
    """The answerable threshold for ``index``'s collection and the figures of the fit.

    Returns:
        ``{"threshold", "own_fit", "weight", "generated", "positives_flagged", "held_out_flagged",
        "quantile", "seed", "sampled", "quantile_from"}``: ``own_fit`` is the threshold at the quantile
        of the collection's own generated questions (the training threshold when it is too small to
        generate from), weighed by ``weight`` (``threshold_weight`` of the reranker's training, 1 for a
        collection it was trained on) against the training median into ``threshold``; ``sampled`` is
        :data:`CALIBRATION_CHUNKS` (a fit with another recipe is redone); ``quantile_from`` is
        ``"labelled"`` when the reranker was trained on this very collection and its own labelled share
        is used, else ``"learnt"``, the training median.
    """
    labelled = (reranker.meta.get("labelled_shares") or {}).get(str(index.manifest.get("corpus_hash", "")))
    quantile = float(labelled if labelled is not None else reranker.meta.get("generated_quantile", 0.03))
    questions, positives = generated_scores(index, reranker, CALIBRATION_CHUNKS, seed)
    several = len(index.policies) > 1
    held_out = np.array(
        [
            reranker.answer_score(index.search(q.q, k=5, exclude_policy=q.policy_id)["features"])
            for q in questions
            if several
        ]
    )
    own = float(np.quantile(positives, quantile)) if len(positives) >= 20 else reranker.threshold
    # a new collection: its own fit weighed against the training collections' median threshold
    weight = 1.0 if labelled is not None else float(reranker.meta.get("threshold_weight", 1.0))
    threshold = weight * own + (1.0 - weight) * reranker.threshold
    return {
        "threshold": round(threshold, 6),
        "own_fit": round(own, 6),
        "weight": weight,
        "generated": len(questions),
        "quantile": quantile,
        "positives_flagged": round(float((positives < threshold).mean()), 4) if len(positives) else None,
        "held_out_flagged": round(float((held_out < threshold).mean()), 4) if len(held_out) else None,
        "seed": seed,
        "sampled": CALIBRATION_CHUNKS,
        "quantile_from": "labelled" if labelled is not None else "learnt",
    }
