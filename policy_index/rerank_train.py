"""Train the reranker and its answerable model on labelled question sets (fixed seed, minutes).

A *training set* is one collection with its labelled questions (:class:`TrainingSet`): the shipped
development collection, and the district collections written blind by people who never saw the code
(``data/eval/training_sets.yaml``). Every question gives a training group: its first
:data:`~policy_index.reranker.RERANK_TOP` fused candidates with their features, labelled "this is the
labelled clause". Answerable questions are searched a second time with their own policy left out (an
all-negative group: a near miss the collection cannot answer); unanswerable questions give all-negative
groups as they are.

The answerable model also learns from generated questions about something the collection never mentions
(:func:`policy_index.question_gen.off_subject_questions`: "钢琴能拿多少补贴"), all negatives,
:data:`OFF_SUBJECT_SHARE` of them per labelled question: a collection that is sure of its one 补贴 clause
otherwise answered "火星上开公司有什么补贴".

Cross-validation is what a new district sees: with several training sets each collection is a fold of
its own (leave one collection out), so every figure is measured on a collection the models were not
trained on; a single set is split in five folds grouped by policy.

The threshold a *new* collection gets is fitted at build time (:mod:`policy_index.self_calibrate`) as a
share of questions generated from its own clauses (``generated_quantile``). That share is learnt here,
per training collection: the out-of-fold threshold that flags :data:`MAX_FALSE_FLAG` of its real
answerable questions, and the share of its generated questions below it. The median over the collections
is stored, and each training collection's own share (by corpus hash): rebuilt as it was trained on, a
labelled collection keeps the threshold its own questions call for. A new collection's fit is then
weighed against the median threshold of the training collections (``threshold_weight``, chosen here by
the fewest mistakes leaving each collection out: :func:`_threshold_weight`). Trained on the development
collection alone (80 policies), the share left 10–16 % of the answerable questions of 20-policy
districts flagged, against 3 % on its own.

Figures reported (and stored in ``reranker.json``): cross-validated recall@1 / recall@5 / MRR / passage
hit@5 with and without the reranker, the abstention at each collection's self-fitted threshold, and per
collection.
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from threadpoolctl import threadpool_limits

from policy_index import question_gen
from policy_index import reranker as reranker_module
from policy_index.corpus import corpus_hash
from policy_index.embedding.common import MANIFEST_NAME
from policy_index.evaluate import clause_matches, resolve_labels
from policy_index.fusion import reciprocal_rank_fusion
from policy_index.hashing import file_sha256
from policy_index.index import PolicyIndex, Retrieval
from policy_index.manifest import model_fingerprint
from policy_index.rerank_features import candidate_features
from policy_index.reranker import (
    META_FILE,
    RERANK_TOP,
    RERANKER_VERSION,
    LinearModel,
    Reranker,
    answer_features,
)
from policy_index.self_calibrate import CALIBRATION_CHUNKS
from policy_index.zone_scope import names_beside, zones_beside

__all__ = [
    "MAX_FALSE_FLAG",
    "SEED",
    "TrainingSet",
    "inputs_hash",
    "load_training_sets",
    "question_groups",
    "train_if_needed",
    "train_on_sets",
    "train_reranker",
    "training_set",
]

#: Share of answerable questions the answerable threshold may flag.
MAX_FALSE_FLAG = 0.03
SEED = 0
#: Weights of a new collection's self-fitted threshold against the training collections' median one
#: (``threshold = w · fitted + (1 − w) · median``), tried leaving each collection out; the weight with the
#: fewest mistakes is kept (:func:`_threshold_weight`).
THRESHOLD_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
#: Folds of a single training set (grouped by policy).
FOLDS = 5
#: Generated off-subject questions (negatives of the answerable model) per labelled question.
OFF_SUBJECT_SHARE = 0.35


#: The package's modules that take no part in training (commands, serving, locking, the catalogue); every
#: other module of ``policy_index`` (and ``policy_index/embedding``) is part of the inputs hash.
_NOT_TRAINING = frozenset({"cli.py", "live.py", "build_lock.py", "catalogue.py"})
#: The reranker that ships with the repository, trained on the collections of ``TRAINING_SETS_FILE``
#: (``make reranker-ship`` writes it; ``make reranker`` takes it when its inputs hash is current).
SHIPPED_DIR = Path("data/reranker")


@dataclass
class Group:
    """One question's candidates, features and labels."""

    retrieval: Retrieval
    candidates: list[int]
    x: np.ndarray
    y: np.ndarray
    policies: list[str]
    gold: str | None
    answerable: bool
    held_out: bool


