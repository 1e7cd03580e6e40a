"""Build an index folder from a corpus folder, re-embedding only the chunks whose content changed.

Folder layout (``--out``): ``manifest.json``, ``chunks.jsonl`` (one chunk per line, row ``i`` = id ``i``),
``policies.json`` (front matter; each chunk also carries its ``aspects`` labels, see
:mod:`policy_index.aspects`), ``vectors.npy`` (float32, L2-normalised, one row per chunk),
``dense.faiss`` and ``lexical/`` (bm25s). The new folder is assembled beside the old one and swapped
in at the end, so a failed build never leaves a half-written index behind. Callers that may run beside
another builder of the same folder take its lock first (:mod:`policy_index.build_lock`).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from tqdm import tqdm

from policy_index.aspects import clause_aspects
from policy_index.chunking import Chunk, chunk_policy
from policy_index.corpus import Policy, corpus_hash, load_corpus
from policy_index.dense import DenseIndex, build_faiss, choose_index_key
from policy_index.embedding_model import build_threads, default_model_dir, encode_passages
from policy_index.lexical import LexicalIndex, tokenize_normalized
from policy_index.lifespan import lifespans
from policy_index.manifest import (
    MANIFEST_NAME,
    StaleIndexError,
    file_sha256,
    model_fingerprint,
    write_manifest,
)
from policy_index.normalize import canonical_text, normalize_passage
from policy_index.onnx_encoder import load_query_encoder
from policy_index.rerank_features import TITLE_VECTORS
from policy_index.reranker import Reranker
from policy_index.reuse import (
    TOKENS_FILE,
    previous_calibration,
    previous_lexical,
    previous_vectors,
    title_vectors,
)

__all__ = ["build_index"]

EMBED_BATCH = 64
Log = Callable[[str], None]


def load_build_encoder(model_dir: Path):
    """The encoder an index build embeds with: the light ONNX encoder on every core when the model
    directory allows it (same vectors; no sentence-transformers import), else sentence-transformers."""
    return load_query_encoder(model_dir, threads=build_threads())


def _embed(texts: Sequence[str], model_dir: Path, embedder, progress: bool) -> np.ndarray:
    """Passage vectors of ``texts`` (in their order), encoded on every core, longest texts first.

    Batches of similar length waste little on padding; the bar shows clauses done and the ETA.
    """
    model = embedder if embedder is not None else load_build_encoder(model_dir)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    vectors: np.ndarray | None = None
    bar = tqdm(total=len(texts), desc="嵌入向量", unit="块", disable=not progress)
    for start in range(0, len(order), EMBED_BATCH):
        rows = order[start : start + EMBED_BATCH]
        batch = encode_passages(model, [texts[i] for i in rows], batch_size=EMBED_BATCH)
        if vectors is None:
            vectors = np.zeros((len(texts), batch.shape[1]), dtype=np.float32)
        vectors[rows] = batch
        bar.update(len(rows))
    bar.close()
    return vectors if vectors is not None else np.zeros((0, 0), dtype=np.float32)


def _model_name(model_dir: Path) -> str:
    for name in ("huiqi-model-manifest.json", "config_sentence_transformers.json"):
        path = model_dir / name
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                continue
            if isinstance(data, dict) and data.get("model"):
                return str(data["model"])
    return model_dir.name


def _calibrate(staging: Path, reranker: Reranker, model_dir: Path, embedder, log: Log) -> dict:
    """Fit the staged index's answerable threshold (no hand labels); the manifest's ``reranker`` entry."""
    from policy_index.index import PolicyIndex
    from policy_index.self_calibrate import fit_threshold

    log("重排序模型：用本政策库自动生成的问题拟合拒答阈值…")
    index = PolicyIndex.load(
        staging, model_dir=model_dir, check_corpus=False, verify_files=False, embedder=embedder
    )
    fit = fit_threshold(index, reranker)
    held = "—" if fit["held_out_flagged"] is None else f"{fit['held_out_flagged']:.1%}"
    log(
        f"拒答阈值 {fit['threshold']:.3f}（生成问题 {fit['generated']} 个：被判无匹配 "
        f"{fit['positives_flagged']:.1%}，去掉所属政策后被识别 {held}）"
    )
    return {
        "version": reranker.meta.get("version"),
        "inputs": reranker.meta.get("inputs"),
        "trained": {k: reranker.meta.get(k) for k in ("seed", "trained_on", "cv_reranked", "cv_abstention")},
        "abstention": fit,
    }


def _lexical(
    pairs: Sequence[tuple[Policy, Chunk]],
    hashes: Sequence[str],
    known: dict[str, tuple[str, list[str]]],
    progress: bool,
) -> tuple[list[str], list[list[str]]]:
    """Normalised text and BM25 tokens of every chunk: the previous build's for unchanged chunks."""
    normalized, tokens = [], []
    bar = tqdm(total=len(pairs), desc="分词建索引", unit="块", disable=not progress)
    for (policy, chunk), digest in zip(pairs, hashes, strict=True):
        if digest not in known:
            norm = normalize_passage(canonical_text(chunk.index_text(policy.title))).replace("\n", " ")
            known[digest] = (norm, tokenize_normalized(norm))
        normalized.append(known[digest][0])
        tokens.append(known[digest][1])
        bar.update(1)
    bar.close()
    return normalized, tokens


