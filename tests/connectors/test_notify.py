"""Outbound SMS: the recording fake keeps every message; settings pick the provider."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from connectors.notify import RecordingNotifier, TwilioNotifier, get_notifier
from connectors.notify.base import MAX_SMS_CHARS, NotifyError
from huiqi.settings import Settings


def test_recording_notifier_appends_json_lines(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox.jsonl"
    notifier = RecordingNotifier(outbox)
    first = notifier.send_sms("13812345678", "您的工单 HQ-20261129-0001 已有律师答复。")
    notifier.send_sms("053288512345", "第二条")
    lines = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
    assert [line["to"] for line in lines] == ["13812345678", "053288512345"]
    assert lines[0]["id"] == first
    assert lines[0]["body"] == "您的工单 HQ-20261129-0001 已有律师答复。"
    assert notifier.sent() == lines


def test_long_body_is_clipped_and_marked(tmp_path: Path) -> None:
    notifier = RecordingNotifier(tmp_path / "outbox.jsonl")
    notifier.send_sms("13812345678", "条" * 5000)
    (record,) = notifier.sent()
    assert len(record["body"]) == MAX_SMS_CHARS
    assert record["body"].endswith("（略）")


def test_missing_number_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotifyError):
        RecordingNotifier(tmp_path / "outbox.jsonl").send_sms("  ", "你好")


def test_concurrent_senders_lose_nothing(tmp_path: Path) -> None:
    notifier = RecordingNotifier(tmp_path / "outbox.jsonl")
    threads = [
        threading.Thread(target=lambda i=i: notifier.send_sms("13812345678", f"消息{i}")) for i in range(40)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r["body"] for r in notifier.sent()) == sorted(f"消息{i}" for i in range(40))


def test_settings_choose_provider(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUIQI_DATA_DIR", str(tmp_path))
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"):
        monkeypatch.delenv(name, raising=False)
    local = get_notifier(Settings.from_env())
    assert isinstance(local, RecordingNotifier)
    assert local.path == tmp_path / "outbox.jsonl"
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC" + "0" * 32)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "token")
    monkeypatch.setenv("TWILIO_FROM_NUMBER", "+15005550006")
    assert isinstance(get_notifier(Settings.from_env()), TwilioNotifier)
