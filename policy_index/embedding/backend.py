"""Choose the runtime (onnxruntime or torch) and load a model directory on CPU, offline."""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from policy_index.embedding.common import BACKENDS, EmbeddingModelError, offline
from policy_index.embedding.manifests import is_onnx_exported

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


def default_model_dir() -> Path:
    """Configured model dir: ``HUIQI_EMBED_MODEL``, default ``var/models/multilingual-e5-small``."""
    from huiqi.settings import get_settings

    return get_settings().embed_model


def build_threads() -> int:
    """Threads for encoding a whole collection: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _backend(backend: str | None) -> str:
    from huiqi.settings import get_settings

    chosen = (backend or get_settings().embed_backend or "onnx").lower()
    if chosen not in BACKENDS:
        raise EmbeddingModelError(f"未知的嵌入后端 {chosen!r}（HUIQI_EMBED_BACKEND 只能是 onnx 或 torch）")
    return chosen


def load_onnx(path: Path, threads: int = 1) -> SentenceTransformer:
    """The directory's modules with its ``Transformer`` replaced by :class:`OnnxTransformer`."""
    from sentence_transformers import SentenceTransformer

    from policy_index.onnx_transformer import OnnxTransformer

    modules = [OnnxTransformer(path, threads=threads)]
    for entry in json.loads((path / "modules.json").read_text(encoding="utf-8"))[1:]:
        module_path, _, name = entry["type"].rpartition(".")
        if not module_path.startswith("sentence_transformers."):
            raise EmbeddingModelError(f"{path} 的模块 {entry['type']} 不是 sentence-transformers 自带模块")
        cls = getattr(importlib.import_module(module_path), name)
        modules.append(cls.load(str(path), subfolder=entry["path"], local_files_only=True))
    st_config_path = path / "config_sentence_transformers.json"
    st_config = json.loads(st_config_path.read_text(encoding="utf-8")) if st_config_path.is_file() else {}
    return SentenceTransformer(
        modules=modules,
        device="cpu",
        prompts=st_config.get("prompts") or {},
        default_prompt_name=st_config.get("default_prompt_name"),
        similarity_fn_name=st_config.get("similarity_fn_name"),
    )


def load_embedder(
    path: Path | None = None, backend: str | None = None, threads: int | None = None
) -> SentenceTransformer:
    """Load a local sentence-transformers model directory on CPU, offline.

    Args:
        path: the model directory; defaults to the configured ``embed_model`` setting.
        backend: ``"onnx"`` or ``"torch"``; defaults to the ``embed_backend`` setting
            (``HUIQI_EMBED_BACKEND``, default ``onnx``). ``onnx`` falls back to torch when the directory
            has no ONNX export (e.g. a user's own model directory). Both give the same vectors.
        threads: CPU threads for encoding. Default 1 for ONNX (single queries on a shared host) and
            torch's own setting; index builds pass every core (:func:`build_threads`).

    Returns:
        The loaded :class:`~sentence_transformers.SentenceTransformer`.

    Raises:
        EmbeddingModelError: the directory does not exist or is not a sentence-transformers model.
    """
    offline()
    path = Path(path) if path is not None else default_model_dir()
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise EmbeddingModelError(
            f"找不到嵌入模型目录 {path}：请先运行 `make model`"
            f"（或 `policy-index prepare-model --out {path}`），"
            f"或用 HUIQI_EMBED_MODEL 指向一个本地 sentence-transformers 模型目录。"
            f"\nEmbedding model not found at {path}: run `make model`, or set HUIQI_EMBED_MODEL "
            f"to a local sentence-transformers directory."
        )
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    if _backend(backend) == "onnx" and is_onnx_exported(path):
        return load_onnx(path, threads or 1)
    if threads:
        import torch

        torch.set_num_threads(threads)
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # no "Loading weights" bar on every CLI call
    try:
        return SentenceTransformer(str(path), device="cpu", local_files_only=True, trust_remote_code=False)
    finally:
        if bars:
            hf_logging.enable_progress_bar()
