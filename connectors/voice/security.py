"""Every Twilio webhook checks ``X-Twilio-Signature`` against the public URL Twilio called."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, request
from twilio.request_validator import RequestValidator

from connectors.services import get_services

log = logging.getLogger(__name__)


def public_request_url(public_url: str) -> str:
    """The URL Twilio signed: the configured public base URL + this request's path and query.

    Behind a reverse proxy Flask sees ``http://127.0.0.1:8000/...``, but Twilio signed
    ``https://<public host>/...``; so the URL is rebuilt from ``HUIQI_PUBLIC_URL``.
    """
    query = request.query_string.decode("utf-8")
    return public_url.rstrip("/") + request.path + (f"?{query}" if query else "")


def validate_twilio_request(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse (403) any request without a valid Twilio signature, and all of them without a token."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        settings = get_services().settings
        if not settings.twilio_auth_token:
            log.error(
                "TWILIO_AUTH_TOKEN 未设置：热线回调 %s 一律拒绝（403）。请设置 TWILIO_AUTH_TOKEN 后重启。",
                request.path,
            )
            abort(403)
        signature = request.headers.get("X-Twilio-Signature", "")
        url = public_request_url(settings.public_url)
        if not signature or not RequestValidator(settings.twilio_auth_token).validate(
            url, request.form, signature
        ):
            log.warning("拒绝签名无效的热线回调：%s（签名%s）", url, "缺失" if not signature else "不符")
            abort(403)
        return view(*args, **kwargs)

    return checked
