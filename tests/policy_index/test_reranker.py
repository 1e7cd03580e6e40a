"""The learned reranker: training on a small labelled set, the build's self-fitted abstention threshold,
search through the reranker, and the files it is stored in."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from policy_index.normalize import normalize_query
from policy_index.question_gen import generate_questions, off_subject_questions
from policy_index.reranker import META_FILE, LinearModel, Reranker
from policy_index.signals import subject_terms

QUESTIONS = [
    {"q": "第一次认定高企奖励多少钱", "policy_id": "T-ART-001", "clause": "第三条"},
    {"q": "高新技术企业重新认定还给奖励吗", "policy_id": "T-ART-001", "clause": "第三条"},
    {"q": "高企奖励申报要交哪些材料", "policy_id": "T-ART-001", "clause": "第四条"},
    {"q": "稳岗返还中小企业返多少", "policy_id": "T-SEC-002", "clause": "一、（二）"},
    {"q": "没裁员的企业能领失业保险返还吗", "policy_id": "T-SEC-002", "clause": "一、（一）"},
    {"q": "招应届大学生有扩岗补助吗", "policy_id": "T-SEC-002", "clause": "二、"},
    {"q": "参加展会能补贴多少", "policy_id": "T-ART-004"},
    {"q": "海外仓有什么扶持", "policy_id": "T-ZON-005"},
    {"q": "创业担保贷款逾期了还贴息吗", "policy_id": "T-PRO-006"},
    {"q": "今天天气怎么样", "policy_id": None},
    {"q": "车辆购置税怎么减免", "policy_id": None},
    {"q": "个人所得税专项附加扣除怎么填", "policy_id": None},
]


def test_linear_model_round_trips_through_json() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    y = (x[:, 0] - 0.5 * x[:, 2] > 0).astype(int)
    model = LinearModel.fit(x, y)
    again = LinearModel.from_json(json.loads(json.dumps(model.to_json())), 3)
    assert np.allclose(model.proba(x), again.proba(x))
    assert ((model.proba(x) > 0.5) == y).mean() > 0.9


def test_missing_other_version_or_corrupt_reranker_file(tmp_path: Path) -> None:
    assert Reranker.load(tmp_path) is None
    (tmp_path / META_FILE).write_text('{"version": "0"}', encoding="utf-8")
    assert Reranker.load(tmp_path) is None
    (tmp_path / META_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="重排序模型"):
        Reranker.load(tmp_path)


def test_generated_questions_are_seeded_and_about_their_clause(index) -> None:
    titles = {pid: meta["title"] for pid, meta in index.policies.items()}
    first = generate_questions(index.chunks, titles, seed=3)
    assert first == generate_questions(index.chunks, titles, seed=3)
    assert first != generate_questions(index.chunks, titles, seed=4)
    assert len(first) >= len(index.chunks) // 2
    for q in first:
        chunk = index.chunks[q.chunk_id]
        assert q.policy_id == chunk["policy_id"] and q.clause == chunk["clause"]
        # at least two characters in a row of the question come from the clause or its title
        source = chunk["text"] + titles[q.policy_id]
        assert any(q.q[i : i + 2] in source for i in range(len(q.q) - 1)), q


def test_off_subject_questions_are_seeded_and_about_nothing_the_collection_has(index) -> None:
    titles = {pid: meta["title"] for pid, meta in index.policies.items()}

    def absent(word: str) -> bool:
        return not index.signals.in_collection(word)

    first = off_subject_questions(index.chunks, titles, absent, limit=20, seed=3)
    assert first == off_subject_questions(index.chunks, titles, absent, limit=20, seed=3)
    assert first != off_subject_questions(index.chunks, titles, absent, limit=20, seed=4)
    assert len(first) >= 10
    for q in first:
        subject = subject_terms(normalize_query(q))
        assert subject and any(absent(term) for term in subject), q


def _build_with_reranker(corpus, folder, model_dir, embedder, logs: list[str]) -> dict:
    """Build ``corpus`` into ``folder/index`` with the reranker saved in ``folder/model``; the manifest."""
    from policy_index import build_index

    return build_index(
        corpus,
        folder / "index",
        model_dir=model_dir,
        embedder=embedder,
        progress=False,
        log=logs.append,
        reranker_dir=folder / "model",
    )


@pytest.fixture(scope="module")
def reranked(index, built, model_dir, embedder, tmp_path_factory):
    """A reranker trained on the fixture index, and the fixture corpus rebuilt with it."""
    from policy_index import PolicyIndex
    from policy_index.rerank_train import train_reranker

    folder = tmp_path_factory.mktemp("reranker")
    reranker = train_reranker(index, QUESTIONS, log=lambda _m: None)
    index.reranker = None  # the session's fixture index stays reranker-free
    reranker.save(folder / "model")
    logs: list[str] = []
    manifest = _build_with_reranker(built[0], folder, model_dir, embedder, logs)
    loaded = PolicyIndex.load(folder / "index", model_dir=model_dir, embedder=embedder)
    return reranker, manifest, logs, loaded, folder


def test_training_records_cross_validated_figures(reranked) -> None:
    reranker, *_ = reranked
    meta = reranker.meta
    assert meta["seed"] == 0 and meta["trained_on"]["questions"] == len(QUESTIONS)
    for key in ("recall@1", "recall@5", "mrr", "passage_hit@5"):
        assert 0.0 <= meta["cv_reranked"][key] <= 1.0
    assert 0.0 <= meta["generated_quantile"] <= 1.0
    abstention = meta["cv_abstention"]
    assert 0.0 <= abstention["off_subject_flagged"] <= 1.0 and 0.0 <= abstention["unanswerable_auc"] <= 1.0


def test_build_fits_the_threshold_and_records_it(reranked) -> None:
    _, manifest, logs, loaded, _ = reranked
    fit = manifest["reranker"]["abstention"]
    assert fit["generated"] > 0 and 0.0 <= fit["threshold"] <= 1.0
    assert fit["held_out_flagged"] is not None
    # the reranker was trained on this very collection: its own labelled share sets the threshold
    reranker = reranked[0]
    assert fit["quantile_from"] == "labelled"
    assert fit["quantile"] == pytest.approx(next(iter(reranker.meta["labelled_shares"].values())))
    assert any("拒答阈值" in line for line in logs)
    assert "reranker.json" in manifest["files"] and "title_vectors.npy" in manifest["files"]
    assert loaded.reranker is not None and loaded.reranker.threshold == pytest.approx(fit["threshold"])


def test_search_through_the_reranker_keeps_the_contract(reranked) -> None:
    *_, loaded, _ = reranked
    res = loaded.search("首次认定的高新技术企业区里奖励多少", k=3)
    assert res["hits"][0]["policy_id"] == "T-ART-001" and res["hits"][0]["clause"] == "第三条"
    assert res["answerable"] is True
    assert {"rerank_top", "rerank_gap"} <= set(res["features"])
    scores = [h["score"] for h in res["hits"]]
    assert scores == sorted(scores, reverse=True) and all(0.0 <= s <= 1.0 for s in scores)
    assert set(res["hits"][0]) >= {"policy_id", "title", "clause", "heading_path", "text", "score", "expired"}
    assert loaded.search("深圳南山区的高企奖励多少", k=3)["answerable"] is False
    plain = loaded.search("首次认定的高新技术企业区里奖励多少", k=3, rerank=False)
    assert "rerank_top" not in plain["features"]


def test_a_small_edit_keeps_the_fit_a_larger_one_refits(
    reranked, model_dir, embedder, built, tmp_path, monkeypatch
) -> None:
    from policy_index import reuse

    _, manifest, _, _, folder = reranked
    shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    corpus = shutil.copytree(built[0], tmp_path / "corpus")
    path = corpus / "T-ART-004.md"
    path.write_text(path.read_text(encoding="utf-8").replace("最高5万元", "最高8万元"), encoding="utf-8")
    monkeypatch.setattr(reuse, "REFIT_SHARE", 0.5)  # the fixture corpus is tiny: one clause is 2 %+
    logs: list[str] = []
    kept = _build_with_reranker(corpus, tmp_path, model_dir, embedder, logs)
    assert kept["reranker"]["abstention"] == manifest["reranker"]["abstention"]
    assert kept["reranker"]["chunks_changed_since_fit"] == 2  # the old and the new version of the clause
    assert any("拒答阈值沿用上次拟合" in line for line in logs)
    monkeypatch.setattr(reuse, "REFIT_SHARE", 0.01)
    logs.clear()
    edited = _build_with_reranker(corpus, tmp_path, model_dir, embedder, logs)  # refitted: not a training set
    assert edited["reranker"]["abstention"]["quantile_from"] == "learnt"
    assert edited["reranker"]["abstention"]["quantile"] == reranked[0].meta["generated_quantile"]
    fit, trained = edited["reranker"]["abstention"], reranked[0]
    assert fit["weight"] == trained.meta["threshold_weight"]  # a new collection's fit, weighed
    assert fit["threshold"] == pytest.approx(
        fit["weight"] * fit["own_fit"] + (1 - fit["weight"]) * trained.threshold, abs=1e-5
    )
    logs.clear()
    refit = _build_with_reranker(built[0], tmp_path, model_dir, embedder, logs)  # edited back: 2 + 2
    assert "chunks_changed_since_fit" not in refit["reranker"]
    assert any("拟合拒答阈值" in line for line in logs)


def test_unchanged_rebuild_reuses_the_fit(reranked, model_dir, embedder, built) -> None:
    _, manifest, _, _, folder = reranked
    logs: list[str] = []
    again = _build_with_reranker(built[0], folder, model_dir, embedder, logs)
    assert again["reranker"]["abstention"] == manifest["reranker"]["abstention"]
    assert not any("拒答阈值" in line for line in logs)


def test_a_fit_made_with_another_sample_size_is_redone(
    reranked, model_dir, embedder, built, tmp_path, monkeypatch
) -> None:
    from policy_index import reuse

    _, manifest, _, _, folder = reranked
    shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    monkeypatch.setattr(reuse, "CALIBRATION_CHUNKS", manifest["reranker"]["abstention"]["sampled"] + 1)
    logs: list[str] = []
    _build_with_reranker(built[0], tmp_path, model_dir, embedder, logs)
    assert any("拟合拒答阈值" in line for line in logs) and not any("沿用" in line for line in logs)


def test_a_question_naming_a_document_number_is_answered_from_that_document(index) -> None:
    """ "测科发2025年1号文…" is about that document even when another policy's clause scores higher."""
    from policy_index.reranker import _named_document_first

    view = index.rerank_view
    first_of = {}
    for cid, chunk in enumerate(index.chunks):
        first_of.setdefault(chunk["policy_id"], cid)
    candidates = [first_of["T-SEC-002"], first_of["T-ART-001"]]
    assert index.policies["T-ART-001"]["doc_no"] == "测科发〔2025〕1号"
    for asked in ("测科发2025年1号文现在还执行吗", "测科发〔2025〕1号还有效吗"):
        order = _named_document_first([0, 1], view, candidates, normalize_query(asked))
        assert order == [1, 0]
    # the issuer's prefix or another number of it is not the document
    for asked in ("测科发的文件还有效吗", "测科发2025年2号文还执行吗"):
        assert _named_document_first([0, 1], view, candidates, normalize_query(asked)) == [0, 1]


