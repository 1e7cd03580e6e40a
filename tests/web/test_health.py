"""GET /healthz: one line per dependency, 200 only when all are usable.

With everything down (closed ports, no index) it must say so quickly; test_stack.py checks the
healthy case against the real Rasa and action servers.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from connectors.web import create_app
from tests.rasa_standin import RasaStandIn, serve

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


class _RasaStatus(RasaStandIn):
    """Rasa's ``GET /status`` behind ``--auth-token``: 401 without the right ``?token=``."""

    token = "s3cret-token"
    model_file = "20261201-000000-huiqi.tar.gz"

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        if query.get("token") != [self.token]:
            self.send_json(401, {"status": "failure", "reason": "NotAuthenticated"})
        elif self.model_file:
            self.send_json(200, {"model_file": self.model_file, "num_active_training_jobs": 0})
        else:
            self.send_json(409, {"status": "failure", "reason": "NoAgent"})


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
    with serve(_RasaStatus, model_file=model) as (url, _):
        app = create_app(web_config(tmp_path, ZONES_DIRECTORY=zones, RASA_URL=url, RASA_TOKEN=configured))
        check = app.test_client().get("/healthz").get_json()["checks"]["rasa"]
    assert check["ok"] is ok and detail in check["detail"], check
