"""A question labelled by paragraph (第4段) on a notice chunked by its 一、二、 sections still names the
clause that answers it: in `policy-index eval`'s passage hit and in the reranker's training labels."""

from __future__ import annotations

from policy_index.evaluate import evaluate, resolve_labels

NOTICE = """---
id: T-NOTE-031
title: 测试区关于开展企业上云用云补贴申报工作的通知
issuer: 测试区工业和信息化局
doc_no: 测工信〔2025〕31号
issued: 2025-04-01
---
各街道办事处、区直有关部门，各有关企业：

为加快企业数字化转型，根据上级有关文件精神，现就企业上云用云补贴申报工作通知如下。

一、支持对象。在本区注册、上年度营业收入500万元以上的工业企业。

二、补贴标准。企业购买云主机、云存储服务的，按实际支付费用的30%给予补贴，单家企业最高不超过20万元。

三、申报材料。上云服务合同、付款凭证、发票复印件。

特此通知。
"""


def test_a_paragraph_label_names_the_section_chunk_it_counts_to(index_with) -> None:
    index = index_with(NOTICE)
    clauses = [c["clause"] for c in index.chunks if c["policy_id"] == "T-NOTE-031"]
    assert "第4段" not in clauses and "二、" in clauses  # chunked by section, not by paragraph
    question = {"q": "买云服务器的钱能补百分之多少", "policy_id": "T-NOTE-031", "clause": "第4段"}
    [resolved] = resolve_labels(index, [question])
    assert resolved["clause"] == "二、"
    assert question["clause"] == "第4段"  # the caller's row is left as it was
    other = {"q": "上云补贴", "policy_id": "T-NOTE-031", "clause": "三、"}
    assert resolve_labels(index, [other]) == [other]


def test_eval_counts_the_paragraph_labelled_clause_as_a_passage_hit(index_with) -> None:
    index = index_with(NOTICE)
    question = {"q": "企业买云主机云存储，补贴比例多少，最高多少钱", "policy_id": "T-NOTE-031"}
    question["clause"] = "第4段"
    report = evaluate(index, [question], modes=("hybrid",))
    assert report["hybrid"]["recall@1"] == 1.0
    assert report["hybrid"]["passage_hit@5"] == 1.0