@pytest.mark.parametrize("asked", ["测科发2025年1号文现在还管用吗", "测科发〔2025〕1号那个文件还有效不"])
def test_a_question_naming_a_document_number_is_answerable_from_it(reranked, asked: str) -> None:
    """Whatever else it says, a question naming a document of the collection by its number has an
    answer there; it is not a near miss."""
    result = reranked[3].search(asked, k=3)

    assert result["hits"][0]["policy_id"] == "T-ART-001"
    assert result["answerable"] is True


def test_several_collections_are_cross_validated_one_collection_per_fold(index) -> None:
    """With three or more training collections every figure is that of a collection the models were
    not trained on, and a new collection's threshold share is the median learnt over them."""
    from policy_index.rerank_train import THRESHOLD_WEIGHTS, train_on_sets, training_set

    sets = [
        training_set(name, index, QUESTIONS[start::3] + QUESTIONS[-3:])
        for start, name in enumerate(("甲区", "乙区", "丙区"))
    ]
    reranker = train_on_sets(sets, log=lambda _m: None)
    index.reranker = None
    meta = reranker.meta
    assert meta["folds"] == "collection" and meta["trained_on"]["sets"] == ["甲区", "乙区", "丙区"]
    per_set = meta["cv_sets"]
    assert set(per_set) == {"甲区", "乙区", "丙区"}
    shares = [f["generated_share"] for f in per_set.values()]
    assert meta["generated_quantile"] == pytest.approx(float(np.median(shares)), abs=1e-4)
    for figures in per_set.values():
        assert 0.0 <= figures["recall@1"] <= 1.0 and 0.0 <= figures["answerable_flagged"] <= 1.0
    # the weight of a new collection's own fit is the one with the fewest mistakes leaving each one out
    tried = meta["cv_threshold_weights"]
    assert set(tried) == {f"{w:g}" for w in THRESHOLD_WEIGHTS}
    assert tried[f"{meta['threshold_weight']:g}"]["mistakes"] == min(f["mistakes"] for f in tried.values())
    for name, figures in per_set.items():
        others = [f["oof_threshold"] for n, f in per_set.items() if n != name]
        w = meta["threshold_weight"]
        expected = w * figures["self_fitted_threshold"] + (1 - w) * float(np.median(others))
        assert figures["new_collection_threshold"] == pytest.approx(expected, abs=1e-3)


