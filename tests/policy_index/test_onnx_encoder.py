"""The action server's torch-free query encoder: the same vectors as the sentence-transformers
pipeline, and neither torch nor transformers in the process that uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from policy_index.embedding_model import encode_passages, encode_queries
from policy_index.onnx_encoder import OnnxEncoder, load_query_encoder, supports

QUESTIONS = ["高企认定下来以后能拿多少钱", "疫情期间没裁员，稳岗返还还能领吗", "去广交会参展有补贴吗？"]
LONG = "企业不裁员或少裁员的，按上年度实际缴纳失业保险费的60%返还。" * 30  # beyond 512 tokens: truncated


def test_same_vectors_as_sentence_transformers(model_dir: Path, embedder) -> None:
    encoder = load_query_encoder(model_dir)
    assert isinstance(encoder, OnnxEncoder)
    texts = [*QUESTIONS, LONG]
    for encode in (encode_queries, encode_passages):
        ours, reference = encode(encoder, texts), encode(embedder, texts)
        assert ours.dtype == np.float32 and ours.shape == reference.shape
        assert np.sum(ours * reference, axis=1).min() >= 0.9999
    single = encode_queries(encoder, QUESTIONS[:1])[0] @ encode_queries(embedder, QUESTIONS[:1])[0]
    assert single >= 0.9999


def test_a_directory_it_cannot_reproduce_is_left_to_sentence_transformers(
    model_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "m"
    copy.mkdir()
    for item in model_dir.iterdir():
        (copy / item.name).symlink_to(item)
    (copy / "1_Pooling").unlink()
    (copy / "1_Pooling").mkdir()
    (copy / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode": "max"}), encoding="utf-8")
    assert supports(model_dir) and not supports(copy)


def test_loading_it_keeps_torch_out_of_the_process(model_dir: Path) -> None:
    code = (
        "import sys; from policy_index.onnx_encoder import load_query_encoder; "
        f"e = load_query_encoder({str(model_dir)!r}); e.encode_query(['稳岗返还']); "
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))"
    )
    env = {**os.environ, "HUIQI_EMBED_BACKEND": "onnx"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
