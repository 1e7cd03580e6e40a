"""WSGI entry point for gunicorn: ``gunicorn connectors.web.wsgi:app``.

The zones file (lawyer teams and the district profile every page shows) is loaded and checked here,
before a worker serves anything: a bad file stops the worker with a Chinese message naming the file and
the problem, and gunicorn (then the supervisor) reports the failed start.
"""

from __future__ import annotations

import logging

from connectors.web import create_app
from connectors.web.services import get_zones
from huiqi.logs import configure_logging
from tickets import ZoneFileError

configure_logging("web")
app = create_app()
with app.app_context():
    try:
        get_zones()
    except ZoneFileError as exc:
        logging.getLogger("connectors.web.wsgi").error("网页服务拒绝启动：%s", exc)
        raise SystemExit(2) from exc
