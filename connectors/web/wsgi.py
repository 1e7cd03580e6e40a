"""WSGI entry point for gunicorn: ``gunicorn connectors.web.wsgi:app``."""

from __future__ import annotations

from connectors.web import create_app
from huiqi.logs import configure_logging

configure_logging("web")
app = create_app()
