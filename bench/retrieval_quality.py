"""Retrieval quality with and without the reranker, on every labelled collection the project has.

For each set — the shipped development set (``data/policies`` + ``data/eval/questions.jsonl``), the
team's held-out collection (``data/eval/heldout``), the plain-prose notices (``data/eval/prose``)
and the 平度市, 肥西县, 郫都区, 醴陵市, 南康区, 武鸣区, 正定县, 榆次区, 南安市, 长葛市, 双阳区,
花溪区, 鹤山市, 红塔区, 麦积区, 阿城区, 贺兰县 collections (``data/eval/blind3`` … ``blind19``, no
longer blind), when present — the collection is indexed exactly as ``policy-index build`` does it
(reranker copied in, answerable threshold fitted to that collection from generated questions), then every
question is searched three ways: hybrid in fused order (no reranker), hybrid reranked (what the service does),
and dense only. Printed per set: recall@1/@5, MRR, passage hit@5, abstention (unanswerable flagged,
answerable wrongly flagged), and the reranker's own cost per query (p50 / p95, feature extraction +
scoring of the top candidates, one thread) and the answerable model's threshold-free AUC.

Usage: python bench/retrieval_quality.py [--set dev|heldout|prose|blind3 … blind19 ...] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from huiqi.settings import get_settings  # noqa: E402
from policy_index import PolicyIndex, build_index  # noqa: E402
from policy_index.embedding_model import load_embedder  # noqa: E402
from policy_index.evaluate import evaluate, load_questions  # noqa: E402
from policy_index.fusion import reciprocal_rank_fusion  # noqa: E402
from policy_index.zone_scope import names_beside  # noqa: E402

EVAL = ROOT / "data" / "eval"
SETS = {
    "dev": (ROOT / "data" / "policies", EVAL / "questions.jsonl"),
    "heldout": (EVAL / "heldout" / "policies", EVAL / "heldout" / "questions.jsonl"),
    "prose": (EVAL / "prose" / "policies", EVAL / "prose" / "questions.jsonl"),
    # every district written blind (data/eval/blindN, in the order they were written)
    **{
        d.name: (d / "policies", d / "questions.jsonl")
        for d in sorted(EVAL.glob("blind*"), key=lambda d: int(d.name[5:]))
    },
}
COLUMNS = (("fused", "hybrid, no reranker"), ("hybrid", "hybrid + reranker"), ("dense", "dense only"))
ROWS = (
    ("recall@1", "recall@1"),
    ("recall@5", "recall@5"),
    ("MRR", "mrr"),
    ("passage hit@5", "passage_hit@5"),
    ("unanswerable flagged", "unanswerable_flagged"),
    ("answerable flagged", "answerable_flagged"),
)


def reranker_cost(index: PolicyIndex, questions: list[dict]) -> dict[str, float]:
    """Milliseconds per query spent by the reranker alone (features + scoring), p50 / p95."""
    times = []
    for q in questions:
        r = index.retrieve(q["q"], 5, q.get("zone"))
        fused = reciprocal_rank_fusion([r.lex_ids, r.dense_ids])
        started = time.perf_counter()
        index.reranker.rerank(index.rerank_view, index.query_view(r, fused))
        times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": float(np.percentile(times, 50)), "p95_ms": float(np.percentile(times, 95))}


def abstention_auc(index: PolicyIndex, questions: list[dict]) -> float | None:
    """Threshold-free separation of the answerable decision: the probability that an answerable question
    gets a higher answer score than an unanswerable one (ROC AUC; ``None`` without a reranker or without
    both kinds of question). A change that only moves the threshold leaves it where it was."""
    from sklearn.metrics import roc_auc_score

    if index.reranker is None:
        return None
    labels = [bool(q.get("policy_id")) for q in questions]
    if len(set(labels)) < 2:
        return None
    scores = [
        index.reranker.answer_score(index.search(q["q"], 5, q.get("zone"))["features"]) for q in questions
    ]
    return float(roc_auc_score(labels, scores))


def run_set(name: str, corpus: Path, questions_path: Path, embedder) -> dict:
    """Index one collection as the build does and measure it."""
    settings = get_settings()
    folder = settings.index_dir if name == "dev" else settings.data_dir / f"bench-index-{name}"
    manifest = build_index(
        corpus,
        folder,
        embedder=embedder,
        progress=False,
        log=lambda m: print(m, file=sys.stderr),
        reranker_dir=settings.reranker_dir,
    )
    # the collection's own place names, as the server reads its district's
    index = PolicyIndex.load(folder, embedder=embedder, zone_names=names_beside(corpus))
    questions = load_questions(questions_path)
    report = evaluate(index, questions, modes=("hybrid", "dense"), without_reranker=True)
    if "fused" not in report:  # no reranker: the hybrid channel is the fused order
        report["fused"] = report["hybrid"]
    report["reranker_ms"] = reranker_cost(index, questions) if index.reranker is not None else None
    report["abstention_auc"] = abstention_auc(index, questions)
    report["abstention_fit"] = (manifest.get("reranker") or {}).get("abstention")
    report["collection"] = {"policies": manifest["policy_count"], "chunks": manifest["chunk_count"]}
    return report


def format_set(name: str, report: dict) -> str:
    """The set's table (Markdown) and the reranker cost line."""
    first = report["hybrid"]
    lines = [
        f"## {name}: {report['collection']['policies']} policies, {report['collection']['chunks']} chunks, "
        f"{first['answerable_questions']} answerable + {first['unanswerable_questions']} unanswerable "
        "questions",
        "| | " + " | ".join(label for _, label in COLUMNS) + " |",
        "|---|" + "---|" * len(COLUMNS),
    ]
    for label, key in ROWS:
        lines.append(f"| {label} | " + " | ".join(f"{report[col][key]:.3f}" for col, _ in COLUMNS) + " |")
    cost = report.get("reranker_ms")
    if cost:
        lines.append(f"reranker cost per query: p50 {cost['p50_ms']:.1f} ms, p95 {cost['p95_ms']:.1f} ms")
    if report.get("abstention_auc") is not None:
        lines.append(
            f"abstention AUC (answerable vs unanswerable, threshold-free): {report['abstention_auc']:.3f}"
        )
    fit = report.get("abstention_fit")
    if fit:
        lines.append(
            f"abstention fitted on {fit['generated']} generated questions: threshold {fit['threshold']:.3f}, "
            f"generated answerable flagged {fit['positives_flagged']:.1%}, "
            f"held-out flagged {fit['held_out_flagged']:.1%}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set", dest="sets", action="append", choices=sorted(SETS), help="default: all present"
    )
    parser.add_argument("--json", action="store_true", help="print the full reports as JSON")
    args = parser.parse_args()
    names = args.sets or [n for n, (corpus, qs) in SETS.items() if corpus.is_dir() and qs.is_file()]
    embedder = load_embedder(get_settings().embed_model)
    reports = {}
    for name in names:
        corpus, questions = SETS[name]
        reports[name] = run_set(name, corpus, questions, embedder)
        if not args.json:
            print(format_set(name, reports[name]) + "\n", flush=True)
    if args.json:
        print(json.dumps(reports, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
