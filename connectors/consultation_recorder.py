"""Writes every exchange with the bot into the consultation register, off the answer path.

:class:`connectors.rasa_client.RasaClient` calls :meth:`ConsultationRecorder.observe` after each
answer; the recorder only puts an :class:`tickets.consultations.Exchange` on a queue, and a
background thread writes queued exchanges in batches (one transaction per batch). The queue is
flushed at interpreter exit (gunicorn's graceful stop, Ctrl-C); a killed process loses at most the
exchanges of the last few milliseconds, never a ticket (tickets are written by the store itself).
A failing database is logged and retried; the firm's answer never waits for it.
"""

from __future__ import annotations

import atexit
import dataclasses
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from connectors.rasa_client import BotMessage
    from tickets.consultations import Exchange
    from tickets.register import ConsultationRegister

log = logging.getLogger(__name__)

#: Exchanges held in memory at most; beyond that new ones are dropped (and logged), never blocking.
MAX_QUEUED = 10_000
#: Exchanges written per transaction at most.
BATCH = 200
#: Attempts to write one batch before it is given up (logged with its conversation ids).
ATTEMPTS = 3
_RETRY_PAUSE_S = 0.5


def exchange_from(sender: str, message: str, replies: Sequence[BotMessage], at: datetime) -> Exchange:
    """The register's view of one message and the bot's replies to it."""
    from tickets.consultations import Exchange

    actions = tuple(reply.action for reply in replies if reply.action)
    policies = tuple(
        str(citation["policy_id"])
        for reply in replies
        for citation in reply.citations
        if isinstance(citation, dict) and citation.get("policy_id")
    )
    ticket = next((str(r.ticket["number"]) for r in replies if r.ticket and r.ticket.get("number")), None)
    return Exchange(
        conversation_id=sender,
        at=at,
        message=message,
        actions=actions,
        policy_ids=policies,
        ticket_number=ticket,
    )


class ConsultationRecorder:
    """A queue and one writer thread in front of :meth:`ConsultationRegister.record`.

    Args:
        open_register: returns the register to write to (called in the writer thread on first use,
            so a database that is down never stops the chat from starting).
        clock: the time an exchange is stamped with.
        topic_of: names the topic of an unmatched question (in the writer thread; default
            :func:`connectors.question_topics.topic_of`).
    """

    def __init__(
        self,
        open_register: Callable[[], ConsultationRegister],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        topic_of: Callable[[str], str] | None = None,
    ) -> None:
        self._open_register = open_register
        self._clock = clock
        self._topic_of = topic_of
        self._queue: queue.Queue[Exchange] = queue.Queue(MAX_QUEUED)
        self._register: ConsultationRegister | None = None
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()
        self._exit_hook = False
        self.written = 0
        self.dropped = 0

    def observe(self, sender: str, message: str, replies: Sequence[BotMessage]) -> None:
        """Queue one exchange (the ``RasaClient`` hook); never raises, never blocks."""
        try:
            self.submit(exchange_from(sender, message, replies, self._clock()))
        except Exception:
            log.exception("咨询登记：无法登记会话 %s 的一条消息", sender)

    def submit(self, exchange: Exchange) -> None:
        """Queue an exchange for writing (dropped, with a log line, when the queue is full)."""
        self._ensure_thread()
        try:
            self._queue.put_nowait(exchange)
        except queue.Full:
            self.dropped += 1
            log.error("咨询登记队列已满，丢弃会话 %s 的一条记录", exchange.conversation_id)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued so far is written (or given up); False on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def _ensure_thread(self) -> None:
        """Start the writer in this process (again after a fork: threads do not survive one)."""
        if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
            return
        with self._lock:
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="consultation-recorder", daemon=True)
            self._thread.start()
            if not self._exit_hook:
                atexit.register(self.flush)
                self._exit_hook = True

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                self._write(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

    def _with_topics(self, batch: list[Exchange]) -> list[Exchange]:
        """Name the topic of each unmatched question (a failure leaves the topic empty, never the batch)."""
        try:
            if self._topic_of is None and any("no_match" in e.actions for e in batch):
                from connectors.question_topics import topic_of

                self._topic_of = topic_of
            return [
                dataclasses.replace(e, topic=self._topic_of(e.message))
                if self._topic_of is not None and "no_match" in e.actions and e.topic is None
                else e
                for e in batch
            ]
        except Exception:
            log.exception("咨询登记：无法归类问题主题")
            return batch

    def _write(self, batch: list[Any]) -> None:
        batch = self._with_topics(batch)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                if self._register is None:
                    self._register = self._open_register()
                self.written += self._register.record(batch)
                return
            except Exception:
                log.exception("咨询登记写入失败（第 %d 次，%d 条）", attempt, len(batch))
                time.sleep(_RETRY_PAUSE_S * attempt)
        self.dropped += len(batch)
        log.error("咨询登记放弃 %d 条记录：%s", len(batch), ", ".join(e.conversation_id for e in batch))
