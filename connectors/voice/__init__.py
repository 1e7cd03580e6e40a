"""The Mandarin phone hotline: Twilio Programmable Voice webhooks (blueprint ``voice_bp``).

Routes (all ``POST``, all signed by Twilio): ``/voice/incoming`` (Voice URL), ``/voice/gather``
(speech and keys), ``/voice/dialed`` (end of a transfer to a lawyer team), ``/voice/status``
(status callback). See docs/hotline.md.
"""

from __future__ import annotations

from connectors.voice.routes import voice_bp

__all__ = ["voice_bp"]
