"""``LiveIndex``: the index a server answers from, swapped for a newer build without a restart.

A watcher thread looks at the index folder's ``manifest.json`` every few seconds. ``policy-index
build`` (``make index``) assembles a new folder beside the old one and renames it into place, so a new
manifest means a complete new build: it is loaded in the background (checked against the corpus and
its own checksums, sharing the already-loaded embedding model) and swapped in with one reference
assignment. A request holds the index it started with until it finishes, so none fails or sees half
an index; a build that does not load (stale, corrupt) is logged and the old index keeps serving.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from policy_index.index import PolicyIndex
from policy_index.manifest import MANIFEST_NAME, StaleIndexError
from policy_index.zone_scope import ZoneNames

__all__ = ["LiveIndex", "index_version"]

logger = logging.getLogger("policy_index.live")


def index_version(manifest: dict) -> str:
    """A short, human-readable version of a build: when it was built and which corpus it holds."""
    return f"{manifest.get('built_at', '?')}·{str(manifest.get('corpus_hash', ''))[:12]}"


def _stamp(folder: Path) -> tuple[int, int, int] | None:
    try:
        stat = (folder / MANIFEST_NAME).stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


class LiveIndex:
    """The current :class:`PolicyIndex` of a folder, reloaded when a new build lands there.

    Args:
        folder: the index folder.
        corpus_dir: the corpus a new build must match (``None``: the one recorded in the build).
        interval: seconds between looks at the folder (0: never reload).
        zone_names: the district's zones, for policies limited to some of them only in their text
            (every build loaded is read with them; see :mod:`policy_index.zone_scope`).
    """

    def __init__(
        self,
        folder: Path,
        *,
        corpus_dir: Path | None,
        interval: float,
        zone_names: ZoneNames | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.corpus_dir = corpus_dir
        self.interval = interval
        self.zone_names = zone_names
        self._stamp = _stamp(self.folder)
        self._index = PolicyIndex.load(self.folder, corpus_dir=corpus_dir, zone_names=zone_names)
        self.loaded_at = time.time()
        self._refused: tuple[int, int, int] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def current(self) -> PolicyIndex:
        """The index to answer one request with (keep the reference for the whole request)."""
        return self._index

    def status(self) -> dict:
        """What is served: version, build time, counts, when it was loaded (for health endpoints)."""
        index = self._index
        return {
            "version": index_version(index.manifest),
            "built_at": index.manifest.get("built_at"),
            "policies": len(index.policies),
            "chunks": len(index),
            "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(self.loaded_at)),
        }

    def refresh(self) -> bool:
        """Load and swap in a new build if one landed since the last look; True when swapped."""
        with self._lock:
            stamp = _stamp(self.folder)
            if stamp is None or stamp == self._stamp or stamp == self._refused:
                return False
            started = time.perf_counter()
            try:
                embedder = self._index.embedder
                fresh = PolicyIndex.load(
                    self.folder, corpus_dir=self.corpus_dir, embedder=embedder, zone_names=self.zone_names
                )
            except (StaleIndexError, OSError) as exc:
                if _stamp(self.folder) == stamp:  # not a build caught mid-rename: remember the refusal
                    self._refused = stamp
                    logger.warning("新索引未能加载，继续使用当前索引：%s", exc)
                return False
            old = index_version(self._index.manifest)
            self._index, self._stamp, self.loaded_at = fresh, stamp, time.time()
            logger.info(
                "已切换到新索引 %s（原 %s，%d 个条款分块，加载 %.1f 秒）",
                index_version(fresh.manifest),
                old,
                len(fresh),
                time.perf_counter() - started,
            )
            return True

    def start(self) -> LiveIndex:
        """Start the watcher thread (no-op when ``interval`` is 0 or it already runs)."""
        if self.interval > 0 and self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="index-reload", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the watcher thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.refresh()
            except Exception:  # never let the watcher die: the next look tries again
                logger.exception("检查新索引时出错")
