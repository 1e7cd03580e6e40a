"""A notifier that records messages instead of sending them (local mode and tests)."""

from __future__ import annotations

import json
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from connectors.notify.base import NotifyError, clip_body

_lock = threading.Lock()


class RecordingNotifier:
    """Append every SMS as one JSON line to a file, so people and tests can read what was sent.

    Args:
        path: The outbox file, e.g. ``var/outbox.jsonl``; created on first use.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def send_sms(self, to: str, body: str) -> str:
        """Record the message and return its id (``fake-<uuid>``)."""
        if not to.strip():
            raise NotifyError("没有收件号码")
        message_id = f"fake-{uuid.uuid4().hex[:12]}"
        record = {
            "id": message_id,
            "to": to,
            "body": clip_body(body),
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with _lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        return message_id

    def sent(self) -> list[dict[str, Any]]:
        """Every message recorded so far, oldest first."""
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
