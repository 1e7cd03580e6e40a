"""Checks on what firms send to the chat API, with the Chinese message each refusal shows."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

#: A sender id: letters, digits and ``-_.:``; the web channel prefixes ``web-`` (see docs/interfaces.md).
SENDER_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")


class InputError(ValueError):
    """A refused request: HTTP ``status`` and the Chinese ``message`` shown to the firm."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def parse_json_body(raw: bytes) -> dict[str, Any]:
    """Decode a request body that must be a UTF-8 JSON object.

    Raises:
        InputError: 400 for binary data, invalid UTF-8, invalid JSON or a non-object.
    """
    if not raw:
        raise InputError(400, "请求内容为空，请输入您的问题。")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(400, "内容不是有效的 UTF-8 文字，请检查后重新发送。") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(400, "请求格式不正确：应为 JSON。") from exc
    if not isinstance(data, dict):
        raise InputError(400, "请求格式不正确：应为 JSON 对象。")
    return data


def has_control_chars(text: str) -> bool:
    """True when ``text`` holds control characters other than tab and newlines (binary noise)."""
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text)


def clean_text(value: Any, *, field: str, max_chars: int, required: bool = True) -> str:
    """Validate one free-text field and return it stripped.

    Raises:
        InputError: 400 when missing, empty or binary; 413 when longer than ``max_chars``.
    """
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise InputError(400, f"{field}应为文字。")
    text = value.strip()
    if not text:
        if required:
            raise InputError(400, f"{field}不能为空。")
        return ""
    if has_control_chars(text):
        raise InputError(400, f"{field}包含无法识别的字符，请重新输入。")
    if len(text) > max_chars:
        raise InputError(413, f"{field}太长了（最多 {max_chars} 字），请精简后再发送。")
    return text


def clean_sender(value: Any) -> str:
    """Validate a web sender id and give it the ``web-`` channel prefix.

    Raises:
        InputError: 400 when missing or malformed.
    """
    if not isinstance(value, str) or not SENDER_RE.match(value):
        raise InputError(400, "缺少有效的会话编号（sender），请刷新页面后重试。")
    return value if value.startswith("web-") else f"web-{value}"


def parse_chat(raw: bytes, max_chars: int) -> tuple[str, str]:
    """Parse a ``POST /api/chat`` body into ``(sender, message)``.

    Raises:
        InputError: with the status and message the API answers.
    """
    data = parse_json_body(raw)
    message = data.get("message")
    if message is None or (isinstance(message, str) and not message.strip()):
        raise InputError(400, "请输入您的问题后再发送。")
    text = clean_text(message, field="问题", max_chars=max_chars)
    return clean_sender(data.get("sender")), text
