"""Logs are JSON lines carrying the conversation id, with phone numbers and names masked."""

from __future__ import annotations

import json
import logging

import pytest

from huiqi.logs import JsonFormatter, conversation_id_var, mask_name, mask_phones, request_id_var


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("联系电话13812345678", "联系电话138****5678"),
        ("+86 13812345678 来电", "138****5678 来电"),
        ("座机0532-88512345", "座机0532-****2345"),
        ("座机053288512345", "座机0532-****2345"),
        ("补贴50万元，第3条", "补贴50万元，第3条"),
        ("工单 HQ-20261129-0007", "工单 HQ-20261129-0007"),
    ],
)
def test_phone_numbers_are_masked_and_other_numbers_kept(text: str, expected: str) -> None:
    assert mask_phones(text) == expected


def test_names_are_masked() -> None:
    assert mask_name("张三丰") == "张**"
    assert mask_name("青岛某某机械有限公司") == "青" + "*" * 9
    assert mask_name("") == ""


def test_record_is_one_json_line_with_ids_and_masked_extras() -> None:
    formatter = JsonFormatter("web")
    record = logging.makeLogRecord(
        {"name": "chat", "levelname": "INFO", "msg": "escalated for %s", "args": ("13912345678",)}
    )
    record.caller = "13912345678"
    token_r = request_id_var.set("req-1")
    token_c = conversation_id_var.set("web-abc")
    try:
        line = formatter.format(record)
    finally:
        request_id_var.reset(token_r)
        conversation_id_var.reset(token_c)
    assert "\n" not in line
    data = json.loads(line)
    assert data["service"] == "web"
    assert data["msg"] == "escalated for 139****5678"
    assert data["caller"] == "139****5678"
    assert data["request_id"] == "req-1"
    assert data["conversation_id"] == "web-abc"