@dataclass
class TrainingSet:
    """One collection's training groups: its labelled questions (as asked and with their own policy left
    out), off-subject questions and generated questions (the latter only to learn the threshold share)."""

    name: str
    index: PolicyIndex
    questions: int
    groups: list[Group]
    off_subject: list[Group] = field(default_factory=list)
    generated: list[Group] = field(default_factory=list)

    @property
    def corpus_hash(self) -> str:
        """The hash of the collection the index was built from (matched again at build time)."""
        return str(self.index.manifest.get("corpus_hash", ""))


def _group(index: PolicyIndex, q: dict, exclude: str | None) -> Group:
    r = index.retrieve(q["q"], 5, q.get("zone"), exclude_policy=exclude)
    fused = reciprocal_rank_fusion([r.lex_ids, r.dense_ids])
    candidates = [cid for cid, _ in fused[:RERANK_TOP]]
    x = candidate_features(index.rerank_view, index.query_view(r, fused), candidates)
    gold = q.get("policy_id")
    policies = [index.chunks[c]["policy_id"] for c in candidates]
    y = np.array(
        [
            p == gold and clause_matches(q.get("clause"), index.chunks[c]["clause"])
            for p, c in zip(policies, candidates, strict=True)
        ],
        dtype=np.float64,
    )
    return Group(r, candidates, x, y, policies, gold, bool(gold) and exclude is None, exclude is not None)


def question_groups(index: PolicyIndex, questions: Sequence[dict]) -> list[Group]:
    """Training groups: each question as asked, and each answerable one with its policy left out."""
    index.prepare_queries([q["q"] for q in questions])
    groups = []
    for q in resolve_labels(index, questions):
        groups.append(_group(index, q, None))
        if q.get("policy_id") in index.policies:
            groups.append(_group(index, q, q["policy_id"]))
    return groups


def _text_groups(index: PolicyIndex, texts: Sequence[str]) -> list[Group]:
    index.prepare_queries(list(texts))
    return [_group(index, {"q": text}, None) for text in texts]


def training_set(
    name: str, index: PolicyIndex, questions: Sequence[dict], *, seed: int = SEED
) -> TrainingSet:
    """Search ``questions``, off-subject and generated questions in ``index``."""
    titles = {pid: meta["title"] for pid, meta in index.policies.items()}
    off = question_gen.off_subject_questions(
        index.chunks,
        titles,
        lambda word: not index.signals.in_collection(word),
        limit=max(1, round(OFF_SUBJECT_SHARE * len(questions))),
        seed=seed,
    )
    gen = [
        g.q
        for g in question_gen.generate_questions(index.chunks, titles, limit=CALIBRATION_CHUNKS, seed=seed)
    ]
    return TrainingSet(
        name,
        index,
        len(questions),
        question_groups(index, questions),
        _text_groups(index, off),
        _text_groups(index, gen),
    )


def _fit_ranker(groups: Sequence[Group]) -> LinearModel | None:
    """The ranker fitted on ``groups``; ``None`` when they hold no positive or no negative candidate."""
    with_candidates = [g for g in groups if len(g.x)]
    if not with_candidates:
        return None
    x = np.vstack([g.x for g in with_candidates])
    y = np.concatenate([g.y for g in with_candidates])
    return LinearModel.fit(x, y) if 0 < y.sum() < len(y) else None


def _fused_order(n: int) -> np.ndarray:
    """Scores that keep the fused order (a fold that could not be fitted)."""
    return np.linspace(1.0, 0.5, n) if n else np.zeros(0)


def _scores(model: LinearModel | None, group: Group) -> np.ndarray:
    n = len(group.x)
    return model.proba(group.x) if model is not None and n else _fused_order(n)


