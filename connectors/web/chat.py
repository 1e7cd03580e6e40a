"""The firm-facing web chat: the page, the chat API relayed to Rasa, ticket look-ups and the widget."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, request, send_from_directory
from flask.wrappers import Response
from werkzeug.exceptions import HTTPException

from connectors.rasa_client import BotMessage, RasaUnavailable
from huiqi.logs import conversation_id_var

from .extensions import limiter
from .health import check_action_server
from .presenters import public_ticket
from .services import get_district, get_rasa, get_store, get_zones, hotline
from .validation import InputError, clean_sender, clean_text, parse_chat, parse_json_body

log = logging.getLogger(__name__)

bp = Blueprint("chat", __name__)

#: Quick-reply chips shown under the welcome message: common questions firms ask.
COMMON_TOPICS = [
    "稳岗返还怎么申请？",
    "研发费用加计扣除比例是多少？",
    "小微企业有哪些税费减免？",
    "高新技术企业认定有什么条件？",
    "创业担保贷款能贷多少？",
    "招用高校毕业生有补贴吗？",
]

#: What the "找律师 / 转人工" button sends: Rasa's NLU maps it to the escalation intent.
ESCALATE_TEXT = "我要找律师，转人工"


def _sender_key() -> str:
    """Rate-limit key: the sender id in the JSON body, else the client address."""
    try:
        data = json.loads(request.get_data(cache=True) or b"{}")
        return "sender:" + clean_sender(data.get("sender"))
    except (ValueError, InputError, AttributeError, HTTPException):
        return "ip:" + (request.remote_addr or "?")


def _chat_limit() -> str:
    return current_app.config["CHAT_RATE_LIMIT"]


def _chat_ip_limit() -> str:
    return current_app.config["CHAT_IP_RATE_LIMIT"]


def _lookup_limit() -> str:
    return current_app.config["LOOKUP_RATE_LIMIT"]


def _input_error(exc: InputError) -> tuple[Response, int]:
    return jsonify({"error": exc.message}), exc.status


def unavailable_message() -> str:
    """What a firm reads when the assistant is down: the district's hotline and window, and the way to
    leave a message."""
    district = get_district()
    return (
        f"抱歉，{district.service_name}智能助手暂时无法服务。请稍后再试，或拨打惠企服务热线 {hotline()}，"
        f"也可到{district.address}现场咨询。您也可以直接留言，我们会把问题转给您所在片区的律师团队。"
    )


def _zone_names() -> list[str]:
    try:
        return list(get_zones().zones)
    except Exception:  # the page still works; the fallback form then has no zone list
        log.exception("zones file could not be loaded for the chat page")
        return []


@bp.get("/")
def index() -> str:
    """The chat page (``?embed=1`` when opened inside the widget's frame)."""
    return render_template(
        "chat.html",
        topics=COMMON_TOPICS,
        escalate_text=ESCALATE_TEXT,
        hotline=hotline(),
        zones=_zone_names(),
        embed=request.args.get("embed") == "1",
    )


@bp.get("/widget.js")
def widget() -> Response:
    """The one-line embed: ``<script src="https://…/widget.js" defer></script>`` on any page."""
    response = send_from_directory(
        current_app.static_folder or "static", "widget.js", mimetype="text/javascript"
    )
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.post("/api/chat")
@limiter.limit(_chat_limit, key_func=_sender_key, scope="chat-sender")
@limiter.limit(_chat_ip_limit, scope="chat-ip")
def api_chat() -> tuple[Response, int]:
    """Relay one message to Rasa: ``{"sender", "message"}`` → ``{"messages": [...]}``.

    Answers 400/413 with a Chinese ``error`` for bad input and 503 with the hotline when Rasa or the
    action server is down.
    """
    try:
        sender, message = parse_chat(request.get_data(cache=True), current_app.config["CHAT_MAX_CHARS"])
    except InputError as exc:
        return _input_error(exc)
    conversation_id_var.set(sender)
    try:
        replies = get_rasa().send(sender, message)
    except RasaUnavailable as exc:
        log.warning("chat unavailable for %s: %s", sender, exc)
        return _unavailable()
    # A reply from a custom action carries its "action"; without one, Rasa may only have answered from
    # its domain (nothing at all, or a fallback) because the action server is down: then say so.
    if not any(reply.action for reply in replies) and not _action_server_up():
        log.warning("action server down; Rasa answered %d messages without it for %s", len(replies), sender)
        return _unavailable()
    if not replies:
        replies = [BotMessage(text="抱歉，我没有完全理解。您可以换个说法再问，或点击“找律师 / 转人工”。")]
    # "action" extends the documented shape: the page offers zone chips when the bot asks for the zone.
    return jsonify({"messages": [{**reply.to_dict(), "action": reply.action} for reply in replies]}), 200


def _unavailable() -> tuple[Response, int]:
    text = unavailable_message()
    body = {
        "error": text,
        "hotline": hotline(),
        "messages": [{"text": text, "buttons": [], "citations": [], "ticket": None}],
    }
    return jsonify(body), 503


def _action_server_up() -> bool:
    up, _detail = check_action_server(current_app)
    return up


#: How many conversation ids one ``GET /api/chat/tickets`` may name (the page's "新对话" keeps old ones).
MAX_SENDERS = 10


@bp.get("/api/chat/tickets")
def my_tickets() -> tuple[Response, int]:
    """The tickets this browser filed, newest first, with their status and the lawyers' replies.

    ``sender`` may repeat: the current conversation id and the ones before "新对话" in this browser.
    """
    try:
        values: list[str | None] = [*request.args.getlist("sender")] or [None]  # none given: refused
        senders = list(dict.fromkeys(clean_sender(value) for value in values))
    except InputError as exc:
        return _input_error(exc)
    if len(senders) > MAX_SENDERS:
        return jsonify({"error": f"一次最多查询 {MAX_SENDERS} 个会话的工单。"}), 400
    store = get_store()
    tickets = sorted(
        (t for sender in senders for t in store.for_sender(sender)), key=lambda t: t.created_at, reverse=True
    )
    return jsonify({"tickets": [public_ticket(t) for t in tickets]}), 200


@bp.post("/api/chat/lookup")
@limiter.limit(_lookup_limit, scope="chat-lookup")
def lookup() -> tuple[Response, int]:
    """Find one ticket by its number and the contact phone given when it was filed."""
    try:
        data = parse_json_body(request.get_data(cache=True))
        number = clean_text(data.get("number"), field="工单号", max_chars=40).upper()
        phone = clean_text(data.get("phone"), field="联系电话", max_chars=30)
    except InputError as exc:
        return _input_error(exc)
    ticket = get_store().find_for_firm(number, phone)
    if ticket is None:
        return jsonify({"error": "没有找到该工单，请核对工单号和联系电话。"}), 404
    return jsonify({"ticket": public_ticket(ticket)}), 200


@bp.post("/api/chat/ticket")
@limiter.limit(_lookup_limit, scope="chat-ticket")
def file_ticket() -> tuple[Response, int]:
    """Leave a message for the zone's lawyer team without the bot (the form shown when Rasa is down)."""
    from bot.actions.rights import category_for_question
    from tickets import NewTicket, TicketValidationError

    try:
        data = parse_json_body(request.get_data(cache=True))
        sender = clean_sender(data.get("sender")) if data.get("sender") else None
        fields: dict[str, Any] = {
            "firm_name": clean_text(data.get("firm_name"), field="企业名称", max_chars=100),
            "contact_name": clean_text(data.get("contact_name"), field="联系人", max_chars=50),
            "phone": clean_text(data.get("phone"), field="联系电话", max_chars=30),
            "zone": clean_text(data.get("zone"), field="所在街道/园区", max_chars=50),
            "question": clean_text(data.get("question"), field="问题描述", max_chars=2000),
        }
    except InputError as exc:
        return _input_error(exc)
    zone = get_zones().resolve(fields["zone"])
    if zone is None:
        return jsonify({"error": "没能识别您所在的街道或园区，请从列表中选择。", "field": "zone"}), 400
    fields["zone"] = zone
    category = category_for_question("政策咨询", fields["question"])  # 维权 when it is a complaint
    try:
        ticket = get_store().create(
            NewTicket(
                channel="web", category=category, transcript=[], citations=[], sender_id=sender, **fields
            )
        )
    except TicketValidationError as exc:
        return jsonify({"error": exc.message, "field": exc.field}), 400
    return jsonify({"ticket": public_ticket(ticket)}), 201
