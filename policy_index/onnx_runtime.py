"""Where a model directory keeps its ONNX export, and the onnxruntime session that runs it.

Free of torch on purpose: both the sentence-transformers module (``onnx_transformer``) and the
torch-free query encoder (``onnx_encoder``) use it.
"""

from __future__ import annotations

from pathlib import Path

#: Where ``prepare_model`` puts the export inside a model directory. A dot-folder on purpose: the index's
#: model fingerprint skips dot paths, so adding (or removing) the export never makes an index stale.
ONNX_SUBDIR = ".onnx"
ONNX_FILE = "model.onnx"
ONNX_MANIFEST = "onnx-manifest.json"


def onnx_path(model_dir: Path) -> Path:
    """Path of the ONNX export inside ``model_dir`` (it may not exist)."""
    return Path(model_dir) / ONNX_SUBDIR / ONNX_FILE


def make_session(path: Path, threads: int = 1):
    """An onnxruntime CPU session with ``threads`` intra-op threads (1 suits single queries, busy host)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
