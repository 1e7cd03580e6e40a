"""Which clause the chat's answer leads with, against the labelled clause (no servers).

For every answerable labelled question, the index is searched and the answer composed exactly as the
action server does (``bot.actions.retrieval.answer_question``); the first citation's policy and clause
are compared with the label. Prints, per set: policy right, clause right (of those with a clause label).

    HUIQI_CORPUS_DIR=... HUIQI_DATA_DIR=... .venv/bin/python -m bench.answer_clause --questions FILE
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.conversation import read_jsonl
from bot.actions.retrieval import answer_question
from policy_index import PolicyIndex


def evaluate(index: PolicyIndex, questions: list[dict]) -> dict[str, int]:
    """Count answers whose first citation is the labelled policy, and the labelled clause."""
    counts = {"questions": 0, "answered": 0, "policy_right": 0, "clause_labelled": 0, "clause_right": 0}
    for q in questions:
        if not q.get("policy_id"):
            continue
        counts["questions"] += 1
        answer = answer_question(index, q["q"], intent=None, zone=None)
        if not answer.answered or not answer.citations:
            continue
        counts["answered"] += 1
        first = answer.citations[0]
        if first.get("policy_id") != q["policy_id"]:
            continue
        counts["policy_right"] += 1
        if q.get("clause"):
            counts["clause_labelled"] += 1
            counts["clause_right"] += first.get("clause") == q["clause"]
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, required=True, help="labelled questions (JSONL)")
    args = parser.parse_args()
    questions = read_jsonl(args.questions)
    counts = evaluate(PolicyIndex.load(), questions)
    n = counts["questions"]
    print(f"{args.questions}: {n} answerable questions")
    print(f"  answered, first citation the labelled policy  {counts['policy_right']} / {n}")
    labelled = counts["clause_labelled"]
    print(f"  ... and the labelled clause                   {counts['clause_right']} / {labelled}")


if __name__ == "__main__":
    main()
