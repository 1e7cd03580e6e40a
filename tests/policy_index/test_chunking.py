"""Chunking of the three body styles: clauses never mix, long prose splits on sentences with overlap."""

from __future__ import annotations

import itertools

from policy_index.chunking import (
    MAX_CHARS,
    chunk_body,
    cited_labels,
    detect_style,
    sentence_spans,
    split_long,
)
from tests.policy_index.conftest import POLICIES


def _body(pid: str) -> str:
    return POLICIES[pid].split("---", 2)[2]


def test_articles_one_chunk_per_article_with_chapter_headings() -> None:
    chunks = chunk_body("T-ART-001", _body("T-ART-001"))
    assert detect_style(_body("T-ART-001")) == "articles"
    assert [c.clause for c in chunks] == ["第一条", "第二条", "第三条", "第四条", "第五条"]
    assert chunks[0].heading_path == ("第一章 总则",)
    assert chunks[2].heading_path == ("第二章 奖励标准",)
    assert chunks[2].text.startswith("第三条") and "第四条" not in chunks[2].text
    assert "高新技术企业证书复印件" in chunks[3].text  # numbered items stay inside their article
    assert all(c.policy_id == "T-ART-001" for c in chunks)


def test_sections_labels_use_both_levels_and_items_stay_inside() -> None:
    chunks = chunk_body("T-SEC-002", _body("T-SEC-002"))
    assert detect_style(_body("T-SEC-002")) == "sections"
    assert [c.clause for c in chunks] == ["第1段", "一、（一）", "一、（二）", "二、", "三、"]
    first = chunks[1]
    assert first.heading_path == ("一、稳岗返还",)
    assert "5.5%" in first.text and "60%" not in first.text
    assert "按月足额缴纳失业保险费" in chunks[3].text  # item 2. belongs to section 二、
    assert chunks[4].text.startswith("三、联系方式")


def test_prose_paragraphs_are_numbered_from_one() -> None:
    chunks = chunk_body("T-PRO-003", _body("T-PRO-003"))
    assert detect_style(_body("T-PRO-003")) == "prose"
    assert [c.clause for c in chunks] == ["第1段", "第2段", "第3段", "第4段"]
    assert "展位费的50%" in chunks[2].text


def test_long_prose_splits_on_sentence_boundaries_with_overlap_and_shared_label() -> None:
    sentences = [f"第{i}句规定了企业申报补贴需要满足的第{i}项具体条件和相应材料要求。" for i in range(1, 30)]
    body = "".join(sentences)
    chunks = chunk_body("P", body)
    assert len(chunks) > 2
    assert {c.clause for c in chunks} == {"第1段"}
    for chunk in chunks:
        assert len(chunk.text) <= MAX_CHARS
        assert chunk.text.endswith("。")  # windows end on a sentence boundary
    for left, right in itertools.pairwise(chunks):
        first_of_right = right.text.split("。")[0] + "。"
        assert first_of_right in left.text  # consecutive windows overlap by whole sentences
    assert "".join(sentences[-1:]) in chunks[-1].text


def test_split_long_keeps_short_text_whole() -> None:
    assert split_long("很短的一句话。") == ["很短的一句话。"]


def test_a_long_article_keeps_its_table_one_row_a_line() -> None:
    """blind104: an article over the window size lost its line ends, and its table was quoted as
    "资助项目：资助标准，说明，---，---，---，国内发明专利授权…"."""
    row = "| 第{n}类专利授权 | 每件{n}000元 | 以授权公告日为准，每个单位年度最多资助20件 |"
    rows = "\n".join(row.format(n=n) for n in range(1, 9))
    table = f"| 资助项目 | 资助标准 | 说明 |\n|---|---|---|\n{rows}"
    body = f"第三条 专利资助标准如下表。\n\n{table}\n\n第四条 其他。"
    windows = [c.text for c in chunk_body("P", body) if c.clause == "第三条"]
    assert len(windows) > 1
    for window in windows:
        assert "||" not in window
        assert all(line.startswith("|") and line.endswith("|") for line in window.splitlines()[1:])


def test_soft_wrapped_lines_join_into_one_paragraph() -> None:
    body = "企业申请补贴应当\n提交下列材料。\n\n第二段内容。"
    chunks = chunk_body("P", body)
    assert [c.text for c in chunks] == ["企业申请补贴应当提交下列材料。", "第二段内容。"]


def test_markdown_headings_and_bold_markers_are_understood() -> None:
    body = "## 第一章 总则\n\n**第一条** 目的。\n\n**第二条** 适用范围。\n"
    chunks = chunk_body("P", body)
    assert [(c.clause, c.heading_path) for c in chunks] == [
        ("第一条", ("第一章 总则",)),
        ("第二条", ("第一章 总则",)),
    ]


def test_content_hash_depends_on_title_and_text() -> None:
    chunk = chunk_body("P", "第一条 内容。\n第二条 其他。")[0]
    assert chunk.content_hash("甲") != chunk.content_hash("乙")
    assert chunk.content_hash("甲") == chunk_body("P", "第一条 内容。\n第二条 其他。")[0].content_hash("甲")


def test_labels_read_in_a_citation_as_a_reader_says_them() -> None:
    assert cited_labels(["第三条", "第五条"]) == "第三条、第五条"
    assert cited_labels(["第2段"]) == "第2段"
    assert cited_labels(["四、"]) == "第四部分"
    assert cited_labels(["三、（三）", "三、（二）", "五、"]) == "第三部分第（三）项、第（二）项、第五部分"


def test_sentences_keep_their_end_mark_and_closing_bracket_and_where_they_start() -> None:
    text = "对首次认定的企业奖励10万元。（已享受市级奖励的，按差额补足；）申报截止2027年3月31日"
    spans = sentence_spans(text)
    assert [s for _, s in spans] == [
        "对首次认定的企业奖励10万元。",
        "（已享受市级奖励的，按差额补足；）",
        "申报截止2027年3月31日",
    ]
    assert all(text[start : start + len(s)] == s for start, s in spans)
    assert sentence_spans("  ") == []
