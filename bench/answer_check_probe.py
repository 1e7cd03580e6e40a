"""Does a cross-encoder over (question, clause) separate answerable questions from near misses better?

Issue 11's open fault is the answerable decision. This probe measures, by 5-fold cross-validation by
policy on the development set only (the folds, groups and out-of-fold reranker scores of
``policy_index.rerank_train``), what the answerable model gains when it also reads a cross-encoder's
score of the best clause. The cross-encoder is the packaged multilingual-e5-small cut to its first
``--layers`` layers, reading ``query: <question>`` and ``passage: <title> <headings> <clause>``
together (``--max-length`` tokens); ``--tuned 0`` keeps every layer frozen and fits a logistic head
on the mean-pooled tokens, ``--tuned K`` fine-tunes the top K layers and a linear head (AdamW, fixed
seed, ``--epochs``). Training pairs per question group: the top 3 clauses by the out-of-fold
reranker (as asked, with the question's own policy held out, and unanswerable questions) plus the
labelled clause; a pair is positive when it is the labelled clause.

Printed: the pair AUC of the cross-encoder, then for v2 (the answerable model as shipped) and v2 + the
cross-encoder's score of the best clause / max over the top 3: the answerable-vs-near-miss AUC, and
near misses and other unanswerable questions flagged when 3 % of answerable questions are.
Nothing from ``data/eval/heldout`` or ``data/eval/prose`` is read.

Usage: ``.venv/bin/python bench/answer_check_probe.py [--tuned 0] [--layers 6] [--epochs 2]``
(frozen: about 5 minutes on 2 quiet cores; each tuned layer adds minutes per fold).
"""

from __future__ import annotations

import argparse
import copy
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from huiqi.settings import get_settings  # noqa: E402
from policy_index import rerank_train  # noqa: E402
from policy_index.evaluate import load_questions  # noqa: E402
from policy_index.index import PolicyIndex  # noqa: E402
from policy_index.reranker import LinearModel  # noqa: E402

SEED = 0
FOLDS = rerank_train.FOLDS
MAX_FALSE_FLAG = rerank_train.MAX_FALSE_FLAG


def dev_groups(index: PolicyIndex) -> tuple[list, np.ndarray, list[np.ndarray], np.ndarray]:
    """Training groups, their folds, out-of-fold reranker scores and answerable-model rows."""
    questions = load_questions(ROOT / "data" / "eval" / "questions.jsonl")
    with threadpool_limits(1):
        groups = rerank_train.question_groups(index, questions)
    folds = rerank_train._folds(groups, SEED)
    oof: list[np.ndarray] = [np.zeros(0)] * len(groups)
    for fold in range(FOLDS):
        model = rerank_train._fit_ranker([g for g, f in zip(groups, folds, strict=True) if f != fold])
        for i in np.flatnonzero(folds == fold):
            n = len(groups[i].x)
            oof[i] = model.proba(groups[i].x) if n else rerank_train._fused_order(n)
    return groups, folds, oof, rerank_train._answer_rows(index, groups, oof)


def pairs_of(index: PolicyIndex, groups: list, oof: list[np.ndarray]) -> list[tuple[int, int, float, int]]:
    """``(group, chunk id, label, rank)``: top 3 by the out-of-fold reranker, plus the labelled clause."""
    pairs = []
    for gi, (g, scores) in enumerate(zip(groups, oof, strict=True)):
        order = np.argsort(-scores, kind="stable")
        for rank, i in enumerate(order[:3]):
            pairs.append((gi, g.candidates[i], float(g.y[i]), rank))
        pairs += [(gi, g.candidates[i], 1.0, 99) for i in np.flatnonzero(g.y > 0) if i not in order[:3]]
    return pairs


def passage(index: PolicyIndex, chunk_id: int) -> str:
    chunk = index.chunks[chunk_id]
    title = index.policies[chunk["policy_id"]]["title"]
    return "passage: " + " ".join([title, *chunk.get("heading_path", []), chunk["text"]])


