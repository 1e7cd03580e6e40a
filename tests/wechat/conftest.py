"""Fixtures of the WeChat tests: messages built and signed with wechatpy's own code, as WeChat does."""

from __future__ import annotations

import base64
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import xmltodict
from flask import Flask
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from connectors.web import create_app
from connectors.wechat.outbound import RecordingWeChatSender
from tests.rasa_standin import closed_port_url

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "huiqi-wechat-token"
APPID = "wx5823bf96d3bd56c7"
AES_KEY = base64.b64encode(b"0123456789abcdef0123456789abcdef").decode().rstrip("=")
ACCOUNT = "gh_huiqi"
PUBLIC_URL = "https://hq.example.cn"


def signature(*parts: str) -> str:
    """WeChat's signature (sha1 of the sorted parts), computed by wechatpy."""
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def message_xml(openid: str, kind: str, **fields: str) -> str:
    """A message as WeChat posts it (plaintext mode)."""
    body = {
        "ToUserName": ACCOUNT,
        "FromUserName": openid,
        "CreateTime": str(int(time.time())),
        "MsgType": kind,
    }
    if kind != "event":
        body["MsgId"] = fields.pop("MsgId", str(uuid.uuid4().int % 10**18))
    body.update(fields)
    return xmltodict.unparse({"xml": body}, full_document=False)


@dataclass
class WeChatClient:
    """Posts to /wechat exactly as WeChat's servers do, plaintext or safe mode."""

    client: Any
    token: str = TOKEN
    crypto: WeChatCrypto = field(default_factory=lambda: WeChatCrypto(TOKEN, AES_KEY, APPID))

    def query(self, openid: str = "", token: str | None = None) -> dict[str, str]:
        timestamp, nonce = str(int(time.time())), uuid.uuid4().hex[:10]
        query = {
            "timestamp": timestamp,
            "nonce": nonce,
            "signature": signature(token or self.token, timestamp, nonce),
        }
        if openid:
            query["openid"] = openid
        return query

    def post(self, xml: str, openid: str, *, token: str | None = None) -> Any:
        return self.client.post("/wechat", query_string=self.query(openid, token), data=xml.encode("utf-8"))

    def post_aes(self, xml: str, openid: str, *, tamper: bool = False) -> Any:
        query = self.query(openid)
        envelope = xmltodict.parse(self.crypto.encrypt_message(xml, query["nonce"], query["timestamp"]))[
            "xml"
        ]
        msg_signature = envelope["MsgSignature"]
        if tamper:
            msg_signature = signature("forged", query["timestamp"], query["nonce"])
        body = xmltodict.unparse(
            {"xml": {"ToUserName": ACCOUNT, "Encrypt": envelope["Encrypt"]}}, full_document=False
        )
        query.update(encrypt_type="aes", msg_signature=msg_signature)
        return self.client.post("/wechat", query_string=query, data=body.encode("utf-8"))

    def decrypt(self, response: Any) -> dict[str, str]:
        """The reply of a safe-mode post, decrypted and checked as WeChat does."""
        envelope = xmltodict.parse(response.data)["xml"]
        plain = self.crypto.decrypt_message(
            response.data, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"]
        )
        return xmltodict.parse(plain)["xml"]


def wechat_config(tmp_path: Path, rasa_url: str, **overrides: Any) -> dict[str, Any]:
    """An app with the WeChat settings of a test account and a recording outbound sender."""
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tickets.db'}",
        "ZONES_FILE": str(ROOT / "data" / "zones.yaml"),
        "DATA_DIR": str(tmp_path),
        "INDEX_DIR": str(tmp_path / "index"),
        "RASA_URL": rasa_url,
        "ACTION_SERVER_URL": closed_port_url(),
        "PUBLIC_URL": PUBLIC_URL,
        "WECHAT_TOKEN": TOKEN,
        "WECHAT_AES_KEY": AES_KEY,
        "WECHAT_APPID": APPID,
        "WECHAT_REPLY_SECONDS": 4.0,
        "WECHAT_SENDER": RecordingWeChatSender(tmp_path / "wechat_outbox.jsonl"),
    }
    config.update(overrides)
    return config


def make_app(tmp_path: Path, rasa_url: str, **overrides: Any) -> Flask:
    return create_app(wechat_config(tmp_path, rasa_url, **overrides))


@pytest.fixture
def outbox_of():
    """The recorded outbound calls of an app."""

    def read(app: Flask) -> list[dict[str, Any]]:
        return app.config["WECHAT_SENDER"].sent()

    return read
