"""Error answers in Chinese: JSON for the APIs and the health check, a small page elsewhere."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.wrappers import Response
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES: dict[int, str] = {
    400: "请求格式不正确。",
    401: "请先登录。",
    403: "您没有权限进行此操作。",
    404: "未找到您要的内容。",
    405: "不支持该请求方式。",
    413: "提交的内容太长了，请精简后再试。",
    415: "不支持该内容类型。",
    429: "操作太频繁了，请稍等一会儿再试。",
    500: "服务器出了点问题，请稍后再试。",
    503: "服务暂时不可用，请稍后再试。",
}


def wants_json() -> bool:
    """True for API paths, whose clients expect JSON errors."""
    return request.path.startswith(("/api/", "/healthz"))


def error_response(status: int, message: str | None = None) -> tuple[Response | str, int]:
    """Build an error answer with a Chinese message, as JSON or as a page."""
    text = message or MESSAGES.get(status, MESSAGES[500])
    if wants_json():
        return jsonify({"error": text}), status
    return render_template("error.html", status=status, message=text), status


def register_error_handlers(app: Flask) -> None:
    """Replace Werkzeug's English error pages with Chinese ones."""

    @app.errorhandler(CSRFError)
    def _csrf(_exc: CSRFError) -> tuple[Response | str, int]:
        return error_response(400, "页面已过期或来源不明，请刷新页面后重新提交。")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> tuple[Response | str, int]:
        status = exc.code or 500
        return error_response(status, MESSAGES.get(status))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Response | str, int]:
        app.logger.exception("unhandled error on %s", request.path, exc_info=exc)
        return error_response(500)