def _ranking_metrics(groups: Sequence[Group], scores: Sequence[np.ndarray]) -> dict[str, float]:
    r1 = r5 = mrr = p5 = 0.0
    answerable = [(g, s) for g, s in zip(groups, scores, strict=True) if g.answerable]
    for g, s in answerable:
        order = np.argsort(-s, kind="stable")
        pols = [g.policies[i] for i in order]
        r1 += pols[:1] == [g.gold]
        if g.gold in pols[:5]:
            r5 += 1
            mrr += 1 / (pols.index(g.gold) + 1)
        p5 += bool(g.y[order][:5].any())
    n = max(1, len(answerable))
    return {"recall@1": r1 / n, "recall@5": r5 / n, "mrr": mrr / n, "passage_hit@5": p5 / n}


def _answer_rows(index: PolicyIndex, groups: Sequence[Group], scores: Sequence[np.ndarray]) -> np.ndarray:
    """Answerable-model inputs per group, with the reranked order's best clause (last column: the
    question names a foreign place)."""
    rows = []
    for g, s in zip(groups, scores, strict=True):
        r = g.retrieval
        reranked = sorted(zip(g.candidates, s.tolist(), strict=True), key=lambda cs: -cs[1])
        features = index.signals.compute(
            r.reading,
            r.tokens,
            reranked[0][0] if reranked else None,
            r.lex_ids,
            r.lex_scores,
            r.dense_ids,
            r.dense_scores,
        )
        features.update(Reranker.signals(reranked, index._chunk_policy))
        rows.append([*answer_features(features), features["foreign_place"]])
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(reranker_module.ANSWER_FEATURES) + 1)


def _folds(groups: Sequence[Group], seed: int, sets: Sequence[str] | None = None) -> np.ndarray:
    """Five folds grouped by policy (a single training set); ``sets``: each group's set name, which keys
    its policy (two sets may reuse a policy id)."""
    rng = np.random.default_rng(seed)
    keys = [(f"{sets[i]}/{g.gold}" if sets else g.gold) if g.gold else f"q{i}" for i, g in enumerate(groups)]
    fold_of = {k: int(rng.integers(0, FOLDS)) for k in sorted(set(keys))}
    return np.array([fold_of[k] for k in keys])


def _flag_rates(p: np.ndarray, groups: Sequence[Group], threshold: float | np.ndarray) -> dict[str, float]:
    answerable = np.array([g.answerable for g in groups], dtype=bool)
    held_out = np.array([g.held_out for g in groups], dtype=bool)
    other = ~answerable & ~held_out
    flagged = p < threshold
    return {
        "answerable_flagged": float(flagged[answerable].mean()) if answerable.any() else 0.0,
        "unanswerable_flagged": float(flagged[other].mean()) if other.any() else 0.0,
        "held_out_flagged": float(flagged[held_out].mean()) if held_out.any() else 0.0,
    }


def _separation(p: np.ndarray, groups: Sequence[Group]) -> dict[str, float]:
    """Threshold-free ROC AUC of the answer scores: answerable questions against the unanswerable ones
    and against the held-out near misses (a change that only moves the threshold leaves these)."""
    from sklearn.metrics import roc_auc_score

    answerable = np.array([g.answerable for g in groups], dtype=bool)
    held_out = np.array([g.held_out for g in groups], dtype=bool)
    out = {}
    for name, negatives in (("unanswerable_auc", ~answerable & ~held_out), ("held_out_auc", held_out)):
        if answerable.any() and negatives.any():
            pick = answerable | negatives
            out[name] = float(roc_auc_score(answerable[pick], p[pick]))
    return out


def _fit_answer(rows: np.ndarray, labels: np.ndarray, off_rows: np.ndarray) -> LinearModel:
    """The answerable model on question rows plus the off-subject rows as negatives."""
    x = np.vstack([rows[:, :-1], off_rows[:, :-1]])
    y = np.concatenate([labels, np.zeros(len(off_rows), dtype=bool)])
    return LinearModel.fit(x, y, balanced=True)


def _answer_probabilities(model: LinearModel, rows: np.ndarray) -> np.ndarray:
    if not len(rows):
        return np.zeros(0)
    return np.where(rows[:, -1] > 0, 0.0, model.proba(rows[:, :-1]))


