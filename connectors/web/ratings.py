"""好差评 on the web: one tap under a bot answer in the chat, and the rating page a closing SMS links to.

``POST /api/chat/rating`` ``{"sender", "score", "comment"?}`` rates the answers of a conversation (201;
202 when another web worker is still writing the conversation: the rating waits for it in the ticket
database and is recorded with it);
``GET|POST /rate/<token>`` rates a ticket (the token, signed with the app's secret key, names the
ticket and expires after :data:`LINK_MAX_AGE_S`). 不满意 on a ticket reopens it for the team; on an
answer the firm is offered a lawyer (the usual escalation in the chat).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, request
from flask.wrappers import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from tickets import TicketError, TicketValidationError
from tickets.ratings import SCORE_LABELS

from .extensions import limiter
from .services import get_store
from .validation import InputError, clean_sender, parse_json_body

log = logging.getLogger(__name__)

bp = Blueprint("ratings", __name__)

#: A rating link in an SMS works for 60 days.
LINK_MAX_AGE_S = 60 * 24 * 3600
_SALT = "huiqi-ticket-rating"
#: What the chat says after 不满意 on an answer.
SORRY_TEXT = "很抱歉没能帮到您。您可以换个说法再问，或点击“找律师 / 转人工”，由您所在片区的律师团队跟进。"


def _rating_limit() -> str:
    return current_app.config["LOOKUP_RATE_LIMIT"]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def rating_link(number: str) -> str:
    """The public URL of the rating page of ticket ``number`` (for the closing SMS)."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return f"{base}/rate/{_serializer().dumps(number)}"


def _public(rating: Any) -> dict[str, Any]:
    return {
        "score": rating.score,
        "label": rating.label,
        "comment": rating.comment,
        "reopened": rating.reopened,
        "pending": rating.pending,
    }


@bp.post("/api/chat/rating")
@limiter.limit(_rating_limit, scope="chat-rating")
def rate_answer() -> tuple[Response, int]:
    """Rate the bot's answers in this conversation (a second tap replaces the first)."""
    try:
        data = parse_json_body(request.get_data(cache=True))
        sender = clean_sender(data.get("sender"))
    except InputError as exc:
        return jsonify({"error": exc.message}), exc.status
    try:
        rating = get_store().register.rate_answer(sender, data.get("score"), data.get("comment"))
    except TicketValidationError as exc:
        return jsonify({"error": exc.message, "field": exc.field}), 400
    body: dict[str, Any] = {"rating": _public(rating), "text": "感谢您的评价！"}
    if rating.score == "dissatisfied":
        body["text"], body["offer_lawyer"] = SORRY_TEXT, True
    # 202: the answer is still being written by the worker that gave it; the rating joins it then
    return jsonify(body), 202 if rating.pending else 201


@bp.route("/rate/<token>", methods=["GET", "POST"])
@limiter.limit(_rating_limit, scope="ticket-rating", methods=["POST"])
def rate_ticket(token: str) -> tuple[str, int]:
    """The rating page of a ticket (from the SMS); POST ``score`` and ``comment`` as a form."""
    try:
        number = _serializer().loads(token, max_age=LINK_MAX_AGE_S)
    except BadSignature:
        return render_template("rate.html", error="评价链接无效或已过期。", scores=SCORE_LABELS), 404
    store = get_store()
    ticket = store.get(str(number))
    if ticket is None:
        return render_template("rate.html", error="没有找到该工单。", scores=SCORE_LABELS), 404
    page: dict[str, Any] = {"ticket": ticket, "scores": SCORE_LABELS, "done": None, "error": None}
    if request.method == "POST":
        try:
            rating = store.register.rate_ticket(
                ticket.number, request.form.get("score", ""), request.form.get("comment"), channel="sms"
            )
        except TicketError as exc:
            page["error"] = str(exc)
            return render_template("rate.html", **page), 400
        page["done"] = rating
    return render_template("rate.html", **page), 200
