"""TwiML building blocks: the Mandarin voice, the speech-recognition language and one response helper.

Codes (checked against the providers' documentation):

* ``<Gather language="cmn-Hans-CN">`` — Twilio passes the BCP-47 tag to its speech-to-text provider;
  ``cmn-Hans-CN`` is "Chinese, Mandarin (Simplified, China)" in Google Cloud Speech-to-Text's language
  list, which Twilio's ``<Gather>`` language table follows (a bare ``zh`` is the legacy v1 alias).
* ``<Say voice="Polly.Zhiyu-Neural" language="cmn-CN">`` — Amazon Polly's Mandarin voice 知语 (Zhiyu),
  language code ``cmn-CN`` in Polly's voice list; Twilio names Polly voices ``Polly.<Name>`` and neural
  ones ``Polly.<Name>-Neural``. (Rasa's ``twilio_voice`` channel has no Mandarin voice or language.)
"""

from __future__ import annotations

from flask import Response
from twilio.twiml.voice_response import Gather, VoiceResponse

#: Speech-recognition language of every ``<Gather>``: Mandarin Chinese, Simplified, mainland China.
SPEECH_LANGUAGE = "cmn-Hans-CN"
#: Text-to-speech voice and language of every ``<Say>``: Amazon Polly Zhiyu (neural), Mandarin.
TTS_VOICE = "Polly.Zhiyu-Neural"
TTS_LANGUAGE = "cmn-CN"
#: Seconds of silence before a ``<Gather>`` gives up waiting for the caller to start.
GATHER_TIMEOUT = 6


def twiml(response: VoiceResponse) -> Response:
    """Return ``response`` as an HTTP response Twilio accepts (``text/xml``)."""
    return Response(str(response), status=200, mimetype="text/xml")


def say(parent: VoiceResponse | Gather, text: str) -> None:
    """Add one Mandarin ``<Say>`` to ``parent`` (nothing when ``text`` is blank)."""
    if text.strip():
        parent.say(text.strip(), voice=TTS_VOICE, language=TTS_LANGUAGE)


def gather(
    parent: VoiceResponse,
    *,
    action: str,
    hints: str,
    num_digits: int | None = 1,
    finish_on_key: str | None = None,
) -> Gather:
    """Add a ``<Gather input="speech dtmf">`` listening for Mandarin speech or keys.

    Args:
        parent: The response to add to.
        action: Absolute URL Twilio posts the result to (also when nothing was heard).
        hints: Comma-separated phrases that help recognition (policy vocabulary, zone names).
        num_digits: Keys that end the gather at once (1 for the menu; None: until ``finish_on_key``).
        finish_on_key: Key that ends a key entry (``#`` after a zone or phone number).

    Returns:
        The ``<Gather>``: nest the prompt's ``<Say>`` in it so the caller can answer while it plays.
    """
    return parent.gather(
        input="speech dtmf",
        action=action,
        method="POST",
        language=SPEECH_LANGUAGE,
        hints=hints or None,
        timeout=GATHER_TIMEOUT,
        speech_timeout="auto",
        num_digits=num_digits,
        finish_on_key=finish_on_key,
        action_on_empty_result=True,
    )
