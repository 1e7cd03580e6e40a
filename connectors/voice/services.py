"""What the hotline needs from the rest of the system, built once per Flask app.

Tests and ``huiqi call`` put their own :class:`VoiceServices` in ``app.extensions["huiqi_voice"]``
(e.g. a fixed clock for office hours); otherwise it is built from :class:`huiqi.settings.Settings`
with the app's configuration on top (``DATABASE_URL``, ``ZONES_FILE``, ``RASA_URL`` … as
``connectors.web.create_app`` sets them).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from flask import current_app

from connectors.consultation_recorder import ConsultationRecorder
from connectors.notify import Notifier, get_notifier
from connectors.rasa_client import BotMessage, RasaClient
from huiqi.settings import Settings

if TYPE_CHECKING:
    from tickets import TicketStore, ZoneDirectory

EXTENSION_KEY = "huiqi_voice"
#: Twilio waits 15 s for a webhook's answer; Rasa must answer well within that.
RASA_TIMEOUT_S = 8.0
_build_lock = threading.Lock()


class BotClient(Protocol):
    """The part of :class:`connectors.rasa_client.RasaClient` the hotline uses."""

    def send(self, sender: str, message: str) -> list[BotMessage]: ...


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class VoiceServices:
    """Settings, clients and stores behind the hotline webhooks.

    The ticket store and zones file are opened on first use, so the blueprint can be registered (and
    refuse unsigned requests) even before a database exists.
    """

    settings: Settings
    bot: BotClient
    notifier: Notifier
    now: Callable[[], datetime] = _utc_now
    _zones: ZoneDirectory | None = None
    _store: TicketStore | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> VoiceServices:
        """Build the real services for ``settings`` (Rasa over HTTP, notifier from the settings)."""
        values: dict[str, Any] = {
            "bot": RasaClient(settings.rasa_url, timeout=RASA_TIMEOUT_S),
            "notifier": get_notifier(settings),
        }
        values.update(overrides)
        services = cls(settings=settings, **values)
        if isinstance(services.bot, RasaClient) and services.bot.on_exchange is None:
            # Every call's exchanges go to the consultation register, like the web chat's.
            services.bot.on_exchange = ConsultationRecorder(lambda: services.store.register).observe
        return services

    @property
    def zones(self) -> ZoneDirectory:
        """The zones file (loaded once)."""
        if self._zones is None:
            from tickets import ZoneDirectory

            with self._lock:
                if self._zones is None:
                    self._zones = ZoneDirectory.load(self.settings.zones_file)
        return self._zones

    @property
    def greeting(self) -> str:
        """The first words of every call, naming the district of the zones file."""
        from connectors.voice.prompts import GREETING

        return GREETING.format(service=self.zones.district.service_name)

    @property
    def hotline(self) -> str:
        """The hotline told to callers: ``HUIQI_HOTLINE_NUMBER`` when set, else the district's."""
        return self.settings.hotline_number or self.zones.district.hotline

    def sms_text(self, citations: list[Mapping[str, Any]], ticket: str | None = None) -> str:
        """The SMS of a call (cited clauses and/or ticket number), signed for the district."""
        from connectors.voice.speech import sms_body

        return sms_body(
            citations, hotline=self.hotline, ticket=ticket, signature=self.zones.district.sms_signature
        )

    @property
    def store(self) -> TicketStore:
        """The ticket store (opened, and migrated, once)."""
        if self._store is None:
            from tickets import TicketStore

            zones = self.zones  # outside the lock: loading the zones takes it too
            with self._lock:
                if self._store is None:
                    self._store = TicketStore(self.settings.database_url, zones)
        return self._store


#: Flask config keys (as ``connectors.web.create_app`` sets them) that override the environment.
_CONFIG_OVERRIDES = {
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
        field_name: kind(config[key])
        for key, (field_name, kind) in _CONFIG_OVERRIDES.items()
        if key in config
    }
    return dataclasses.replace(settings, **changes)


def get_services() -> VoiceServices:
    """The current app's hotline services, built from its settings on first use."""
    services = current_app.extensions.get(EXTENSION_KEY)
    if services is None:
        with _build_lock:
            services = current_app.extensions.get(EXTENSION_KEY)
            if services is None:
                services = VoiceServices.from_settings(settings_for_app(current_app.config))
                current_app.extensions[EXTENSION_KEY] = services
    return services
