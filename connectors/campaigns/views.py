"""One-tap unsubscribe from policy pushes: ``GET /unsubscribe/<token>`` asks, ``POST`` unsubscribes."""

from __future__ import annotations

import threading

from flask import Blueprint, abort, current_app, render_template

from connectors.campaigns.links import read_unsubscribe_token
from tickets.profiles import ProfileStore

__all__ = ["bp", "get_profiles"]

bp = Blueprint("campaigns", __name__)
_lock = threading.Lock()


def get_profiles() -> ProfileStore:
    """The profile store on the app's ``DATABASE_URL`` (built on first use)."""
    cache = current_app.extensions.setdefault("huiqi_profiles", {})
    if "store" not in cache:
        with _lock:
            if "store" not in cache:
                cache["store"] = ProfileStore(current_app.config["DATABASE_URL"])
    return cache["store"]


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
