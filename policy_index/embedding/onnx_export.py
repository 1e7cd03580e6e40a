"""Export the model directory's transformer to fp32 ONNX and check it against the torch module."""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np

from policy_index.embedding.backend import load_embedder, load_onnx
from policy_index.embedding.common import BUILDER_VERSION, SELF_CHECK, EmbeddingModelError, Log, echo
from policy_index.embedding.encoding import encode_passages, encode_queries
from policy_index.embedding.manifests import is_onnx_exported, weights_signature
from policy_index.hashing import file_sha256

#: Minimum cosine between the ONNX export and the torch module it was exported from.
MIN_ONNX_COSINE = 0.999
ONNX_OPSET = 17
_ONNX_CHECK = [
    *SELF_CHECK,
    "研发费用加计扣除怎么申请，要交哪些材料",
    "企业不裁员或少裁员的，按上年度实际缴纳失业保险费的60%返还。",
    "博士来我们厂上班，有安家费吗　（全角空格、ＡＢＣ１２３、3～5年）",
    "Do foreign-invested firms get a subsidy for setting up a regional headquarters?",
]


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


def export_onnx(model_dir: Path, *, force: bool = False, log: Log = echo) -> Path:
    """Write the fp32 ONNX export of the directory's transformer to ``<dir>/.onnx/`` (idempotent).

    The export is checked against the torch module on a few sentences (query and passage) before it
    is put in place; its own manifest records the weights it came from, the check and the versions.

    Args:
        model_dir: a directory built by :func:`~policy_index.embedding.prepare.prepare_model`.
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
    ids = reference.tokenizer(["query: " + SELF_CHECK[0]], return_tensors="pt")
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
        exported = load_onnx(model_dir)
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
            "weights": weights_signature(model_dir),
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
