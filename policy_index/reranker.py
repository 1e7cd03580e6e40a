"""The learned reranker: a logistic model over (question, clause) features, top candidates only.

The hybrid search fuses BM25 and dense candidates by reciprocal rank; the reranker then scores the
first :data:`RERANK_TOP` fused candidates over the features of :mod:`policy_index.rerank_features`
and reorders them by the probability that the clause is the one that answers the question. Gradient-
boosted trees (scikit-learn ``HistGradientBoostingClassifier``) were measured too: the same recall
(5-fold, grouped by policy, on the development set) at ten times the training cost, so the linear
model stays — it is also a few hundred bytes of JSON and costs microseconds per candidate.

Because it is trained with questions that have *no* answer in the collection (off-topic, near misses,
and answerable questions searched with their own policy left out) as all-negative groups, its best
score is also the main signal of the ``answerable`` decision: a second logistic model over the best
probability, its margin and the collection signals of :mod:`policy_index.signals`. That model's
weights are trained with the reranker; its *threshold* is fitted per collection at build time
(:mod:`policy_index.self_calibrate`).

Trained by ``policy-index train-reranker`` with a fixed seed into ``reranker.json``. The repository ships
the one trained on ``data/eval/training_sets.yaml`` (``data/reranker``, written by ``make reranker-ship``);
``make reranker`` (part of ``make index``) takes it when it was trained on today's collections, lexicon and
code, and trains anew otherwise. The build copies it into the index folder, where the manifest's file
hashes cover it, and records its version and the fitted threshold in the manifest.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from policy_index.referral import referred_first
from policy_index.rerank_features import (
    FEATURE_NAMES,
    PolicyView,
    QueryView,
    candidate_features,
    names_document,
)

__all__ = [
    "ANSWER_FEATURES",
    "META_FILE",
    "RERANKER_VERSION",
    "RERANK_TOP",
    "LinearModel",
    "Reranker",
    "answer_features",
]

#: Bump when the features or the training recipe change: an index with another version is rebuilt.
RERANKER_VERSION = "9"
#: Fused candidates the reranker scores (the rest keep their fused order below them).
RERANK_TOP = 30
META_FILE = "reranker.json"
#: Inputs of the answerable model (``rerank_log`` = log of the best probability; ``subject_cov`` = share
#: of what the question is about that the best clause covers, ``subject_pol_cov`` = the same over its whole
#: policy, ``programme_gap`` = a programme or level it names that the best policy never says, see
#: :mod:`policy_index.signals`).
ANSWER_FEATURES = ("rerank_log", "rerank_gap", "subject_cov", "subject_pol_cov", "dense_top", "programme_gap")


@dataclass(frozen=True)
class LinearModel:
    """Standardised logistic regression: ``sigmoid(coef · (x - mean) / scale + intercept)``."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Logit per row of ``x``."""
        w = np.asarray(self.coef) / np.asarray(self.scale)
        return np.asarray(x, dtype=np.float64) @ w + (self.intercept - float(np.dot(w, self.mean)))

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Probability per row of ``x``."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.logits(x), -50, 50)))

    def to_json(self) -> dict:
        return {
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
        }

    @classmethod
    def from_json(cls, data: dict, width: int) -> LinearModel:
        """Read :meth:`to_json` output, checking it has ``width`` weights."""
        fields = [tuple(float(v) for v in data[k]) for k in ("mean", "scale", "coef")]
        if any(len(f) != width for f in fields):
            raise ValueError("weights do not match the features")
        return cls(*fields, float(data["intercept"]))

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, *, balanced: bool = False, weight=None) -> LinearModel:
        """Fit on rows ``x`` and 0/1 labels ``y`` (scikit-learn, deterministic lbfgs)."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler().fit(x)
        clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced" if balanced else None)
        clf.fit(scaler.transform(x), y, sample_weight=weight)
        scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
        return cls(
            tuple(map(float, scaler.mean_)),
            tuple(map(float, scale)),
            tuple(map(float, clf.coef_[0])),
            float(clf.intercept_[0]),
        )


def answer_features(features: dict[str, float]) -> list[float]:
    """The answerable model's inputs from a search's ``features``."""
    return [
        math.log(features.get("rerank_top", 0.0) + 1e-6) if name == "rerank_log" else features.get(name, 0.0)
        for name in ANSWER_FEATURES
    ]


#: A clause of the best policy that has the aspect asked for moves above the best clause that lacks it
#: when its probability is at least this share of the best one.
ASPECT_SHARE = 0.4


def _aspect_first(
    order: list[int], features: np.ndarray, probs: np.ndarray, view: PolicyView, candidates: Sequence[int]
) -> list[int]:
    """``order`` with the best policy's clause that covers the asked aspect first (see ASPECT_SHARE).

    The question asks "how much" but the best clause is the policy's application procedure: the
    policy is right and its amount clause is close behind; answering with it is what the firm wants.
    """
    column = FEATURE_NAMES.index("aspect_first")
    if not order or features[order[0], column] > 0:
        return order
    best = order[0]
    policy = view.chunk_policy[candidates[best]]
    for i in order[1:]:
        if probs[i] < ASPECT_SHARE * probs[best]:
            break
        if view.chunk_policy[candidates[i]] == policy and features[i, column] > 0:
            return [i, *[j for j in order if j != i]]
    return order


def _named_document_first(
    order: list[int], view: PolicyView, candidates: Sequence[int], normalized: str
) -> list[int]:
    """``order`` with the best clause of the one policy whose whole document number the question names
    first ("平商发2023年7号文还管用不" is about that document, even when it has expired and its
    replacement scores higher)."""
    named = {
        pid
        for pid in {view.chunks[candidates[i]]["policy_id"] for i in order}
        if names_document(normalized, view.policies[pid])
    }
    if len(named) != 1:
        return order
    (pid,) = named
    first = next(i for i in order if view.chunks[candidates[i]]["policy_id"] == pid)
    return [first, *[i for i in order if i != first]]


@dataclass
class Reranker:
    """The candidate scorer, the answerable model over its best score, and this collection's threshold."""

    ranker: LinearModel
    answer: LinearModel
    meta: dict = field(default_factory=dict)
    threshold: float = 0.5

    # ------------------------------------------------------------------ scoring
    def score(self, features: np.ndarray) -> np.ndarray:
        """Probability per candidate row that it is the answering clause."""
        if not len(features):
            return np.zeros(0, dtype=np.float64)
        return self.ranker.proba(features)

    def rerank(self, view: PolicyView, query: QueryView, top: int = RERANK_TOP) -> list[tuple[int, float]]:
        """The first ``top`` fused candidates reordered by probability: ``[(chunk id, probability)]``."""
        candidates = [cid for cid, _ in query.fused[:top]]
        features = candidate_features(view, query, candidates)
        probs = self.score(features)
        order = [int(i) for i in np.argsort(-probs, kind="stable")]  # ties keep the fused order
        moved = _named_document_first(
            _aspect_first(order, features, probs, view, candidates), view, candidates, query.normalized
        )
        if moved == order:  # a case the best clause sends to another policy: that policy's clause first
            moved = referred_first(order, candidates, view.chunks, view.policies, query.normalized)
        top_prob = float(probs[order[0]]) if order else 0.0
        # a clause moved to the front shares the best probability, so the scores stay sorted
        return [(candidates[i], top_prob if rank == 0 else float(probs[i])) for rank, i in enumerate(moved)]

    @staticmethod
    def signals(reranked: Sequence[tuple[int, float]], chunk_policy: np.ndarray) -> dict[str, float]:
        """``rerank_top`` (best probability) and ``rerank_gap`` (its margin over the best other policy)."""
        if not reranked:
            return {"rerank_top": 0.0, "rerank_gap": 0.0}
        best_id, best = reranked[0]
        other = next((p for cid, p in reranked[1:] if chunk_policy[cid] != chunk_policy[best_id]), 0.0)
        return {"rerank_top": best, "rerank_gap": best - other}

    def answer_score(self, features: dict[str, float]) -> float:
        """Probability that the best hit answers the question (0 when a foreign place is named)."""
        if features.get("foreign_place"):
            return 0.0
        return float(self.answer.proba(np.array([answer_features(features)]))[0])

    def decide(self, features: dict[str, float]) -> bool:
        """The answerable decision: the answer score reaches this collection's threshold."""
        return self.answer_score(features) >= self.threshold

    def with_threshold(self, threshold: float) -> Reranker:
        """The same models with another answerable threshold."""
        return Reranker(self.ranker, self.answer, self.meta, threshold)

    # ------------------------------------------------------------------ files
    def save(self, folder: Path) -> Path:
        """Write ``reranker.json`` (weights and training record) into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        data = {
            **self.meta,
            "version": RERANKER_VERSION,
            "features": list(FEATURE_NAMES),
            "answer_features": list(ANSWER_FEATURES),
            "ranker": self.ranker.to_json(),
            "answer": self.answer.to_json(),
            "threshold": self.threshold,
        }
        path = folder / META_FILE
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, folder: Path, threshold: float | None = None) -> Reranker | None:
        """The reranker saved in ``folder``, or ``None`` when there is none or it is another version.

        Raises:
            ValueError: the file is there but unreadable (corrupt), message in Chinese.
        """
        path = folder / META_FILE
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if (
                data.get("version") != RERANKER_VERSION
                or tuple(data.get("features") or ()) != FEATURE_NAMES
                or tuple(data.get("answer_features") or ()) != ANSWER_FEATURES
            ):
                return None
            ranker = LinearModel.from_json(data["ranker"], len(FEATURE_NAMES))
            answer = LinearModel.from_json(data["answer"], len(ANSWER_FEATURES))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"重排序模型 {path} 已损坏（{exc}），请运行 `make reranker` 重新训练。") from exc
        meta = {k: v for k, v in data.items() if k not in ("ranker", "answer")}
        return cls(
            ranker, answer, meta, float(data.get("threshold", 0.5) if threshold is None else threshold)
        )
