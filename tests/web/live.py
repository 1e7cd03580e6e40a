"""Serving the web app for real over HTTP to a real browser (Debian's Chromium through Playwright).

``LiveServer`` runs any WSGI app with werkzeug's threaded server on a free port. ``launch_chromium``
starts /usr/bin/chromium with the flags that keep it off the network (never ``playwright install``).
``StandInRasa`` answers Rasa's REST channel with fixed messages in the documented shape: it exists
only to check how the page renders each part of that contract (escaping, expired badges) — the
end-to-end tests talk to the real Rasa from tests/stack.py instead.
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:  # no access log in test output
        pass


class LiveServer:
    """A WSGI app served over HTTP on 127.0.0.1 in a background thread."""

    def __init__(self, app: Any) -> None:
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def chromium_available() -> bool:
    return shutil.which("chromium") is not None or Path(CHROMIUM).exists()


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, with nothing that phones home."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def screenshot(page: Any, name: str) -> Path:
    """Save a screenshot under test-artifacts/web/ (git-ignored) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


XSS_TEXT = '<img src=x onerror="window.__pwned=1">条款<script>window.__pwned=2</script>'

#: What the stand-in says, by keyword in the firm's message (first match wins).
STAND_IN_REPLIES: list[tuple[str, list[dict[str, Any]]]] = [
    (
        "律师",
        [
            {
                "text": "已为您转交律师团队，工单已登记。",
                "custom": {
                    "action": "ticket_created",
                    "ticket": {
                        "number": "HQ-20261129-0007",
                        "team": "team-1",
                        "firm": "山东鹤山律师事务所（示例）",
                        "status": "new",
                        "due_at": "2026-12-01T10:00:00+08:00",
                    },
                },
            }
        ],
    ),
    (
        "注入",
        [
            {
                "text": XSS_TEXT,
                "buttons": [{"title": XSS_TEXT, "payload": "/deny"}],
                "custom": {
                    "citations": [
                        {
                            "title": XSS_TEXT,
                            "doc_no": XSS_TEXT,
                            "clause": "第一条",
                            "text": XSS_TEXT,
                            "expired": True,
                        }
                    ]
                },
            }
        ],
    ),
    (
        "食品许可",
        [
            {
                "text": "抱歉，政策库里没有找到能回答这个问题的惠企政策。需要律师帮您看看吗？",
                "buttons": [{"title": "找律师", "payload": "/request_lawyer"}],
                "custom": {"action": "no_match", "citations": []},
            }
        ],
    ),
    (
        "",
        [
            {
                "text": "符合条件的参保企业可申请稳岗返还，中小微企业按上年度实际缴纳失业保险费的60%返还。",
                "buttons": [{"title": "找律师", "payload": "/request_lawyer"}],
                "custom": {
                    "action": "answer",
                    "citations": [
                        {
                            "policy_id": "demo-1",
                            "title": "关于做好失业保险稳岗返还工作的通知",
                            "doc_no": "即人社发〔2025〕3号",
                            "issuer": "即墨区人力资源和社会保障局",
                            "clause": "第二条 返还标准",
                            "text": "中小微企业按不超过企业及其职工上年度实际缴纳失业保险费的60%返还。",
                            "expired": False,
                            "valid_until": "2026-12-31",
                        },
                        {
                            "policy_id": "demo-0",
                            "title": "关于实施失业保险援企稳岗政策的通知",
                            "doc_no": "即人社发〔2022〕8号",
                            "clause": "第三条",
                            "text": "原政策条款全文。",
                            "expired": True,
                            "valid_until": "2023-12-31",
                        },
                    ],
                },
            }
        ],
    ),
]


class StandInRasa:
    """A fixed-answer server speaking Rasa's REST channel (and an action server's /health)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self._live = LiveServer(self._wsgi)
        self.url = self._live.url

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        if request.path == "/webhooks/rest/webhook" and request.method == "POST":
            body = json.loads(request.get_data() or b"{}")
            self.received.append(body)
            message = str(body.get("message", ""))
            items = next(replies for key, replies in STAND_IN_REPLIES if key in message)
            payload: Any = []
            for item in items:  # as Rasa sends it: the text, then the custom payload
                payload.append(
                    {
                        "recipient_id": body.get("sender"),
                        "text": item["text"],
                        "buttons": item.get("buttons", []),
                    }
                )
                if item.get("custom"):
                    payload.append({"recipient_id": body.get("sender"), "custom": item["custom"]})
            response = Response(json.dumps(payload, ensure_ascii=False), mimetype="application/json")
        elif request.path == "/status":
            response = Response(json.dumps({"model_file": "stand-in.tar.gz"}), mimetype="application/json")
        else:
            response = Response(json.dumps({"status": "ok"}), mimetype="application/json")
        return response(environ, start_response)

    def stop(self) -> None:
        self._live.stop()
