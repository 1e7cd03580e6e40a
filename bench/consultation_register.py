"""What the consultation register costs: on the answer path, in the background, and when counting.

Prints (1) the time ``ConsultationRecorder.observe`` takes on the thread that answers the firm and
how fast the background writer drains the queue, (2) what a synchronous write per message would
cost instead, (3) ``huiqi report consultations`` over a year of a district at ten times the
reference volume (``--consultations``, default 40,000). SQLite by default; ``--database-url`` for
PostgreSQL. Usage: ``python bench/consultation_register.py [--messages 5000]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from connectors.consultation_recorder import ConsultationRecorder  # noqa: E402
from connectors.rasa_client import BotMessage  # noqa: E402
from tickets import TicketStore, ZoneDirectory  # noqa: E402
from tickets.consultations import Exchange  # noqa: E402

#: (actions of one exchange, weight): roughly what the chat sees.
MIX = [(("answer",), 60), (("no_match",), 15), (("ask_zone",), 5), ((), 20)]
SENDERS = ["web-", "web-", "web-", "tel-", "wechat-"]
#: Topics given to the synthetic unmatched questions.
TOPICS = ["跨境电商", "购置税", "宠物医院", "个税", "碳排放", "外籍人才", "直播带货", "民宿"]


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"p50 {statistics.median(ordered) * 1000:.3f} ms / p95 {p95 * 1000:.3f} ms"


def synthetic_year(store: TicketStore, count: int, year: int, seed: int = 14) -> None:
    """Fill the register with ``count`` conversations spread over ``year`` (one batch per 2,000)."""
    rng = random.Random(seed)
    start = datetime(year, 1, 1, tzinfo=UTC)
    actions = [a for a, w in MIX for _ in range(w)]
    batch: list[Exchange] = []
    for i in range(count):
        at = start + timedelta(seconds=rng.randrange(365 * 24 * 3600))
        sender = f"{rng.choice(SENDERS)}{i:08d}"
        acts = rng.choice(actions)
        topic = rng.choice(TOPICS) if "no_match" in acts else None
        batch.append(Exchange(sender, at, f"问题{i % 97}", acts, ("JM-2023-014",), topic=topic))
        if len(batch) == 2000:
            store.register.record(batch)
            batch = []
    store.register.record(batch)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--consultations", type=int, default=40_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    zones = ZoneDirectory.load(ROOT / "data" / "zones.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/huiqi.db"
        store = TicketStore(url, zones)
        replies = [BotMessage(text="……", citations=[{"policy_id": "JM-2023-014"}], action="answer")]

        recorder = ConsultationRecorder(lambda: store.register)
        recorder.observe("web-warmup", "你好", replies)
        recorder.flush(30)
        on_path: list[float] = []
        started = time.perf_counter()
        for i in range(args.messages):
            t = time.perf_counter()
            recorder.observe(f"web-bench{i % 500:04d}", "稳岗返还怎么申请", replies)
            on_path.append(time.perf_counter() - t)
        recorder.flush(120)
        drained = time.perf_counter() - started
        print(f"observe() on the answer path, {args.messages} messages: {_ms(on_path)}")
        print(
            f"background writer: all {recorder.written - 1} written in {drained:.2f} s "
            f"({(recorder.written - 1) / drained:.0f} messages/s), dropped {recorder.dropped}"
        )

        sync: list[float] = []
        for i in range(200):
            t = time.perf_counter()
            store.register.record([Exchange(f"web-sync{i}", datetime.now(UTC), "稳岗返还", ("answer",))])
            sync.append(time.perf_counter() - t)
        print(f"a synchronous write per message instead (200 messages): {_ms(sync)}")

        t = time.perf_counter()
        synthetic_year(store, args.consultations, 2025)
        print(f"filled {args.consultations} consultations over 2025 in {time.perf_counter() - t:.1f} s")
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            figures = store.register.report(date(2025, 1, 1), date(2025, 12, 31))
            runs.append(time.perf_counter() - t)
        print(f"report for 2025 ({figures['total']} consultations): {_ms(runs)} (5 runs)")
        store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
