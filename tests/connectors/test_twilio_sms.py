"""TwilioNotifier through the real Twilio SDK: the request it makes is Twilio's Messages API call, and
Twilio's refusal becomes a NotifyError the console can report."""

from __future__ import annotations

import pytest

from connectors.notify import TwilioNotifier
from connectors.notify.base import NotifyError
from tests.connectors.twilio_http import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    FROM_NUMBER,
    RecordingTwilioHttp,
    invalid_number,
)


def test_send_sms_posts_to_the_messages_api_and_returns_the_sid() -> None:
    http = RecordingTwilioHttp()
    notifier = TwilioNotifier(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, http_client=http)
    sid = notifier.send_sms("+8613800000303", "【即墨区惠企通】您的工单 HQ-20261201-0001 已有律师答复。")
    assert sid == "SM" + "a" * 32
    (sent,) = http.sent
    assert sent.method == "POST"
    assert sent.uri == f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert sent.auth == (ACCOUNT_SID, AUTH_TOKEN)
    assert sent.data == {
        "To": "+8613800000303",
        "From": FROM_NUMBER,
        "Body": "【即墨区惠企通】您的工单 HQ-20261201-0001 已有律师答复。",
    }


def test_refused_sms_is_a_notify_error_without_the_full_number() -> None:
    notifier = TwilioNotifier(
        ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, http_client=RecordingTwilioHttp(invalid_number)
    )
    with pytest.raises(NotifyError) as info:
        notifier.send_sms("+8613800000303", "你好")
    assert "21211" in str(info.value) and "00000303" not in str(info.value).split(":")[0]
