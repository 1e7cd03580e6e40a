"""Re-index after a publish, in the background: ``python -m policy_index.editorial.reindex``.

The web process only writes corpus files; :func:`request_reindex` starts this module as its own
process, which takes the index folder's build lock (:mod:`policy_index.build_lock`: one builder at a time,
whoever asked — ``policy-index build`` / ``make index`` takes the same lock), builds
incrementally (:func:`policy_index.build.build_index`: only changed clauses are embedded) whenever the
corpus differs from the index, and records each outcome in a small JSON file that the review page
shows. It then stays loaded for ``HUIQI_INDEX_BUILDER_WARM_SECONDS`` (default 600), so the next publish
is built without process start-up, encoder or dictionary loading. Under ``make run`` one builder is
resident from the start (``--resident``, the supervised ``indexer`` job of :func:`huiqi.supervise.jobs`):
even the first publish after a start is built warm. The running action servers pick each new build
up by themselves (:mod:`policy_index.live`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policy_index.build_lock import ROLES, BuildLock, Holder, index_holds, is_held
from policy_index.importer.writer import write_atomic

__all__ = [
    "BUILDER_FILE",
    "STATUS_FILE",
    "builder_running",
    "prewarm",
    "read_status",
    "request_reindex",
    "run",
]

STATUS_FILE = "reindex.json"
#: Beside the status: the warm builder's own state ``{"pid", "state": "warm"|"stopped", "at"}``.
BUILDER_FILE = "builder.json"
#: Seconds between a warm builder's looks at the corpus folder.
POLL_SECONDS = 0.5


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


def builder_running(index_dir: Path) -> bool:
    """True when a builder holds the index folder's lock (building, or warm and watching)."""
    return is_held(index_dir)


_prewarmed: subprocess.Popen | None = None


def prewarm(corpus_dir: Path, index_dir: Path, work_dir: Path) -> subprocess.Popen | None:
    """Start a warm builder (loaded, watching) unless one runs or this process started one that is
    still alive: an editor opening the review page gets the first publish built as fast as the next."""
    global _prewarmed
    if (_prewarmed is not None and _prewarmed.poll() is None) or builder_running(index_dir):
        return None
    _prewarmed = _spawn(corpus_dir, index_dir, Path(work_dir), "--warm-start")
    return _prewarmed


def request_reindex(corpus_dir: Path, index_dir: Path, work_dir: Path) -> subprocess.Popen:
    """Start a background re-index of ``corpus_dir`` into ``index_dir`` and return at once (the process:
    it may wait for a warm builder that is already running, which then builds the change itself)."""
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    _write_status(work_dir / STATUS_FILE, state="queued", requested=_now())
    return _spawn(corpus_dir, index_dir, work_dir)


def _spawn(corpus_dir: Path, index_dir: Path, work_dir: Path, *flags: str) -> subprocess.Popen:
    from huiqi.settings import PROJECT_ROOT

    work_dir.mkdir(parents=True, exist_ok=True)
    status = work_dir / STATUS_FILE
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
        *flags,
    ]
    with (work_dir / "reindex.log").open("ab") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    threading.Thread(target=process.wait, name="reindex-reaper", daemon=True).start()
    return process


def _stamp(corpus_dir: Path) -> tuple:
    """Names, sizes and modification times of the policy files: cheap to poll, changes on any edit."""
    from policy_index.corpus import policy_files

    return tuple((p.name, (st := p.stat()).st_mtime_ns, st.st_size) for p in policy_files(corpus_dir))


