"""What a new ticket must look like; every refusal names the field and says why in Chinese."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from tickets.errors import TicketValidationError

#: Longest question accepted. Longer ones are refused (not cut): the firm is told to shorten it or
#: to attach documents at the service window; a silently truncated question would be worse.
QUESTION_MAX_CHARS = 4000
FIRM_NAME_MAX_CHARS = 200
CONTACT_NAME_MAX_CHARS = 100
SENDER_ID_MAX_CHARS = 200
TRANSCRIPT_MAX_TURNS = 500
#: Upper bound of transcript + citations as JSON text (a runaway client should not fill the disk).
ATTACHMENTS_MAX_CHARS = 1_000_000
TURN_ROLES = ("firm", "bot")
_PHONE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


@dataclass
class NewTicket:
    """What the bot, a channel or a service window hands over to become a ticket.

    ``zone`` may be an alias or a place the zones file knows; it is stored as the canonical zone.
    ``transcript`` is ``[{"role": "firm"|"bot", "text": str, "at": str}]``; ``citations`` are the
    policy hits the bot showed (dicts as returned by ``PolicyIndex.search``).
    """

    channel: str
    firm_name: str
    contact_name: str
    phone: str
    zone: str
    category: str
    question: str
    transcript: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    sender_id: str | None = None


def normalize_phone(raw: str) -> str:
    """Return a Chinese mobile or landline number in E.164 (``+8613800000101``).

    Raises:
        TicketValidationError: field ``phone``, when empty or not a valid Chinese number.
    """
    raw = (raw or "").strip()
    if not raw:
        raise TicketValidationError("phone", "请留下联系电话（手机号或带区号的固定电话），律师需要联系您。")
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or phonenumbers.region_code_for_number(number) != "CN"
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in _PHONE_TYPES
    ):
        raise TicketValidationError(
            "phone",
            f"联系电话“{raw[:40]}”无效：请填写 11 位手机号，或带区号的固定电话（如 0532-88512345）。",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """A stored E.164 number as Chinese readers write it (``138 0000 0101``, ``0532 8851 2345``)."""
    try:
        return phonenumbers.format_number(
            phonenumbers.parse(e164, "CN"), phonenumbers.PhoneNumberFormat.NATIONAL
        )
    except phonenumbers.NumberParseException:
        return e164


def clean_text(value: Any, field_name: str, label: str, max_chars: int) -> str:
    """Strip a required text field and check its length; the text is otherwise kept verbatim.

    Raises:
        TicketValidationError: empty, too long, or containing NUL characters.
    """
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise TicketValidationError(field_name, f"请填写{label}。")
    if len(text) > max_chars:
        raise TicketValidationError(
            field_name, f"{label}过长（{len(text)} 字），请精简到 {max_chars} 字以内，详细材料可在窗口提交。"
        )
    if "\x00" in text:
        raise TicketValidationError(field_name, f"{label}中含有无法识别的控制字符，请重新输入。")
    return text


def check_choice(value: Any, field_name: str, label: str, choices: tuple[str, ...]) -> str:
    """Check ``value`` is one of ``choices``.

    Raises:
        TicketValidationError: not one of them (the message lists them).
    """
    if value not in choices:
        raise TicketValidationError(field_name, f"{label}“{value}”无效，应为：{'、'.join(choices)}。")
    return value


def check_transcript(turns: Any) -> list[dict[str, Any]]:
    """Check the conversation transcript's shape; returns a JSON-safe copy.

    Raises:
        TicketValidationError: field ``transcript``.
    """
    if turns is None:
        return []
    if not isinstance(turns, list) or len(turns) > TRANSCRIPT_MAX_TURNS:
        raise TicketValidationError("transcript", f"对话记录应为不超过 {TRANSCRIPT_MAX_TURNS} 条的列表。")
    for turn in turns:
        if (
            not isinstance(turn, dict)
            or turn.get("role") not in TURN_ROLES
            or not isinstance(turn.get("text"), str)
        ):
            raise TicketValidationError("transcript", "对话记录的每一条都需要 role（firm 或 bot）和 text。")
    return _json_copy(turns, "transcript", "对话记录")


def check_citations(citations: Any) -> list[dict[str, Any]]:
    """Check the cited policy clauses are a list of dicts; returns a JSON-safe copy.

    Raises:
        TicketValidationError: field ``citations``.
    """
    if citations is None:
        return []
    if not isinstance(citations, list) or not all(isinstance(c, dict) for c in citations):
        raise TicketValidationError("citations", "引用的政策条款应为列表，每一项是一条条款信息。")
    return _json_copy(citations, "citations", "引用的政策条款")


def _json_copy(value: list[dict[str, Any]], field_name: str, label: str) -> list[dict[str, Any]]:
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError) as exc:
        raise TicketValidationError(field_name, f"{label}无法保存（格式有误）。") from exc
    if len(text) > ATTACHMENTS_MAX_CHARS:
        raise TicketValidationError(field_name, f"{label}过长，无法保存。")
    return json.loads(text)
