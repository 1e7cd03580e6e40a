"""The outside systems the actions talk to, created once per process on first use (never at import).

Each getter reads :class:`huiqi.settings.Settings` so that ``HUIQI_INDEX_DIR``, ``HUIQI_ZONES_FILE``
and ``HUIQI_DATABASE_URL`` select another collection with no other change. Tests call
:func:`reset` after changing the environment.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from huiqi.settings import get_settings

if TYPE_CHECKING:
    from policy_index import PolicyIndex
    from policy_index.live import LiveIndex
    from policy_index.zone_scope import ZoneNames
    from tickets import TicketStore, ZoneDirectory


_live: LiveIndex | None = None
_live_lock = threading.Lock()


def get_live_index() -> LiveIndex:
    """Return the served index of ``settings.index_dir`` (loaded once, then reloaded on each new build).

    The index is checked against the corpus of ``settings.corpus_dir`` (as ``/healthz`` does) and its
    own checksums, and read with the zones of ``settings.zones_file`` (a policy whose text alone limits
    it to some zones is served as limited to them, :mod:`policy_index.zone_scope`);
    :class:`policy_index.StaleIndexError` says what is wrong and how to rebuild. A watcher thread swaps
    in a new build every ``settings.index_reload_seconds`` at most.
    """
    global _live
    with _live_lock:
        if _live is None:
            from policy_index.live import LiveIndex

            settings = get_settings()
            _live = LiveIndex(
                settings.index_dir,
                corpus_dir=settings.corpus_dir,
                interval=settings.index_reload_seconds,
                zone_names=zone_names(get_zones()),
            ).start()
        return _live


def zone_names(zones: ZoneDirectory) -> ZoneNames:
    """The district's zone names, aliases, places and own name, as the index reads a policy's text."""
    from policy_index.zone_scope import ZoneNames

    return ZoneNames(zones.zones, zones.aliases, zones.places, zones.district.name)


def get_index() -> PolicyIndex:
    """The policy index to answer one request with (see :func:`get_live_index`)."""
    return get_live_index().current


@lru_cache(maxsize=1)
def get_zones() -> ZoneDirectory:
    """Return the zone directory read from ``settings.zones_file``."""
    from tickets import ZoneDirectory

    return ZoneDirectory.load(get_settings().zones_file)


@lru_cache(maxsize=1)
def get_store() -> TicketStore:
    """Return the ticket store on ``settings.database_url`` (migrated to head on open)."""
    from tickets import TicketStore

    return TicketStore(get_settings().database_url, get_zones())


def reset() -> None:
    """Forget the cached index (stopping its watcher), zones and store (tests, after changing settings)."""
    global _live
    with _live_lock:
        if _live is not None:
            _live.stop()
        _live = None
    for getter in (get_zones, get_store):
        getter.cache_clear()