@dataclass
class _Pool:
    """Every set's groups of one kind in a row, with each group's set and fold."""

    groups: list[Group]
    owner: np.ndarray
    fold: np.ndarray
    scores: list[np.ndarray] = field(default_factory=list)
    """Out-of-fold ranker probabilities of each group's candidates."""
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Answerable-model inputs per group (with the out-of-fold ranking)."""
    oof: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Out-of-fold answer score per group."""


def _pools(sets: Sequence[TrainingSet], seed: int) -> tuple[_Pool, _Pool, _Pool, int]:
    """Question, off-subject and generated groups of all sets, and the number of folds: one per set
    when there are three or more (leave one collection out), else five grouped by policy."""
    rng = np.random.default_rng(seed)
    by_set = len(sets) >= 3

    def pool(kind: str) -> _Pool:
        groups = [g for s in sets for g in getattr(s, kind)]
        owner = np.array([i for i, s in enumerate(sets) for _ in getattr(s, kind)], dtype=int)
        if by_set:
            fold = owner.copy()
        elif kind == "groups":
            fold = _folds(groups, seed, [sets[o].name for o in owner])
        else:
            fold = rng.integers(0, FOLDS, len(groups))
        return _Pool(groups, owner, np.asarray(fold, dtype=int))

    return pool("groups"), pool("off_subject"), pool("generated"), len(sets) if by_set else FOLDS


def _cross_validate(sets: Sequence[TrainingSet], pools: tuple[_Pool, _Pool, _Pool], n_folds: int) -> None:
    """Fill every pool's out-of-fold ranker scores, answer inputs and answer scores: each fold's groups
    are scored by models fitted on the question groups of the other folds."""
    questions, off, _ = pools
    labels = np.array([g.answerable for g in questions.groups], dtype=bool)
    for p in pools:
        p.scores = [np.zeros(0)] * len(p.groups)
    for fold in range(n_folds):
        model = _fit_ranker([g for g, f in zip(questions.groups, questions.fold, strict=True) if f != fold])
        for p in pools:
            for i in np.flatnonzero(p.fold == fold):
                p.scores[i] = _scores(model, p.groups[i])
    for p in pools:
        p.rows = np.vstack(
            [
                _answer_rows(
                    s.index,
                    [g for g, o in zip(p.groups, p.owner, strict=True) if o == k],
                    [sc for sc, o in zip(p.scores, p.owner, strict=True) if o == k],
                )
                for k, s in enumerate(sets)
            ]
        )
        p.oof = np.full(len(p.groups), 0.5)
    for fold in range(n_folds):
        train = questions.fold != fold
        if len(set(labels[train].tolist())) == 2:
            model = _fit_answer(questions.rows[train], labels[train], off.rows[off.fold != fold])
            for p in pools:
                p.oof[p.fold == fold] = _answer_probabilities(model, p.rows[p.fold == fold])


def _share_below(scores: np.ndarray, threshold: float) -> float:
    return float((scores < threshold).mean()) if len(scores) else MAX_FALSE_FLAG


