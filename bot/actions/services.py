"""The outside systems the actions talk to, created once per process on first use (never at import).

Each getter reads :class:`huiqi.settings.Settings` so that ``HUIQI_INDEX_DIR``, ``HUIQI_ZONES_FILE``
and ``HUIQI_DATABASE_URL`` select another collection with no other change. Tests call
:func:`reset` after changing the environment.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from huiqi.settings import get_settings

if TYPE_CHECKING:
    from policy_index import PolicyIndex
    from tickets import TicketStore, ZoneDirectory


@lru_cache(maxsize=1)
def get_index() -> PolicyIndex:
    """Return the policy index of ``settings.index_dir`` (loaded once per process).

    The index is checked against the corpus of ``settings.corpus_dir`` (as ``/healthz`` does) and its
    own checksums; :class:`policy_index.StaleIndexError` says what is wrong and how to rebuild.
    """
    from policy_index import PolicyIndex

    settings = get_settings()
    return PolicyIndex.load(settings.index_dir, corpus_dir=settings.corpus_dir)


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
    """Forget the cached index, zones and store (used by tests after changing settings)."""
    for getter in (get_index, get_zones, get_store):
        getter.cache_clear()
