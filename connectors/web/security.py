"""HTTP security: response headers (CSP and friends) and the session secret."""

from __future__ import annotations

import logging
import os
import secrets

from flask import current_app, request
from flask.wrappers import Response

from huiqi.settings import Settings

log = logging.getLogger(__name__)

#: Endpoints that other sites may frame (the chat page the widget opens in an iframe).
EMBEDDABLE_ENDPOINTS = {"chat.index"}

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
)


def secret_key_for(settings: Settings) -> str:
    """The session-signing key: ``HUIQI_SECRET_KEY``, else a random key kept in ``<data_dir>/secret_key``.

    Keeping it in a file lets every gunicorn worker and every restart share the same key.
    """
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker won the race: use its key
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    log.info("generated a new session secret in %s", path)
    return key


def set_security_headers(response: Response) -> Response:
    """Add CSP, nosniff, referrer and framing headers to every response."""
    embeddable = request.endpoint in EMBEDDABLE_ENDPOINTS
    ancestors = current_app.config["EMBED_ORIGINS"] if embeddable else "'none'"
    response.headers.setdefault("Content-Security-Policy", _CSP.format(ancestors=ancestors))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if not embeddable:
        response.headers.setdefault("X-Frame-Options", "DENY")
    if request.path.startswith(("/console", "/api/")):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
