"""The back-end objects each request uses, created once per application and kept in ``app.extensions``.

The ticket store, the zone directory, the Rasa client and the SMS notifier are built lazily from the
app's configuration, so the app starts (and ``/healthz`` can report) even when one of them is broken.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from flask import current_app

from connectors.consultation_recorder import ConsultationRecorder
from connectors.rasa_client import RasaClient
from huiqi.settings import get_settings

T = TypeVar("T")
_lock = threading.Lock()


def _cached(name: str, factory: Callable[[], T]) -> T:
    cache: dict[str, Any] = current_app.extensions.setdefault("huiqi", {})
    if name not in cache:
        with _lock:
            if name not in cache:
                cache[name] = factory()
    return cache[name]


def get_store() -> Any:
    """The ticket store (``tickets.TicketStore``) on ``DATABASE_URL``."""
    from tickets import TicketStore

    zones = get_zones()
    return _cached("store", lambda: TicketStore(current_app.config["DATABASE_URL"], zones=zones))


def get_zones() -> Any:
    """The zone directory (``tickets.ZoneDirectory``) from ``ZONES_FILE`` (or ``ZONES_DIRECTORY``)."""
    from tickets import ZoneDirectory

    preloaded = current_app.config.get("ZONES_DIRECTORY")  # tests share one parsed directory
    return _cached("zones", lambda: preloaded or ZoneDirectory.load(Path(current_app.config["ZONES_FILE"])))


def get_district() -> Any:
    """The district profile (``tickets.district.District``) of the zones file."""
    return get_zones().district


def hotline() -> str:
    """The hotline firms are told: HUIQI_HOTLINE_NUMBER when set, else the district's."""
    return current_app.config.get("HOTLINE_NUMBER") or get_district().hotline


def get_rasa() -> RasaClient:
    """The client of the Rasa REST channel at ``RASA_URL``; every exchange goes to the register."""
    config = current_app.config
    recorder = get_recorder()
    return _cached(
        "rasa",
        lambda: RasaClient(
            config["RASA_URL"], timeout=float(config["RASA_TIMEOUT"]), on_exchange=recorder.observe
        ),
    )


def get_recorder() -> ConsultationRecorder:
    """The consultation register's background writer (opens the ticket store on its first write)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def open_register() -> Any:
        with app.app_context():
            return get_store().register

    return _cached("recorder", lambda: ConsultationRecorder(open_register))


def get_notifier() -> Any:
    """The outbound SMS notifier (Twilio when configured, else a recording fake in ``DATA_DIR``)."""
    from connectors.notify import get_notifier as build

    settings = dataclasses.replace(get_settings(), data_dir=Path(current_app.config["DATA_DIR"]))
    return _cached("notifier", lambda: build(settings))
