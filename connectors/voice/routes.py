"""The Twilio webhooks: thin views that read Twilio's form, run the call flow and return TwiML."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from flask import Blueprint, Response, request, url_for
from twilio.twiml.voice_response import VoiceResponse

from connectors.services import get_services
from connectors.voice.flow import CallInput, CallState, Hotline
from connectors.voice.security import validate_twilio_request
from connectors.voice.twiml import twiml
from huiqi.logs import conversation_id_var

log = logging.getLogger(__name__)

voice_bp = Blueprint("voice", __name__, url_prefix="/voice")


def _hotline() -> Hotline:
    services = get_services()

    def url(endpoint: str, state: CallState) -> str:
        path = url_for(f"voice.{endpoint}")
        return f"{services.settings.public_url}{path}?{urlencode(state.query())}"

    return Hotline(services, url)


def _call() -> CallInput:
    form = request.form
    call_sid = form.get("CallSid", "").strip() or "unknown"
    conversation_id_var.set(f"tel-{call_sid}")
    return CallInput(
        call_sid=call_sid,
        caller=form.get("From", "").strip(),
        speech=form.get("SpeechResult", "").strip(),
        digits=form.get("Digits", "").strip(),
    )


@voice_bp.post("/incoming")
@validate_twilio_request
def incoming() -> Response:
    """A call comes in: Mandarin greeting and the main menu."""
    return twiml(_hotline().incoming(_call()))


@voice_bp.post("/gather")
@validate_twilio_request
def gather() -> Response:
    """The result of a ``<Gather>``: speech, keys, or nothing (``actionOnEmptyResult``)."""
    return twiml(_hotline().gather(_call(), CallState.from_args(request.args)))


@voice_bp.post("/dialed")
@validate_twilio_request
def dialed() -> Response:
    """The transfer to a lawyer team ended (its ticket was stored before the transfer)."""
    status = request.form.get("DialCallStatus", "").strip()
    return twiml(_hotline().dialed(_call(), status))


@voice_bp.post("/status")
@validate_twilio_request
def status() -> Response:
    """Twilio's call status callback: logged; a completed call is told to Rasa (see ``Hotline.hung_up``).

    The answer is an empty TwiML document.
    """
    form = request.form
    log.info(
        "来电状态 %s：%s，时长 %s 秒",
        form.get("CallSid", "?"),
        form.get("CallStatus", "?"),
        form.get("CallDuration", "-"),
    )
    if form.get("CallStatus") == "completed":
        _hotline().hung_up(_call())
    return twiml(VoiceResponse())
