"""Structured logs for every process: one JSON object per line, ids attached, personal data masked.

The conversation id (Rasa's sender id: ``web-…`` or ``tel-…``) is the key that ties one firm's
messages together across the web app, the Rasa server's log and the action server. Each request also
gets a request id. Phone numbers in any message are masked (``138****5678``); names are masked by
callers with :func:`mask_name` before they reach a log call.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
conversation_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "conversation_id", default=None
)

# Mainland mobile numbers (optionally +86), and landlines such as 0532-88512345 / 053288512345.
_PHONE_RE = re.compile(
    r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)\d{4}(\d{4})(?!\d)|(?<!\d)(0\d{2,3})-?\d{3,4}(\d{4})(?!\d)"
)

_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def mask_phones(text: str) -> str:
    """Mask every phone number in ``text``, keeping the first three and last four digits."""

    def _mask(match: re.Match[str]) -> str:
        if match.group(1):
            return f"{match.group(1)}****{match.group(2)}"
        return f"{match.group(3)}-****{match.group(4)}"

    return _PHONE_RE.sub(_mask, text)


def mask_name(name: str | None) -> str:
    """Mask a person's or firm's name for logs: ``张三丰`` → ``张**``."""
    if not name:
        return ""
    name = name.strip()
    return name[:1] + "*" * max(len(name) - 1, 1)


class JsonFormatter(logging.Formatter):
    """Format records as JSON lines with time, level, process role, ids and masked message."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": mask_phones(record.getMessage()),
        }
        request_id = request_id_var.get()
        conversation_id = conversation_id_var.get()
        if request_id:
            payload["request_id"] = request_id
        if conversation_id:
            payload["conversation_id"] = conversation_id
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                payload[key] = mask_phones(value) if isinstance(value, str) else value
        if record.exc_info:
            payload["exc"] = mask_phones(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False, default=str)


def configure_logging(service: str, level: int | str = logging.INFO) -> None:
    """Send all logging of this process to stderr as JSON lines tagged with ``service``.

    Safe to call more than once (the handler is replaced, not duplicated).
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_huiqi", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    handler._huiqi = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