def padded(states: list[torch.Tensor], batch: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    length = max(states[i].shape[0] for i in batch)
    hidden = torch.zeros((len(batch), length, states[batch[0]].shape[1]))
    mask = torch.zeros((len(batch), length))
    for j, i in enumerate(batch):
        hidden[j, : states[i].shape[0]] = states[i].float()
        mask[j, : states[i].shape[0]] = 1
    return hidden, mask


def run_layers(layers, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    additive = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
    for layer in layers:
        hidden = layer(hidden, additive)
    return hidden


def frozen_states(bert, tokenizer, texts: list[tuple[str, str]], upto: int, max_length: int) -> list:
    """Token states after the first ``upto`` layers, per pair (fp16), batched by length."""
    encoded = tokenizer([q for q, _ in texts], [p for _, p in texts], truncation="only_second",
                        max_length=max_length)["input_ids"]  # fmt: skip
    states: list = [None] * len(encoded)
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    with torch.inference_mode():
        for start in range(0, len(order), 32):
            batch = order[start : start + 32]
            length = max(len(encoded[i]) for i in batch)
            ids = torch.full((len(batch), length), tokenizer.pad_token_id)
            mask = torch.zeros((len(batch), length), dtype=torch.long)
            for j, i in enumerate(batch):
                ids[j, : len(encoded[i])] = torch.tensor(encoded[i])
                mask[j, : len(encoded[i])] = 1
            out = bert(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states[upto]
            for j, i in enumerate(batch):
                states[i] = out[j, : len(encoded[i])].to(torch.float16).clone()
    return states


class TunedHead(torch.nn.Module):
    """Copies of the top layers and a linear head over the mean-pooled tokens."""

    def __init__(self, layers) -> None:
        super().__init__()
        self.layers = torch.nn.ModuleList(copy.deepcopy(layer) for layer in layers)
        self.out = torch.nn.Linear(384, 1)
        torch.nn.init.zeros_(self.out.bias)
        torch.nn.init.normal_(self.out.weight, std=0.02)

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = run_layers(self.layers, hidden, mask)
        return self.out((hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)).squeeze(-1)


def fine_tune(layers, states, y: torch.Tensor, train: np.ndarray, epochs: int) -> TunedHead:
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    head = TunedHead(layers).train()
    opt = torch.optim.AdamW(
        [{"params": head.layers.parameters(), "lr": 5e-5}, {"params": head.out.parameters(), "lr": 1e-3}],
        weight_decay=0.01,
    )
    pos = float(y[train].sum())
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(train) - pos) / max(pos, 1.0)) ** 0.5)
    steps = epochs * math.ceil(len(train) / 16)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps)
    )
    for _ in range(epochs):
        perm = rng.permutation(train)
        batches = []
        for block in (perm[i : i + 256] for i in range(0, len(perm), 256)):
            block = sorted(block, key=lambda i: states[i].shape[0])
            batches += [block[i : i + 16] for i in range(0, len(block), 16)]
        rng.shuffle(batches)
        for batch in batches:
            loss = loss_fn(head(*padded(states, batch)), y[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    return head.eval()


def cross_scores(
    states, y: np.ndarray, fold_of_pair: np.ndarray, layers, tuned: int, epochs: int
) -> np.ndarray:
    """Out-of-fold cross-encoder score per pair."""
    scores = np.zeros(len(states))
    if not tuned:
        with torch.inference_mode():
            pooled = np.zeros((len(states), 384), dtype=np.float32)
            order = sorted(range(len(states)), key=lambda i: states[i].shape[0])
            for start in range(0, len(order), 32):
                batch = order[start : start + 32]
                hidden, mask = padded(states, batch)
                hidden = run_layers(layers, hidden, mask)
                pooled[batch] = ((hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)).numpy()
        for fold in range(FOLDS):
            train = fold_of_pair != fold
            clf = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced").fit(
                pooled[train], y[train]
            )
            scores[~train] = clf.decision_function(pooled[~train])
        return scores
    labels = torch.tensor(y, dtype=torch.float32)
    for fold in range(FOLDS):
        head = fine_tune(layers, states, labels, np.flatnonzero(fold_of_pair != fold), epochs)
        test = np.flatnonzero(fold_of_pair == fold)
        with torch.inference_mode():
            for start in range(0, len(test), 64):
                batch = list(test[start : start + 64])
                scores[batch] = head(*padded(states, batch)).numpy()
        print(f"  fold {fold + 1}/{FOLDS} trained", file=sys.stderr, flush=True)
    return scores


def answerable_cv(rows: np.ndarray, folds: np.ndarray, answerable: np.ndarray, held_out: np.ndarray) -> str:
    """The answerable model's 5-fold figures over ``rows`` (last column: the foreign-place rule)."""
    p = np.zeros(len(rows))
    for fold in range(FOLDS):
        train = folds != fold
        model = LinearModel.fit(rows[train, :-1], answerable[train], balanced=True)
        p[~train] = np.where(rows[~train, -1] > 0, 0.0, model.proba(rows[~train, :-1]))
    threshold = np.quantile(p[answerable], MAX_FALSE_FLAG)
    other = ~answerable & ~held_out
    near = answerable | held_out
    return (
        f"AUC vs near misses {roc_auc_score(answerable[near], p[near]):.3f}, "
        f"vs all unanswerable {roc_auc_score(answerable, p):.3f} | flagged: answerable "
        f"{(p[answerable] < threshold).mean():.1%}, near misses {(p[held_out] < threshold).mean():.1%}, "
        f"other unanswerable {(p[other] < threshold).mean():.1%}"
    )


def base_model(model_dir: Path, layers: int):
    """The packaged e5 ``BertModel`` cut to its first ``layers`` layers and its tokenizer."""
    from transformers import AutoTokenizer, BertConfig, BertModel
    from transformers.utils import logging as hf_logging

    config = BertConfig.from_pretrained(str(model_dir), local_files_only=True)
    config.num_hidden_layers = layers
    hf_logging.set_verbosity_error()  # the dropped layers are reported as unexpected keys
    bert = BertModel.from_pretrained(
        str(model_dir), config=config, local_files_only=True, attn_implementation="eager"
    )
    return bert.eval(), AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=6, help="e5 layers the cross-encoder runs (of 12)")
    parser.add_argument(
        "--tuned", type=int, default=0, help="top layers fine-tuned (0: frozen + logistic head)"
    )
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--max-length", type=int, default=128)
    args = parser.parse_args()
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    settings = get_settings()
    started = time.perf_counter()
    index = PolicyIndex.load(settings.index_dir, model_dir=settings.embed_model)
    groups, folds, oof, rows = dev_groups(index)
    pairs = pairs_of(index, groups, oof)
    texts = [(f"query: {groups[gi].retrieval.text}", passage(index, cid)) for gi, cid, _, _ in pairs]
    bert, tokenizer = base_model(settings.embed_model, args.layers)
    upto = args.layers - args.tuned
    states = frozen_states(bert, tokenizer, texts, upto, args.max_length)
    y = np.array([label for _, _, label, _ in pairs])
    group_of_pair = np.array([gi for gi, _, _, _ in pairs])
    layers = [bert.encoder.layer[i] for i in range(upto, args.layers)]
    scores = cross_scores(states, y, folds[group_of_pair], layers, args.tuned, args.epochs)
    top = np.full(len(groups), -10.0)
    best3 = np.full(len(groups), -10.0)
    for (gi, _, _, rank), s in zip(pairs, scores, strict=True):
        top[gi] = s if rank == 0 else top[gi]
        best3[gi] = max(best3[gi], s) if rank < 3 else best3[gi]
    answerable = np.array([g.answerable for g in groups])
    held_out = np.array([g.held_out for g in groups])
    variant = f"{args.layers} layers, {args.tuned} tuned, {args.max_length} tokens"
    print(
        f"cross-encoder ({variant}): {len(pairs)} pairs, out-of-fold pair AUC {roc_auc_score(y, scores):.3f}"
    )
    print("v2 answerable model:            " + answerable_cv(rows, folds, answerable, held_out))
    for name, extra in (("best clause", top), ("max over top 3", best3)):
        stacked = np.column_stack([rows[:, :-1], extra, rows[:, -1]])
        print(f"v2 + cross-encoder {name:14s}: " + answerable_cv(stacked, folds, answerable, held_out))
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
