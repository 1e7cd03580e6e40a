"""The benchmark questions: the shipped corpus's development questions (``data/eval/parts/*.jsonl``)."""

from __future__ import annotations

import json
from pathlib import Path

QUESTION_FILES = sorted((Path(__file__).resolve().parents[1] / "data" / "eval" / "parts").glob("*.jsonl"))


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