def test_training_sets_file_names_existing_collections_and_never_the_untuned_ones(tmp_path: Path) -> None:
    from huiqi.settings import PROJECT_ROOT
    from policy_index.rerank_train import TRAINING_SETS_FILE, load_training_sets

    shipped = load_training_sets(PROJECT_ROOT / TRAINING_SETS_FILE, PROJECT_ROOT)
    names = [name for name, _, _ in shipped]
    assert names[0] == "dev" and len(set(names)) == len(names) >= 3
    folders = {corpus.parent.name for _, corpus, _ in shipped}
    assert not folders & {"heldout", "prose"}  # reported as never tuned on
    bad = tmp_path / "sets.yaml"
    bad.write_text("- {name: x, corpus: nowhere, questions: none.jsonl}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="训练集清单"):
        load_training_sets(bad, tmp_path)
    bad.write_text("[not: yaml", encoding="utf-8")
    with pytest.raises(ValueError, match="无法读取"):
        load_training_sets(bad, tmp_path)
    (tmp_path / "p").mkdir()
    (tmp_path / "q.jsonl").write_text("", encoding="utf-8")
    bad.write_text("- {name: 甲, corpus: p, questions: q.jsonl}\n" * 2, encoding="utf-8")
    with pytest.raises(ValueError, match="名称重复（甲）"):
        load_training_sets(bad, tmp_path)
