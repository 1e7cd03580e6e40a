"""Which messages are filed as 维权 (rights complaints): the recogniser, NLU, and the two together.

On ``data/eval/rights/complaints.jsonl`` (20 complaints — a benefit not paid, a fee against a policy, a
department acting against one — and 20 look-alike questions, written before the recogniser was measured
on them) it prints how many complaints each way recognises and how many questions it flags; on the
development, held-out and prose question sets (policy questions, none a complaint by label) how many the
recogniser flags. With ``--rasa-url`` (a Rasa server with the trained model, e.g. ``make run``'s) NLU's
``complain_rights`` is counted too: a message is filed as 维权 when either says so (``bot.actions``).
Usage: ``python bench/rights_recognition.py [--rasa-url http://127.0.0.1:5005]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.actions.rights import is_rights_complaint  # noqa: E402

QUESTION_SETS = (
    "data/eval/questions.jsonl",
    "data/eval/heldout/questions.jsonl",
    "data/eval/prose/questions.jsonl",
)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _nlu(url: str, text: str) -> bool:
    reply = requests.post(f"{url.rstrip('/')}/model/parse", json={"text": text}, timeout=30)
    reply.raise_for_status()
    return reply.json()["intent"]["name"] == "complain_rights"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "eval" / "rights" / "complaints.jsonl")
    parser.add_argument("--rasa-url", default="", help="a Rasa server to count NLU's complain_rights too")
    args = parser.parse_args()
    items = _jsonl(args.data)
    ways = {"recogniser": is_rights_complaint}
    if args.rasa_url:
        ways["NLU"] = lambda text: _nlu(args.rasa_url, text)
    verdicts = {name: {item["q"]: judge(item["q"]) for item in items} for name, judge in ways.items()}
    if args.rasa_url:
        verdicts["together"] = {
            q: verdicts["recogniser"][q] or verdicts["NLU"][q] for q in verdicts["recogniser"]
        }
    complaints = [item["q"] for item in items if item["complaint"]]
    questions = [item["q"] for item in items if not item["complaint"]]
    for name, said in verdicts.items():
        found = sum(said[q] for q in complaints)
        flagged = [q for q in questions if said[q]]
        print(f"{name:<10} complaints recognised {found}/{len(complaints)}, look-alike questions flagged "
              f"{len(flagged)}/{len(questions)}")  # fmt: skip
        for q in complaints:
            if not said[q]:
                print(f"    missed: {q}")
        for q in flagged:
            print(f"    flagged: {q}")
    for name in QUESTION_SETS:
        asked = [item["q"] for item in _jsonl(ROOT / name)]
        flagged = [q for q in asked if is_rights_complaint(q)]
        print(f"{name}: recogniser flags {len(flagged)}/{len(asked)} questions")
        for q in flagged:
            print(f"    {q}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
