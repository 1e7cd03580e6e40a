"""``GET /wechat`` (URL verification) and ``POST /wechat`` (messages) of the official account.

Every request is checked against WeChat's signature (``HUIQI_WECHAT_TOKEN``; unset → 403 for
everything); in safe mode (``encrypt_type=aes``) the message is also decrypted and its
``msg_signature`` checked with ``HUIQI_WECHAT_AES_KEY`` / ``HUIQI_WECHAT_APPID``, and the reply is
encrypted the same way. Text and recognised voice go into the follower's Rasa conversation
(``wx-<openid>``), the same conversation the web chat has; a reply of 满意 / 基本满意 / 不满意 rates
its answers (:mod:`connectors.wechat.rating`).
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, request
from wechatpy import create_reply, parse_message
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.utils import check_signature

from connectors.campaigns.delivery import APPLIED_WORDS, UNSUBSCRIBE_WORDS, get_tracking
from connectors.campaigns.views import get_profiles
from connectors.web.chat import ESCALATE_TEXT
from connectors.web.presenters import public_ticket
from connectors.web.services import get_store
from connectors.wechat.rating import rate_reply, rating_word
from connectors.wechat.relay import sender_id
from connectors.wechat.services import WeChatServices, get_wechat
from huiqi.logs import conversation_id_var
from tickets.campaign_tracking import wechat_status
from tickets.profiles import profile_key

__all__ = ["wechat_bp"]

log = logging.getLogger(__name__)

wechat_bp = Blueprint("wechat", __name__)

WELCOME = (
    "您好，这里是惠企通政策服务。直接发文字或语音提问即可，例如“招用高校毕业生有补贴吗？”。"
    "底部菜单可以查询“我能享受哪些政策”、找律师和查看我的工单。"
)
ASK_PROMPT = "请直接输入或说出您的问题，例如“高新技术企业认定有什么奖励？”，我会引用政策原文回答。"
NOT_HEARD = "抱歉，没有听清您的语音。请再说一遍，或直接输入文字。"
UNSUPPORTED = "目前支持文字和语音消息，请直接输入您的问题。"
MATCH_TEXT = "我能享受哪些政策？"
APPLIED = "已记下贵企业已申报，谢谢！申报中遇到问题，可以随时在这里提问或找律师。"
UNSUBSCRIBED = "已退订政策推送。您仍可随时在这里提问或找律师。"
MAX_TICKETS = 5


def _verified(svc: WeChatServices) -> None:
    """Abort with 403 unless the query carries WeChat's signature for the configured token."""
    args = request.args
    if not svc.token:
        log.warning("wechat: HUIQI_WECHAT_TOKEN is not set; request refused")
        abort(403)
    try:
        check_signature(
            svc.token, args.get("signature", ""), args.get("timestamp", ""), args.get("nonce", "")
        )
    except InvalidSignatureException:
        log.warning("wechat: forged or malformed signature refused")
        abort(403)


@wechat_bp.get("/wechat")
def verify() -> Response:
    """WeChat's server URL check: echo ``echostr`` when the signature is right."""
    _verified(get_wechat())
    return Response(request.args.get("echostr", ""), mimetype="text/plain")


def _tickets_text(openid: str) -> str:
    tickets = get_store().for_sender(sender_id(openid))[:MAX_TICKETS]
    if not tickets:
        return "您在公众号还没有提交过工单。需要律师帮助时，点菜单“找律师”即可。"
    lines = ["您的工单（最近 5 件）："]
    for ticket in map(public_ticket, tickets):
        line = f"{ticket['number']}  {ticket['status_label']}  {ticket['team_firm']}"
        if ticket["replies"]:
            line += f"\n律师回复：{ticket['replies'][-1]['text'][:80]}"
        lines.append(line)
    return "\n".join(lines)


def _answer(svc: WeChatServices, message: object) -> str | None:
    """The passive reply text for a message (``None``: nothing now, e.g. sent later)."""
    openid = getattr(message, "source", "")
    kind = getattr(message, "type", "")
    if kind == "event":
        event = getattr(message, "event", "")
        if event == "subscribe":
            return WELCOME
        if event == "templatesendjobfinish":  # delivery of a campaign push (template message)
            status = wechat_status(str(getattr(message, "status", "") or ""))
            get_tracking().record_status("wechat", str(getattr(message, "id", "") or ""), status)
            return None
        if event != "click":
            return None
        key = getattr(message, "key", "")
        if key == "POLICY_ASK":
            return ASK_PROMPT
        if key == "MY_TICKETS":
            return _tickets_text(openid)
        text = {"POLICY_MATCH": MATCH_TEXT, "LAWYER": ESCALATE_TEXT}.get(key)
        return svc.relay.ask(openid, text) if text else None
    if kind == "text":
        text = (getattr(message, "content", "") or "").strip()
    elif kind == "voice":
        text = (getattr(message, "recognition", "") or "").strip()
        if not text:
            return NOT_HEARD
    else:
        return UNSUPPORTED
    if not text:
        return ASK_PROMPT
    if text.upper() in UNSUBSCRIBE_WORDS:
        get_profiles().opt_out(profile_key(openid=openid))
        return UNSUBSCRIBED
    if text in APPLIED_WORDS and get_tracking().mark_applied_latest(profile_key(openid=openid)):
        return APPLIED
    score = rating_word(text)
    if score is not None:  # the reply to the rating question that ends every answer
        return rate_reply(openid, score)
    if not svc.relay.first_time(str(getattr(message, "id", "") or "")):
        return None  # WeChat's retry of a message being answered
    return svc.relay.ask(openid, text[: svc.max_chars])


@wechat_bp.post("/wechat")
def receive() -> Response:
    """A follower's message or event: answer passively within WeChat's limit, else "success"."""
    svc = get_wechat()
    _verified(svc)
    args = request.args
    body = request.get_data()
    safe_mode = args.get("encrypt_type") == "aes"
    if safe_mode:
        if svc.crypto is None:
            log.warning("wechat: encrypted message but HUIQI_WECHAT_AES_KEY/APPID not set")
            abort(403)
        try:
            body = svc.crypto.decrypt_message(
                body, args.get("msg_signature", ""), args.get("timestamp", ""), args.get("nonce", "")
            )
        except (InvalidSignatureException, InvalidAppIdException):
            log.warning("wechat: encrypted message with a bad msg_signature or AppID refused")
            abort(403)
        except Exception:  # not WeChat's envelope at all
            abort(400)
    try:
        message = parse_message(body)
    except Exception:
        abort(400)
    conversation_id_var.set(sender_id(getattr(message, "source", "") or "?"))
    text = _answer(svc, message)
    if text is None:
        return Response("success", mimetype="text/plain")
    reply = create_reply(text, message).render()
    if safe_mode and svc.crypto is not None:
        reply = svc.crypto.encrypt_message(reply, args.get("nonce", ""), args.get("timestamp", ""))
    return Response(reply, mimetype="application/xml")
