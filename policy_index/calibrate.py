"""Calibrate the ``answerable`` decision of an index's embedding model on a labelled question set.

The model's features are chosen by 5-fold cross-validation on that set alone: every subset of
:data:`~policy_index.answerable.CANDIDATE_FEATURES` that contains ``dense_top`` is scored, and the one
flagging the most unanswerable questions while flagging at most :data:`MAX_CV_ANSWERABLE_FLAGGED` of the
answerable ones wins (ties: fewer answerable flagged, then fewer features).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np

from policy_index.answerable import CANDIDATE_FEATURES, MAX_FALSE_FLAG, fit_answerable
from policy_index.index import PolicyIndex

__all__ = ["calibrate_index", "question_features", "select_features"]

#: Largest cross-validated share of answerable questions a feature subset may flag.
MAX_CV_ANSWERABLE_FLAGGED = 0.05


def question_features(index: PolicyIndex, questions: list[dict]) -> tuple[list[dict], list[bool]]:
    """Answerable features of every question (hybrid search) and whether it is answerable."""
    index.prepare_queries([q["q"] for q in questions])
    rows = [index.search(q["q"], k=5, zone=q.get("zone"))["features"] for q in questions]
    return rows, [bool(q.get("policy_id")) for q in questions]


def near_miss_features(index: PolicyIndex, questions: list[dict]) -> list[dict | None]:
    """Features of each answerable question searched with its own policy left out (None otherwise)."""
    return [
        index.search(q["q"], k=5, zone=q.get("zone"), exclude_policy=q["policy_id"])["features"]
        if q.get("policy_id") in index.policies
        else None
        for q in questions
    ]


def _cross_validated(
    rows: list[dict],
    labels: list[bool],
    near: list[dict | None],
    fingerprint: str,
    max_false_flag: float,
    features: Sequence[str],
) -> tuple[float, float, float]:
    """5-fold estimate of (unanswerable flagged, answerable flagged, near misses flagged)."""
    rng = np.random.default_rng(0)
    folds = rng.integers(0, 5, len(rows))
    flagged_u = flagged_a = n_u = n_a = flagged_n = n_n = 0
    for fold in range(5):
        train = [i for i in range(len(rows)) if folds[i] != fold]
        model = fit_answerable(
            [rows[i] for i in train],
            [labels[i] for i in train],
            fingerprint,
            max_false_flag,
            [near[i] for i in train if near[i] is not None],
            features,
        )
        for i in np.flatnonzero(folds == fold):
            if near[i] is not None:
                n_n += 1
                flagged_n += not model.decide(near[i])
            flagged = not model.decide(rows[i])
            if labels[i]:
                n_a += 1
                flagged_a += flagged
            else:
                n_u += 1
                flagged_u += flagged
    return flagged_u / max(1, n_u), flagged_a / max(1, n_a), flagged_n / max(1, n_n)


def select_features(
    rows: list[dict], labels: list[bool], near: list[dict | None], fingerprint: str, max_false_flag: float
) -> tuple[tuple[str, ...], tuple[float, float, float]]:
    """The feature subset with the best 5-fold abstention on the development set, and its CV figures.

    Returns:
        ``(features, (unanswerable flagged, answerable flagged, near misses flagged))``.
    """
    rest = [f for f in CANDIDATE_FEATURES if f != "dense_top"]
    best: tuple[tuple[float, float, int], tuple[str, ...], tuple[float, float, float]] | None = None
    for size in range(len(rest) + 1):
        for extra in combinations(rest, size):
            features = ("dense_top", *extra)
            cv = _cross_validated(rows, labels, near, fingerprint, max_false_flag, features)
            if cv[1] > MAX_CV_ANSWERABLE_FLAGGED:
                continue
            key = (cv[0], -cv[1], -len(features))
            if best is None or key > best[0]:
                best = (key, features, cv)
    if best is None:  # no subset meets the limit: fall back to the model's own judgement
        features = ("dense_top",)
        return features, _cross_validated(rows, labels, near, fingerprint, max_false_flag, features)
    return best[1], best[2]


def calibrate_index(index: PolicyIndex, questions: list[dict], max_false_flag: float = MAX_FALSE_FLAG) -> str:
    """Fit and store the calibration for ``index``'s model on labelled questions; return a Chinese summary.

    Args:
        index: the loaded index.
        questions: rows of a question file (:func:`policy_index.evaluate.load_questions`).
        max_false_flag: largest share of answerable questions the threshold may flag.
    """
    rows, labels = question_features(index, questions)
    near = near_miss_features(index, questions)
    model_info = index.manifest.get("model") or {}
    fingerprint = model_info.get("fingerprint", "")
    features, (cv_u, cv_a, cv_n) = select_features(rows, labels, near, fingerprint, max_false_flag)
    model = fit_answerable(
        rows, labels, fingerprint, max_false_flag, [n for n in near if n is not None], features
    )
    flags = [not model.decide(r) for r in rows]
    unans = [f for f, y in zip(flags, labels, strict=True) if not y]
    ans = [f for f, y in zip(flags, labels, strict=True) if y]
    model.save(
        model_info.get("name", ""),
        extra={
            "questions": len(questions),
            "unanswerable_flagged": round(float(np.mean(unans)) if unans else 0.0, 4),
            "answerable_flagged": round(float(np.mean(ans)) if ans else 0.0, 4),
            "cv_unanswerable_flagged": round(cv_u, 4),
            "cv_answerable_flagged": round(cv_a, 4),
            "cv_near_miss_flagged": round(cv_n, 4),
        },
    )
    coef = "，".join(f"{n}={c:+.2f}" for n, c in zip(model.features, model.coef, strict=True))
    return (
        f"已校准（{len(ans)} 个可回答、{len(unans)} 个无法回答的问题）：{coef}，截距 {model.intercept:+.2f}，"
        f"阈值 {model.threshold:.3f}\n"
        f"开发集：无法回答被识别 {np.mean(unans) if unans else 0:.1%}，"
        f"可回答被误判 {np.mean(ans) if ans else 0:.1%}\n"
        f"5 折交叉验证：无法回答被识别 {cv_u:.1%}，可回答被误判 {cv_a:.1%}，"
        f"去掉所属政策后的近似问题被识别 {cv_n:.1%}"
    )
