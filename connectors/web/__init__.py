"""The web application: WeChat-style chat, lawyer console, ticket API, health check (and the hotline).

``create_app`` is a Flask application factory: defaults come from :mod:`huiqi.settings`, a test
passes overrides in ``test_config``. Each feature is a blueprint in its own module; their back-end
objects come from one :class:`connectors.services.AppServices` built here.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from connectors.services import EXTENSION_KEY, AppServices
from huiqi.settings import Settings, get_settings

from .errors import register_error_handlers
from .extensions import csrf, limiter
from .presenters import cn_time
from .requestlog import init_request_ids
from .security import secret_key_for, set_security_headers

log = logging.getLogger(__name__)

__all__ = ["create_app"]


def default_config(settings: Settings) -> dict[str, Any]:
    """The configuration a fresh clone runs with, derived from the environment settings."""
    return {
        "SECRET_KEY": secret_key_for(settings),
        "DATABASE_URL": settings.database_url,
        "ZONES_FILE": str(settings.zones_file),
        "INDEX_DIR": str(settings.index_dir),
        "CORPUS_DIR": str(settings.corpus_dir),
        "REPORT_FONT": settings.report_font,
        "DATA_DIR": str(settings.data_dir),
        "RASA_URL": settings.rasa_url,
        "RASA_TOKEN": settings.rasa_token,  # Rasa's HTTP API token: /healthz asks /status with it
        "ACTION_SERVER_URL": settings.action_server_url,
        "HOTLINE_NUMBER": settings.hotline_number,
        "PUBLIC_URL": settings.public_url,
        "RASA_TIMEOUT": 15.0,  # connect timeout is capped at 2 s by RasaClient: a down server fails fast
        "HEALTH_TIMEOUT": 1.5,
        "CHAT_MAX_CHARS": 1000,
        "CHAT_RATE_LIMIT": settings.chat_rate_limit,
        "CHAT_IP_RATE_LIMIT": settings.chat_ip_rate_limit,
        "LOOKUP_RATE_LIMIT": "10 per minute",
        "LOGIN_RATE_LIMIT": settings.login_rate_limit,
        "RATELIMIT_STORAGE_URI": settings.ratelimit_storage_uri,
        "RATELIMIT_HEADERS_ENABLED": True,
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "EMBED_ORIGINS": settings.embed_origins,
        "TRUSTED_PROXIES": settings.trusted_proxies,
        "SESSION_COOKIE_NAME": "huiqi_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": settings.secure_cookies,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "JSON_AS_ASCII": False,
    }


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the web application.

    Args:
        test_config: Overrides for the defaults (tests point the database, zones file, Rasa URL here).

    Returns:
        The configured Flask application with every blueprint registered.
    """
    app = Flask(__name__)
    app.config.from_mapping(default_config(get_settings()))
    if test_config:
        app.config.update(test_config)
    app.json.ensure_ascii = False  # Chinese stays readable in JSON answers
    # The composition root of this process: one ticket store, zones, Rasa client and notifier for
    # every blueprint (the chat, the console and the hotline alike).
    app.extensions[EXTENSION_KEY] = AppServices(app.config)

    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    init_request_ids(app)
    csrf.init_app(app)
    limiter.init_app(app)

    from . import (
        accounts,
        api,
        chat,
        checkups,
        console,
        desk,
        editor,
        feedback,
        health,
        office,
        performance,
        policies,
        ratings,
        rights,
        visits,
    )

    app.register_blueprint(chat.bp)
    app.register_blueprint(policies.bp)
    from connectors.campaigns.delivery import bp as applied_bp
    from connectors.campaigns.delivery import sms_bp
    from connectors.campaigns.views import bp as campaigns_bp

    app.register_blueprint(campaigns_bp)
    app.register_blueprint(applied_bp)
    app.register_blueprint(sms_bp)
    csrf.exempt(sms_bp)  # Twilio's signature (checked on every request) replaces CSRF
    csrf.exempt(chat.bp)  # JSON API without cookies or sessions: nothing ambient for CSRF to abuse
    app.register_blueprint(ratings.bp)
    csrf.exempt(ratings.bp)  # no session either: the signed link (or the conversation id) is the capability
    app.register_blueprint(console.bp)
    app.register_blueprint(desk.bp)
    app.register_blueprint(office.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(visits.bp)
    app.register_blueprint(performance.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(checkups.bp)
    app.register_blueprint(rights.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    _register_voice(app)
    _register_wechat(app)

    app.add_template_filter(cn_time)
    app.context_processor(district_context)
    register_error_handlers(app)
    app.after_request(set_security_headers)
    return app


def district_context() -> dict[str, Any]:
    """``service_name`` (``即墨区惠企通``) and ``district`` for every template (titles, headers)."""
    from .services import get_district

    try:
        district = get_district()
    except Exception:  # a broken zones file: pages still render (wsgi refuses to start on it anyway)
        log.exception("zones file could not be loaded for the page header")
        return {"service_name": "惠企通", "district": None}
    return {"service_name": district.service_name, "district": district}


def _register_voice(app: Flask) -> None:
    """Register the Twilio hotline blueprint when connectors.voice is installed.

    Twilio posts form data signed with ``X-Twilio-Signature``; that check replaces CSRF there.
    """
    try:
        from connectors.voice import voice_bp
    except ImportError as exc:  # not installed: the chat still works; anything else is worth a warning
        missing = isinstance(exc, ModuleNotFoundError) and exc.name == "connectors.voice"
        (log.info if missing else log.warning)("hotline webhooks not registered: %s", exc)
        return
    app.register_blueprint(voice_bp)
    csrf.exempt(voice_bp)


def _register_wechat(app: Flask) -> None:
    """Register the WeChat official account webhook (``/wechat``); its signature replaces CSRF."""
    from connectors.wechat import wechat_bp
    from connectors.wechat.services import safe_mode_crypto

    safe_mode_crypto(app.config)  # a malformed EncodingAESKey stops the start with a Chinese message
    app.register_blueprint(wechat_bp)
    csrf.exempt(wechat_bp)
