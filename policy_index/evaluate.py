"""Retrieval quality on a labelled question set, for the lexical, dense and hybrid channels.

Question file: JSON lines ``{"q", "policy_id", "clause", "kind"}``; ``policy_id`` null marks a
question the corpus cannot answer. Metrics (answerable questions): recall@1 and recall@5 (right
policy among the first 1 / 5 hits), MRR (of the first hit from the right policy), passage hit@5 (a
hit in the first 5 with the right policy *and* clause). Abstention (hybrid): share of unanswerable
questions flagged ``answerable: false`` and share of answerable ones wrongly flagged.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from policy_index.index import MODES, PolicyIndex

__all__ = ["clause_matches", "evaluate", "format_report", "load_questions", "resolve_labels"]

_PARAGRAPH = re.compile(r"^第(\d+)段$")


def load_questions(path: Path | str) -> list[dict]:
    """Read a JSON-lines question file (blank lines skipped).

    Raises:
        ValueError: a line is not a JSON object with a non-blank ``q`` string (line number given).
    """
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} 第 {number} 行不是有效的 JSON：{exc.msg}") from exc
        if not isinstance(row, dict) or not isinstance(row.get("q"), str):
            raise ValueError(f"{path} 第 {number} 行缺少字符串字段 q")
        if not row["q"].strip():
            raise ValueError(f"{path} 第 {number} 行的问题 q 为空")
        rows.append(row)
    return rows


def clause_matches(expected: str | None, got: str) -> bool:
    """A hit's clause matches the label when equal, or when one is the parent section of the other."""
    if not expected:
        return True
    return got == expected or got.startswith(expected) or expected.startswith(got)


def resolve_labels(index: PolicyIndex, questions: Sequence[dict]) -> list[dict]:
    """The questions with paragraph labels made to name a clause of the index.

    A notice labelled by paragraph (``第4段``, counting from the salutation) whose paragraphs open with
    一、二、… is chunked by those sections, so no chunk carries the label; the label then names the
    policy's N-th chunk (one paragraph per chunk). Other labels are kept as they are.
    """
    out = []
    for q in questions:
        label, pid = q.get("clause"), q.get("policy_id")
        number = _PARAGRAPH.match(label or "")
        if number and pid in index.policies:
            lo, hi = index.rerank_view.policy_range(pid)
            clauses = [index.chunks[i]["clause"] for i in range(lo, hi)]
            n = int(number.group(1))
            if not any(clause_matches(label, c) for c in clauses) and n <= len(clauses):
                q = {**q, "clause": clauses[n - 1]}
        out.append(q)
    return out


def _metrics(results: Sequence[dict], questions: Sequence[dict], k: int) -> dict:
    answerable = [(r, q) for r, q in zip(results, questions, strict=True) if q.get("policy_id")]
    unanswerable = [(r, q) for r, q in zip(results, questions, strict=True) if not q.get("policy_id")]
    r1 = r5 = mrr = p5 = 0.0
    for res, q in answerable:
        ids = [h["policy_id"] for h in res["hits"]]
        if ids[:1] == [q["policy_id"]]:
            r1 += 1
        if q["policy_id"] in ids[:k]:
            r5 += 1
            mrr += 1 / (ids.index(q["policy_id"]) + 1)
        if any(
            h["policy_id"] == q["policy_id"] and clause_matches(q.get("clause"), h["clause"])
            for h in res["hits"][:k]
        ):
            p5 += 1
    n = max(1, len(answerable))
    return {
        "answerable_questions": len(answerable),
        "unanswerable_questions": len(unanswerable),
        "recall@1": r1 / n,
        f"recall@{k}": r5 / n,
        "mrr": mrr / n,
        f"passage_hit@{k}": p5 / n,
        "unanswerable_flagged": sum(not r["answerable"] for r, _ in unanswerable) / max(1, len(unanswerable)),
        "answerable_flagged": sum(not r["answerable"] for r, _ in answerable) / n,
    }


