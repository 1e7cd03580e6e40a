"""Check an evaluation set: front matter, every question's (policy_id, clause) against the chunker, spans.

Run from the repository root: ``.venv/bin/python data/eval/heldout/check_labels.py [COLLECTION]``, where
COLLECTION is a folder holding ``policies/`` and ``questions.jsonl`` (default: the held-out set, this
script's folder; e.g. ``data/eval/prose`` for the plain-prose set).

Labels follow the written convention (for prose, ``第N段`` is the N-th non-empty paragraph separated by
blank lines, an addressee line included). The script reports, per question, whether the chunker
produces that label and whether the chunk under it is the paragraph the convention means. A question
may carry an ``answer`` span, which must occur verbatim in its policy (for prose, in the labelled
paragraph). Exit code 1 if a label is missing, an answer span is not found or the front matter is
invalid; a paragraph-numbering disagreement with the chunker, or a chunk window that cuts an answer
span, is reported as a warning (a finding about the chunker, not an error in the labels).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import frontmatter

from policy_index.chunking import chunk_body, detect_style

HERE = Path(__file__).resolve().parent
REQUIRED = ("id", "title", "issuer", "doc_no", "issued", "zones")


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]


def main(collection: Path = HERE) -> int:
    """Validate a collection's files and labels; print problems and a summary. Returns the exit code."""
    errors: list[str] = []
    warnings: list[str] = []
    docs: dict[str, tuple[str, dict[str, list[str]], list[str]]] = {}
    for path in sorted((collection / "policies").glob("*.md")):
        post = frontmatter.load(path)
        missing = [key for key in REQUIRED if key not in post.metadata]
        if missing or post.get("id") != path.stem:
            errors.append(f"{path.name}: missing {missing} or id != file name")
        chunks: dict[str, list[str]] = {}
        for chunk in chunk_body(path.stem, post.content):
            chunks.setdefault(chunk.clause, []).append(chunk.text)
        docs[path.stem] = (detect_style(post.content), chunks, _paragraphs(post.content))
    rows = [json.loads(line) for line in (collection / "questions.jsonl").read_text().splitlines() if line]
    for row in rows:
        pid, clause = row["policy_id"], row["clause"]
        if pid is None:
            continue
        if pid not in docs:
            errors.append(f"unknown policy {pid}: {row['q']}")
            continue
        style, chunks, paras = docs[pid]
        if clause not in chunks:
            errors.append(f"{pid} has no chunk labelled {clause}: {row['q']}")
        if style == "prose" and clause.startswith("第") and clause.endswith("段"):
            para = paras[int(clause[1:-1]) - 1]
            if not any(para.startswith(text[:30]) for text in chunks.get(clause, [])):
                warnings.append(f"{pid} {clause}: chunker numbers this paragraph differently: {para[:30]}…")
            if row.get("answer") and row["answer"] not in para:
                errors.append(f"{pid} {clause}: answer span not in that paragraph: {row['answer']}")
        if row.get("answer") and not any(row["answer"] in para for para in paras):
            errors.append(f"{pid}: answer span not in the policy: {row['answer']}")
        elif row.get("answer") and not any(row["answer"] in text for text in chunks.get(clause, [])):
            warnings.append(f"{pid} {clause}: no chunk under this label holds the span: {row['answer']}")
    styles = [style for style, _, _ in docs.values()]
    answerable = sum(1 for r in rows if r["policy_id"])
    print(
        f"{len(docs)} policies ({', '.join(f'{s} {styles.count(s)}' for s in sorted(set(styles)))}); "
        f"{answerable} answerable + {len(rows) - answerable} unanswerable questions"
    )
    for line in warnings:
        print("WARNING", line)
    for line in errors:
        print("ERROR", line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE))
