"""A sentence-transformers input module that runs the exported transformer in onnxruntime.

``OnnxTransformer`` stands in for the directory's ``Transformer`` module: it tokenises with the
directory's own ``tokenizer.json`` and runs the fp32 ONNX export of the same ``BertModel`` (written by
``prepare_model``), returning ``token_embeddings`` and ``attention_mask`` so the directory's ``Pooling``
and ``Normalize`` modules do the rest. The vectors are those of the torch module (cosine 1.0000); a
single query costs about half the CPU. It is assembled in code (``SentenceTransformer(modules=[...])``),
never referenced from ``modules.json``, so no ``trust_remote_code`` is involved.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import torch
from sentence_transformers.base.modules import InputModule

from policy_index.onnx_runtime import ONNX_FILE, ONNX_MANIFEST, ONNX_SUBDIR, make_session, onnx_path

__all__ = ["ONNX_FILE", "ONNX_MANIFEST", "ONNX_SUBDIR", "OnnxTransformer", "make_session", "onnx_path"]


class OnnxTransformer(InputModule):
    """Tokeniser + onnxruntime session producing ``token_embeddings`` for sentence-transformers.

    Args:
        model_dir: a sentence-transformers directory holding ``tokenizer.json`` and ``.onnx/model.onnx``.
        threads: onnxruntime intra-op threads.
    """

    config_keys: ClassVar[list[str]] = ["max_seq_length"]

    def __init__(self, model_dir: Path | str, threads: int = 1) -> None:
        super().__init__()
        from transformers import AutoTokenizer

        self.model_dir = Path(model_dir)
        self.tokenizer = AutoTokenizer.from_pretrained(str(self.model_dir), local_files_only=True)
        config = self.model_dir / "sentence_bert_config.json"
        settings = json.loads(config.read_text(encoding="utf-8")) if config.is_file() else {}
        self.max_seq_length = int(settings.get("max_seq_length") or self.tokenizer.model_max_length)
        self.session = make_session(onnx_path(self.model_dir), threads)
        self._input_names = {i.name for i in self.session.get_inputs()}

    def preprocess(
        self, inputs: Sequence[str], prompt: str | None = None, **kwargs: Any
    ) -> dict[str, torch.Tensor]:
        """Tokenise ``inputs`` (with ``prompt`` prepended), padded and truncated to ``max_seq_length``."""
        texts = [str(t) for t in inputs]
        if prompt:
            texts = self._prepend_prompt(texts, prompt)
        batch = self.tokenizer(
            texts, padding=True, truncation=True, max_length=self.max_seq_length, return_tensors="np"
        )
        return {
            "input_ids": torch.from_numpy(batch["input_ids"].astype(np.int64)),
            "attention_mask": torch.from_numpy(batch["attention_mask"].astype(np.int64)),
        }

    def forward(self, features: dict[str, torch.Tensor], **kwargs: Any) -> dict[str, torch.Tensor]:
        """Run the ONNX graph; adds ``token_embeddings`` (batch × tokens × hidden, float32)."""
        feeds = {name: features[name].cpu().numpy() for name in ("input_ids", "attention_mask")}
        hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self._input_names})[0]
        features["token_embeddings"] = torch.from_numpy(hidden)
        return features

    def get_word_embedding_dimension(self) -> int:
        """Hidden size of the exported transformer."""
        return int(self.session.get_outputs()[0].shape[-1])

    def save(self, output_path: str, *args: Any, safe_serialization: bool = True, **kwargs: Any) -> None:
        """Not supported: the directory is written by ``prepare_model``, not by saving this module."""
        raise NotImplementedError("OnnxTransformer is assembled at load time; save the torch model instead.")
