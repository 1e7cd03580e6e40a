"""A test collection indexed by the real ``policy-index build`` (real model, FAISS, the trained reranker
copied in and the abstention threshold fitted), as an operator builds one."""

from __future__ import annotations

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


def loaded_index(corpus: Path, out: Path) -> Any:
    """``corpus`` indexed into ``out`` by the real ``policy-index build``, then loaded (``PolicyIndex``)."""
    from policy_index import PolicyIndex

    return PolicyIndex.load(build_index(corpus, out), corpus_dir=corpus)
