"""Query and passage encoding from a model directory's ONNX export, without torch or transformers.

The action server only encodes short questions. Loading sentence-transformers for that brings torch and
transformers into the process (about 450 MiB before any model) and the ONNX session through them
(another 800 MiB); :class:`OnnxEncoder` runs the same export with the directory's own ``tokenizer.json``
(``tokenizers``), onnxruntime and the directory's pooling and normalisation redone in numpy, at about
half the memory. The vectors are the sentence-transformers pipeline's (checked in the tests).

It speaks the part of ``SentenceTransformer`` that :func:`policy_index.embedding_model.encode_queries`
and ``encode_passages`` use (``encode_query``, ``encode_document``, ``get_embedding_dimension``).
Directories it cannot reproduce exactly (no export, another pooling) load through sentence-transformers.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from policy_index.onnx_runtime import make_session, onnx_path

#: Module types of ``modules.json`` this encoder reproduces, in their order.
_TRANSFORMER, _POOLING, _NORMALIZE = "Transformer", "Pooling", "Normalize"
#: Pooling modes it reproduces (sentence-transformers' names).
SUPPORTED_POOLING = ("mean", "cls")


def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


#: Old-style ``Pooling`` config flags (sentence-transformers < 5) and the mode each means.
_POOLING_FLAGS = {"pooling_mode_mean_tokens": "mean", "pooling_mode_cls_token": "cls"}


def _pooling_mode(config: dict[str, Any]) -> str | None:
    """The pooling mode of a ``Pooling`` config (``pooling_mode``, or exactly one old-style flag)."""
    mode = config.get("pooling_mode")
    if isinstance(mode, str):
        return mode
    flags = [key for key, value in config.items() if key.startswith("pooling_mode_") and value is True]
    return _POOLING_FLAGS.get(flags[0]) if len(flags) == 1 else None


def _release_freed_memory() -> None:
    """Return memory freed by the C allocator to the system (glibc's ``malloc_trim``; elsewhere nothing)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def supports(model_dir: Path) -> bool:
    """True when ``model_dir`` is Transformer → Pooling (mean or CLS) [→ Normalize] with an ONNX export."""
    modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
    kinds = [entry["type"].rsplit(".", 1)[-1] for entry in modules]
    if kinds not in ([_TRANSFORMER, _POOLING], [_TRANSFORMER, _POOLING, _NORMALIZE]):
        return False
    pooling = _json(model_dir / modules[1]["path"] / "config.json")
    return (
        onnx_path(model_dir).is_file()
        and (model_dir / "tokenizer.json").is_file()
        and _pooling_mode(pooling) in SUPPORTED_POOLING
        and pooling.get("include_prompt", True)
    )


class OnnxEncoder:
    """Tokeniser + onnxruntime + numpy pooling: sentence vectors as the directory's pipeline makes them.

    Args:
        model_dir: a sentence-transformers directory for which :func:`supports` is true.
        threads: onnxruntime intra-op threads (1 suits single queries on a busy host).
    """

    def __init__(self, model_dir: Path | str, threads: int = 1) -> None:
        from tokenizers import Tokenizer

        self.model_dir = Path(model_dir)
        modules = json.loads((self.model_dir / "modules.json").read_text(encoding="utf-8"))
        pooling = _json(self.model_dir / modules[1]["path"] / "config.json")
        self.pooling = _pooling_mode(pooling)
        self.normalize = len(modules) == 3
        st_config = _json(self.model_dir / "config_sentence_transformers.json")
        self.prompts: dict[str, str] = st_config.get("prompts") or {}
        max_len = int(_json(self.model_dir / "sentence_bert_config.json").get("max_seq_length") or 512)
        tokenizer_config = _json(self.model_dir / "tokenizer_config.json")
        self.tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_len)
        pad_token = tokenizer_config.get("pad_token") or "<pad>"
        pad_id = self.tokenizer.token_to_id(pad_token)
        self.tokenizer.enable_padding(pad_id=pad_id if pad_id is not None else 0, pad_token=pad_token)
        self.session = make_session(onnx_path(self.model_dir), threads)
        self._inputs = {i.name for i in self.session.get_inputs()}
        _release_freed_memory()  # the graph optimiser's scratch space (about 60 MiB) back to the system

    def get_embedding_dimension(self) -> int:
        """Size of the sentence vectors."""
        return int(self.session.get_outputs()[0].shape[-1])

    def _prompt(self, *names: str) -> str:
        return next((self.prompts[name] for name in names if name in self.prompts), "")

    def encode_query(self, texts: Sequence[str], batch_size: int = 32, **_: Any) -> np.ndarray:
        """Vectors of search queries (the ``query`` prompt), float32 ``(n, d)``."""
        return self._encode(texts, self._prompt("query"), batch_size)

    def encode_document(self, texts: Sequence[str], batch_size: int = 32, **_: Any) -> np.ndarray:
        """Vectors of passages (the ``document``/``passage``/``corpus`` prompt), float32 ``(n, d)``."""
        return self._encode(texts, self._prompt("document", "passage", "corpus"), batch_size)

    def _encode(self, texts: Sequence[str], prompt: str, batch_size: int) -> np.ndarray:
        texts = [prompt + str(t) for t in texts]
        parts = [self._batch(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
        return np.vstack(parts) if parts else np.zeros((0, self.get_embedding_dimension()), np.float32)

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        if self.pooling == "cls":
            vectors = hidden[:, 0]
        else:
            weights = mask[..., None].astype(hidden.dtype)
            vectors = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        if self.normalize:
            vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors.astype(np.float32)


def load_query_encoder(
    model_dir: Path | None = None, backend: str | None = None, threads: int | None = None
) -> Any:
    """The lightest encoder for ``model_dir``: :class:`OnnxEncoder` when it reproduces the directory's
    pipeline and the ONNX backend is chosen, else :func:`policy_index.embedding_model.load_embedder`.

    Index builds use it too (with ``threads`` = every core): it starts in a fraction of the time
    sentence-transformers takes to import, which is most of a one-policy re-index.
    """
    from policy_index.embedding.backend import _backend, default_model_dir, load_embedder
    from policy_index.embedding.manifests import is_onnx_exported

    path = Path(model_dir) if model_dir is not None else default_model_dir()
    if (
        _backend(backend) == "onnx"
        and (path / "modules.json").is_file()
        and is_onnx_exported(path)
        and supports(path)
    ):
        return OnnxEncoder(path, threads=threads or 1)
    return load_embedder(path, backend=backend, threads=threads)
