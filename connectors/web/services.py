"""Shortcuts for the blueprints to the app's services (built once, in ``connectors.services``)."""

from __future__ import annotations

from typing import Any

from connectors.consultation_recorder import ConsultationRecorder
from connectors.rasa_client import RasaClient
from connectors.services import get_services


def get_store() -> Any:
    """The ticket store (``tickets.TicketStore``) on ``DATABASE_URL``."""
    return get_services().store


def get_zones() -> Any:
    """The zone directory (``tickets.ZoneDirectory``) from ``ZONES_FILE`` (or ``ZONES_DIRECTORY``)."""
    return get_services().zones


def get_district() -> Any:
    """The district profile (``tickets.district.District``) of the zones file."""
    return get_services().district


def hotline() -> str:
    """The hotline firms are told: HUIQI_HOTLINE_NUMBER when set, else the district's."""
    return get_services().hotline


def get_rasa() -> RasaClient:
    """The client of the Rasa REST channel at ``RASA_URL``; every exchange goes to the register."""
    return get_services().rasa


def get_recorder() -> ConsultationRecorder:
    """The consultation register's background writer (opens the ticket store on its first write)."""
    return get_services().recorder


def get_notifier() -> Any:
    """The outbound SMS notifier (Twilio when configured, else a recording fake in ``DATA_DIR``)."""
    return get_services().notifier
