"""Search with the real model and real FAISS: results, zones, expiry, bad input, stale indexes, rebuilds."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

import numpy as np
import pytest

from policy_index import PolicyIndex, QueryError, StaleIndexError
from policy_index.build import build_index
from policy_index.embedding_model import encode_queries
from policy_index.lexical import tokenize_normalized
from policy_index.normalize import normalize_query
from policy_index.reuse import TOKENS_FILE
from policy_index.zone_scope import ZoneNames


def test_every_chunk_is_in_the_faiss_index(index: PolicyIndex) -> None:
    assert index.dense.ntotal == len(index.chunks) == index.manifest["chunk_count"]
    assert index.manifest["dimension"] == 384
    assert len(index.manifest["chunk_hashes"]) == len(index.chunks)


def test_dense_search_equals_brute_force_cosine(
    index: PolicyIndex, built: tuple[Path, Path], embedder
) -> None:
    vectors = np.load(built[1] / "vectors.npy")
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-4)
    question = "参加境外展会展位费补贴多少"
    query = encode_queries(embedder, [normalize_query(question)])[0]
    brute = np.argsort(-(vectors @ query))[:5]
    res = index.search(question, k=5, mode="dense")
    got = [index.chunks.index(next(c for c in index.chunks if c["text"] == h["text"])) for h in res["hits"]]
    assert got == brute.tolist()
    assert res["hits"][0]["score"] == pytest.approx(float(vectors[brute[0]] @ query), abs=1e-4)


@pytest.mark.parametrize(
    ("question", "policy_id", "clause"),
    [
        ("高企首次认定奖励多少钱", "T-ART-001", "第三条"),
        ("中小企业稳岗返还比例是多少", "T-SEC-002", "一、（二）"),
        ("招了刚毕业的大学生有没有扩岗补助", "T-SEC-002", "二、"),
        ("创业担保贷款个人最多能贷多少", "T-PRO-006", "第1段"),
    ],
)
def test_hybrid_search_finds_the_right_clause(
    index: PolicyIndex, question: str, policy_id: str, clause: str
) -> None:
    res = index.search(question, k=3)
    assert res["answerable"] is True
    top = res["hits"][0]
    assert (top["policy_id"], top["clause"]) == (policy_id, clause)
    assert [h["score"] for h in res["hits"]] == sorted((h["score"] for h in res["hits"]), reverse=True)
    assert set(top) >= {"policy_id", "title", "issuer", "doc_no", "clause", "heading_path", "text", "score"}
    assert set(top) >= {"expired", "valid_until", "zones", "replaced_by", "source"}


def test_expired_policy_is_flagged_and_points_to_its_successor(index: PolicyIndex) -> None:
    res = index.search("2023年参加境外展会展位费补贴比例", k=5)
    by_id = {h["policy_id"]: h for h in res["hits"]}
    assert by_id["T-PRO-003"]["expired"] is True
    assert by_id["T-PRO-003"]["replaced_by"] == "T-ART-004"
    assert by_id["T-ART-004"]["expired"] is False
    assert index.policy("T-PRO-003")["expired"] is True
    assert index.policy("NOPE") is None


def test_zone_filter_hides_policies_of_other_zones(index: PolicyIndex) -> None:
    question = "跨境电商企业新设海外仓租金有补贴吗"
    assert index.search(question, k=3)["hits"][0]["policy_id"] == "T-ZON-005"
    inside = index.search(question, k=3, zone="测试综合保税区")
    assert inside["hits"][0]["policy_id"] == "T-ZON-005"
    outside = index.search(question, k=10, zone="蓝村街道")
    assert outside["hits"] and all(h["policy_id"] != "T-ZON-005" for h in outside["hits"])
    assert all(h["zones"] == "all" for h in outside["hits"])
    # what the conversation checks before searching again without the filter
    assert index.limits_out("蓝村街道") and not index.limits_out("测试综合保税区")


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "不能为空"),
        ("   \n ", "不能为空"),
        ("问" * 1001, "过长"),
        (b"\xff\xfe\x00\x01", "二进制"),
        ("正常\x00\x01\x02文字", "二进制或控制字符"),
        (None, "必须是文字"),
    ],
)
def test_bad_questions_raise_query_error_with_a_chinese_message(
    index: PolicyIndex, question: object, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        index.search(question)  # type: ignore[arg-type]


def test_long_but_allowed_question_still_works(index: PolicyIndex) -> None:
    assert index.search("高新技术企业奖励" * 120, k=2)["hits"]


def test_question_from_another_region_is_not_answerable(index: PolicyIndex) -> None:
    assert index.search("深圳南山区的高企奖励标准是多少", k=3)["answerable"] is False


@pytest.mark.parametrize(
    "question",
    ["城建税和教育费附加能不能减半", "河里的排污口要整改吗", "南北两个厂区能合并申报吗"],
)
def test_words_jieba_tags_as_places_are_not_taken_for_another_region(
    index: PolicyIndex, question: str
) -> None:
    # jieba tags 城建, 河里, 南北 as place names; only administrative divisions count as a region
    assert index.search(question, k=3)["features"]["foreign_place"] == 0.0


@pytest.mark.parametrize(
    ("question", "foreign"),
    [
        ("我们新建了个厂房，高企有奖励吗", 0.0),  # 新建 is also a county's name: here a verb
        ("我们在测试区兴安路，高企奖励多少", 0.0),  # a street of the collection's district
        ("公司在兴安，高企奖励多少", 1.0),  # said as where the firm is
        ("我们在测试区，深圳南山区的高企奖励是多少", 1.0),  # a named division stays another region
    ],
)
def test_a_place_name_used_as_a_word_or_in_a_local_address_is_not_another_region(
    index: PolicyIndex, question: str, foreign: float
) -> None:
    assert index.search(question, k=3)["features"]["foreign_place"] == foreign


@pytest.mark.parametrize("question", ["北京的高企奖励标准", "苏州工业园区有研发补贴吗"])
def test_other_cities_count_as_another_region(index: PolicyIndex, question: str) -> None:
    assert index.search(question, k=3)["features"]["foreign_place"] == 1.0


@pytest.mark.parametrize(
    ("question", "foreign"),
    [
        ("我们打算去广州参加广交会，展位费有补贴吗", 0.0),
        ("我们做提琴配件的，去上海乐器展能补展位费吗", 0.0),
        ("上海进博会的展位费能补吗", 0.0),
        ("上海展开业务有补贴吗", 1.0),  # 展开, no exhibition: the firm works there
        ("我们的产品主要卖到北京，有奖励吗", 0.0),
        # where the firm is, or whose benefit it asks about, is still another region
        ("公司在广州，参加广交会有补贴吗", 1.0),
        ("想去广州开分公司，那边有什么补贴", 1.0),
        # a partner named after its city: a university, a bank, a company there
        ("去年给南京大学付了技术转让费，能奖励多少", 0.0),
        # … as people shorten it (blind18/21: a technology bought there was refused as another region)
        ("我们厂买了东北农大一项技术在厂里转化，区里有补贴吗", 0.0),
        ("我们厂去年从内蒙古科大买了个专利技术，区里能给补多少", 0.0),
        ("从苏州农业大学买的专利在厂里投产了，能补点不", 0.0),
        ("我们东北的企业有啥补贴", 1.0),
        ("我们和苏州一家关联公司签了技术合同，能算成果转化吗", 0.0),
        # a travel agency from there bringing tourists here (blind123 was refused as another region)
        ("我们是上海一家旅行社，今年带了好多团过来玩还住了一晚，有奖励吗", 0.0),
        ("我们在苏州，技术转让有奖励吗", 1.0),
        # where it comes from or buys from
        ("我们刚从苏州搬过来，租了四百平办公室，有啥扶持", 0.0),
        ("从南京一个大学买了一项专利技术，能补点不", 0.0),
    ],
)
def test_a_city_the_firm_exhibits_sells_or_deals_in_is_not_another_region(
    index: PolicyIndex, question: str, foreign: float
) -> None:
    assert index.search(question, k=3)["features"]["foreign_place"] == foreign


def test_batch_search_matches_single_search(index: PolicyIndex) -> None:
    questions = ["高企首次认定奖励多少钱", "稳岗返还怎么申请"]
    assert [r["hits"] for r in index.search_batch(questions, k=3)] == [
        index.search(q, k=3)["hits"] for q in questions
    ]


def _load(out: Path, corpus: Path, model_dir: Path, embedder) -> PolicyIndex:
    return PolicyIndex.load(out, model_dir=model_dir, corpus_dir=corpus, embedder=embedder)


def test_an_index_let_go_is_freed_with_what_it_cached(fresh_build, model_dir: Path, embedder) -> None:
    """A server swaps in a new index at each publication; the one it let go must not stay in memory
    through caches keyed on it (zone masks, clause and policy texts)."""
    corpus, out = fresh_build
    index = _load(out, corpus, model_dir, embedder)
    index.search("高企首次认定奖励多少钱", k=3, zone="测试街道")
    index.policy_text(next(iter(index.policies)))
    released = weakref.ref(index)

    del index
    gc.collect()

    assert released() is None


def test_edited_corpus_makes_the_index_stale(fresh_build, model_dir: Path, embedder) -> None:
    corpus, out = fresh_build
    _load(out, corpus, model_dir, embedder)  # fresh copy loads
    path = corpus / "T-ART-004.md"
    path.write_text(path.read_text(encoding="utf-8").replace("60%", "70%"), encoding="utf-8")
    with pytest.raises(StaleIndexError, match=r"政策库 .* 在索引构建后已修改"):
        _load(out, corpus, model_dir, embedder)


def test_corrupt_or_missing_artefacts_are_refused(fresh_build, model_dir: Path, embedder) -> None:
    corpus, out = fresh_build
    with (out / "dense.faiss").open("r+b") as fh:
        fh.seek(100)
        fh.write(b"garbage")
    with pytest.raises(StaleIndexError, match=r"dense.faiss 的校验值与清单不符"):
        _load(out, corpus, model_dir, embedder)
    (out / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StaleIndexError, match="已损坏"):
        _load(out, corpus, model_dir, embedder)
    (out / "manifest.json").unlink()
    with pytest.raises(StaleIndexError, match="尚未构建"):
        _load(out, corpus, model_dir, embedder)


def test_index_built_with_another_model_is_refused(fresh_build, model_dir: Path, embedder) -> None:
    corpus, out = fresh_build
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["model"]["fingerprint"] = "0" * 64
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(StaleIndexError, match=r"嵌入模型 .* 不一致"):
        _load(out, corpus, model_dir, embedder)


def test_rebuild_after_editing_one_policy_re_embeds_only_its_changed_chunks(
    fresh_build, model_dir: Path, embedder
) -> None:
    corpus, out = fresh_build
    before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    old_vectors = np.load(out / "vectors.npy")
    path = corpus / "T-ART-004.md"
    path.write_text(path.read_text(encoding="utf-8").replace("最高5万元", "最高8万元"), encoding="utf-8")
    result = build_index(
        corpus, out, model_dir=model_dir, embedder=embedder, progress=False, log=lambda _m: None
    )
    assert result["embedded"] == 1
    assert result["reused"] == before["chunk_count"] - 1
    changed = [
        i
        for i, (a, b) in enumerate(zip(before["chunk_hashes"], result["chunk_hashes"], strict=True))
        if a != b
    ]
    assert len(changed) == 1
    new_vectors = np.load(out / "vectors.npy")
    unchanged = [i for i in range(len(new_vectors)) if i not in changed]
    np.testing.assert_array_equal(new_vectors[unchanged], old_vectors[unchanged])
    idx = _load(out, corpus, model_dir, embedder)
    assert "最高8万元" in idx.search("境外展会补贴最高多少", k=1)["hits"][0]["text"]
    # normalised text and BM25 tokens: the previous build's for unchanged chunks, fresh for the edit
    rows = [json.loads(line) for line in (out / "chunks.jsonl").read_text(encoding="utf-8").splitlines()]
    tokens = [json.loads(line) for line in (out / TOKENS_FILE).read_text(encoding="utf-8").splitlines()]
    assert "8万元" in rows[changed[0]]["normalized"]
    assert tokens == [tokenize_normalized(row["normalized"]) for row in rows]
    again = build_index(
        corpus, out, model_dir=model_dir, embedder=embedder, progress=False, log=lambda _m: None
    )
    assert again["embedded"] == 0


MINSU = """---
id: T-MS-007
title: 测试区乡村民宿提升改造补助办法
issuer: 测试区文化和旅游局
issued: 2025-04-01
zones: all
---

