"""What a rebuild takes over from the previous build in the same folder, instead of redoing it.

A one-policy edit should cost about one policy: the vectors, title vectors, normalised text and BM25
tokens of unchanged chunks (by content hash, under the same model and normaliser), and the answerable
threshold while little of the collection has changed since it was fitted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from policy_index.embedding.encoding import encode_passages
from policy_index.manifest import StaleIndexError, file_sha256, normalizer_version, read_manifest
from policy_index.rerank_features import TITLE_VECTORS, normalized_title
from policy_index.reranker import Reranker
from policy_index.self_calibrate import CALIBRATION_CHUNKS

__all__ = [
    "REFIT_SHARE",
    "TOKENS_FILE",
    "previous_calibration",
    "previous_lexical",
    "previous_vectors",
    "title_vectors",
]

#: BM25 tokens of each chunk (one JSON list per line, row ``i`` = chunk ``i``), kept for the next build.
TOKENS_FILE = "tokens.jsonl"
#: Share of a collection's chunks that may be added or removed since the answerable threshold was last
#: fitted before a build fits it again. Below it the previous fit is kept: editing one policy changes a
#: handful of the ~200 generated questions, less than the fit's own sampling noise, and the refit is
#: the largest part of a one-policy re-index (25 s of 65 s for 80 policies on 2 quiet cores).
REFIT_SHARE = 0.05


def _manifest(out_dir: Path) -> dict:
    try:
        return read_manifest(out_dir)
    except StaleIndexError:
        return {}


def previous_vectors(out_dir: Path, fingerprint: str) -> dict[str, np.ndarray]:
    """Vectors of the previous build, by chunk content hash (empty if unusable)."""
    manifest = _manifest(out_dir)
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


def previous_lexical(out_dir: Path) -> dict[str, tuple[str, list[str]]]:
    """Normalised text and BM25 tokens of the previous build's chunks, by content hash (empty when the
    normaliser changed since, or the previous build kept no tokens)."""
    if _manifest(out_dir).get("normalizer_version") != normalizer_version():
        return {}
    try:
        rows = (out_dir / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
        tokens = (out_dir / TOKENS_FILE).read_text(encoding="utf-8").splitlines()
        if len(rows) != len(tokens):
            return {}
        return {
            (row := json.loads(line))["hash"]: (row["normalized"], json.loads(toks))
            for line, toks in zip(rows, tokens, strict=True)
        }
    except (OSError, ValueError, KeyError):
        return {}


def previous_calibration(
    out_dir: Path, hashes: Sequence[str], reranker: Reranker, log: Callable[[str], None]
) -> dict | None:
    """The previous build's fit when the reranker and the sample size are the same and few chunks
    changed since the fit (at most :data:`REFIT_SHARE` of them, counted over every build since);
    None: fit again."""
    previous = _manifest(out_dir)
    entry = previous.get("reranker") or {}
    if not (
        entry.get("abstention")
        and entry["abstention"].get("sampled") == CALIBRATION_CHUNKS
        and entry.get("version") == reranker.meta.get("version")
        and entry.get("inputs") == reranker.meta.get("inputs")
    ):
        return None
    changed = len(set(hashes).symmetric_difference(previous.get("chunk_hashes") or []))
    drift = int(entry.get("chunks_changed_since_fit") or 0) + changed
    if drift > REFIT_SHARE * len(hashes):
        return None
    if changed:
        log(f"拒答阈值沿用上次拟合（此后增删分块 {drift} 个，未超过 {REFIT_SHARE:.0%}）")
    return {**entry, "chunks_changed_since_fit": drift}


def title_vectors(
    out_dir: Path, fingerprint: str, titles: Sequence[str], embedder_for: Callable[[], object]
) -> np.ndarray:
    """Title vectors of ``titles`` (encoded normalised, :func:`normalized_title`): the previous build's
    where the title is unchanged, the rest encoded."""
    known: dict[str, np.ndarray] = {}
    try:
        if (_manifest(out_dir).get("model") or {}).get("fingerprint") == fingerprint:
            meta = json.loads((out_dir / "policies.json").read_text(encoding="utf-8"))
            vectors = np.load(out_dir / TITLE_VECTORS)
            if len(vectors) == len(meta):
                known = {m.get("title"): v for m, v in zip(meta.values(), vectors, strict=True)}
    except (OSError, ValueError):
        known = {}
    new = [t for t in dict.fromkeys(titles) if t not in known]
    if new:
        texts = [normalized_title(t) for t in new]
        known.update(zip(new, encode_passages(embedder_for(), texts), strict=True))
    return np.vstack([known[t] for t in titles]).astype(np.float32)
