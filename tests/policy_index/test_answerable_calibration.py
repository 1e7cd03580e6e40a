"""Fitting, storing and applying the ``answerable`` decision (no index needed: plain feature rows)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from policy_index.answerable import AnswerableModel, fit_answerable
from policy_index.calibrate import select_features


def _rows(seed: int = 0) -> tuple[list[dict], list[bool], list[dict | None]]:
    """Answerable rows cover their key terms; near misses look related (same cosine) but do not."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for i in range(160):
        answerable = i % 4 != 0
        rows.append(
            {
                "dense_top": float(rng.normal(0.9, 0.01)),
                "dense_gap": float(rng.normal(0.03, 0.01)),
                "dense_z": float(rng.normal(3.5, 0.5)),
                "lex_norm": float(rng.uniform()),
                "unseen": float(rng.uniform(0, 0.2) if answerable else rng.uniform(0.3, 1)),
                "top_cov": float(rng.uniform(0.6, 1) if answerable else rng.uniform(0, 0.5)),
                "agree": float(rng.uniform() < 0.5),
                "foreign_place": 0.0,
            }
        )
        labels.append(answerable)
    return rows, labels, [None] * len(rows)


def test_selection_picks_the_key_term_signal_that_separates_near_misses() -> None:
    rows, labels, near = _rows()
    features, (cv_u, cv_a, _) = select_features(rows, labels, near, "fp", 0.04)
    assert "top_cov" in features or "unseen" in features
    assert cv_u > 0.9 and cv_a <= 0.05


def test_threshold_keeps_answerable_flags_within_the_budget_and_round_trips(tmp_path: Path) -> None:
    rows, labels, _ = _rows(1)
    model = fit_answerable(rows, labels, "fp", 0.04, features=("dense_top", "top_cov"))
    flagged = [not model.decide(r) for r, y in zip(rows, labels, strict=True) if y]
    assert np.mean(flagged) <= 0.04
    path = tmp_path / "calibration.json"
    model.save("test-model", path)
    loaded = AnswerableModel.for_model("fp", path)
    assert loaded.features == ("dense_top", "top_cov") and loaded.calibrated
    assert [loaded.decide(r) for r in rows] == [model.decide(r) for r in rows]
    assert not AnswerableModel.for_model("another-model", path).calibrated


def test_a_question_about_another_region_is_always_flagged() -> None:
    rows, labels, _ = _rows(2)
    model = fit_answerable(rows, labels, "fp", 0.04, features=("dense_top", "top_cov"))
    best = max(rows, key=model.probability)
    assert model.decide(best) and not model.decide({**best, "foreign_place": 1.0})
    assert not AnswerableModel.default().decide({**best, "foreign_place": 1.0})
    assert AnswerableModel.default().decide(best)
