"""The ``answerable`` decision: does the best hit really answer the question?

The candidate signals are computed in :mod:`policy_index.signals` (described there) and returned in
every search's ``features``: the dense cosine of the best clause (``dense_top``) and its query-relative
margins (``dense_gap``, ``dense_z``), the collection-relative lexical score (``lex_norm``), the
key-term signals (``unseen`` — share of the question's key terms the collection never mentions;
``top_cov`` — share the best clause covers) and channel agreement (``agree``).

``foreign_place`` (the question names a place the collection never mentions: "深圳南山区的高企奖励"
is about another district's policy even when the topic matches) is a rule, not a learned weight: it
always flags. Too few development questions name another region for a fitted weight to matter, and
the threshold below is chosen with the rule applied, so its cost is within ``MAX_FALSE_FLAG``.

A logistic model over a subset of them is fitted on the development set (``policy-index calibrate``):
positives are the answerable questions; negatives are the unanswerable ones — off-topic questions and
*near misses* (a tax, programme or certification the district has no policy for) — **plus every
answerable question searched with its own policy left out** of the collection (leave-one-policy-out).
Features are standardised before the fit (the cosine features vary over a few hundredths, so without
it the regularisation silences them); the stored coefficients are folded back to raw feature units.
Its threshold is chosen so that at most ``MAX_FALSE_FLAG`` of answerable questions are flagged.
The subset is chosen by 5-fold cross-validation on the development set only (see
:func:`policy_index.calibrate.select_features`); the independent held-out collection in
``data/eval/heldout`` is only used to report how the choice generalises.

The fitted parameters and the chosen features are stored per embedding model in ``calibration.json``
beside this module; with another model the features are still computed but a conservative default is
used (flag only questions about another place).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CALIBRATION_PATH", "CANDIDATE_FEATURES", "AnswerableModel", "fit_answerable"]

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")
#: Every signal the feature selection may use (all are in a search's ``features``).
CANDIDATE_FEATURES = (
    "dense_top",
    "dense_gap",
    "dense_z",
    "lex_norm",
    "unseen",
    "top_cov",
    "agree",
)
#: Target share of answerable development questions that may be flagged unanswerable.
MAX_FALSE_FLAG = 0.04


@dataclass(frozen=True)
class AnswerableModel:
    """Logistic decision over ``features``; ``answerable`` when ``p >= threshold``."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    model_fingerprint: str = ""
    calibrated: bool = True

    def probability(self, features: dict[str, float]) -> float:
        """Probability that the question is answerable by the best hit."""
        z = self.intercept + sum(c * features[name] for c, name in zip(self.coef, self.features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def score(self, features: dict[str, float]) -> float:
        """The probability, or 0 when the question names a place the collection never mentions."""
        return 0.0 if features.get("foreign_place") else self.probability(features)

    def decide(self, features: dict[str, float]) -> bool:
        """The answerable decision."""
        return self.score(features) >= self.threshold

    @classmethod
    def default(cls) -> AnswerableModel:
        """Conservative decision for an uncalibrated model: flag only questions about another place."""
        return cls(features=(), coef=(), intercept=2.0, threshold=0.5, calibrated=False)

    @classmethod
    def for_model(cls, fingerprint: str, path: Path = CALIBRATION_PATH) -> AnswerableModel:
        """The calibration stored for this embedding model, or :meth:`default`."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return cls.default()
        entry = (data.get("models") or {}).get(fingerprint)
        features = tuple(entry.get("features") or ()) if entry else ()
        if (
            not features
            or not set(features) <= set(CANDIDATE_FEATURES)
            or len(entry["coef"]) != len(features)
        ):
            return cls.default()
        return cls(
            features=features,
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
        data.pop("features", None)  # features are stored per model (older files had one global set)
        data.setdefault("models", {})[self.model_fingerprint] = {
            "model": model_name,
            "features": list(self.features),
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
    features: Sequence[str] = CANDIDATE_FEATURES,
) -> AnswerableModel:
    """Fit the logistic model and pick the threshold on the development score distribution.

    Args:
        rows: feature dicts, one per development question.
        labels: True for answerable questions.
        fingerprint: the embedding model's fingerprint the features came from.
        max_false_flag: largest share of answerable questions allowed below the threshold.
        near_misses: extra negatives (answerable questions searched without their own policy).
        features: the signals the model uses (a subset of :data:`CANDIDATE_FEATURES`).

    Returns:
        The calibrated model: the highest threshold that flags at most ``max_false_flag`` of the
        answerable questions (so as many unanswerable ones as possible are flagged).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    features = tuple(features)
    x = np.array([[r[name] for name in features] for r in [*rows, *near_misses]], dtype=float)
    y = np.array([*labels, *([False] * len(near_misses))], dtype=int)
    scaler = StandardScaler().fit(x)
    clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(scaler.transform(x), y)
    # fold the standardisation into the coefficients: w·(x - mean)/scale + b
    coef = clf.coef_[0] / scaler.scale_
    intercept = float(clf.intercept_[0] - np.dot(coef, scaler.mean_))
    model = AnswerableModel(features, tuple(float(c) for c in coef), intercept, 0.5, fingerprint)
    probs = np.array([model.score(r) for r in rows])
    positives = np.sort(probs[np.array(labels, dtype=bool)])
    allowed = math.floor(max_false_flag * len(positives))
    threshold = _threshold_between(positives, allowed)
    return AnswerableModel(features, model.coef, model.intercept, threshold, fingerprint)


def _threshold_between(positives: Sequence[float], allowed: int) -> float:
    """The flag threshold: halfway between the last answerable score flagged and the first one kept.

    Putting it exactly on a training question's score would make that question's decision flip with
    float noise (e.g. the same vectors from another inference backend); halfway keeps the same
    decisions on the training set with a margin on both sides.
    """
    if not len(positives):
        return 0.5
    kept = float(positives[allowed])
    if allowed == 0:
        return kept - 1e-6
    return (float(positives[allowed - 1]) + kept) / 2
