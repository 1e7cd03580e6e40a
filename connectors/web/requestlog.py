"""Request ids for the structured logs (huiqi.logs): one per request, echoed in ``X-Request-ID``."""

from __future__ import annotations

import re
import uuid

from flask import Flask, request
from flask.wrappers import Response

from huiqi.logs import conversation_id_var, request_id_var

_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def init_request_ids(app: Flask) -> None:
    """Give every request an id (a proxy's ``X-Request-ID`` when well-formed) and return it."""

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        request_id_var.set(incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex[:16])
        conversation_id_var.set(None)

    @app.after_request
    def _echo(response: Response) -> Response:
        request_id = request_id_var.get()
        if request_id:
            response.headers["X-Request-ID"] = request_id
        return response