def train_on_sets(
    sets: Sequence[TrainingSet],
    *,
    seed: int = SEED,
    max_false_flag: float = MAX_FALSE_FLAG,
    log: Callable[[str], None] = print,
) -> Reranker:
    """Train the reranker and its answerable model on ``sets`` (see the module docstring).

    Returns:
        The reranker, its ``meta`` holding the training record: cross-validated figures overall and
        per set, seed, question counts, ``generated_quantile``, seconds.

    Raises:
        ValueError: too few labelled questions (Chinese message).
    """
    started = time.perf_counter()
    questions, off, generated, n_folds = _pools(sets, seed)
    labels = np.array([g.answerable for g in questions.groups], dtype=bool)
    if len(set(labels.tolist())) < 2:
        raise ValueError("训练问题需要同时包含可回答和无法回答的问题。")
    ranker = _fit_ranker(questions.groups)
    if ranker is None:
        raise ValueError("训练问题太少：需要至少一个能在政策库中找到所标条款的问题和一个反例。")
    log(
        f"训练样本：{len(sets)} 个政策库、{sum(s.questions for s in sets)} 个问题 → "
        f"{len(questions.groups)} 组候选（含去掉所属政策的近似问题），交叉验证 {n_folds} 折"
        + ("（每个政策库一折）" if n_folds == len(sets) else "")
    )
    _cross_validate(sets, (questions, off, generated), n_folds)
    answer = _fit_answer(questions.rows, labels, off.rows)
    per_set = _per_set_thresholds(sets, questions, generated, max_false_flag)
    fits = [f for f in per_set.values() if f]
    quantile = float(np.median([f["generated_share"] for f in fits]))
    fitted = _self_fitted(sets, generated, per_set)
    median = _others_median(per_set, sets)
    weight, by_weight = _threshold_weight(questions, fitted, median)
    fitted = _blended(fitted, median, weight)
    for k, s in enumerate(sets):
        per_set[s.name]["new_collection_threshold"] = fitted[k]
    ranking_before = _ranking_metrics(
        questions.groups, [_fused_order(len(g.candidates)) for g in questions.groups]
    )
    ranking_after = _ranking_metrics(questions.groups, questions.scores)
    cv_abstention = {
        **_flag_rates(questions.oof, questions.groups, fitted[questions.owner]),
        **_separation(questions.oof, questions.groups),
    }
    if len(off.groups):
        cv_abstention["off_subject_flagged"] = float((off.oof < fitted[off.owner]).mean())
    for k, s in enumerate(sets):
        mine = questions.owner == k
        groups = [g for g, m in zip(questions.groups, mine, strict=True) if m]
        per_set[s.name].update(
            _ranking_metrics(groups, [sc for sc, m in zip(questions.scores, mine, strict=True) if m]),
            **_flag_rates(questions.oof[mine], groups, fitted[k]),
        )
    reranker = Reranker(ranker, answer, {}, float(np.median([f["oof_threshold"] for f in fits])))
    reranker.meta = {
        "seed": seed,
        "trained_on": {
            "sets": [s.name for s in sets],
            "questions": sum(s.questions for s in sets),
            "answerable": int(sum(g.answerable for g in questions.groups)),
            "groups": len(questions.groups),
            "generated": len(generated.groups),
        },
        "folds": "collection" if n_folds == len(sets) else "policy",
        "cv_fused": _rounded(ranking_before),
        "cv_reranked": _rounded(ranking_after),
        "cv_abstention": _rounded(cv_abstention),
        "cv_sets": {name: _rounded(figures) for name, figures in per_set.items()},
        "max_false_flag": max_false_flag,
        "generated_quantile": round(quantile, 4),
        "threshold_weight": weight,
        "cv_threshold_weights": by_weight,
        "labelled_shares": {
            s.corpus_hash: round(per_set[s.name]["generated_share"], 4)
            for s in sets
            if "generated_share" in per_set[s.name] and s.corpus_hash
        },
        "seconds": round(time.perf_counter() - started, 1),
        "version": RERANKER_VERSION,
    }
    _log_figures(reranker.meta, log)
    return reranker


def _per_set_thresholds(
    sets: Sequence[TrainingSet], questions: _Pool, generated: _Pool, max_false_flag: float
) -> dict[str, dict]:
    """Per set: the out-of-fold threshold flagging ``max_false_flag`` of its answerable questions and the
    share of its generated questions below it (empty for a set without answerable questions)."""
    answerable = np.array([g.answerable for g in questions.groups], dtype=bool)
    per_set: dict[str, dict] = {}
    for k, s in enumerate(sets):
        positives = questions.oof[(questions.owner == k) & answerable]
        if not len(positives):
            per_set[s.name] = {}
            continue
        threshold = float(np.quantile(positives, max_false_flag))
        share = _share_below(generated.oof[generated.owner == k], threshold)
        per_set[s.name] = {"oof_threshold": threshold, "generated_share": share}
    return per_set


def _of_others(per_set: dict[str, dict], key: str, name: str) -> list[float]:
    """``key`` of every set but ``name`` that has it (all of them, ``name`` too, with a single set): what a
    collection left out of training gets from the others."""
    single = len(per_set) == 1
    return [f[key] for n, f in per_set.items() if key in f and (n != name or single)]


