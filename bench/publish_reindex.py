"""Publish one changed policy and time it until a running index serves it (issue target: ≤ 10 s).

On a copy of the corpus and of the built index (``make index``): a :class:`policy_index.live.LiveIndex`
watches the index folder as every action server does (``HUIQI_INDEX_RELOAD_SECONDS``, default 2 s).
Each round changes one amount (N万元) in one policy file, as a publish on ``/office/policies`` does,
starts the background re-index exactly as the review page does (:func:`request_reindex`) and waits
until the live index serves the new build and finds the new amount. Round 0 starts the builder cold
(process start-up, encoder, jieba; an index built before this version also keeps no BM25 tokens to
reuse); the later rounds find it warm (``HUIQI_INDEX_BUILDER_WARM_SECONDS``), as an editor publishing
several policies in a session does.

    .venv/bin/python bench/publish_reindex.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from huiqi.settings import get_settings  # noqa: E402
from policy_index.corpus import corpus_hash  # noqa: E402
from policy_index.editorial.reindex import BUILDER_FILE, request_reindex  # noqa: E402
from policy_index.live import LiveIndex  # noqa: E402


def _served(live: LiveIndex, corpus: Path) -> None:
    target = corpus_hash(corpus)
    while live.current.manifest.get("corpus_hash") != target:
        time.sleep(0.05)


def _edit(path: Path, round_no: int) -> str:
    """Raise the first N万元 of ``path`` by ``round_no``; the new amount text."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"(\d+)万元", text)
    assert match, path
    new = f"{int(match[1]) + round_no}万元"
    path.write_text(text.replace(match[0], new, 1), encoding="utf-8")
    return new


def _builder_state(work: Path) -> str | None:
    try:
        return json.loads((work / BUILDER_FILE).read_text(encoding="utf-8")).get("state")
    except (OSError, ValueError):
        return None


def _resident(corpus: Path, index: Path, work: Path) -> subprocess.Popen:
    """Start the builder as make run's ``indexer`` job does and wait until it is loaded (as the
    system's start does: Rasa and the action server take longer)."""
    status = work / "reindex.json"
    command = [sys.executable, "-m", "policy_index.editorial.reindex", "--corpus", str(corpus), "--out",
               str(index), "--status", str(status), "--resident"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    started = time.perf_counter()
    while _builder_state(work) != "warm":
        time.sleep(0.2)
    print(f"resident builder loaded {time.perf_counter() - started:.1f} s after its start")
    return process


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--resident",
        action="store_true",
        help="round 0 as under make run: the resident builder (the indexer job) started with the system",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    with tempfile.TemporaryDirectory(prefix="publish-reindex-") as tmp:
        work = Path(tmp)
        corpus, index = work / "corpus", work / "index"
        shutil.copytree(settings.corpus_dir, corpus)
        shutil.copytree(settings.index_dir, index)
        live = LiveIndex(index, corpus_dir=corpus, interval=settings.index_reload_seconds).start()
        size = f"{len(live.current.policies)} policies, {len(live.current)} clauses"
        files = [
            p for p in sorted(corpus.glob("*.md")) if re.search(r"\d+万元", p.read_text(encoding="utf-8"))
        ]
        totals = []
        builder = _resident(corpus, index, work) if args.resident else None
        for round_no in range(0, args.rounds + 1):  # round 0 starts the builder cold
            path = files[round_no * 7 % len(files)]
            load = os.getloadavg()[0]
            started = time.perf_counter()
            amount = _edit(path, round_no + 1)
            if builder is None or builder.poll() is not None:
                builder = request_reindex(corpus, index, work)
            _served(live, corpus)
            served = time.perf_counter() - started
            hits = live.current.search(f"{amount}", k=30, policy_id=path.stem)["hits"]
            assert any(amount in hit["text"] for hit in hits), (path.stem, amount)
            first = "first after start (resident builder)" if args.resident else "cold (new builder process)"
            kind = first if round_no == 0 else "warm builder"
            if round_no:
                totals.append(served)
            print(f"{size}; round {round_no}: {path.stem} → {amount}, {kind}: served after {served:.1f} s "
                  f"[≤ 10 s] (load average {load:.1f})")  # fmt: skip
        builder.terminate()
        builder.wait(timeout=30)
        live.stop()
        print(f"warm publish → served: median {statistics.median(totals):.1f} s, max {max(totals):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
