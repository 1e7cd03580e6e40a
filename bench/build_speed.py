"""Index build speed: a whole build against the model's raw encoding time, and a one-policy re-index.

In one run, on the same clauses and the same threads (every core, ``build_threads``):

1. raw encoding — the loaded model encodes every clause text of the corpus (longest first, batches of
   64), nothing else;
2. whole build — ``build_index`` into an empty folder (loads the model, chunks, embeds, FAISS, BM25,
   writes and checks), the ratio to (1) is the issue's target (≤ 1.2×);
3. one-policy re-index — one amount changed in one policy of a copy of the corpus, then
   ``policy-index build`` as an editor runs it (a new process: start-up, model load, only the changed
   clause re-embedded), target ≤ 10 s.

    .venv/bin/python bench/build_speed.py [--corpus data/policies]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policy_index.build import build_index, chunk_corpus  # noqa: E402
from policy_index.corpus import load_corpus  # noqa: E402
from policy_index.embedding_model import build_threads, encode_passages, load_embedder  # noqa: E402
from policy_index.normalize import canonical_text  # noqa: E402


def _edit_one_policy(corpus: Path) -> str:
    """Change the first amount (N万元) of the first policy that has one; return its file name."""
    for path in sorted(corpus.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if match := re.search(r"(\d+)万元", text):
            changed = text.replace(match[0], f"{int(match[1]) + 7}万元", 1)
            path.write_text(changed, encoding="utf-8")
            return path.name
    raise SystemExit("no policy with an amount to change")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "data" / "policies")
    args = parser.parse_args(argv)
    threads = build_threads()
    policies = load_corpus(args.corpus)
    texts = [canonical_text(chunk.index_text(policy.title)) for policy, chunk in chunk_corpus(policies)]
    print(f"{len(policies)} policies, {len(texts)} clauses, {threads} threads, load {os.getloadavg()[0]:.1f}")

    started = time.perf_counter()
    model = load_embedder(threads=threads)
    loaded = time.perf_counter() - started
    ordered = sorted(texts, key=len, reverse=True)
    started = time.perf_counter()
    for start in range(0, len(ordered), 64):
        encode_passages(model, ordered[start : start + 64], batch_size=64)
    raw = time.perf_counter() - started
    del model
    print(
        f"raw encoding:         {raw:6.1f} s  ({len(texts) / raw:.1f} clauses/s; model load {loaded:.1f} s)"
    )

    with tempfile.TemporaryDirectory(prefix="build-speed-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        build_index(args.corpus, work / "index", progress=False, log=lambda _: None)
        whole = time.perf_counter() - started
        print(f"whole build:          {whole:6.1f} s  = {whole / raw:.2f} × raw encoding [≤ 1.2×]")

        shutil.copytree(args.corpus, work / "corpus")
        shutil.copytree(work / "index", work / "index2")
        subprocess.run(  # the index must describe this copy of the corpus first
            [sys.executable, "-m", "policy_index.cli", "build", "--corpus", str(work / "corpus"), "--out",
             str(work / "index2"), "--quiet"], check=True, cwd=ROOT,
        )  # fmt: skip
        edited = _edit_one_policy(work / "corpus")
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "policy_index.cli", "build", "--corpus", str(work / "corpus"), "--out",
             str(work / "index2")], check=True, cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        one = time.perf_counter() - started
        embedded = re.search(r"需要重新嵌入 (\d+) 块", done.stderr)
        count = embedded[1] if embedded else "?"
        print(f"one-policy re-index:  {one:6.1f} s  ({edited}: {count} re-embedded) [≤ 10 s]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
