"""The ``answerable`` decision: does the best hit really answer the question?

Three signals (computed in :mod:`policy_index.signals`, where the others are described too):

* ``dense_top`` — cosine similarity of the best clause to the question: the embedding model's own
  judgement of relatedness (its scale is model-specific, hence the per-model calibration);
* ``dense_gap`` — how far the best cosine stands above the mean of the other dense candidates: a
  query-relative margin that does not move with the model's or the collection's overall cosine level
  (a near-miss question lands *among* related clauses, not clearly above them);
* ``foreign_place`` — 1 when the question names a place (jieba tag ``ns``) that the collection never
  mentions: "深圳南山区的高企奖励" is about another district's policy even when the topic matches.

A logistic model over these is fitted on the development set (``policy-index calibrate``): positives
are the answerable questions; negatives are the unanswerable ones **plus every answerable question
searched with its own policy left out** of the collection (leave-one-policy-out), so the decision also
learns near misses — a question about a programme the collection does not hold, asked among related
ones. Its threshold is chosen so that at most ``MAX_FALSE_FLAG`` of answerable questions are flagged.
Feature subsets were chosen by 5-fold cross-validation on the development set only (the independent
held-out collection in ``data/eval/heldout`` is only used to report how the choice generalises):
the collection-level "key terms unseen in the collection" and "key terms covered by the best clause"
signals, and channel agreement, are still computed and returned in ``features`` for diagnosis, but did
not improve the cross-validated abstention.

The fitted parameters are stored per embedding model in ``calibration.json`` beside this module; with
another model the features are still computed but a conservative default is used (flag only questions
about another place).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CALIBRATION_PATH", "FEATURES", "AnswerableModel", "fit_answerable"]

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")
FEATURES = ("dense_top", "dense_gap", "foreign_place")
#: Target share of answerable development questions that may be flagged unanswerable.
MAX_FALSE_FLAG = 0.04


@dataclass(frozen=True)
class AnswerableModel:
    """Logistic decision over :data:`FEATURES`; ``answerable`` when ``p >= threshold``."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float
    model_fingerprint: str = ""
    calibrated: bool = True

    def probability(self, features: dict[str, float]) -> float:
        """Probability that the question is answerable by the best hit."""
        z = self.intercept + sum(c * features[name] for c, name in zip(self.coef, FEATURES, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def decide(self, features: dict[str, float]) -> bool:
        """The answerable decision."""
        return self.probability(features) >= self.threshold

    @classmethod
    def default(cls) -> AnswerableModel:
        """Conservative decision for an uncalibrated model: flag only questions about another place."""
        return cls(coef=(0.0, 0.0, -5.0), intercept=2.0, threshold=0.5, calibrated=False)

    @classmethod
    def for_model(cls, fingerprint: str, path: Path = CALIBRATION_PATH) -> AnswerableModel:
        """The calibration stored for this embedding model, or :meth:`default`."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return cls.default()
        entry = (data.get("models") or {}).get(fingerprint)
        if not entry or tuple(data.get("features") or ()) != FEATURES:
            return cls.default()
        return cls(
            coef=tuple(entry["coef"]),
            intercept=float(entry["intercept"]),
            threshold=float(entry["threshold"]),
            model_fingerprint=fingerprint,
        )

    def save(self, model_name: str, path: Path = CALIBRATION_PATH, extra: dict | None = None) -> None:
        """Store this calibration for its model fingerprint (other models' entries are kept)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            data = {}
        if data.get("features") != list(FEATURES):
            data = {}  # calibrations of another feature set are void
        data["features"] = list(FEATURES)
        data.setdefault("models", {})[self.model_fingerprint] = {
            "model": model_name,
            "coef": list(self.coef),
            "intercept": self.intercept,
            "threshold": self.threshold,
            **(extra or {}),
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def fit_answerable(
    rows: Sequence[dict[str, float]],
    labels: Sequence[bool],
    fingerprint: str,
    max_false_flag: float = MAX_FALSE_FLAG,
    near_misses: Sequence[dict[str, float]] = (),
) -> AnswerableModel:
    """Fit the logistic model and pick the threshold on the development score distribution.

    Args:
        rows: feature dicts, one per development question.
        labels: True for answerable questions.
        fingerprint: the embedding model's fingerprint the features came from.
        max_false_flag: largest share of answerable questions allowed below the threshold.
        near_misses: extra negatives (answerable questions searched without their own policy).

    Returns:
        The calibrated model: the highest threshold that flags at most ``max_false_flag`` of the
        answerable questions (so as many unanswerable ones as possible are flagged).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([[r[name] for name in FEATURES] for r in [*rows, *near_misses]], dtype=float)
    y = np.array([*labels, *([False] * len(near_misses))], dtype=int)
    clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(x, y)
    model = AnswerableModel(tuple(float(c) for c in clf.coef_[0]), float(clf.intercept_[0]), 0.5, fingerprint)
    probs = np.array([model.probability(r) for r in rows])
    positives = np.sort(probs[np.array(labels, dtype=bool)])
    allowed = math.floor(max_false_flag * len(positives))
    threshold = float(positives[allowed]) if len(positives) else 0.5  # flag strictly below this
    return AnswerableModel(model.coef, model.intercept, threshold, fingerprint)
