"""End to end: a follower's text question through /wechat to the REAL Rasa and action servers
(tests/stack.py), answered with the amount the policy states and a link to the policy."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .conftest import PUBLIC_URL, WeChatClient, make_app, message_xml


def test_text_question_is_answered_with_the_right_amount(rasa_stack: Any, tmp_path: Path) -> None:
    app = make_app(
        tmp_path,
        rasa_stack.rasa_url,
        ACTION_SERVER_URL=rasa_stack.action_url,
        DATABASE_URL=rasa_stack.database_url,
    )
    wx = WeChatClient(app.test_client())
    response = wx.post_aes(message_xml("oE2E", "text", Content="工业企业首次升规有多少奖励？"), "oE2E")
    assert response.status_code == 200
    if response.data == b"success":  # a loaded machine: the answer went out as a customer-service message
        deadline = time.monotonic() + 60
        while not app.config["WECHAT_SENDER"].sent() and time.monotonic() < deadline:
            time.sleep(0.2)
        content = app.config["WECHAT_SENDER"].sent()[0]["text"]
    else:
        content = wx.decrypt(response)["Content"]
    assert "10万元" in content
    assert f"{PUBLIC_URL}/policies/JM-2024-010" in content
