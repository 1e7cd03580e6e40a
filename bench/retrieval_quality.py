"""Retrieval quality on the development set: lexical-only, dense-only and hybrid side by side.

Builds (or refreshes, incrementally) the index of the shipped corpus in ``settings.index_dir`` unless
``--index`` points at an existing one, then prints recall@1, recall@5, MRR, passage hit@5, the
abstention figures and a per-kind breakdown.

Usage: python bench/retrieval_quality.py [--index DIR] [--questions data/eval/questions.jsonl]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from huiqi.settings import get_settings  # noqa: E402
from policy_index import PolicyIndex, build_index  # noqa: E402
from policy_index.evaluate import evaluate, format_report, load_questions  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--index", type=Path, default=None, help="existing index folder (default: build settings.index_dir)"
    )
    parser.add_argument("--questions", type=Path, default=ROOT / "data" / "eval" / "questions.jsonl")
    args = parser.parse_args()
    settings = get_settings()
    folder = args.index
    if folder is None:
        folder = settings.index_dir
        build_index(settings.corpus_dir, folder, progress=True, log=lambda m: print(m, file=sys.stderr))
    index = PolicyIndex.load(folder)
    report = evaluate(index, load_questions(args.questions))
    print(format_report(report))


if __name__ == "__main__":
    main()
