"""The WeChat channel's back-end objects, built once per application from its config and settings.

Config keys (defaults from :mod:`huiqi.settings`): ``WECHAT_TOKEN``, ``WECHAT_AES_KEY``,
``WECHAT_APPID``, ``WECHAT_REPLY_SECONDS``, ``PUBLIC_URL``; ``WECHAT_SENDER`` may hold a
:class:`~connectors.wechat.outbound.WeChatSender` (tests put a recorder there).
"""

from __future__ import annotations

import binascii
import dataclasses
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from wechatpy.crypto import WeChatCrypto

from connectors.web.chat import unavailable_message
from connectors.web.services import get_rasa
from connectors.wechat.outbound import WeChatSender, get_wechat_sender
from connectors.wechat.relay import WeChatRelay
from connectors.wechat.render import render_replies
from huiqi.settings import get_settings

__all__ = ["WeChatServices", "get_wechat", "safe_mode_crypto"]

_lock = threading.Lock()


@dataclass
class WeChatServices:
    """Token, safe-mode crypto (``None`` when not configured), the relay and its outbound sender."""

    token: str
    crypto: WeChatCrypto | None
    relay: WeChatRelay
    sender: WeChatSender
    public_url: str
    max_chars: int


def safe_mode_crypto(config: Mapping[str, Any]) -> WeChatCrypto | None:
    """The safe-mode (AES) crypto of an app's config, ``None`` when token, key or AppID is unset.

    Raises:
        ValueError: the EncodingAESKey is not the 43 characters the account's settings page shows.
    """
    settings = get_settings()
    token = config.get("WECHAT_TOKEN", settings.wechat_token)
    aes_key = config.get("WECHAT_AES_KEY", settings.wechat_aes_key)
    appid = config.get("WECHAT_APPID", settings.wechat_appid)
    if not (token and aes_key and appid):
        return None
    try:
        return WeChatCrypto(token, aes_key, appid)
    except (AssertionError, ValueError, binascii.Error) as exc:
        raise ValueError("HUIQI_WECHAT_AES_KEY 应为公众号后台“服务器配置”中的 43 位 EncodingAESKey") from exc


def _build() -> WeChatServices:
    config = current_app.config
    settings = get_settings()
    token = config.get("WECHAT_TOKEN", settings.wechat_token)
    public_url = config.get("PUBLIC_URL", settings.public_url)
    sender = config.get("WECHAT_SENDER") or get_wechat_sender(
        dataclasses.replace(settings, data_dir=Path(config["DATA_DIR"]))
    )
    crypto = safe_mode_crypto(config)
    relay = WeChatRelay(
        get_rasa(),
        sender,
        lambda replies: render_replies(replies, public_url),
        float(config.get("WECHAT_REPLY_SECONDS", settings.wechat_reply_seconds)),
        unavailable_message(),
    )
    return WeChatServices(token, crypto, relay, sender, public_url, int(config["CHAT_MAX_CHARS"]))


def get_wechat() -> WeChatServices:
    """The app's WeChat services (built on first use)."""
    cache = current_app.extensions.setdefault("huiqi_wechat", {})
    if "services" not in cache:
        with _lock:
            if "services" not in cache:
                cache["services"] = _build()
    return cache["services"]
