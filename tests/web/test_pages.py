"""The chat page, the widget and the security headers, as a browser receives them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from flask.testing import FlaskClient

STATIC = Path(__file__).resolve().parents[2] / "connectors" / "web" / "static"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text += data


def parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def test_chat_page_is_chinese_local_and_has_no_inline_code(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    for text in ("惠企通", "找律师 / 转人工", "请输入您的问题", "我的工单", "稳岗返还怎么申请？"):
        assert text in page
    tags = parse(page)
    assert tags.script_text.strip() == ""  # no inline scripts
    for tag, attrs in tags.tags:
        assert "style" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), tag
        for name in ("src", "href"):
            value = attrs.get(name)
            if value and tag in ("script", "link", "img"):
                assert value.startswith("/static/"), value  # nothing from a CDN or outside font host
    assert 'maxlength="1000"' in page


def test_static_assets_reference_nothing_outside(client: FlaskClient) -> None:
    for name in ("chat.css", "chat.js", "console.css"):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://|@import|url\(\s*['\"]?//", text), name
        with client.get(f"/static/{name}") as response:  # file responses must be closed
            assert response.status_code == 200
    js = (STATIC / "chat.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js


def test_security_headers(client: FlaskClient) -> None:
    chat = client.get("/")
    csp = chat.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors *" in csp  # the widget frames the chat on district sites
    assert chat.headers["X-Content-Type-Options"] == "nosniff"
    assert chat.headers["Referrer-Policy"] == "same-origin"
    console = client.get("/console/login")
    assert "frame-ancestors 'none'" in console.headers["Content-Security-Policy"]
    assert console.headers["X-Frame-Options"] == "DENY"
    assert console.headers["Cache-Control"] == "no-store"
    assert client.get("/api/tickets").headers["X-Request-ID"]


def test_widget_is_one_script_that_any_site_may_load(client: FlaskClient) -> None:
    with client.get("/widget.js") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/javascript"
        assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
        body = response.get_data(as_text=True)
    assert "/?embed=1" in body and "iframe" in body
    assert "innerHTML" not in body


def test_unknown_page_is_a_chinese_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "未找到您要的内容" in response.get_data(as_text=True)
    response = client.get("/api/no-such-endpoint")
    assert response.get_json() == {"error": "未找到您要的内容。"}
    assert client.get("/api/chat").status_code == 405
