"""``GET /healthz``: is each dependency of the web app there and usable? 200 when all are, else 503."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
from flask import Blueprint, Flask, current_app, jsonify
from flask.wrappers import Response
from sqlalchemy import text
from sqlalchemy.engine import Engine

from .services import get_store

bp = Blueprint("health", __name__)

Check = Callable[[Flask], tuple[bool, str]]


def check_index(app: Flask) -> tuple[bool, str]:
    """The policy index's manifest is readable and matches the code and the corpus (not stale).

    The cheap check: the manifest and the corpus hash, without re-hashing the index files or loading
    the model (the action server loads and fully verifies the index at start).
    """
    from policy_index.live import index_version
    from policy_index.manifest import StaleIndexError, check_manifest, read_manifest

    folder = Path(app.config["INDEX_DIR"])
    try:
        manifest = read_manifest(folder)
        check_manifest(
            folder, manifest, model_dir=None, corpus_dir=Path(app.config["CORPUS_DIR"]), verify_files=False
        )
    except StaleIndexError as exc:
        return False, str(exc)
    chunks = manifest.get("chunk_count", "?")
    return True, f"索引已就绪，与政策库一致（版本 {index_version(manifest)}，{chunks} 个条款片段）"


def _get(url: str, timeout: float) -> requests.Response:
    return requests.get(url, timeout=timeout)


def check_rasa(app: Flask) -> tuple[bool, str]:
    """The Rasa server answers and has a model loaded (asked with ``RASA_TOKEN`` when Rasa's API has one)."""
    base = app.config["RASA_URL"].rstrip("/")
    token = app.config.get("RASA_TOKEN") or ""
    try:
        response = requests.get(
            base + "/status", params={"token": token} if token else None, timeout=app.config["HEALTH_TIMEOUT"]
        )
    except requests.RequestException as exc:
        return False, f"Rasa {base} 无法连接：{type(exc).__name__}"
    if response.status_code in (401, 403):
        hint = "与 Rasa 的 --auth-token 不一致" if token else "未设置，而 Rasa 的接口需要令牌"
        return False, f"Rasa {base} 拒绝查询模型状态（{response.status_code}）：HUIQI_RASA_TOKEN {hint}"
    if response.status_code != 200:
        return False, f"Rasa {base} 返回 {response.status_code}"
    try:
        model = response.json().get("model_file")
    except ValueError:
        model = None
    return (True, f"Rasa 已加载模型 {Path(model).name}") if model else (False, "Rasa 未加载模型")


def check_action_server(app: Flask) -> tuple[bool, str]:
    """The Rasa action server answers its health endpoint."""
    base = app.config["ACTION_SERVER_URL"].rstrip("/")
    try:
        response = _get(base + "/health", app.config["HEALTH_TIMEOUT"])
    except requests.RequestException as exc:
        return False, f"动作服务器 {base} 无法连接：{type(exc).__name__}"
    detail = f"动作服务器 {base} 返回 {response.status_code}"
    if response.status_code == 200:
        detail += _served_index(base, app.config["HEALTH_TIMEOUT"])
    return response.status_code == 200, detail


def _served_index(base: str, timeout: float) -> str:
    """The index version the action server answers from (its ``/index``), or "" when it does not say."""
    try:
        served = _get(base + "/index", timeout).json()
        chunks, loaded = served["chunks"], served["loaded_at"]
        return f"，在用索引版本 {served['version']}（{chunks} 个条款片段，{loaded} 载入）"
    except (requests.RequestException, ValueError, KeyError, TypeError):
        return ""


def _engine(app: Flask) -> Engine:
    with app.app_context():
        return get_store().engine


def check_database(app: Flask) -> tuple[bool, str]:
    """The ticket database accepts a write transaction (rolled back; nothing is kept)."""
    try:
        engine = _engine(app)
        if engine.dialect.name == "sqlite":
            _sqlite_write_lock(engine)
            path = engine.url.database
            if path and path != ":memory:" and not _writable(Path(path)):
                return False, f"数据库文件不可写：{path}"
        else:
            with engine.connect() as conn:
                read_only = conn.execute(text("SHOW transaction_read_only")).scalar()
            if read_only != "off":
                return False, "数据库处于只读状态"
    except Exception as exc:  # any driver error means "not usable"; the detail says which
        return False, f"数据库不可用：{type(exc).__name__}: {str(exc)[:120]}"
    return True, f"数据库可写（{engine.dialect.name}）"


def _sqlite_write_lock(engine: Engine) -> None:
    """Take SQLite's write lock and release it (raises when the file is locked read-only or busy)."""
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        if conn.in_transaction:
            conn.rollback()
        previous, conn.isolation_level = conn.isolation_level, None  # explicit BEGIN below
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        finally:
            conn.isolation_level = previous
    finally:
        raw.close()


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


CHECKS: dict[str, Check] = {
    "index": check_index,
    "rasa": check_rasa,
    "action_server": check_action_server,
    "database": check_database,
}


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Each dependency's state; 200 when all are usable, 503 otherwise (for supervisors and balancers)."""
    app: Any = current_app._get_current_object()  # type: ignore[attr-defined]
    with ThreadPoolExecutor(max_workers=len(CHECKS)) as pool:
        futures = {name: pool.submit(check, app) for name, check in CHECKS.items()}
    checks = {
        name: dict(zip(("ok", "detail"), future.result(), strict=True)) for name, future in futures.items()
    }
    healthy = all(c["ok"] for c in checks.values())
    return jsonify({"status": "ok" if healthy else "unavailable", "checks": checks}), 200 if healthy else 503