第一条 对改造后评为星级的乡村民宿，按改造投入的20%给予补助，最高20万元。

第二条 补助分两次拨付：验收合格后拨付60%，运营满一年后拨付其余40%。
"""


def test_a_slip_for_a_word_only_this_collection_uses_is_still_answered(index, index_with) -> None:
    """名宿 is a real word (so the domain-term repair leaves it), but this collection says 民宿."""
    idx = index_with(MINSU)
    question = "名宿改造补助是一次性给全吗"
    assert "民宿" in idx.retrieve(question).tokens  # both channels read the collection's word
    assert idx.search(question, k=3, mode="lexical")["hits"][0]["policy_id"] == "T-MS-007"
    # a collection that never says 民宿 reads the question as asked
    assert index.normalize(question) == question


def test_the_districts_own_place_names_are_no_slips_of_a_collection_word(
    index_with, fresh_build: tuple[Path, Path], model_dir: Path, embedder
) -> None:
    """blind131: "我们在将口的厂…" was read as 建口 (a word of that collection); a village or town of the
    district's zones file is where the firm is, kept as said even when it sounds like a collection word."""
    plain = index_with(MINSU)
    question = "我们在民苏村开农家乐，改造补助能拿多少"
    assert "民苏村" not in plain.normalize(question)  # without the district's names: a slip of 民宿
    zones = ZoneNames(zones=("民苏镇", "城关街道"), places={"民苏村": ("民苏镇",)}, district="测试区")
    local = PolicyIndex.load(fresh_build[1], model_dir=model_dir, embedder=embedder, zone_names=zones)
    assert "民苏村" in local.normalize(question)
    assert local.normalize("名宿改造补助是一次性给全吗").startswith("民宿改造")  # slips are still mended


