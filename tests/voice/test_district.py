"""The hotline speaks for whichever district runs it: greeting and SMS from the zones file's profile."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from flask import Flask

from connectors.voice import voice_bp
from connectors.voice.services import EXTENSION_KEY, VoiceServices
from huiqi.settings import PROJECT_ROOT
from tests.voice.conftest import OFFICE_HOURS, start_call, voice_settings

PINGDU = PROJECT_ROOT / "tests" / "data" / "pingdu-zones.yaml"


def test_another_districts_hotline_greets_and_signs_sms_with_its_own_name(
    tmp_path: Path, closed_port_url: str
) -> None:
    settings = dataclasses.replace(
        voice_settings(tmp_path, closed_port_url), zones_file=PINGDU, hotline_number=""
    )
    app = Flask("pingdu-hotline")
    app.register_blueprint(voice_bp)
    services = VoiceServices.from_settings(settings, now=lambda: OFFICE_HOURS)
    app.extensions[EXTENSION_KEY] = services

    greeting = start_call(app).start().text
    assert "欢迎致电平度市惠企通" in greeting and "即墨" not in greeting
    sms = services.sms_text([], ticket="HQ-20261201-0001")
    assert sms.startswith("【平度市惠企通】") and "0532-87361234" in sms and "即墨" not in sms
