"""Pages and the message shown while the assistant is down fit the district of the zones file."""

from __future__ import annotations

from pathlib import Path

from connectors.web import create_app
from tests.web.conftest import ROOT, web_config

PINGDU = ROOT / "tests" / "data" / "pingdu-zones.yaml"


def test_another_district_titles_its_pages_and_degraded_message(tmp_path: Path) -> None:
    app = create_app(web_config(tmp_path, ZONES_FILE=str(PINGDU), HOTLINE_NUMBER=""))
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    assert "<title>平度市惠企通 · 惠企政策咨询</title>" in page
    assert "0532-87361234" in page and "平度市红旗路 8 号" in page and "即墨" not in page
    assert "<title>登录 · 律师工作台 · 平度市惠企通</title>" in client.get("/console/login").get_data(
        as_text=True
    )

    down = client.post("/api/chat", json={"sender": "web-" + "a" * 32, "message": "稳岗返还怎么申请？"})
    assert down.status_code == 503  # Rasa is on a closed port
    text = down.get_json()["messages"][0]["text"]
    assert (
        "平度市惠企通" in text and "0532-87361234" in text and "平度市红旗路 8 号" in text and "留言" in text
    )
    assert down.get_json()["hotline"] == "0532-87361234"