def _self_fitted(sets: Sequence[TrainingSet], generated: _Pool, per_set: dict[str, dict]) -> np.ndarray:
    """The threshold each set gets as a new collection: the median share learnt on the *other* sets (its
    own with a single set) applied to its own generated questions."""
    out = np.zeros(len(sets))
    for k, s in enumerate(sets):
        others = _of_others(per_set, "generated_share", s.name)
        own = generated.oof[generated.owner == k]
        share = float(np.median(others)) if others else MAX_FALSE_FLAG
        out[k] = float(np.quantile(own, share)) if len(own) else per_set[s.name].get("oof_threshold", 0.5)
        per_set[s.name]["self_fitted_threshold"] = out[k]
    return out


def _others_median(per_set: dict[str, dict], sets: Sequence[TrainingSet]) -> np.ndarray:
    """Per set, the median out-of-fold threshold of the *other* sets (its own with a single set): the
    threshold a new collection gets from training alone."""
    out = np.zeros(len(sets))
    for k, s in enumerate(sets):
        others = _of_others(per_set, "oof_threshold", s.name)
        out[k] = float(np.median(others)) if others else per_set[s.name].get("oof_threshold", 0.5)
    return out


def _blended(fitted: np.ndarray, median: np.ndarray, weight: float) -> np.ndarray:
    return weight * fitted + (1.0 - weight) * median


def _threshold_weight(
    questions: _Pool, fitted: np.ndarray, median: np.ndarray
) -> tuple[float, dict[str, dict[str, float]]]:
    """The weight of the self-fitted threshold (:data:`THRESHOLD_WEIGHTS`) with the fewest mistakes
    leaving each collection out — answerable questions flagged plus unanswerable ones answered, counted
    over all questions — and each weight's figures. A tie keeps the larger weight (the collection's own
    evidence). A collection's generated questions are easier than its real ones by a share that varies
    from one collection to another, so its own fit alone can land further from what its questions call
    for than the other collections' median does (``fitted`` and ``median``: per set, its own fit and the
    other sets' median threshold)."""
    answerable = np.array([g.answerable for g in questions.groups], dtype=bool)
    other = ~answerable & ~np.array([g.held_out for g in questions.groups], dtype=bool)
    figures: dict[str, dict[str, float]] = {}
    best: tuple[int, float] | None = None
    for weight in THRESHOLD_WEIGHTS:
        flagged = questions.oof < _blended(fitted, median, weight)[questions.owner]
        mistakes = int(flagged[answerable].sum() + (~flagged[other]).sum())
        figures[f"{weight:g}"] = _rounded(
            {
                "answerable_flagged": flagged[answerable].mean() if answerable.any() else 0.0,
                "unanswerable_flagged": flagged[other].mean() if other.any() else 0.0,
                "mistakes": mistakes,
            }
        )
        if best is None or mistakes <= best[0]:
            best = (mistakes, weight)
    return (best[1] if best else 1.0), figures


def _rounded(figures: dict[str, float]) -> dict[str, float]:
    return {k: round(float(v), 4) for k, v in figures.items()}


def _log_figures(meta: dict, log: Callable[[str], None]) -> None:
    before, after, abstention = meta["cv_fused"], meta["cv_reranked"], meta["cv_abstention"]
    log(
        f"交叉验证 recall@1 {before['recall@1']:.3f} → {after['recall@1']:.3f}，"
        f"recall@5 {before['recall@5']:.3f} → {after['recall@5']:.3f}，"
        f"passage hit@5 {before['passage_hit@5']:.3f} → {after['passage_hit@5']:.3f}"
    )
    log(
        f"拒答（各政策库按自动阈值）：可回答被误判 {abstention['answerable_flagged']:.1%}，"
        f"无法回答被识别 {abstention['unanswerable_flagged']:.1%}，"
        f"去掉所属政策后被识别 {abstention['held_out_flagged']:.1%}；"
        f"生成问题低于阈值的比例 {meta['generated_quantile']:.1%}（新政策库按此比例自动定阈值，"
        f"再按权重 {meta['threshold_weight']:g} 与各库中位阈值加权）"
    )
    if meta["folds"] == "collection":
        for name, f in meta["cv_sets"].items():
            if "recall@1" in f:
                log(
                    f"  {name}：recall@1 {f['recall@1']:.3f}，可回答被误判 {f['answerable_flagged']:.1%}，"
                    f"无法回答被识别 {f['unanswerable_flagged']:.1%}，"
                    f"去掉所属政策后被识别 {f['held_out_flagged']:.1%}"
                )


