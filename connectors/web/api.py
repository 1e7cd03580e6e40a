"""``GET /api/tickets``: the console's tickets as JSON for integrations (same login, same isolation)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.wrappers import Response

from tickets.vocab import CATEGORIES, STATUSES

from . import auth
from .presenters import staff_ticket
from .services import get_store

bp = Blueprint("api", __name__, url_prefix="/api")


def _unauthorised() -> tuple[Response, int]:
    return jsonify({"error": "请先登录律师工作台。"}), 401


@bp.get("/tickets")
def tickets() -> tuple[Response, int]:
    """The caller's team's tickets (all for the office), overdue first; filters as in the console."""
    account = auth.current_account()
    if account is None:
        return _unauthorised()
    filters = {
        key: value
        for key, allowed in (("status", STATUSES), ("category", CATEGORIES), ("zone", None))
        if (value := request.args.get(key)) and (allowed is None or value in allowed)
    }
    rows = get_store().list_for_user(account, **filters)
    return jsonify({"tickets": [staff_ticket(t) for t in rows]}), 200


@bp.get("/tickets/<number>")
def ticket(number: str) -> tuple[Response, int]:
    """One ticket; another team's ticket answers 404 exactly like a missing one."""
    account = auth.current_account()
    if account is None:
        return _unauthorised()
    return jsonify({"ticket": staff_ticket(auth.visible_ticket(account, number))}), 200
