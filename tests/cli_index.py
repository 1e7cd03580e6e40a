"""A test collection indexed by the real ``policy-index build`` (real model, FAISS, the trained reranker
copied in and the abstention threshold fitted), as an operator builds one."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path
from typing import Any


def build_index(corpus: Path, out: Path) -> Path:
    """Index ``corpus`` into ``out`` with the real ``policy-index build``; returns ``out``."""
    cli = Path(sys.executable).with_name("policy-index")
    subprocess.run(
        [str(cli), "build", "--corpus", str(corpus), "--out", str(out)], check=True, capture_output=True
    )
    return out


@functools.cache
def _query_encoder(model_dir: Path) -> Any:
    """One query encoder for every index the tests load: each loading its own kept the test process
    growing by hundreds of MB per collection (18.4 GB at the end of the suite)."""
    from policy_index.onnx_encoder import load_query_encoder

    return load_query_encoder(model_dir)


def loaded_index(corpus: Path, out: Path) -> Any:
    """``corpus`` indexed into ``out`` by the real ``policy-index build``, then loaded (``PolicyIndex``)."""
    from huiqi.settings import get_settings
    from policy_index import PolicyIndex

    model_dir = Path(get_settings().embed_model)
    return PolicyIndex.load(build_index(corpus, out), corpus_dir=corpus, embedder=_query_encoder(model_dir))
