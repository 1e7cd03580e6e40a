"""The web process's composition root: the one place its back-end objects are built.

``connectors.web.create_app`` builds one :class:`AppServices` from the app's configuration and keeps
it in ``app.extensions["huiqi"]``; every blueprint (chat, console, API, health, the Twilio hotline)
reaches the same ticket store, zone directory, Rasa client (with the consultation recorder hooked on
it) and SMS notifier through
:func:`get_services`. The store and zones are opened on first use, so the app starts (and
``/healthz`` can report, webhooks can refuse unsigned requests) even when one of them is broken.
Tests and ``huiqi call`` hand it what they need instead (:meth:`AppServices.provide`: ``now`` for a
fixed clock, ``notifier`` for the recording fake) before the first request.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import current_app

from connectors.consultation_recorder import ConsultationRecorder
from connectors.notify import Notifier, get_notifier
from connectors.rasa_client import RasaClient
from huiqi.settings import Settings

if TYPE_CHECKING:
    from tickets import TicketStore, ZoneDirectory
    from tickets.district import District

#: Key of the services in ``app.extensions``.
EXTENSION_KEY = "huiqi"

#: Flask config keys (as ``connectors.web.default_config`` sets them) that override the environment.
_CONFIG_OVERRIDES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "DATABASE_URL": ("database_url", str),
    "ZONES_FILE": ("zones_file", Path),
    "DATA_DIR": ("data_dir", Path),
    "RASA_URL": ("rasa_url", str),
    "HOTLINE_NUMBER": ("hotline_number", str),
    "PUBLIC_URL": ("public_url", str),
    "TWILIO_AUTH_TOKEN": ("twilio_auth_token", str),
}


def settings_for_app(config: Mapping[str, Any]) -> Settings:
    """The environment's settings with the app's configuration (database, zones, Rasa URL …) on top."""
    settings = Settings.from_env()
    changes = {
        name: kind(config[key])
        for key, (name, kind) in _CONFIG_OVERRIDES.items()
        if config.get(key) is not None
    }
    return dataclasses.replace(settings, **changes)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AppServices:
    """Settings, ticket store, zones, Rasa client, SMS notifier and clock of one web application.

    Args:
        config: The Flask app's configuration (``DATABASE_URL``, ``ZONES_FILE`` or a parsed
            ``ZONES_DIRECTORY``, ``RASA_URL``, ``RASA_TIMEOUT``, ``DATA_DIR`` …).
    """

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.settings = settings_for_app(config)
        #: The clock office hours are judged by (tests and ``huiqi call --time`` fix it).
        self.now: Callable[[], datetime] = _utc_now
        self._lock = threading.RLock()  # re-entrant: building the store builds the zones
        self._built: dict[str, Any] = {}

    def _once(self, name: str, factory: Callable[[], Any]) -> Any:
        """Build ``name`` the first time it is asked for (one thread builds it; the others wait)."""
        built = self._built.get(name)
        if built is None:
            with self._lock:
                built = self._built.get(name)
                if built is None:
                    built = self._built[name] = factory()
        return built

    def provide(self, **objects: Any) -> None:
        """Use these objects instead of building them (``now=…``, ``notifier=…``, ``rasa=…``)."""
        for name, value in objects.items():
            if name == "now":
                self.now = value
            else:
                self._built[name] = value

    @property
    def zones(self) -> ZoneDirectory:
        """The zone directory (loaded once; tests may pass a parsed one as ``ZONES_DIRECTORY``)."""
        from tickets import ZoneDirectory

        preloaded = self.config.get("ZONES_DIRECTORY")
        return self._once("zones", lambda: preloaded or ZoneDirectory.load(self.settings.zones_file))

    @property
    def district(self) -> District:
        """The district profile of the zones file (names, hotline, SMS signature)."""
        return self.zones.district

    @property
    def hotline(self) -> str:
        """The hotline firms are told: ``HUIQI_HOTLINE_NUMBER`` when set, else the district's."""
        return self.settings.hotline_number or self.district.hotline

    @property
    def store(self) -> TicketStore:
        """The ticket store on ``DATABASE_URL`` (opened, and migrated, once)."""
        from tickets import TicketStore

        return self._once("store", lambda: TicketStore(self.settings.database_url, zones=self.zones))

    @property
    def rasa(self) -> RasaClient:
        """The one client of the Rasa REST channel, shared by the chat and the hotline.

        Every exchange, whatever the channel, goes to the consultation register (``recorder``).
        """
        timeout = float(self.config.get("RASA_TIMEOUT", 15.0))
        recorder = self.recorder
        return self._once(
            "rasa", lambda: RasaClient(self.settings.rasa_url, timeout=timeout, on_exchange=recorder.observe)
        )

    @property
    def recorder(self) -> ConsultationRecorder:
        """The consultation register's background writer (opens the ticket store on its first write)."""
        return self._once("recorder", lambda: ConsultationRecorder(lambda: self.store.register))

    @property
    def notifier(self) -> Notifier:
        """Outbound SMS: Twilio when configured, else the recording fake in ``DATA_DIR``."""
        return self._once("notifier", lambda: get_notifier(self.settings))


def get_services() -> AppServices:
    """The current application's services (built by ``create_app``; built here for a bare app)."""
    services = current_app.extensions.get(EXTENSION_KEY)
    if not isinstance(services, AppServices):
        with _build_lock:
            services = current_app.extensions.get(EXTENSION_KEY)
            if not isinstance(services, AppServices):
                services = current_app.extensions[EXTENSION_KEY] = AppServices(current_app.config)
    return services


_build_lock = threading.Lock()