def run(
    corpus_dir: Path,
    index_dir: Path,
    status: Path,
    warm_seconds: float | None = None,
    warm_start: bool = False,
) -> int:
    """Build whenever the corpus differs from the index; record each outcome in ``status``.

    After a build the process stays loaded (encoder, jieba, imports) for ``warm_seconds``
    (``HUIQI_INDEX_BUILDER_WARM_SECONDS``) and builds again as soon as the corpus changes: a warm
    re-index costs about the real work. Only one builder runs (the index folder's build lock, which
    ``policy-index build`` takes too); a publish's process started while another holds it waits — and
    exits as soon as the index holds its change (the warm one built it); the resident one waits for
    the folder; a warm start beside another builder exits at once. ``<status folder>/builder.json``
    says whether a builder is loaded (``warm``).
    ``warm_start``: load the encoder and the dictionary first and watch even before any build.
    """
    role = "resident" if math.isinf(warm_seconds or 0) else "warm" if warm_start else "publish"
    with BuildLock(index_dir, role, corpus_dir) as lock:
        # a publish waits for the builder there (and leaves as soon as that one built its change); a
        # warm start is not needed beside another builder; the resident one waits for the folder
        found = lock.acquire(
            wait=role != "warm",
            until_built=role == "publish",
            on_wait=_queued_behind(status) if role == "publish" else None,
        )
        if found != "acquired":
            return 0  # another builder is there (warm and watching), or it built this change already
        from huiqi.settings import get_settings
        from policy_index.build import load_build_encoder
        from policy_index.embedding_model import default_model_dir

        settings = get_settings()
        warm = settings.index_builder_warm_seconds if warm_seconds is None else warm_seconds
        encoder = None
        idle_since: float | None = None  # None: nothing built yet by this process
        if warm_start:
            from policy_index.normalize import tokenizer

            encoder = load_build_encoder(default_model_dir())
            tokenizer()
            idle_since = time.monotonic()
        builder = status.parent / BUILDER_FILE
        _write_status(builder, pid=os.getpid(), state="warm", at=_now())
        try:
            return _watch(lock, corpus_dir, index_dir, status, warm, encoder, idle_since)
        finally:
            _write_status(builder, pid=os.getpid(), state="stopped", at=_now())


def _queued_behind(status: Path) -> Callable[[Holder | None, float], None]:
    """``on_wait`` of a publish's re-index: while a command-line build (``make index``) holds the
    folder, the review page says the re-index waits for it (a warm builder needs no mention)."""
    said: list[int] = []

    def note(holder: Holder | None, _waited: float) -> None:
        if holder is not None and holder.role == "cli" and holder.pid not in said:
            said.append(holder.pid)
            waiting = f"{ROLES['cli']}，进程 {holder.pid}"
            _write_status(status, state="queued", requested=_now(), waiting_for=waiting)

    return note


def _watch(
    lock: BuildLock,
    corpus_dir: Path,
    index_dir: Path,
    status: Path,
    warm: float,
    encoder: Any,
    idle_since: float | None,
) -> int:
    """Build whenever the corpus differs from the index (the lock held); stay loaded ``warm`` seconds
    after the last build, and exit with the web process that started it."""
    from huiqi.settings import get_settings
    from policy_index.build import build_index, load_build_encoder
    from policy_index.embedding_model import default_model_dir

    parent = os.getppid()  # a warm builder outlives no web process (make run stopped: it exits too)
    seen: tuple | None = None
    while True:
        try:
            stamp = _stamp(corpus_dir)
        except OSError:  # the corpus folder is gone
            return 0
        if stamp == seen or index_holds(index_dir, corpus_dir):
            seen = stamp
            if idle_since is None or time.monotonic() - idle_since > warm or os.getppid() != parent:
                return 0  # nothing to build: done, idle long enough, or the web process is gone
            time.sleep(POLL_SECONDS)
            continue
        started = time.perf_counter()
        lock.note("building")
        _write_status(status, state="running", started=_now())
        try:
            encoder = encoder or load_build_encoder(default_model_dir())
            result = build_index(
                corpus_dir,
                index_dir,
                reranker_dir=get_settings().reranker_dir,
                embedder=encoder,
                progress=False,
            )
        except Exception as exc:  # the page shows it; the old index keeps serving
            _write_status(status, state="failed", finished=_now(), error=str(exc)[:2000])
            raise
        print(f"{_now()} 重建索引：嵌入 {result['embedded']} 块，{result['seconds']} 秒", flush=True)
        _write_status(
            status,
            state="done",
            pid=os.getpid(),
            finished=_now(),
            seconds=round(time.perf_counter() - started, 1),
            built_at=result.get("built_at"),
            corpus_hash=result.get("corpus_hash"),
        )
        lock.note("idle")
        seen, idle_since = None, time.monotonic()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="发布后在后台重建政策索引")
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--status", type=Path, required=True)
    parser.add_argument("--warm-start", action="store_true", help="先加载模型和词典，等待发布")
    parser.add_argument(
        "--resident",
        action="store_true",
        help="常驻（make run 的 indexer）：先加载，一直等待发布，不因空闲退出",
    )
    args = parser.parse_args(argv)
    return run(
        args.corpus.resolve(),
        args.out.resolve(),
        args.status,
        warm_seconds=math.inf if args.resident else None,
        warm_start=args.warm_start or args.resident,
    )


if __name__ == "__main__":
    sys.exit(main())
