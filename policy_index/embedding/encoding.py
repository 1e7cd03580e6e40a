"""Embed queries and passages with a loaded model: L2-normalised float32 rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


def _encode(model: SentenceTransformer, texts: Sequence[str], *, query: bool, batch_size: int) -> np.ndarray:
    texts = [texts] if isinstance(texts, str) else list(texts)
    if not texts:
        return np.zeros((0, model.get_embedding_dimension() or 0), dtype=np.float32)
    encode = model.encode_query if query else model.encode_document
    vectors = encode(texts, batch_size=batch_size, convert_to_numpy=True, show_progress_bar=False)
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def encode_queries(model: SentenceTransformer, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Embed search queries (the model's ``query`` prompt if any); L2-normalised float32 ``(n, d)``."""
    return _encode(model, texts, query=True, batch_size=batch_size)


def encode_passages(model: SentenceTransformer, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Embed passages: the model's ``document``/``passage``/``corpus`` prompt if any; normalised float32."""
    return _encode(model, texts, query=False, batch_size=batch_size)