def train_reranker(
    index: PolicyIndex,
    questions: Sequence[dict],
    *,
    seed: int = SEED,
    max_false_flag: float = MAX_FALSE_FLAG,
    log: Callable[[str], None] = print,
) -> Reranker:
    """Train on one collection ``index`` with its labelled ``questions`` (see :func:`train_on_sets`)."""
    return train_on_sets(
        [training_set("questions", index, questions, seed=seed)],
        seed=seed,
        max_false_flag=max_false_flag,
        log=log,
    )


#: The collections the shipped reranker is trained on (name, policies, questions).
TRAINING_SETS_FILE = Path("data/eval/training_sets.yaml")


def load_training_sets(path: Path, root: Path) -> list[tuple[str, Path, Path]]:
    """``(name, corpus folder, questions file)`` per entry of a training-sets file (paths relative to
    ``root``).

    Raises:
        ValueError: the file is missing or malformed, names a folder or file that is not there, or
            gives two collections the same name (their figures are kept by name).
    """
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        out = [(str(e["name"]), root / e["corpus"], root / e["questions"]) for e in entries]
    except (OSError, yaml.YAMLError, TypeError, KeyError) as exc:
        raise ValueError(f"训练集清单 {path} 无法读取（{exc}）") from exc
    missing = [str(p) for _, corpus, qs in out for p in (corpus, qs) if not p.exists()]
    if missing or not out:
        raise ValueError(f"训练集清单 {path} 有误：{'、'.join(missing) or '没有条目'}")
    names = [name for name, _, _ in out]
    if len(set(names)) < len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"训练集清单 {path} 有误：名称重复（{'、'.join(twice)}）")
    return out


