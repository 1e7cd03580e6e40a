"""The caller's keypad rating of the hotline's answers (好差评), recorded like the chat's one tap.

The register keys a rating by the call's conversation (``tel-<CallSid>``); when a lawyer has already
answered a ticket of this call, the rating is the ticket's, and 不满意 reopens it for the team.
"""

from __future__ import annotations

import logging

from connectors.services import AppServices

log = logging.getLogger(__name__)

#: Keypad ratings after an answer (``tickets.ratings``: 1 满意, 2 基本满意, 3 不满意).
RATING_KEYS = {"1": "satisfied", "2": "fair", "3": "dissatisfied"}


def rate_call(services: AppServices, sender: str, score: str) -> str | None:
    """Record the rating ``score`` of the call ``sender``; the number of the ticket it reopened, if any.

    A failing store never breaks the call: the failure is logged and the call goes on.
    """
    store = services.store
    try:
        answered = [t for t in store.for_sender(sender) if t.status in ("answered", "closed")]
        if answered:
            rating = store.register.rate_ticket(answered[0].number, score, channel="hotline")
            return answered[0].number if rating.reopened else None
        # a call whose answer another web worker is still writing: the rating waits for it
        store.register.rate_answer(sender, score, channel="hotline")
    except Exception:
        log.exception("来电评价未能记录：%s", sender)
    return None
