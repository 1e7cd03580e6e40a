"""A local stand-in for Rasa's REST channel, for tests of the code that talks to the bot.

It answers every ``POST`` in the exact shape of Rasa's REST channel: a JSON list of items (text,
buttons, custom payload as separate items), each stamped with the sender as ``recipient_id``.
Subclass :class:`RasaStandIn`, say what to answer in :meth:`RasaStandIn.items`, and serve it:

    with serve(MyReplies) as (url, handler):
        RasaClient(url).send("web-1", "你好")
        assert handler.received[0]["message"] == "你好"
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, TypeVar

from tests.stack import free_port

Item = dict[str, Any]


class RasaStandIn(BaseHTTPRequestHandler):
    """Answers like Rasa's REST channel with the items of :meth:`items`, after ``delay`` seconds."""

    status: ClassVar[int] = 200
    delay: ClassVar[float] = 0.0
    #: The request bodies (``{"sender": …, "message": …}``), oldest first.
    received: ClassVar[list[dict[str, str]]] = []

    def items(self, body: dict[str, str]) -> list[Item]:
        """The reply items (without ``recipient_id``) to the request ``body``."""
        raise NotImplementedError

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.received.append(body)
        time.sleep(self.delay)
        self.send_json(self.status, [dict(item, recipient_id=body["sender"]) for item in self.items(body)])

    def send_json(self, status: int, body: Any) -> None:
        """Answer ``status`` with ``body`` as JSON."""
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


StandIn = TypeVar("StandIn", bound=RasaStandIn)


@contextmanager
def serve(handler: type[StandIn], **attributes: Any) -> Iterator[tuple[str, type[StandIn]]]:
    """Serve a fresh subclass of ``handler`` on a free loopback port: yields ``(url, subclass)``.

    The subclass gets its own empty ``received`` list and the class ``attributes`` given here, so a
    test can set ``status``, ``delay`` or its script on it without touching other tests.
    """
    fresh = type(handler.__name__, (handler,), {"received": [], **attributes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), fresh)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", fresh
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """A loopback URL where nothing listens (Rasa down)."""
    return f"http://127.0.0.1:{free_port()}"
