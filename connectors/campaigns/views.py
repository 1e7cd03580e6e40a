"""One-tap unsubscribe from policy pushes: ``GET /unsubscribe/<token>`` asks, ``POST`` unsubscribes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, abort, current_app, render_template

from connectors.campaigns.links import read_unsubscribe_token
from tickets.profiles import ProfileStore

__all__ = ["app_cached", "bp", "get_profiles"]

T = TypeVar("T")

bp = Blueprint("campaigns", __name__)
_lock = threading.Lock()


def app_cached(name: str, build: Callable[[str], T]) -> T:
    """One ``build(DATABASE_URL)`` per app (built on first use, under a lock), e.g. a store."""
    cache = current_app.extensions.setdefault("huiqi_profiles", {})
    if name not in cache:
        with _lock:
            if name not in cache:
                cache[name] = build(current_app.config["DATABASE_URL"])
    return cache[name]


def get_profiles() -> ProfileStore:
    """The profile store on the app's ``DATABASE_URL`` (built on first use)."""
    return app_cached("store", ProfileStore)


def _key(token: str) -> str:
    key = read_unsubscribe_token(current_app.config["SECRET_KEY"], token)
    if key is None:
        abort(404)
    return key


@bp.get("/unsubscribe/<token>")
def confirm(token: str) -> str:
    """Ask before unsubscribing (a link preview must not unsubscribe anyone)."""
    _key(token)
    return render_template("unsubscribe.html", done=False, token=token)


@bp.post("/unsubscribe/<token>")
def unsubscribe(token: str) -> str:
    """Stop pushes to the firm the token names."""
    get_profiles().opt_out(_key(token))
    return render_template("unsubscribe.html", done=True, token=token)
