"""Put a follower's message into the Rasa conversation and answer within WeChat's 5-second limit.

WeChat waits 5 seconds for the passive reply (then retries, three times in all). The relay waits for
Rasa up to a budget (``HUIQI_WECHAT_REPLY_SECONDS``, 4 s); an answer that comes later is sent through
the customer-service message API instead, and the passive reply is empty (WeChat shows nothing).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from connectors.rasa_client import BotMessage, RasaClient, RasaUnavailable
from connectors.wechat.outbound import WeChatSender, WeChatSendError

__all__ = ["WeChatRelay", "sender_id"]

log = logging.getLogger(__name__)

#: Message ids remembered to drop WeChat's retries of a message already being answered.
_SEEN_LIMIT = 2048


def sender_id(openid: str) -> str:
    """The Rasa sender id of a follower (channel prefix, as ``web-`` and ``tel-``)."""
    return f"wx-{openid}"


class WeChatRelay:
    """Send text to Rasa for one follower; return the rendered answer, or ``None`` if it went out late.

    Args:
        rasa: The Rasa REST client shared with the web chat.
        sender: Outbound API for late answers.
        render: Turns Rasa's messages into the text WeChat shows.
        budget: Seconds to wait before answering through the customer-service API instead.
        unavailable: The text sent when Rasa is down (the hotline).
    """

    def __init__(
        self,
        rasa: RasaClient,
        sender: WeChatSender,
        render: Callable[[list[BotMessage]], str],
        budget: float,
        unavailable: str,
        workers: int = 8,
    ) -> None:
        self.rasa = rasa
        self.sender = sender
        self.render = render
        self.budget = budget
        self.unavailable = unavailable
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wechat")
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._seen_lock = threading.Lock()

    def first_time(self, msg_id: str | None) -> bool:
        """False for a message id already received (WeChat's retry after a slow answer)."""
        if not msg_id:
            return True
        with self._seen_lock:
            if msg_id in self._seen:
                return False
            self._seen[msg_id] = None
            if len(self._seen) > _SEEN_LIMIT:
                self._seen.popitem(last=False)
        return True

    def _answer(self, openid: str, text: str) -> str:
        try:
            replies = self.rasa.send(sender_id(openid), text)
        except RasaUnavailable as exc:
            log.warning("wechat: Rasa unavailable for %s: %s", sender_id(openid), exc)
            return self.unavailable
        return self.render(replies) or "抱歉，我没有完全理解。您可以换个说法再问，或回复“找律师”。"

    def _send_late(self, openid: str, future: Future[str]) -> None:
        try:
            text = future.result()
        except Exception:  # an unexpected failure still gets the firm an answer
            log.exception("wechat: answering %s failed", sender_id(openid))
            text = self.unavailable
        try:
            self.sender.send_text(openid, text)
        except WeChatSendError:
            log.exception("wechat: customer-service message to %s failed", sender_id(openid))

    def ask(self, openid: str, text: str) -> str | None:
        """The answer if Rasa gives it within the budget; otherwise ``None`` (sent later)."""
        future = self._pool.submit(self._answer, openid, text)
        try:
            return future.result(timeout=self.budget)
        except FutureTimeout:
            log.info(
                "wechat: answer for %s later than %.1f s, customer-service API",
                sender_id(openid),
                self.budget,
            )
            future.add_done_callback(lambda done: self._send_late(openid, done))
            return None

    def close(self) -> None:
        """Finish pending answers and stop the worker threads."""
        self._pool.shutdown(wait=True)
