"""The benchmark questions: the shipped corpus's development questions (``data/eval/questions.jsonl``)."""

from __future__ import annotations

import json
from pathlib import Path

QUESTION_FILES = [Path(__file__).resolve().parents[1] / "data" / "eval" / "questions.jsonl"]


def load_questions() -> list[str]:
    """Every question (field ``q``) of the development sets, in file order."""
    questions = []
    for path in QUESTION_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions.append(json.loads(line)["q"])
    if not questions:
        raise SystemExit(f"no questions found in {QUESTION_FILES}")
    return questions
