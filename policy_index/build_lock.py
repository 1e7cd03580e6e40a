"""The index folder's build lock: one writer of an index folder at a time, whoever builds it.

``policy-index build`` (``make index``), the re-index a publish on ``/office/policies`` starts and the
warm or resident builder (:mod:`policy_index.editorial.reindex`) all take an exclusive ``flock`` on
``.<index>.build.lock`` beside the index folder before they build, and hold it while they build (a
warm builder: as long as it stays loaded). The holder writes who it is into the lock file, so a
process that finds the folder taken can tell the user whom it waits for.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Literal

__all__ = ["ROLES", "BuildLock", "Holder", "holder", "index_holds", "is_held", "lock_path"]

#: Who builds, in the words of the messages that name the holder.
ROLES: dict[str, str] = {
    "cli": "命令行构建 policy-index build / make index",
    "publish": "发布后的后台重建",
    "warm": "编辑打开审核页时启动的后台构建进程",
    "resident": "make run 的常驻后台构建进程 indexer",
}
#: What :meth:`BuildLock.acquire` found: the lock is ours, the index already holds the corpus, or busy.
Outcome = Literal["acquired", "built", "busy"]
#: Seconds between looks while waiting for the lock.
WAIT_POLL_SECONDS = 2.0
_BEIJING = dt.timezone(dt.timedelta(hours=8))


def lock_path(index_dir: Path) -> Path:
    """The lock file of an index folder (beside it: the folder itself is swapped on every build)."""
    index_dir = Path(index_dir)
    return index_dir.parent / f".{index_dir.name}.build.lock"


@dataclass(frozen=True)
class Holder:
    """The process holding an index folder's lock, as it recorded itself."""

    pid: int
    role: str
    corpus: str
    since: str  # ISO time it took the lock
    state: str = "building"  # building | idle (a warm builder watching the corpus)

    def describe(self) -> str:
        """In Chinese: who, which process, since when (Beijing time), and what it is doing."""
        try:
            since = dt.datetime.fromisoformat(self.since).astimezone(_BEIJING).strftime("%H:%M:%S")
        except ValueError:
            since = "?"
        doing = "正在构建" if self.state == "building" else "空闲，监视政策目录"
        return f"{ROLES.get(self.role, '另一个构建进程')}（进程 {self.pid}，北京时间 {since} 起，{doing}）"


def _try_flock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def is_held(index_dir: Path) -> bool:
    """True when a process holds the index folder's lock (building, or a warm builder watching)."""
    path = lock_path(index_dir)
    if not path.is_file():
        return False
    with path.open("a") as handle:
        if not _try_flock(handle):
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def holder(index_dir: Path) -> Holder | None:
    """Who holds the index folder's lock now (None: nobody)."""
    if not is_held(index_dir):
        return None
    try:
        record = json.loads(lock_path(index_dir).read_text(encoding="utf-8"))
        return Holder(**{k: record[k] for k in ("pid", "role", "corpus", "since", "state") if k in record})
    except (OSError, ValueError, TypeError, KeyError):
        return Holder(pid=0, role="unknown", corpus="", since="")  # a holder that has not written yet


def _built_hash(index_dir: Path) -> str | None:
    from policy_index.manifest import StaleIndexError, read_manifest

    try:
        return read_manifest(index_dir).get("corpus_hash")
    except StaleIndexError:
        return None


def index_holds(index_dir: Path, corpus_dir: Path) -> bool:
    """Whether the index folder's build holds the corpus folder exactly as it is now."""
    from policy_index.corpus import corpus_hash

    return _built_hash(index_dir) == corpus_hash(corpus_dir)


class BuildLock:
    """The build lock of ``index_dir``, taken by a ``role`` (:data:`ROLES`) building ``corpus_dir``.

    Use as a context manager; :meth:`acquire` inside it. Released when the block ends (or the process
    dies: it is an ``flock``).
    """

    def __init__(self, index_dir: Path, role: str, corpus_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self.role = role
        self.corpus_dir = Path(corpus_dir)
        self.held = False
        self._handle: IO[str] | None = None
        self._since = ""

    def __enter__(self) -> BuildLock:
        self.index_dir.parent.mkdir(parents=True, exist_ok=True)
        self._handle = lock_path(self.index_dir).open("a+", encoding="utf-8")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._handle is not None:
            if self.held:
                self._handle.truncate(0)
                fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
        self._handle, self.held = None, False

    def acquire(
        self,
        *,
        wait: bool,
        until_built: bool = True,
        on_wait: Callable[[Holder | None, float], None] | None = None,
        poll: float = WAIT_POLL_SECONDS,
    ) -> Outcome:
        """Take the lock: ``"acquired"``. While another process holds it: ``"built"`` as soon as the
        index holds the corpus as it is now (``until_built``: the holder built this change too, nothing
        is left to do), ``"busy"`` at once unless ``wait``; otherwise wait, calling
        ``on_wait(holder, seconds waited)`` before each pause."""
        assert self._handle is not None, "use BuildLock as a context manager"
        started = time.monotonic()
        while True:
            if _try_flock(self._handle):
                self.held = True
                self._since = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                self.note("building")
                return "acquired"
            if until_built and index_holds(self.index_dir, self.corpus_dir):
                return "built"
            if not wait:
                return "busy"
            if on_wait is not None:
                on_wait(holder(self.index_dir), time.monotonic() - started)
            time.sleep(poll)

    def note(self, state: str) -> None:
        """Record what the holder is doing now (``building`` / ``idle``) for those who wait."""
        if not self.held or self._handle is None:
            return
        record = {
            "pid": os.getpid(),
            "role": self.role,
            "corpus": str(self.corpus_dir),
            "since": self._since,
            "state": state,
        }
        self._handle.seek(0)
        self._handle.truncate(0)
        self._handle.write(json.dumps(record, ensure_ascii=False))
        self._handle.flush()
