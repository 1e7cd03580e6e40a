"""The hotline speaks for whichever district runs it: greeting and SMS from the zones file's profile."""

from __future__ import annotations

from connectors.voice.flow import Hotline
from huiqi.settings import PROJECT_ROOT
from tests.voice.conftest import start_call

PINGDU = PROJECT_ROOT / "tests" / "data" / "pingdu-zones.yaml"


def test_another_districts_hotline_greets_and_signs_sms_with_its_own_name(
    make_hotline, closed_port_url
) -> None:
    app, services = make_hotline(closed_port_url, zones_file=PINGDU, hotline_number="")

    greeting = start_call(app).start().text
    assert "欢迎致电平度市惠企通" in greeting and "即墨" not in greeting
    sms = Hotline(services, lambda *_: "").sms_text([], ticket="HQ-20261201-0001")
    assert sms.startswith("【平度市惠企通】") and "0532-87361234" in sms and "即墨" not in sms
