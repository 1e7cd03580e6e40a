"""Publish one changed policy and time it until a running index serves it (issue target: ≤ 10 s).

On a copy of the corpus and of the built index (``make index``): a :class:`policy_index.live.LiveIndex`
watches the index folder as every action server does (``HUIQI_INDEX_RELOAD_SECONDS``, default 2 s).
Each round changes one amount (N万元) in one policy file, as a publish on ``/office/policies`` does,
runs the background re-index exactly as the review page starts it (a new process:
``python -m policy_index.editorial.reindex``) and waits until the live index serves the new build and
finds the new amount. One warm-up re-index first (an index built before this version keeps no BM25
tokens to reuse).

    .venv/bin/python bench/publish_reindex.py [--rounds 3]
"""

from __future__ import annotations

import argparse
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
from policy_index.live import LiveIndex  # noqa: E402


def _reindex(corpus: Path, index: Path, work: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "policy_index.editorial.reindex", "--corpus", str(corpus), "--out", str(index),
         "--status", str(work / "status.json")], check=True, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    return time.perf_counter() - started, done.stdout


def _edit(path: Path, round_no: int) -> str:
    """Raise the first N万元 of ``path`` by ``round_no``; the new amount text."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"(\d+)万元", text)
    assert match, path
    new = f"{int(match[1]) + round_no}万元"
    path.write_text(text.replace(match[0], new, 1), encoding="utf-8")
    return new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    settings = get_settings()
    with tempfile.TemporaryDirectory(prefix="publish-reindex-") as tmp:
        work = Path(tmp)
        corpus, index = work / "corpus", work / "index"
        shutil.copytree(settings.corpus_dir, corpus)
        shutil.copytree(settings.index_dir, index)
        (corpus / "JM-2022-001.md").write_text(  # the warm-up: a whitespace-only edit, one re-index
            (corpus / "JM-2022-001.md").read_text(encoding="utf-8") + "\n", encoding="utf-8"
        )
        warm, _ = _reindex(corpus, index, work)
        live = LiveIndex(index, corpus_dir=corpus, interval=settings.index_reload_seconds).start()
        size = f"{len(live.current.policies)} policies, {len(live.current)} clauses"
        print(f"{size}; warm-up re-index {warm:.1f} s")
        files = [
            p for p in sorted(corpus.glob("*.md")) if re.search(r"\d+万元", p.read_text(encoding="utf-8"))
        ]
        totals = []
        for round_no in range(1, args.rounds + 1):
            path = files[round_no * 7 % len(files)]
            load = os.getloadavg()[0]
            started = time.perf_counter()
            amount = _edit(path, round_no)
            seconds, log = _reindex(corpus, index, work)
            target = corpus_hash(corpus)
            while live.current.manifest.get("corpus_hash") != target:
                time.sleep(0.05)
            served = time.perf_counter() - started
            hits = live.current.search(f"{amount}", k=30, policy_id=path.stem)["hits"]
            assert any(amount in hit["text"] for hit in hits), (path.stem, amount)
            embedded = re.search(r"嵌入 (\d+) 块", log)
            totals.append(served)
            print(
                f"round {round_no}: {path.stem} → {amount}: re-index process {seconds:.1f} s "
                f"({embedded[1] if embedded else '?'} clause(s) embedded), served after {served:.1f} s "
                f"[≤ 10 s] (load average {load:.1f})"
            )
        live.stop()
        print(f"publish → served: median {statistics.median(totals):.1f} s, max {max(totals):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
