"""Satisfaction ratings (好差评): a firm rates an answer of the bot or a ticket a lawyer handled.

Three scores, stored under stable English keys; pages show the Chinese labels. A rating is tied to
the consultation (conversation id) and, when there is one, to its ticket, whose team and lawyer it
then counts for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tickets.errors import TicketValidationError

#: Score keys, best first.
SCORES: tuple[str, ...] = ("satisfied", "fair", "dissatisfied")
SCORE_LABELS: dict[str, str] = {"satisfied": "满意", "fair": "基本满意", "dissatisfied": "不满意"}
#: What a firm may type or press for each score (labels, keys, hotline keypad digits 1–3).
_SCORE_WORDS: dict[str, str] = {
    **{key: key for key in SCORES},
    **{label: key for key, label in SCORE_LABELS.items()},
    "1": "satisfied",
    "2": "fair",
    "3": "dissatisfied",
}
COMMENT_MAX_CHARS = 500


def parse_score(value: object) -> str:
    """The score key for ``value`` (``满意`` / ``satisfied`` / ``1`` …).

    Raises:
        TicketValidationError: anything else (field ``score``).
    """
    key = _SCORE_WORDS.get(str(value).strip()) if isinstance(value, str | int) else None
    if key is None:
        raise TicketValidationError("score", "请选择“满意”“基本满意”或“不满意”。")
    return key


def clean_comment(value: object) -> str | None:
    """The optional comment, trimmed; None when empty.

    Raises:
        TicketValidationError: not text, or longer than 500 characters (field ``comment``).
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise TicketValidationError("comment", "评价内容必须是文字。")
    text = value.strip()
    if len(text) > COMMENT_MAX_CHARS:
        raise TicketValidationError("comment", f"评价内容请控制在 {COMMENT_MAX_CHARS} 字以内。")
    return text or None


@dataclass(frozen=True)
class Rating:
    """A stored rating, as the store hands it out."""

    id: int
    score: str
    comment: str | None
    channel: str
    conversation_id: str | None
    ticket_number: str | None
    team_id: str | None
    lawyer_login: str | None
    created_at: datetime
    reopened: bool = False  # 不满意 reopened the ticket
    pending: bool = False  # kept until its conversation is written to the register (another worker)

    @property
    def label(self) -> str:
        """The score in Chinese (满意 / 基本满意 / 不满意)."""
        return SCORE_LABELS[self.score]
