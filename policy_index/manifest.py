"""The index manifest (``manifest.json``): what an index folder was built from, and its integrity checks.

It records the corpus hash, one content hash per chunk, the model (name, path, fingerprint),
dimension, metric, FAISS index type, chunker and normaliser versions, counts, and the SHA-256 of
every artefact. :func:`check_manifest` compares it with the present state and raises
:class:`StaleIndexError` (Chinese message) when the index is stale, mismatched or corrupt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from policy_index.chunking import CHUNKER_VERSION
from policy_index.hashing import file_sha256
from policy_index.normalize import DICT_PATH, SYNONYMS_PATH

__all__ = [
    "FORMAT_VERSION",
    "MANIFEST_NAME",
    "StaleIndexError",
    "check_manifest",
    "file_sha256",
    "model_fingerprint",
    "normalizer_version",
    "read_manifest",
    "write_manifest",
]

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
#: Bump when normalisation or tokenization code changes what the lexical index holds.
NORMALIZER_CODE_VERSION = "1"
_HEAD_TAIL = 4 << 20


class StaleIndexError(RuntimeError):
    """The index folder is missing, stale, built with another model/version, or corrupt."""


def model_fingerprint(model_dir: Path) -> str:
    """Fingerprint of a model directory: every file's name and size, small files in full, and the
    first and last 4 MiB of large weight files (fast, and changes with any re-built model)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(model_dir).rglob("*") if p.is_file()):
        rel = path.relative_to(model_dir).as_posix()
        if rel.startswith(".") or "/." in rel:
            continue
        size = path.stat().st_size
        digest.update(f"{rel}\0{size}\0".encode())
        with path.open("rb") as fh:
            if size <= 2 * _HEAD_TAIL:
                digest.update(fh.read())
            else:
                digest.update(fh.read(_HEAD_TAIL))
                fh.seek(size - _HEAD_TAIL)
                digest.update(fh.read(_HEAD_TAIL))
    return digest.hexdigest()


def normalizer_version() -> str:
    """Version of the lexical normalisation: code version plus the hash of the lexicon files."""
    digest = hashlib.sha256(NORMALIZER_CODE_VERSION.encode())
    for path in (DICT_PATH, SYNONYMS_PATH):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def write_manifest(folder: Path, data: dict) -> Path:
    """Write ``manifest.json`` (with built_at, format and versions filled in) into ``folder``."""
    data = {
        "format_version": FORMAT_VERSION,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "chunker_version": CHUNKER_VERSION,
        "normalizer_version": normalizer_version(),
        "metric": "inner_product (cosine on L2-normalised vectors)",
        **data,
    }
    path = folder / MANIFEST_NAME
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read_manifest(folder: Path) -> dict:
    """Read ``manifest.json`` of an index folder.

    Raises:
        StaleIndexError: the folder or its manifest is missing or unreadable.
    """
    folder = Path(folder)
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise StaleIndexError(
            f"索引目录 {folder} 中没有 {MANIFEST_NAME}：索引尚未构建或已损坏。"
            f"请运行 `policy-index build --corpus <政策目录> --out {folder}` 重新构建。"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StaleIndexError(f"索引清单 {path} 已损坏，无法读取（{exc}）。请重新构建索引。") from exc
    if not isinstance(data, dict):
        raise StaleIndexError(f"索引清单 {path} 格式不正确。请重新构建索引。")
    return data


def check_manifest(
    folder: Path,
    manifest: dict,
    *,
    model_dir: Path | None,
    corpus_dir: Path | None,
    verify_files: bool = True,
) -> None:
    """Refuse an index that no longer matches the code, the model, the corpus or its own files.

    Args:
        folder: the index folder.
        manifest: its manifest.
        model_dir: the configured embedding model (``None`` skips the model check).
        corpus_dir: the corpus to compare with (``None`` skips the staleness check).
        verify_files: re-hash every artefact against the manifest.

    Raises:
        StaleIndexError: with a Chinese message saying what differs and how to fix it.
    """
    from policy_index.corpus import corpus_hash

    rebuild = f"请运行 `policy-index build --corpus <政策目录> --out {folder}` 重新构建索引。"
    if manifest.get("format_version") != FORMAT_VERSION:
        raise StaleIndexError(f"索引格式版本 {manifest.get('format_version')} 与当前程序不一致。{rebuild}")
    if manifest.get("chunker_version") != CHUNKER_VERSION:
        raise StaleIndexError(
            f"索引的分块版本（{manifest.get('chunker_version')}）与当前程序（{CHUNKER_VERSION}）不一致。{rebuild}"
        )
    if manifest.get("normalizer_version") != normalizer_version():
        raise StaleIndexError(f"索引构建后领域词典或同义词表已修改，索引已过期。{rebuild}")
    if verify_files:
        for name, expected in (manifest.get("files") or {}).items():
            path = folder / name
            if not path.is_file():
                raise StaleIndexError(f"索引文件 {name} 缺失，索引已损坏。{rebuild}")
            if file_sha256(path) != expected:
                raise StaleIndexError(f"索引文件 {name} 的校验值与清单不符，索引已损坏。{rebuild}")
    if model_dir is not None:
        model = manifest.get("model") or {}
        if not Path(model_dir).is_dir():
            raise StaleIndexError(f"找不到嵌入模型目录 {model_dir}。请先运行 `make model`。")
        if model.get("fingerprint") != model_fingerprint(Path(model_dir)):
            raise StaleIndexError(
                f"索引由嵌入模型 {model.get('path')} 构建，与当前配置的模型 {model_dir} 不一致。{rebuild}"
            )
    stale = corpus_dir is not None and Path(corpus_dir).is_dir()
    if stale and corpus_hash(Path(corpus_dir)) != manifest.get("corpus_hash"):
        raise StaleIndexError(f"政策库 {corpus_dir} 在索引构建后已修改，索引已过期。{rebuild}")