def chunk_corpus(policies: Sequence[Policy]) -> list[tuple[Policy, Chunk]]:
    """All chunks of all policies, in policy then clause order."""
    return [(policy, chunk) for policy in policies for chunk in chunk_policy(policy)]


def build_index(
    corpus_dir: Path | str,
    out_dir: Path | str,
    *,
    model_dir: Path | str | None = None,
    embedder=None,
    progress: bool = True,
    log: Log = print,
    index_key: str | None = None,
    reranker_dir: Path | str | None = None,
) -> dict:
    """Build (or refresh) the index of ``corpus_dir`` in ``out_dir``.

    Args:
        corpus_dir: folder of ``<id>.md`` policies.
        out_dir: the index folder (created or replaced).
        model_dir: sentence-transformers model directory (default: ``settings.embed_model``).
        embedder: an already-loaded SentenceTransformer for ``model_dir`` (tests, benchmarks).
        progress: show tqdm progress bars.
        log: where to write one-line progress messages.
        index_key: force a FAISS factory key (benchmarks); default chosen by size.
        reranker_dir: folder of a trained ``reranker.json`` (``make reranker``); when it holds one,
            the reranker is copied into the index and the answerable threshold is fitted to this
            collection (:mod:`policy_index.self_calibrate`). ``None``: no reranker.

    Returns:
        The manifest written, plus ``embedded`` / ``reused`` counts and ``seconds``.

    Raises:
        CorpusError: the corpus has malformed files (all of them are listed).
    """
    started = time.perf_counter()
    corpus_dir, out_dir = Path(corpus_dir).resolve(), Path(out_dir).resolve()
    model_dir = Path(model_dir).resolve() if model_dir is not None else default_model_dir()
    # hashed before it is read: a file written during the build makes the index stale (built again
    # by whoever wrote it), never an index that claims a change it does not hold
    built_hash = corpus_hash(corpus_dir)
    policies = load_corpus(corpus_dir)
    pairs = chunk_corpus(policies)
    hashes = [chunk.content_hash(policy.title) for policy, chunk in pairs]
    log(f"读取政策 {len(policies)} 件，分块 {len(pairs)} 个")

    fingerprint = model_fingerprint(model_dir) if model_dir.is_dir() else ""
    previous = previous_vectors(out_dir, fingerprint) if fingerprint else {}
    missing: dict[str, str] = {}  # content hash → text, first occurrence order
    for digest, (policy, chunk) in zip(hashes, pairs, strict=True):
        if digest not in previous and digest not in missing:
            missing[digest] = canonical_text(chunk.index_text(policy.title))
    log(f"需要重新嵌入 {len(missing)} 块，复用 {len(hashes) - len(missing)} 块")
    fresh: dict[str, np.ndarray] = {}
    if missing:
        if not fingerprint:
            raise StaleIndexError(f"找不到嵌入模型目录 {model_dir}。请先运行 `make model`。")
        embedder = embedder if embedder is not None else load_build_encoder(model_dir)
        vectors = _embed(list(missing.values()), model_dir, embedder, progress)
        fresh = dict(zip(missing, vectors, strict=True))
    lookup = {**previous, **fresh}
    dim = len(next(iter(lookup.values()))) if lookup else 0
    matrix = (
        np.vstack([lookup[h] for h in hashes]).astype(np.float32)
        if hashes
        else np.zeros((0, dim), np.float32)
    )

    staging = out_dir.parent / f".{out_dir.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        key = index_key or choose_index_key(len(matrix), dim)
        log(f"构建向量索引 {key}（{len(matrix)} × {dim}）")
        DenseIndex(build_faiss(matrix, key)).write(staging / "dense.faiss")
        np.save(staging / "vectors.npy", matrix)
        normalized, tokens = _lexical(pairs, hashes, previous_lexical(out_dir), progress)
        LexicalIndex.build(tokens).save(staging / "lexical")
        with (staging / TOKENS_FILE).open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in tokens)
        with (staging / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for (_, chunk), digest, norm in zip(pairs, hashes, normalized, strict=True):
                row = {
                    "policy_id": chunk.policy_id,
                    "clause": chunk.clause,
                    "heading_path": list(chunk.heading_path),
                    "text": chunk.text,
                    "hash": digest,
                    "normalized": norm,
                    "aspects": clause_aspects(chunk.text, chunk.heading_path),
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        meta = {p.id: p.metadata() for p in policies}
        for pid, life in lifespans(policies).items():  # what the texts say beyond the front matter
            if life.successor_inferred:  # a newer text retires it
                meta[pid].update(replaced_by=life.replaced_by, replaced_by_inferred=True)
            if life.until_inferred and life.valid_until:  # stated only in its text: 有效期至…
                meta[pid].update(valid_until=life.valid_until.isoformat(), valid_until_inferred=True)
            if life.repealed_from:  # a later policy repeals it (…同时废止)
                meta[pid].update(repealed_from=life.repealed_from.isoformat())
        (staging / "policies.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        titles = [p.title for p in policies]
        if titles and fingerprint:

            def embedder_for():
                nonlocal embedder
                embedder = embedder if embedder is not None else load_build_encoder(model_dir)
                return embedder

            np.save(staging / TITLE_VECTORS, title_vectors(out_dir, fingerprint, titles, embedder_for))
        reranker = Reranker.load(Path(reranker_dir)) if reranker_dir is not None else None
        if reranker is not None:
            reranker.save(staging)
        files = {
            p.relative_to(staging).as_posix(): file_sha256(p)
            for p in sorted(staging.rglob("*"))
            if p.is_file() and p.name != MANIFEST_NAME
        }
        record = {
            "corpus_dir": str(corpus_dir),
            "corpus_hash": built_hash,
            "policy_count": len(policies),
            "chunk_count": len(pairs),
            "model": {"name": _model_name(model_dir), "path": str(model_dir), "fingerprint": fingerprint},
            "dimension": dim,
            "index_type": key,
            "files": files,
            "chunk_hashes": hashes,
        }
        manifest = write_manifest(staging, record)
        if reranker is not None and len(pairs):
            record["reranker"] = previous_calibration(out_dir, hashes, reranker, log) or _calibrate(
                staging, reranker, model_dir, embedder, log
            )
            manifest = write_manifest(staging, record)
        old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
        if out_dir.exists():
            out_dir.rename(old)
        staging.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    seconds = time.perf_counter() - started
    log(f"索引已写入 {out_dir}（{seconds:.1f} 秒）")
    result = json.loads((out_dir / manifest.name).read_text(encoding="utf-8"))
    result.update(embedded=len(missing), reused=len(hashes) - len(missing), seconds=round(seconds, 2))
    return result
