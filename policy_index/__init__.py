"""Policy retrieval for Huiqi Desk: corpus loading, chunking, hybrid (BM25 + FAISS) search.

Typical use::

    from policy_index import PolicyIndex
    idx = PolicyIndex.load()                     # settings.index_dir, refuses a stale index
    res = idx.search("高企认定有什么奖励", k=5, zone="蓝村街道")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = [
    "CorpusError",
    "PolicyIndex",
    "QueryError",
    "StaleIndexError",
    "build_index",
    "load_corpus",
    "normalize_query",
]

if TYPE_CHECKING:
    from policy_index.build import build_index
    from policy_index.corpus import CorpusError, load_corpus
    from policy_index.index import PolicyIndex, QueryError
    from policy_index.manifest import StaleIndexError
    from policy_index.normalize import normalize_query

_WHERE = {
    "CorpusError": "policy_index.corpus",
    "load_corpus": "policy_index.corpus",
    "PolicyIndex": "policy_index.index",
    "QueryError": "policy_index.index",
    "StaleIndexError": "policy_index.manifest",
    "build_index": "policy_index.build",
    "normalize_query": "policy_index.normalize",
}


def __getattr__(name: str):
    """Import public names lazily, so ``import policy_index`` stays cheap (no FAISS/jieba at import)."""
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'policy_index' has no attribute {name!r}")
