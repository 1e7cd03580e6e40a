"""What comes back from a push: Twilio's SMS delivery reports and replies, and the firm's "已申报".

* ``POST /sms/status`` — Twilio's status callback (signed): ``MessageSid`` + ``MessageStatus`` move the
  push to delivered / failed / read (:mod:`tickets.campaign_tracking`);
* ``POST /sms/incoming`` — an SMS to the district's number (signed): ``TD`` / ``退订`` unsubscribes;
* ``GET /applied/<token>`` asks, ``POST`` records that the firm applied (the SMS's one-tap link).

Twilio's signature replaces CSRF on the first two; the signed token is the capability on the third.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, render_template, request
from twilio.twiml.messaging_response import MessagingResponse

from connectors.campaigns.links import read_applied_token
from connectors.campaigns.views import app_cached, get_profiles
from connectors.voice.security import validate_twilio_request
from tickets.campaign_tracking import CampaignTracking, twilio_status
from tickets.profiles import profile_key

__all__ = ["APPLIED_WORDS", "UNSUBSCRIBE_WORDS", "bp", "get_tracking", "sms_bp"]

log = logging.getLogger(__name__)

#: Replies that unsubscribe a firm from pushes (SMS and WeChat alike).
UNSUBSCRIBE_WORDS = frozenset({"TD", "退订", "取消订阅"})
#: A WeChat reply that says the firm applied for the policy last pushed to it.
APPLIED_WORDS = frozenset({"已申报", "已经申报", "已申请", "已经申请了", "申报了"})
UNSUBSCRIBED = "已退订惠企通政策推送。咨询政策请拨打热线或在网页、公众号提问。"
NOT_A_CHANNEL = "本号码只发送通知，不接收咨询。咨询政策请拨打热线或在网页、公众号提问；回复TD退订政策推送。"

#: Twilio's webhooks (signed, no CSRF); the "已申报" pages (CSRF on the form).
sms_bp = Blueprint("sms", __name__)
bp = Blueprint("applied", __name__)


def get_tracking() -> CampaignTracking:
    """The campaign tracking on the app's ``DATABASE_URL`` (built on first use)."""
    return app_cached("tracking", CampaignTracking)


@sms_bp.post("/sms/status")
@validate_twilio_request
def sms_status() -> tuple[str, int]:
    """Twilio reports a message's delivery; unknown ids (e.g. a hotline SMS) are acknowledged too."""
    sid = request.form.get("MessageSid", "").strip()
    status = twilio_status(request.form.get("MessageStatus", ""))
    if sid and status:
        known = get_tracking().record_status("sms", sid, status, request.form.get("ErrorCode") or None)
        log.info("短信送达回执 %s：%s%s", sid, status, "" if known else "（非推送消息）")
    return "", 204


@sms_bp.post("/sms/incoming")
@validate_twilio_request
def sms_incoming() -> Response:
    """A reply to the district's number: ``TD`` unsubscribes the sender from pushes."""
    body = request.form.get("Body", "").strip().upper()
    reply = MessagingResponse()
    if body in UNSUBSCRIBE_WORDS:
        try:
            get_profiles().opt_out(profile_key(phone=request.form.get("From", "")))
        except ValueError:  # not a Chinese number: it has no profile to unsubscribe
            log.info("退订短信来自无法识别的号码")
        reply.message(UNSUBSCRIBED)
    else:
        reply.message(NOT_A_CHANNEL)
    return Response(str(reply), mimetype="application/xml")


def _applied(token: str) -> tuple[str, str]:
    found = read_applied_token(current_app.config["SECRET_KEY"], token)
    if found is None:
        abort(404)
    return found


@bp.get("/applied/<token>")
def confirm_applied(token: str) -> str:
    """Ask before recording (a link preview must not record anything)."""
    _applied(token)
    return render_template("applied.html", done=False, token=token)


@bp.post("/applied/<token>")
def record_applied(token: str) -> str:
    """Record that the firm applied for the pushed policy."""
    key, campaign = _applied(token)
    if not get_tracking().mark_applied(campaign, key):
        abort(404)
    return render_template("applied.html", done=True, token=token)