def _model_identity(model_dir: Path) -> str:
    """What the embedding model was built from: its manifest's source weights and builder version, the
    same on every machine (the files' fingerprint when there is no manifest)."""
    try:
        built = json.loads((model_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        return f"{built['source_sha256']}:{built['builder_version']}:{built['dimension']}"
    except (OSError, ValueError, KeyError, TypeError):
        return model_fingerprint(model_dir) if model_dir.is_dir() else ""


def _training_code() -> list[Path]:
    """The source files whose code determines the trained model, in a fixed order."""
    package = Path(__file__).parent
    own = [f for f in sorted(package.glob("*.py")) if f.name not in _NOT_TRAINING]
    return own + sorted((package / "embedding").glob("*.py"))


def inputs_hash(sets: Sequence[tuple[str, Path, Path]], model_dir: Path) -> str:
    """Hash of everything a training run depends on: the collections and their questions, the embedding
    model, the lexicon and the package's code; the same on every clone and machine."""
    from huiqi.settings import LEXICON_DIR

    digest = hashlib.sha256(RERANKER_VERSION.encode())
    for name, corpus, questions in sets:
        digest.update(name.encode())
        digest.update(corpus_hash(corpus).encode())
        digest.update(file_sha256(questions).encode())
        zones = zones_beside(corpus)
        if zones is not None:
            digest.update(file_sha256(zones).encode())
    digest.update(_model_identity(Path(model_dir)).encode())
    for path in sorted(p for p in LEXICON_DIR.rglob("*") if p.is_file()):
        digest.update(path.relative_to(LEXICON_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    for path in _training_code():
        digest.update(path.relative_to(Path(__file__).parent).as_posix().encode() + b"\0" + _code(path))
    return digest.hexdigest()[:16]


def _code(path: Path) -> bytes:
    """A module's code without its comments and docstrings: rewording them does not make a model stale."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree).encode()


def _take_shipped(shipped: Path, out: Path, inputs: str) -> Reranker | None:
    """Copy the shipped reranker into ``out`` when it was trained on exactly ``inputs``; else ``None``."""
    try:
        reranker = Reranker.load(shipped)
    except ValueError:
        return None
    if reranker is None or reranker.meta.get("inputs") != inputs:
        return None
    reranker.save(out)
    return reranker


def train_if_needed(
    settings,
    corpus_dir: Path | None = None,
    questions: Path | None = None,
    out_dir: Path | None = None,
    *,
    force: bool = False,
    ship: bool = False,
    shipped_dir: Path | None = None,
    log: Callable[[str], None] = print,
) -> str:
    """Train and save the reranker unless ``out_dir`` already holds one trained on the same inputs, or
    the repository ships one trained on them (:data:`SHIPPED_DIR`), which is then copied instead.

    Args:
        settings: :class:`huiqi.settings.Settings` (model, index and reranker folders).
        corpus_dir, questions: one training collection and its labelled questions; both ``None``: the
            collections of ``data/eval/training_sets.yaml``.
        out_dir: where ``reranker.json`` goes (default ``settings.reranker_dir``).
        force: train even when up to date or shipped.
        ship: afterwards write the reranker into the shipped folder too (to be committed).
        shipped_dir: the shipped folder (default :data:`SHIPPED_DIR` in the repository).

    Returns:
        A one-line Chinese summary.
    """
    from huiqi.settings import PROJECT_ROOT

    if corpus_dir is None and questions is None:
        sources = load_training_sets(PROJECT_ROOT / TRAINING_SETS_FILE, PROJECT_ROOT)
    else:
        sources = [
            (
                "questions",
                Path(corpus_dir or PROJECT_ROOT / "data" / "policies"),
                Path(questions or PROJECT_ROOT / "data" / "eval" / "questions.jsonl"),
            )
        ]
    sources = [(name, corpus.resolve(), qs) for name, corpus, qs in sources]
    out = Path(out_dir or settings.reranker_dir)
    shipped = Path(shipped_dir or PROJECT_ROOT / SHIPPED_DIR)
    inputs = inputs_hash(sources, settings.embed_model)
    try:
        previous = Reranker.load(out)
    except ValueError:
        previous = None
    if previous is not None and previous.meta.get("inputs") == inputs and not force:
        said = f"重排序模型已是最新（{out / META_FILE}），跳过训练"
    elif not force and _take_shipped(shipped, out, inputs) is not None:
        said = f"使用仓库随附的重排序模型（{shipped / META_FILE}，训练输入与当前一致），跳过训练"
    else:
        said = _train(settings, sources, out, inputs, log)
    if ship and out.resolve() != shipped.resolve():
        shipped.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out / META_FILE, shipped / META_FILE)
        said += f"；已写入 {shipped / META_FILE}（请提交）"
    return said


def _train(settings, sources: Sequence[tuple[str, Path, Path]], out: Path, inputs: str, log) -> str:
    """Build each training collection's index, search its questions, train, save into ``out``."""
    from policy_index.build import build_index
    from policy_index.evaluate import load_questions
    from policy_index.onnx_encoder import load_query_encoder

    # one query encoder for every training index: each loading its own held ~0.7 GB per collection
    encoder = load_query_encoder(Path(settings.embed_model))
    sets = []
    for k, (name, corpus, qpath) in enumerate(sources, 1):
        log(f"[{k}/{len(sources)}] 训练集 {name}：{corpus}")
        # the served index doubles as a training index when it is built from the same collection
        work = settings.index_dir if Path(settings.corpus_dir).resolve() == corpus else out / "sets" / name
        build_index(corpus, work, model_dir=settings.embed_model, log=log, progress=False)
        index = PolicyIndex.load(
            work, model_dir=settings.embed_model, embedder=encoder, zone_names=names_beside(corpus)
        )
        with threadpool_limits(1):
            sets.append(training_set(name, index, load_questions(qpath)))
    with threadpool_limits(1):
        reranker = train_on_sets(sets, log=log)
    reranker.meta["inputs"] = inputs
    path = reranker.save(out)
    return f"重排序模型已训练并写入 {path}（{reranker.meta['seconds']} 秒）"
