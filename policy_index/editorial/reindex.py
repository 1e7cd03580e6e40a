"""Re-index after a publish, in the background: ``python -m policy_index.editorial.reindex``.

The web process only writes corpus files; :func:`request_reindex` starts this module as its own
process, which takes a lock on the index folder (one build at a time, whoever asked), builds
incrementally (:func:`policy_index.build.build_index`: only changed clauses are embedded) until the
index matches the corpus as it is now (a publish during the build gets its own pass), and records its
state in a small JSON file that the review page shows. The running action servers pick the new build
up by themselves (:mod:`policy_index.live`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from policy_index.importer.writer import write_atomic

__all__ = ["STATUS_FILE", "read_status", "request_reindex", "run"]

STATUS_FILE = "reindex.json"
#: Passes one run makes at most (each catches publishes made during the previous one).
MAX_PASSES = 5


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def read_status(work_dir: Path) -> dict:
    """The last re-index's state: ``{"state": "running"|"done"|"failed", ...}`` (empty: none yet)."""
    try:
        return json.loads((Path(work_dir) / STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_status(path: Path, **status: object) -> None:
    write_atomic(path, json.dumps(status, ensure_ascii=False))


def request_reindex(corpus_dir: Path, index_dir: Path, work_dir: Path) -> None:
    """Start a background re-index of ``corpus_dir`` into ``index_dir`` and return at once."""
    from huiqi.settings import PROJECT_ROOT

    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    status = work_dir / STATUS_FILE
    _write_status(status, state="queued", requested=_now())
    command = [
        sys.executable,
        "-m",
        "policy_index.editorial.reindex",
        "--corpus",
        str(corpus_dir),
        "--out",
        str(index_dir),
        "--status",
        str(status),
    ]
    with (work_dir / "reindex.log").open("ab") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    threading.Thread(target=process.wait, name="reindex-reaper", daemon=True).start()


def run(corpus_dir: Path, index_dir: Path, status: Path) -> int:
    """Build until the index matches the corpus; record the outcome in ``status``. Returns an exit code."""
    from huiqi.settings import get_settings
    from policy_index.build import build_index
    from policy_index.corpus import corpus_hash
    from policy_index.manifest import StaleIndexError, read_manifest

    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with (index_dir.parent / f".{index_dir.name}.build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = time.perf_counter()
        try:
            for _ in range(MAX_PASSES):
                try:
                    built = read_manifest(index_dir).get("corpus_hash")
                except StaleIndexError:
                    built = None
                if built == corpus_hash(corpus_dir):
                    break
                _write_status(status, state="running", started=_now())
                result = build_index(
                    corpus_dir, index_dir, reranker_dir=get_settings().reranker_dir, progress=False
                )
                print(f"{_now()} 重建索引：嵌入 {result['embedded']} 块，{result['seconds']} 秒", flush=True)
        except Exception as exc:  # the page shows it; the old index keeps serving
            _write_status(status, state="failed", finished=_now(), error=str(exc)[:2000])
            raise
        manifest = read_manifest(index_dir)
        _write_status(
            status,
            state="done",
            finished=_now(),
            seconds=round(time.perf_counter() - started, 1),
            built_at=manifest.get("built_at"),
            corpus_hash=manifest.get("corpus_hash"),
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="发布后在后台重建政策索引")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--status", type=Path, required=True)
    args = parser.parse_args(argv)
    return run(args.corpus.resolve(), args.out.resolve(), args.status)


if __name__ == "__main__":
    sys.exit(main())
