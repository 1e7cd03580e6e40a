"""Benchmark of the full answer path: message in → cited answer out, through Rasa's REST channel.

Starts the real Rasa server and action server (tests/stack.py) on the current index and model, unless
``--rasa-url`` points at running ones, then measures:

* 200 messages sent one after another (conversations of a question and its follow-ups);
* 20 concurrent senders, 10 messages each;
* the servers' resident memory (process tree RSS, via psutil) after the load.

Run: ``.venv/bin/python -m bench.answer_path`` (``make bench`` runs it with the other benchmarks).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

from bench.questions import load_questions

#: Conversations as firms have them: a question, then follow-ups that lean on it.
CONVERSATIONS: list[list[str]] = [
    ["高新技术企业认定有什么奖励", "那重新认定呢？", "需要什么材料"],
    ["稳岗返还今年返多少", "什么时候发"],
    ["专精特新企业区里奖多少钱", "我们是小微企业能申请吗", "去哪个部门申请"],
    ["首次升规有奖励吗", "咨询电话多少"],
    ["创业担保贷款最多能贷多少", "贴息多久"],
    ["研发费用加计扣除比例是多少"],
    ["参加境外展会展位费能补多少", "要交哪些票据"],
    ["引进博士有安家补贴吗", "怎么申请"],
]


def unique_messages(total: int) -> list[tuple[int, str]]:
    """``total`` different questions, each opening its own conversation.

    Firms' questions with known answers (:func:`bench.questions.load_questions`): all different, so the
    action server's query-vector cache never helps — every message runs the embedding model.
    """
    questions = list(dict.fromkeys(load_questions()))
    return [(number, questions[number % len(questions)]) for number in range(total)]


def messages(total: int, *, unique: bool = False) -> list[tuple[int, str]]:
    """``total`` (conversation number, text) pairs cycling through :data:`CONVERSATIONS`.

    With ``unique``, different questions from the evaluation set instead (:func:`unique_messages`).
    """
    if unique:
        return unique_messages(total)
    out: list[tuple[int, str]] = []
    conversation = 0
    while len(out) < total:
        for text in CONVERSATIONS[conversation % len(CONVERSATIONS)]:
            out.append((conversation, text))
        conversation += 1
    return out[:total]


def send(webhook: str, sender: str, text: str) -> tuple[float, bool]:
    """POST one message; return (seconds, whether the reply carried citations)."""
    start = time.perf_counter()
    response = requests.post(webhook, json={"sender": sender, "message": text}, timeout=120)
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    cited = any((item.get("custom") or {}).get("citations") for item in response.json())
    return elapsed, cited


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50/p95/max in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": cuts[49] * 1000, "p95_ms": cuts[94] * 1000, "max_ms": max(samples) * 1000}


def sequential(webhook: str, total: int, *, unique: bool = False) -> dict[str, float]:
    """``total`` messages one after another."""
    run = uuid.uuid4().hex[:6]
    results = [send(webhook, f"bench-{run}-{c}", text) for c, text in messages(total, unique=unique)]
    return {**percentiles([t for t, _ in results]), "cited_share": sum(c for _, c in results) / len(results)}


def concurrent(
    webhook: str, senders: int, per_sender: int, *, unique: bool = False, skip: int = 0
) -> dict[str, float]:
    """``senders`` threads, each a conversation of ``per_sender`` messages (no pause between them).

    ``skip`` unique questions are left out (those the sequential run already asked).
    """
    run = uuid.uuid4().hex[:6]
    total = skip + senders * per_sender + per_sender
    pool_of_texts = [text for _, text in messages(total, unique=unique)][skip if unique else 0 :]

    def one(index: int) -> list[tuple[float, bool]]:
        start = index * per_sender if unique else index
        texts = pool_of_texts[start : start + per_sender]
        return [send(webhook, f"bench-{run}-c{index}", text) for text in texts]

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=senders) as pool:
        results = [r for batch in pool.map(one, range(senders)) for r in batch]
    wall = time.perf_counter() - start
    return {**percentiles([t for t, _ in results]), "messages_per_s": len(results) / wall}


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MiB."""
    process = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 2**20


def main() -> None:
    """Parse arguments, run the benchmark, print the figures (and write them as JSON if asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-url", help="measure running servers instead of starting them")
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--per-sender", type=int, default=10)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--unique",
        action="store_true",
        help="every message a different question (no cached query vectors)",
    )
    args = parser.parse_args()

    stack = None
    if args.rasa_url:
        webhook = f"{args.rasa_url.rstrip('/')}/webhooks/rest/webhook"
    else:
        from tests.stack import start_stack, warm_up

        print("Starting the Rasa server and the action server (≈30–60 s)…", flush=True)
        stack = start_stack(Path(tempfile.mkdtemp(prefix="huiqi-bench-")))
        warm_up(stack)
        webhook = stack.webhook
    try:
        figures: dict[str, object] = {}
        print(f"{args.messages} sequential messages…", flush=True)
        figures["load_before"] = dict(zip(("1min", "5min", "15min"), os.getloadavg(), strict=True))
        figures["sequential"] = sequential(webhook, args.messages, unique=args.unique)
        print(f"{args.senders} concurrent senders × {args.per_sender} messages…", flush=True)
        figures["concurrent"] = concurrent(
            webhook, args.senders, args.per_sender, unique=args.unique, skip=args.messages
        )
        figures["load_after"] = dict(zip(("1min", "5min", "15min"), os.getloadavg(), strict=True))
        if stack:
            figures["memory_mb"] = {name: tree_rss_mb(pid) for name, pid in stack.pids().items()}
    finally:
        if stack:
            stack.stop()
    for name, values in figures.items():
        print(f"{name:>11}: " + ", ".join(f"{k}={v:.2f}" for k, v in values.items()))  # type: ignore[union-attr]
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
