"""Zone resolution accuracy on data/eval/addresses.jsonl (labelled address phrases).

Prints accuracy (answer == label, None counts as an answer), precision of non-null answers (a wrong
zone sends the ticket to the wrong team, so this must stay at 1.0), recall on phrases that have a
zone, and every miss. Usage: ``python bench/zone_resolution.py [--zones FILE] [--data FILE]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tickets.zones import ZoneDirectory  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=Path, default=ROOT / "data" / "zones.yaml")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "eval" / "addresses.jsonl")
    args = parser.parse_args()
    zones = ZoneDirectory.load(args.zones)
    items = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = time.perf_counter()
    answers = [zones.resolve(item["text"]) for item in items]
    elapsed = time.perf_counter() - start
    correct = sum(a == item["zone"] for a, item in zip(answers, items, strict=True))
    answered = [(a, item) for a, item in zip(answers, items, strict=True) if a is not None]
    right_answered = sum(a == item["zone"] for a, item in answered)
    with_zone = [(a, item) for a, item in zip(answers, items, strict=True) if item["zone"] is not None]
    found = sum(a == item["zone"] for a, item in with_zone)
    print(f"phrases: {len(items)} ({len(with_zone)} with a zone, {len(items) - len(with_zone)} without)")
    print(f"accuracy: {correct / len(items):.3f} ({correct}/{len(items)})")
    precision = right_answered / max(len(answered), 1)
    print(f"precision of non-null answers: {precision:.3f} ({right_answered}/{len(answered)})")
    print(f"recall on phrases with a zone: {found / max(len(with_zone), 1):.3f} ({found}/{len(with_zone)})")
    print(f"time: {elapsed * 1000 / len(items):.2f} ms per phrase")
    for a, item in zip(answers, items, strict=True):
        if a != item["zone"]:
            print(f"  miss: {item['text']!r} -> {a} (expected {item['zone']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
