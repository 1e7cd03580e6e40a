"""Huiqi Desk shared core: settings and the ``huiqi`` command."""

from __future__ import annotations

from huiqi.settings import PROJECT_ROOT, Settings, get_settings

__all__ = ["PROJECT_ROOT", "Settings", "get_settings"]
