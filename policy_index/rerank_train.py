"""Train the reranker and its answerable model on a labelled question set (fixed seed, seconds).

Training groups: every question's first :data:`~policy_index.reranker.RERANK_TOP` fused candidates
with their features; the label of a candidate is "this is the labelled clause". Answerable questions
are searched a second time with their own policy left out (an all-negative group: a near miss the
collection cannot answer), unanswerable questions give all-negative groups as they are.

The answerable model also learns from :data:`OFF_SUBJECT` generated questions about something the
collection never mentions (:func:`policy_index.question_gen.off_subject_questions`: "钢琴能拿多少补贴"),
all negatives: the development set has few questions whose only link to a clause is the benefit asked
for, and without them a collection that is sure of its one 补贴 clause answered "火星上开公司有什么补贴".
With them and ``subject_cov`` in place of ``unseen``/``top_cov`` the 5-fold abstention on the development
set rose from 81.9 % to 87.3 % of unanswerable questions and from 44.6 % to 49.5 % of held-out near
misses flagged, at the same 3.2 % of answerable ones.

Generated questions (:mod:`policy_index.question_gen`) were tried as extra training groups too: with
300 of them the cross-validated recall@1 fell from 0.943 to 0.936 (abstention rose from 81.9 % to
84.9 % of unanswerable flagged), so the ranker is trained on the development questions only.

Figures reported (and stored in ``reranker.json``): 5-fold cross-validated recall@1 / recall@5 / MRR
/ passage hit@5 with and without the reranker (folds grouped by policy, so no policy is both trained
and tested on), and the abstention of the answerable model at its development threshold. The
threshold a *new* collection gets is fitted at build time; what carries over from here is the share
of generated questions (:mod:`policy_index.question_gen`) that falls below the development threshold
(``generated_quantile``), see :mod:`policy_index.self_calibrate`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from policy_index import programme_gap, question_gen, rerank_features, signals
from policy_index import reranker as reranker_module
from policy_index.corpus import corpus_hash
from policy_index.evaluate import clause_matches
from policy_index.fusion import reciprocal_rank_fusion
from policy_index.hashing import file_sha256
from policy_index.index import PolicyIndex, Retrieval
from policy_index.manifest import model_fingerprint, normalizer_version
from policy_index.rerank_features import candidate_features
from policy_index.reranker import (
    META_FILE,
    RERANK_TOP,
    RERANKER_VERSION,
    LinearModel,
    Reranker,
    answer_features,
)
from policy_index.self_calibrate import CALIBRATION_CHUNKS, generated_scores

__all__ = ["MAX_FALSE_FLAG", "SEED", "train_if_needed", "train_reranker"]

#: Share of answerable development questions the answerable threshold may flag.
MAX_FALSE_FLAG = 0.03
SEED = 0
FOLDS = 5
#: Generated off-subject questions (negatives of the answerable model).
OFF_SUBJECT = 200


#: Modules whose code determines the trained model (their source is part of the inputs hash).
_CODE = (question_gen, rerank_features, reranker_module, signals, programme_gap)


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
    for q in questions:
        groups.append(_group(index, q, None))
        if q.get("policy_id") in index.policies:
            groups.append(_group(index, q, q["policy_id"]))
    return groups


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
    """Answerable-model inputs per group, with the reranked order's best clause."""
    rows = []
    for g, s in zip(groups, scores, strict=True):
        r = g.retrieval
        reranked = sorted(zip(g.candidates, s.tolist(), strict=True), key=lambda cs: -cs[1])
        features = index.signals.compute(
            r.normalized,
            r.tokens,
            reranked[0][0] if reranked else None,
            r.lex_ids,
            r.lex_scores,
            r.dense_ids,
            r.dense_scores,
            r.exclude,
        )
        features.update(Reranker.signals(reranked, index._chunk_policy))
        rows.append([*answer_features(features), features["foreign_place"]])
    return np.array(rows, dtype=np.float64)


