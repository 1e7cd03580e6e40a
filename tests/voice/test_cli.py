"""``huiqi call``: a person types what a caller says and reads what the caller would hear."""

from __future__ import annotations

from click.testing import CliRunner

from huiqi.cli import main
from tests.voice.test_call_flow import ANSWER, ASK_ZONE, TICKET_CREATED


def _env(monkeypatch, url: str, tmp_path) -> None:
    monkeypatch.setenv("HUIQI_RASA_URL", url)
    monkeypatch.setenv("HUIQI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HUIQI_DATABASE_URL", f"sqlite:///{tmp_path / 'huiqi.db'}")
    for name in ("TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID", "TWILIO_FROM_NUMBER"):
        monkeypatch.delenv(name, raising=False)


def test_typed_call_goes_from_question_to_ticket(scripted_rasa, tmp_path, monkeypatch) -> None:
    url, handler = scripted_rasa
    handler.script = [("港返还", ANSWER), ("/request_lawyer", ASK_ZONE), ("蓝村", TICKET_CREATED)]
    _env(monkeypatch, url, tmp_path)
    typed = "问港返还怎么申请\n0\n2\n我们在蓝村\n"
    result = CliRunner().invoke(main, ["call", "--from", "+8613912345678", "--time", "after"], input=typed)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "欢迎致电即墨区惠企通" in out
    assert out.count("单个企业最高不超过五十万元") == 2  # the answer, then 0 = repeat
    assert "[短信 → +8613912345678]" in out and "即科字〔2024〕11号" in out
    assert "工单号是" in out and "[通话结束]" in out
    assert handler.received[0]["message"] == "问港返还怎么申请"


def test_typed_call_in_office_hours_shows_the_transfer(scripted_rasa, tmp_path, monkeypatch) -> None:
    url, handler = scripted_rasa
    handler.script = [("/request_lawyer", ASK_ZONE), ("10", TICKET_CREATED)]
    _env(monkeypatch, url, tmp_path)
    result = CliRunner().invoke(main, ["call", "--time", "office"], input="2\n10#\ny\n")
    assert result.exit_code == 0, result.output
    assert "[转接 +8653288510004]" in result.output
    assert "通话已结束" in result.output
    assert handler.received[-1]["message"] == "10"
