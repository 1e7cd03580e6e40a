"""好差评 on the official account: every cited answer ends with the rating question, and a follower's
reply of 满意 / 基本满意 / 不满意 rates the answers of its conversation (``wx-<openid>``), counted with the
chat's and the hotline's (``tickets.register``). "No matching policy" already ends with a question (shall a
lawyer answer?), so it does not ask a second one; a rating word sent after it is still counted."""

from __future__ import annotations

import logging

from connectors.web.services import get_store
from connectors.wechat.relay import sender_id

__all__ = ["ASKS_RATING", "RATE_PROMPT", "rate_reply", "rating_word"]

log = logging.getLogger(__name__)

#: What ends an answer the follower may rate.
RATE_PROMPT = "这个回答对您有帮助吗？请回复“满意”“基本满意”或“不满意”。"
#: Bot actions (``custom.action``) whose answer ends with :data:`RATE_PROMPT`.
ASKS_RATING = frozenset({"answer"})
_WORDS = {"满意": "satisfied", "基本满意": "fair", "不满意": "dissatisfied"}
_TRIM = " 。.!！~～了的"
THANKS = "感谢您的评价！还有问题，随时在这里提问。"
SORRY = "很抱歉没能帮到您。您可以换个说法再问，或回复“找律师”，由您所在片区的律师团队跟进。"
FAILED = "抱歉，评价暂时没有记录成功，请稍后再回复一次。"


def rating_word(text: str) -> str | None:
    """The score a reply gives (``满意`` / ``基本满意！`` / ``不满意。`` …), None for anything else."""
    return _WORDS.get(text.strip().strip(_TRIM).strip())


def rate_reply(openid: str, score: str) -> str:
    """Record the follower's rating ``score`` of its conversation's answers; the reply to send."""
    try:
        get_store().register.rate_answer(sender_id(openid), score, channel="wechat")
    except Exception:  # the follower is told; nothing else breaks
        log.exception("公众号评价未能记录：%s", sender_id(openid))
        return FAILED
    return SORRY if score == "dissatisfied" else THANKS