def _folds(groups: Sequence[Group], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    keys = [g.gold or f"q{i}" for i, g in enumerate(groups)]
    fold_of = {k: int(rng.integers(0, FOLDS)) for k in sorted(set(keys))}
    return np.array([fold_of[k] for k in keys])


def _flag_rates(p: np.ndarray, groups: Sequence[Group], threshold: float) -> dict[str, float]:
    answerable = np.array([g.answerable for g in groups])
    held_out = np.array([g.held_out for g in groups])
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

    answerable = np.array([g.answerable for g in groups])
    held_out = np.array([g.held_out for g in groups])
    out = {}
    for name, negatives in (("unanswerable_auc", ~answerable & ~held_out), ("held_out_auc", held_out)):
        if answerable.any() and negatives.any():
            pick = answerable | negatives
            out[name] = float(roc_auc_score(answerable[pick], p[pick]))
    return out


def off_subject_groups(index: PolicyIndex, limit: int, seed: int) -> list[Group]:
    """Candidate groups of ``limit`` generated questions whose subject the collection never mentions."""
    texts = question_gen.off_subject_questions(
        index.chunks,
        {pid: meta["title"] for pid, meta in index.policies.items()},
        lambda word: not index.signals.in_collection(word),
        limit=limit,
        seed=seed,
    )
    index.prepare_queries(texts)
    return [_group(index, {"q": text}, None) for text in texts]


def _fit_answer(rows: np.ndarray, labels: np.ndarray, off_rows: np.ndarray) -> LinearModel:
    """The answerable model on question rows plus the off-subject rows as negatives."""
    x = np.vstack([rows[:, :-1], off_rows[:, :-1]]) if len(off_rows) else rows[:, :-1]
    y = np.concatenate([labels, np.zeros(len(off_rows), dtype=bool)])
    return LinearModel.fit(x, y, balanced=True)


def _answer_probabilities(model: LinearModel, rows: np.ndarray) -> np.ndarray:
    p = model.proba(rows[:, :-1])
    return np.where(rows[:, -1] > 0, 0.0, p)


def train_reranker(
    index: PolicyIndex,
    questions: Sequence[dict],
    *,
    seed: int = SEED,
    max_false_flag: float = MAX_FALSE_FLAG,
    log: Callable[[str], None] = print,
    off_subject: int = OFF_SUBJECT,
) -> Reranker:
    """Train the reranker and its answerable model on ``index`` with labelled ``questions``.

    ``off_subject`` generated questions about something the collection never mentions
    (:func:`policy_index.question_gen.off_subject_questions`) are extra negatives of the answerable model.

    Returns:
        The reranker, its ``meta`` holding the training record (cross-validated figures, seed,
        question counts, ``generated_quantile``, seconds).
    """
    started = time.perf_counter()
    groups = question_groups(index, questions)
    log(f"训练样本：{len(questions)} 个问题 → {len(groups)} 组候选（含去掉所属政策的近似问题）")
    folds = _folds(groups, seed)
    oof: list[np.ndarray] = [np.zeros(0)] * len(groups)
    for fold in range(FOLDS):
        model = _fit_ranker([g for g, f in zip(groups, folds, strict=True) if f != fold])
        for i in np.flatnonzero(folds == fold):
            n = len(groups[i].x)
            oof[i] = model.proba(groups[i].x) if model is not None and n else _fused_order(n)
    fused = [_fused_order(len(g.candidates)) for g in groups]
    cv_before, cv_after = _ranking_metrics(groups, fused), _ranking_metrics(groups, oof)
    ranker = _fit_ranker(groups)
    if ranker is None:
        raise ValueError("训练问题太少：需要至少一个能在政策库中找到所标条款的问题和一个反例。")

    rows = _answer_rows(index, groups, oof)
    labels = np.array([g.answerable for g in groups])
    off = off_subject_groups(index, off_subject, seed)
    off_rows = _answer_rows(index, off, [ranker.proba(g.x) if len(g.x) else np.zeros(0) for g in off])
    off_rows = off_rows.reshape(len(off), rows.shape[1])
    off_folds = np.random.default_rng(seed).integers(0, FOLDS, len(off))
    oof_answer, oof_off = np.zeros(len(groups)), np.zeros(len(off))
    for fold in range(FOLDS):
        train = folds != fold
        if len(set(labels[train].tolist())) == 2:
            model = _fit_answer(rows[train], labels[train], off_rows[off_folds != fold])
            oof_answer[~train] = _answer_probabilities(model, rows[~train])
            oof_off[off_folds == fold] = _answer_probabilities(model, off_rows[off_folds == fold])
        else:
            oof_answer[~train] = oof_off[off_folds == fold] = 0.5
    if len(set(labels.tolist())) < 2:
        raise ValueError("训练问题需要同时包含可回答和无法回答的问题。")
    answer = _fit_answer(rows, labels, off_rows)
    threshold = float(np.quantile(oof_answer[labels], max_false_flag))
    cv_abstention = {**_flag_rates(oof_answer, groups, threshold), **_separation(oof_answer, groups)}
    if len(off):
        cv_abstention["off_subject_flagged"] = float((oof_off < threshold).mean())
    reranker = Reranker(ranker, answer, {}, threshold)

    generated, gen_scores = generated_scores(index, reranker, CALIBRATION_CHUNKS, seed)
    quantile = float((gen_scores < threshold).mean()) if len(gen_scores) else max_false_flag
    reranker.meta = {
        "seed": seed,
        "trained_on": {
            "questions": len(questions),
            "answerable": int(sum(bool(q.get("policy_id")) for q in questions)),
            "groups": len(groups),
            "generated": len(generated),
        },
        "cv_fused": {k: round(v, 4) for k, v in cv_before.items()},
        "cv_reranked": {k: round(v, 4) for k, v in cv_after.items()},
        "cv_abstention": {k: round(v, 4) for k, v in cv_abstention.items()},
        "max_false_flag": max_false_flag,
        "generated_quantile": round(quantile, 4),
        "seconds": round(time.perf_counter() - started, 1),
        "version": RERANKER_VERSION,
    }
    log(
        f"5 折交叉验证 recall@1 {cv_before['recall@1']:.3f} → {cv_after['recall@1']:.3f}，"
        f"recall@5 {cv_before['recall@5']:.3f} → {cv_after['recall@5']:.3f}，"
        f"passage hit@5 {cv_before['passage_hit@5']:.3f} → {cv_after['passage_hit@5']:.3f}"
    )
    log(
        f"拒答（5 折）：可回答被误判 {cv_abstention['answerable_flagged']:.1%}，"
        f"无法回答被识别 {cv_abstention['unanswerable_flagged']:.1%}，"
        f"去掉所属政策后被识别 {cv_abstention['held_out_flagged']:.1%}；"
        f"生成问题低于阈值的比例 {quantile:.1%}（新政策库按此比例自动定阈值）"
    )
    return reranker


def _inputs_hash(corpus: Path, questions: Path, model_dir: Path) -> str:
    """Hash of everything a training run depends on: data, model, and the training code itself."""
    digest = hashlib.sha256(RERANKER_VERSION.encode())
    digest.update(corpus_hash(corpus).encode())
    digest.update(file_sha256(questions).encode())
    digest.update((model_fingerprint(model_dir) if model_dir.is_dir() else "").encode())
    digest.update(normalizer_version().encode())
    for module in _CODE:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def train_if_needed(
    settings,
    corpus_dir: Path | None = None,
    questions: Path | None = None,
    out_dir: Path | None = None,
    *,
    force: bool = False,
    log: Callable[[str], None] = print,
) -> str:
    """Train and save the reranker unless ``out_dir`` already holds one trained on the same inputs.

    Args:
        settings: :class:`huiqi.settings.Settings` (model, index and reranker folders).
        corpus_dir: training collection (default: the shipped ``data/policies``).
        questions: labelled questions (default: ``data/eval/questions.jsonl``).
        out_dir: where ``reranker.json`` goes (default ``settings.reranker_dir``).
        force: train even when up to date.

    Returns:
        A one-line Chinese summary.
    """
    from huiqi.settings import PROJECT_ROOT
    from policy_index.build import build_index
    from policy_index.evaluate import load_questions

    corpus = Path(corpus_dir or PROJECT_ROOT / "data" / "policies").resolve()
    qpath = Path(questions or PROJECT_ROOT / "data" / "eval" / "questions.jsonl")
    out = Path(out_dir or settings.reranker_dir)
    inputs = _inputs_hash(corpus, qpath, settings.embed_model)
    try:
        previous = Reranker.load(out)
    except ValueError:
        previous = None
    if previous is not None and previous.meta.get("inputs") == inputs and not force:
        return f"重排序模型已是最新（{out / META_FILE}），跳过训练"
    rows = load_questions(qpath)
    # the served index doubles as the training index when it is built from the same collection
    work = settings.index_dir if Path(settings.corpus_dir).resolve() == corpus else out / "index"
    build_index(corpus, work, model_dir=settings.embed_model, log=log)
    index = PolicyIndex.load(work, model_dir=settings.embed_model)
    with threadpool_limits(1):
        reranker = train_reranker(index, rows, log=log)
    reranker.meta["inputs"] = inputs
    path = reranker.save(out)
    return f"重排序模型已训练并写入 {path}（{reranker.meta['seconds']} 秒）"
