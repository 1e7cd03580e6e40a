"""Build an index folder from a corpus folder, re-embedding only the chunks whose content changed.

Folder layout (``--out``): ``manifest.json``, ``chunks.jsonl`` (one chunk per line, row ``i`` = id ``i``),
``policies.json`` (front matter; each chunk also carries its ``aspects`` labels, see
:mod:`policy_index.aspects`), ``vectors.npy`` (float32, L2-normalised, one row per chunk),
``dense.faiss`` and ``lexical/`` (bm25s). The new folder is assembled beside the old one and swapped
in at the end, so a failed build never leaves a half-written index behind.
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
from policy_index.embedding_model import build_threads, default_model_dir, encode_passages, load_embedder
from policy_index.lexical import LexicalIndex, tokenize_normalized
from policy_index.manifest import (
    MANIFEST_NAME,
    StaleIndexError,
    file_sha256,
    model_fingerprint,
    read_manifest,
    write_manifest,
)
from policy_index.normalize import canonical_text, normalize_passage
from policy_index.rerank_features import TITLE_VECTORS
from policy_index.reranker import Reranker

__all__ = ["build_index"]

EMBED_BATCH = 64
Log = Callable[[str], None]


def _previous_vectors(out_dir: Path, fingerprint: str) -> dict[str, np.ndarray]:
    """Vectors of the previous build, by chunk content hash (empty if unusable)."""
    try:
        manifest = read_manifest(out_dir)
    except StaleIndexError:
        return {}
    if (manifest.get("model") or {}).get("fingerprint") != fingerprint:
        return {}
    hashes = manifest.get("chunk_hashes") or []
    path = out_dir / "vectors.npy"
    if not path.is_file() or manifest.get("files", {}).get("vectors.npy") != file_sha256(path):
        return {}
    vectors = np.load(path)
    if len(vectors) != len(hashes):
        return {}
    return dict(zip(hashes, vectors, strict=True))


def _embed(texts: Sequence[str], model_dir: Path, embedder, progress: bool) -> np.ndarray:
    """Passage vectors of ``texts`` (in their order), encoded on every core, longest texts first.

    Batches of similar length waste little on padding; the bar shows clauses done and the ETA.
    """
    model = embedder if embedder is not None else load_embedder(model_dir, threads=build_threads())
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


def _previous_calibration(out_dir: Path, hashes: Sequence[str], reranker: Reranker) -> dict | None:
    """The previous build's fit when neither the chunks nor the reranker changed since."""
    try:
        previous = read_manifest(out_dir)
    except StaleIndexError:
        return None
    entry = previous.get("reranker") or {}
    same = (
        previous.get("chunk_hashes") == list(hashes)
        and entry.get("version") == reranker.meta.get("version")
        and entry.get("inputs") == reranker.meta.get("inputs")
        and entry.get("abstention")
    )
    return entry if same else None


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
    policies = load_corpus(corpus_dir)
    pairs = chunk_corpus(policies)
    texts = [canonical_text(chunk.index_text(policy.title)) for policy, chunk in pairs]
    hashes = [chunk.content_hash(policy.title) for policy, chunk in pairs]
    log(f"读取政策 {len(policies)} 件，分块 {len(pairs)} 个")

    fingerprint = model_fingerprint(model_dir) if model_dir.is_dir() else ""
    previous = _previous_vectors(out_dir, fingerprint) if fingerprint else {}
    missing: dict[str, str] = {}  # content hash → text, first occurrence order
    for digest, text in zip(hashes, texts, strict=True):
        if digest not in previous and digest not in missing:
            missing[digest] = text
    log(f"需要重新嵌入 {len(missing)} 块，复用 {len(hashes) - len(missing)} 块")
    fresh: dict[str, np.ndarray] = {}
    if missing:
        if not fingerprint:
            raise StaleIndexError(f"找不到嵌入模型目录 {model_dir}。请先运行 `make model`。")
        embedder = embedder if embedder is not None else load_embedder(model_dir, threads=build_threads())
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
        normalized = [
            normalize_passage(t).replace("\n", " ")
            for t in tqdm(texts, desc="分词建索引", unit="块", disable=not progress)
        ]
        tokens = [tokenize_normalized(t) for t in normalized]
        LexicalIndex.build(tokens).save(staging / "lexical")
        with (staging / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for (_, chunk), digest, norm in zip(pairs, hashes, normalized, strict=True):
                row = {
                    "policy_id": chunk.policy_id,
                    "clause": chunk.clause,
                    "heading_path": list(chunk.heading_path),
                    "text": chunk.text,
                    "hash": digest,
                    "normalized": norm,
                    "aspects": clause_aspects(chunk.text),
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        meta = {p.id: p.metadata() for p in policies}
        (staging / "policies.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        titles = [p.title for p in policies]
        if titles and fingerprint:
            embedder = embedder if embedder is not None else load_embedder(model_dir, threads=build_threads())
            np.save(staging / TITLE_VECTORS, encode_passages(embedder, titles).astype(np.float32))
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
            "corpus_hash": corpus_hash(corpus_dir),
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
            record["reranker"] = _previous_calibration(out_dir, hashes, reranker) or _calibrate(
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
