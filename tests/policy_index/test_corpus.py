"""Corpus loading and validation: every problem is reported with its file, nothing is dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_index.corpus import CorpusError, corpus_hash, load_corpus
from tests.policy_index.conftest import POLICIES, write_corpus


def test_valid_corpus_loads_every_policy_with_its_metadata(tmp_path: Path) -> None:
    policies = load_corpus(write_corpus(tmp_path))
    assert [p.id for p in policies] == sorted(POLICIES)
    zoned = next(p for p in policies if p.id == "T-ZON-005")
    assert zoned.zones == ["测试综合保税区"]
    assert "1210" in zoned.tags  # a numeric YAML tag is kept as text
    expired = next(p for p in policies if p.id == "T-PRO-003")
    assert expired.is_expired() and expired.replaced_by == "T-ART-004"


def _bad(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("没有头部的正文\n", "缺少 YAML 头部"),
        ("---\nid: BAD-1\n---\n正文。\n", "缺少必填字段 标题 title"),
        ("---\nid: BAD-1\ntitle: 标题\nvalid_until: 明年\n---\n正文。\n", "有效期 valid_until 不是有效日期"),
        ("---\nid: BAD-1\ntitle: [未闭合\n---\n正文。\n", "YAML 头部格式错误"),
        ("---\nid: BAD-1\ntitle: 标题\n---\n", "正文为空"),
        ("---\nid: OTHER-9\ntitle: 标题\n---\n正文。\n", "与文件名 'BAD-1' 不一致"),
        ("---\nid: BAD-1\ntitle: 标题\nzones: []\n---\n正文。\n", "适用区域 zones"),
    ],
)
def test_malformed_file_is_named_with_its_problem_and_others_are_not_dropped(
    tmp_path: Path, text: str, problem: str
) -> None:
    corpus = write_corpus(tmp_path)
    _bad(corpus, "BAD-1.md", text)
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus)
    assert [name for name, _ in err.value.errors] == ["BAD-1.md"]
    assert problem in err.value.errors[0][1]
    assert "BAD-1.md" in str(err.value)


def test_all_errors_are_collected_in_one_pass(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    _bad(corpus, "BAD-1.md", "---\nid: BAD-1\n---\n正文。\n")
    _bad(corpus, "BAD-2.md", "not front matter")
    (corpus / "BAD-3.md").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus)
    assert sorted(name for name, _ in err.value.errors) == ["BAD-1.md", "BAD-2.md", "BAD-3.md"]


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    _bad(corpus, "T-DUP.md", (corpus / "T-ART-004.md").read_text(encoding="utf-8"))
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus)
    assert any("重复" in problem and name == "T-DUP.md" for name, problem in err.value.errors)


def test_dangling_replaced_by_is_reported(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    (corpus / "T-ART-004.md").unlink()
    with pytest.raises(CorpusError, match="replaced_by 指向不存在的政策 T-ART-004"):
        load_corpus(corpus)


def test_corpus_hash_changes_with_any_edit(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    before = corpus_hash(corpus)
    path = corpus / "T-ART-004.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n第三条 新增条款。\n", encoding="utf-8")
    assert corpus_hash(corpus) != before


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="目录不存在"):
        load_corpus(tmp_path / "nope")