SKILLS_EXPIRED = """---
id: T-SK-008
title: 测试区职业技能等级认定补贴办法
issuer: 测试区人力资源和社会保障局
issued: 2023-03-01
valid_until: 2024-12-31
zones: all
---

第一条 职工取得职业技能等级证书的，中级工每人补贴1500元，高级工每人补贴2000元。
"""


def test_only_an_expired_policy_that_the_collection_replaces_is_marked_down(index_with) -> None:
    """The ranker marks down an expired policy when its replacement is there to answer instead; an
    expired policy nothing replaces is still the only answer (the reply says it has expired)."""
    from policy_index.fusion import reciprocal_rank_fusion
    from policy_index.rerank_features import FEATURE_NAMES, candidate_features

    idx = index_with(SKILLS_EXPIRED)
    view = idx.rerank_view
    assert idx.policy("T-SK-008")["expired"] and not view.superseded("T-SK-008")
    assert idx.policy("T-PRO-003")["expired"] and view.superseded("T-PRO-003")
    r = idx.retrieve("厂里有职工考了中级工证，一个人能补多少钱", 5)
    query = idx.query_view(r, reciprocal_rank_fusion([r.lex_ids, r.dense_ids]))
    skills = [c for c, _ in query.fused if idx.chunks[c]["policy_id"] == "T-SK-008"]
    row = candidate_features(view, query, skills[:1])[0]
    assert row[FEATURE_NAMES.index("superseded")] == 0.0


def test_an_amount_in_the_question_is_no_year_the_ranker_holds_against_a_policy(index_with) -> None:
    """ "设备投了2000万" names no year: every candidate scored as from another year had sunk a firm's story
    below the answerable threshold; "2023年的文件" still names one."""
    from policy_index.fusion import reciprocal_rank_fusion
    from policy_index.rerank_features import FEATURE_NAMES, candidate_features

    idx = index_with(SKILLS_EXPIRED)
    year = FEATURE_NAMES.index("year")
    for question, expected in (("职工考证补贴，培训投了2000万", 0.0), ("2019年的职业技能补贴文件", -1.0)):
        r = idx.retrieve(question, 5)
        query = idx.query_view(r, reciprocal_rank_fusion([r.lex_ids, r.dense_ids]))
        rows = candidate_features(idx.rerank_view, query, [c for c, _ in query.fused[:3]])
        assert {float(row[year]) for row in rows} == {expected}