def run_questions(
    index: PolicyIndex, questions: Sequence[dict], mode: str, k: int = 5, *, rerank: bool = True
) -> list[dict]:
    """Search every question in one mode (zone from the question's optional ``zone`` key)."""
    return [index.search(q["q"], k=k, zone=q.get("zone"), mode=mode, rerank=rerank) for q in questions]


def evaluate(
    index: PolicyIndex,
    questions: Sequence[dict],
    modes: Iterable[str] = MODES,
    k: int = 5,
    *,
    without_reranker: bool = False,
) -> dict[str, dict]:
    """Metrics per retrieval mode, plus a per-kind breakdown of the hybrid channel.

    Args:
        without_reranker: also report the hybrid channel in its fused order, as ``"fused"`` (when
            the index has a reranker; abstention then uses the reranker-free calibration).

    Returns:
        ``{mode: metrics}`` and ``"by_kind": {kind: metrics}`` for hybrid.
    """
    report: dict[str, dict] = {}
    questions = resolve_labels(index, questions)
    index.prepare_queries([q["q"] for q in questions if q["q"].strip()])
    if without_reranker and index.reranker is not None:
        report["fused"] = _metrics(run_questions(index, questions, "hybrid", k, rerank=False), questions, k)
    for mode in modes:
        results = run_questions(index, questions, mode, k)
        report[mode] = _metrics(results, questions, k)
        if mode == "hybrid":
            groups: dict[str, list[int]] = defaultdict(list)
            for i, q in enumerate(questions):
                groups[q.get("kind") or ("unanswerable" if not q.get("policy_id") else "other")].append(i)
            report["by_kind"] = {
                kind: _metrics([results[i] for i in idx], [questions[i] for i in idx], k)
                for kind, idx in sorted(groups.items())
            }
    return report


def format_report(report: dict[str, dict], k: int = 5) -> str:
    """A readable side-by-side table of the modes (Chinese labels)."""
    modes = [m for m in ("fused", *MODES) if m in report]
    names = {
        "fused": "融合无重排 fused",
        "lexical": "仅词法 lexical",
        "dense": "仅向量 dense",
        "hybrid": "混合 hybrid",
    }
    rows = [
        ("recall@1", "recall@1"),
        (f"recall@{k}", f"recall@{k}"),
        ("MRR", "mrr"),
        (f"passage hit@{k}", f"passage_hit@{k}"),
    ]
    first = report[modes[0]]
    lines = [
        f"可回答问题 {first['answerable_questions']} 个，无法回答的问题 {first['unanswerable_questions']} 个",
        f"{'指标':<16}" + "".join(f"{names[m]:>18}" for m in modes),
    ]
    for label, key in rows:
        lines.append(f"{label:<18}" + "".join(f"{report[m][key]:>20.3f}" for m in modes))
    for mode, label in (("fused", "融合无重排"), ("hybrid", "混合")):
        if mode in report:
            h = report[mode]
            lines.append(
                f"拒答（{label}）：无法回答的问题被判为无匹配 {h['unanswerable_flagged']:.1%}；"
                f"可回答的问题被误判为无匹配 {h['answerable_flagged']:.1%}"
            )
    if "by_kind" in report:
        lines.append("按问题类型（混合）：")
        for kind, m in report["by_kind"].items():
            n = m["answerable_questions"] or m["unanswerable_questions"]
            if m["answerable_questions"]:
                lines.append(
                    f"  {kind:<12} n={n:<4} recall@1 {m['recall@1']:.3f}  recall@{k} {m[f'recall@{k}']:.3f}  "
                    f"MRR {m['mrr']:.3f}  误判无匹配 {m['answerable_flagged']:.1%}"
                )
            else:
                lines.append(f"  {kind:<12} n={n:<4} 判为无匹配 {m['unanswerable_flagged']:.1%}")
    return "\n".join(lines)
