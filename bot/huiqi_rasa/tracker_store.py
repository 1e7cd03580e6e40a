"""Rasa's SQL tracker store, reading conversations with less work per message.

Same table (``events``), same rows, same PostgreSQL/SQLite URLs as Rasa's ``SQLTrackerStore`` — a
drop-in for ``tracker_store: type: SQL`` (``bot/endpoints.yml``). Differences:

* a conversation is read as its ``data`` column only (no ORM object per event) and its events are
  rebuilt with the cached event-type lookup of :mod:`huiqi_rasa.speedups`;
* on SQLite the database runs in WAL mode with ``synchronous=NORMAL`` (readers do not wait for the
  writer; a commit does not wait for the disk — a power cut can lose the last turns, never corrupt
  the file) and connections are pooled, not reopened per message. PostgreSQL keeps its own settings.

Several Rasa servers may share the database (Redis lock store, docs/operations.md): nothing is cached
between messages, every message reads the conversation from the database.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from huiqi_rasa import speedups
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

speedups.apply()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class HuiqiSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with a lighter read path and WAL on SQLite (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens and closes a SQLite file connection per session (NullPool); closing
            # the last one checkpoints the WAL. Keep connections open in a pool instead (Rasa uses the
            # store from its event-loop thread; check_same_thread=False as SQLAlchemy 2 does).
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(
                url, poolclass=QueuePool, connect_args={"check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.sessionmaker = sessionmaker(bind=self.engine)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        with self.session_scope() as session:
            query = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
            )
            rows = query.with_entities(self.SQLEvent.data).all()
        if not self.domain or not rows:
            return None
        events = [Event.from_parameters(json.loads(data)) for (data,) in rows]
        return DialogueStateTracker.from_events(
            sender_id, [event for event in events if event is not None], self.domain.slots
        )
