"""Scale benchmark of policy_index: build time, peak memory, single-query latency, batch throughput.

A synthetic collection is generated from the shipped policies: each synthetic policy copies the
clauses of a real one with its district, amounts and dates varied, so the lexical channel sees a
realistic vocabulary. Embedding 30,000 (let alone 300,000) clauses with the CPU model takes too long
on 2 shared cores, so clause vectors are *synthesised*: the real vector of the source clause plus
Gaussian noise, re-normalised (the encoder's throughput is measured on a sample and the full
embedding time is extrapolated and printed). Queries are the development questions, encoded by the
real model at query time, so the latency includes normalisation, query encoding, BM25, FAISS,
fusion and the answerable decision.

Reported per size: build time (with progress bars), peak RSS of the process (includes the model),
RSS after load, single-query p50/p95 *with* query encoding (every query encoded afresh, one at a
time, as a user's question would be) and *without* it (vector cached: normalisation, BM25, FAISS,
fusion, answerable signals, hits), the encoder alone, batch throughput, and the load average of the
shared machine before and after (the figures are only comparable at similar load).

Usage: python bench/retrieval_scale.py [--chunks 30000] [--chunks 300000] [--queries 200]
       python bench/retrieval_scale.py --threshold 30000 --threshold 100000 --threshold 300000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.questions import load_questions  # noqa: E402
from huiqi.settings import get_settings  # noqa: E402
from policy_index import PolicyIndex, build_index, load_corpus  # noqa: E402
from policy_index.build import chunk_corpus  # noqa: E402
from policy_index.chunking import chunk_body  # noqa: E402
from policy_index.corpus import Policy  # noqa: E402
from policy_index.embedding_model import encode_passages, encode_queries, load_embedder  # noqa: E402
from policy_index.index import limit_threads  # noqa: E402
from policy_index.normalize import canonical_text  # noqa: E402

PLACES = ["即墨", "胶州", "平度", "莱西", "黄岛", "城阳", "崂山", "李沧", "市北", "市南", "高密", "诸城"]


class SyntheticEmbedder:
    """Stands in for the encoder at build time: a real clause vector (picked by the text's hash)
    plus Gaussian noise, L2-normalised — clustered like real clause vectors, at no encoding cost."""

    def __init__(self, pool: np.ndarray, noise: float = 0.35) -> None:
        self.pool, self.noise = pool, noise
        self.rng = np.random.default_rng(0)

    def encode(self, texts, **_kwargs) -> np.ndarray:
        dim = self.pool.shape[1]
        base = self.pool[[zlib.crc32(t.encode()) % len(self.pool) for t in texts]]
        v = (
            base
            + self.noise * self.rng.standard_normal((len(texts), dim)).astype(np.float32) / np.sqrt(dim) * 4
        )
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)

    encode_document = encode
    encode_query = encode


def synth_corpus(out: Path, n_chunks: int, real: list[Policy], seed: int = 0) -> int:
    """Write synthetic policies, varied copies of ``real``, until ``n_chunks`` clauses; return their count."""
    rng = random.Random(seed)
    out.mkdir(parents=True)
    written = chunks = 0
    while chunks < n_chunks:
        src = rng.choice(real)
        place = rng.choice(PLACES)
        pid = f"SYN-{written:06d}"
        body = src.body.replace("即墨", place)
        body = re.sub(r"\d+(?=万元)", lambda m: str(int(m.group()) + rng.randint(1, 9)), body)
        meta = {"id": pid, "title": src.title.replace("即墨", place) + f"（第{written}号）", "zones": "all"}
        if src.valid_until:
            meta["valid_until"] = str(src.valid_until)
        head = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
        (out / f"{pid}.md").write_text(f"---\n{head}\n---\n\n{body}\n", encoding="utf-8")
        chunks += len(chunk_body(pid, body))
        written += 1
    return written


def _percentiles(ms: list[float]) -> tuple[float, float]:
    ms = sorted(ms)
    return round(statistics.median(ms), 1), round(ms[int(0.95 * (len(ms) - 1))], 1)


def run(n_chunks: int, n_queries: int, model_dir: Path, embedder) -> dict:
    import psutil

    load_before = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="huiqi-scale-"))
    try:
        corpus = tmp / "corpus"
        real = load_corpus(get_settings().corpus_dir)
        policies = synth_corpus(corpus, n_chunks, real)
        real_pairs = chunk_corpus(real)
        sample = [canonical_text(c.index_text(p.title)) for p, c in real_pairs]
        t = time.perf_counter()
        real_vecs = encode_passages(embedder, sample[:128])
        embed_rate = 128 / (time.perf_counter() - t)
        fake = SyntheticEmbedder(real_vecs)
        started = time.perf_counter()
        manifest = build_index(
            corpus, tmp / "index", model_dir=model_dir, embedder=fake, progress=True, log=print
        )
        build_s = time.perf_counter() - started
        t = time.perf_counter()
        idx = PolicyIndex.load(tmp / "index", model_dir=model_dir, embedder=embedder)
        load_s = time.perf_counter() - t
        rss_after_load = psutil.Process().memory_info().rss / 2**20
        questions = list(dict.fromkeys(load_questions()))[:n_queries]
        for q in questions[:5]:
            idx.search(q)
        idx._vectors.clear()
        full, cached, enc = [], [], []
        for q in questions:
            t = time.perf_counter()
            idx.search(q, k=5)  # encodes the query: a fresh question
            full.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            idx.search(q, k=5)  # same question again: query vector cached
            cached.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            encode_queries(embedder, [q])
            enc.append((time.perf_counter() - t) * 1000)
        idx._vectors.clear()
        t = time.perf_counter()
        idx.search_batch(questions, k=5)
        qps = len(questions) / (time.perf_counter() - t)
        p50, p95 = _percentiles(full)
        c50, c95 = _percentiles(cached)
        e50, e95 = _percentiles(enc)
        return {
            "chunks": manifest["chunk_count"],
            "policies": policies,
            "index_type": manifest["index_type"],
            "vectors": "synthesised (real clause vector + noise); queries encoded by the real model",
            "build_seconds_synthetic_vectors": round(build_s, 1),
            "encoder_passages_per_second": round(embed_rate, 1),
            "extrapolated_embedding_seconds": round(manifest["chunk_count"] / embed_rate),
            "load_seconds": round(load_s, 2),
            "p50_ms": p50,
            "p95_ms": p95,
            "p50_ms_without_encoding": c50,
            "p95_ms_without_encoding": c95,
            "encoder_p50_ms": e50,
            "encoder_p95_ms": e95,
            "batch_queries_per_second": round(qps, 1),
            "rss_after_load_mb": round(rss_after_load),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "torch_threads": __import__("torch").get_num_threads(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "cpus": os.cpu_count(),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def measure_threshold(sizes: list[int], n_queries: int, embedder) -> None:
    """Flat (exact) vs HNSW at each size: dense-search latency and HNSW recall@10 against exact.

    Vectors are synthesised around the shipped index's real clause vectors; queries are development
    questions encoded by the real model. One query at a time (as the engine searches).
    """
    import faiss

    from policy_index.dense import DenseIndex, build_faiss

    pool = np.load(get_settings().index_dir / "vectors.npy")
    queries = encode_queries(embedder, load_questions()[:n_queries])
    fake = SyntheticEmbedder(pool)
    for n in sizes:
        vectors = fake.encode([f"clause {i}" for i in range(n)])
        row = {"vectors": n, "load_average": [round(x, 2) for x in os.getloadavg()]}
        truth = None
        for key in ("Flat", "HNSW32,Flat"):
            t = time.perf_counter()
            index = DenseIndex(build_faiss(vectors, key))
            build = time.perf_counter() - t
            lat, ids = [], []
            for q in queries:
                t = time.perf_counter()
                _, found = index.search(q, 100)
                lat.append((time.perf_counter() - t) * 1000)
                ids.append(found[0][:10])
            if truth is None:
                truth = ids
            recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, truth, strict=True)]))
            p50, p95 = _percentiles(lat)
            row[key] = {
                "build_s": round(build, 1),
                "p50_ms": p50,
                "p95_ms": p95,
                "recall@10": round(recall, 4),
            }
        row["faiss_threads"] = faiss.omp_get_max_threads()
        print(json.dumps(row), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, action="append", help="collection sizes (default 30000)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--threshold", type=int, action="append", help="only compare Flat vs HNSW at these sizes"
    )
    args = parser.parse_args()
    model_dir = get_settings().embed_model
    embedder = load_embedder(model_dir)
    limit_threads()
    if args.threshold:
        measure_threshold(args.threshold, args.queries, embedder)
        return
    for n in args.chunks or [30_000]:
        print(json.dumps(run(n, args.queries, model_dir, embedder), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
