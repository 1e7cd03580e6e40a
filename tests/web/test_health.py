"""GET /healthz: one line per dependency, 200 only when all are usable.

With everything down (closed ports, no index) it must say so quickly; test_stack.py checks the
healthy case against the real Rasa and action servers.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from connectors.web import create_app

from .conftest import web_config


def test_everything_down_is_503_and_names_each_problem(client: FlaskClient) -> None:
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 3.0
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    checks = body["checks"]
    assert set(checks) == {"index", "rasa", "action_server", "database"}
    assert checks["database"]["ok"] is True
    assert checks["rasa"]["ok"] is False and "无法连接" in checks["rasa"]["detail"]
    assert checks["action_server"]["ok"] is False
    assert checks["index"]["ok"] is False and "manifest.json" in checks["index"]["detail"]


def test_corrupt_index_manifest_is_reported(app: Flask, client: FlaskClient) -> None:
    index = Path(app.config["INDEX_DIR"])
    index.mkdir()
    (index / "manifest.json").write_text("{not json", encoding="utf-8")
    detail = client.get("/healthz").get_json()["checks"]["index"]
    assert detail["ok"] is False and "已损坏" in detail["detail"]


def test_stale_index_is_reported(app: Flask, client: FlaskClient) -> None:
    index = Path(app.config["INDEX_DIR"])
    index.mkdir()
    (index / "manifest.json").write_text(json.dumps({"format_version": 999}), encoding="utf-8")
    detail = client.get("/healthz").get_json()["checks"]["index"]
    assert detail["ok"] is False and "版本" in detail["detail"]


def test_unwritable_database_is_reported(tmp_path: Path, zones) -> None:
    (tmp_path / "not-a-dir").write_text("a file where the database folder should be", encoding="utf-8")
    missing = tmp_path / "not-a-dir" / "tickets.db"
    app = create_app(web_config(tmp_path, ZONES_DIRECTORY=zones, DATABASE_URL=f"sqlite:///{missing}"))
    check = app.test_client().get("/healthz").get_json()["checks"]["database"]
    assert check["ok"] is False and "数据库" in check["detail"]


class _RasaStatus(BaseHTTPRequestHandler):
    """Rasa's ``GET /status`` behind ``--auth-token``: 401 without the right ``?token=``."""

    token = "s3cret-token"
    model_file = "20261201-000000-huiqi.tar.gz"

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        if query.get("token") != [self.token]:
            status, body = 401, {"status": "failure", "reason": "NotAuthenticated"}
        elif self.model_file:
            status, body = 200, {"model_file": self.model_file, "num_active_training_jobs": 0}
        else:
            status, body = 409, {"status": "failure", "reason": "NoAgent"}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(
    ("configured", "model", "ok", "detail"),
    [
        ("s3cret-token", "20261201-000000-huiqi.tar.gz", True, "已加载模型 20261201-000000-huiqi.tar.gz"),
        ("s3cret-token", "", False, "返回 409"),  # Rasa up, but no model: not healthy
        (
            "wrong-token",
            "20261201-000000-huiqi.tar.gz",
            False,
            "HUIQI_RASA_TOKEN 与 Rasa 的 --auth-token 不一致",
        ),
        ("", "20261201-000000-huiqi.tar.gz", False, "HUIQI_RASA_TOKEN 未设置"),
    ],
)
def test_rasa_with_a_token_is_still_asked_whether_a_model_is_loaded(
    tmp_path: Path, zones, configured: str, model: str, ok: bool, detail: str
) -> None:
    handler = type("Status", (_RasaStatus,), {"model_file": model})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        app = create_app(web_config(tmp_path, ZONES_DIRECTORY=zones, RASA_URL=url, RASA_TOKEN=configured))
        check = app.test_client().get("/healthz").get_json()["checks"]["rasa"]
    finally:
        server.shutdown()
        server.server_close()
    assert check["ok"] is ok and detail in check["detail"], check
