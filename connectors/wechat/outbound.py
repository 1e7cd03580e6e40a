"""Messages the official account sends on its own: customer-service text and the custom menu.

WeChat's cloud cannot be reached here, so the default is :class:`RecordingWeChatSender`, which appends
each call as a JSON line to ``<data_dir>/wechat_outbox.jsonl``; :class:`WeChatApiSender` (wechatpy's
``WeChatClient``) is used when the AppID and AppSecret are configured.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from huiqi.settings import Settings

__all__ = ["RecordingWeChatSender", "WeChatApiSender", "WeChatSendError", "WeChatSender", "get_wechat_sender"]

_lock = threading.Lock()


class WeChatSendError(RuntimeError):
    """WeChat refused the call or could not be reached."""


class WeChatSender(Protocol):
    """What the channel needs from WeChat's outbound API."""

    def send_text(self, openid: str, text: str) -> str:
        """Send a customer-service text message to a follower; returns an id for the log."""
        ...

    def create_menu(self, menu: dict[str, Any]) -> str:
        """Replace the account's custom menu; returns an id for the log."""
        ...

    def send_template(self, openid: str, template_id: str, data: dict[str, Any], url: str | None) -> str:
        """Send a template message (模板消息, campaign pushes); returns WeChat's ``msgid``, which its
        ``TEMPLATESENDJOBFINISH`` event reports delivery against."""
        ...


class RecordingWeChatSender:
    """Record every outbound call instead of sending it (local mode and tests).

    Args:
        path: The outbox file, e.g. ``var/wechat_outbox.jsonl``; created on first use.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _record(self, kind: str, **fields: Any) -> str:
        record_id = f"fake-{uuid.uuid4().hex[:12]}"
        record = {
            "id": record_id,
            "kind": kind,
            **fields,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return record_id

    def send_text(self, openid: str, text: str) -> str:
        """Record a customer-service text message."""
        if not openid.strip():
            raise WeChatSendError("没有收件人 openid")
        return self._record("text", to=openid, text=text)

    def create_menu(self, menu: dict[str, Any]) -> str:
        """Record a menu definition."""
        return self._record("menu", menu=menu)

    def send_template(self, openid: str, template_id: str, data: dict[str, Any], url: str | None) -> str:
        """Record a template message; the id is numeric, as WeChat's ``msgid``."""
        if not openid.strip():
            raise WeChatSendError("没有收件人 openid")
        msgid = str(uuid.uuid4().int % 10**15)
        self._record("template", to=openid, template_id=template_id, data=data, url=url, msgid=msgid)
        return msgid

    def sent(self) -> list[dict[str, Any]]:
        """Every recorded call, oldest first."""
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]


class WeChatApiSender:
    """The real outbound API through wechatpy (access tokens are fetched and cached by wechatpy)."""

    def __init__(self, appid: str, appsecret: str) -> None:
        from wechatpy import WeChatClient

        self._client = WeChatClient(appid, appsecret)

    def send_text(self, openid: str, text: str) -> str:
        """Send through the customer-service message API (``message/custom/send``)."""
        from wechatpy.exceptions import WeChatException

        try:
            result = self._client.message.send_text(openid, text)
        except (WeChatException, OSError) as exc:
            raise WeChatSendError(f"微信客服消息发送失败：{exc}") from exc
        return str(result.get("msgid", "")) if isinstance(result, dict) else ""

    def send_template(self, openid: str, template_id: str, data: dict[str, Any], url: str | None) -> str:
        """Send through the template message API (``message/template/send``)."""
        from wechatpy.exceptions import WeChatException

        try:
            result = self._client.message.send_template(openid, template_id, data, url=url)
        except (WeChatException, OSError) as exc:
            raise WeChatSendError(f"微信模板消息发送失败：{exc}") from exc
        return str(result.get("msgid", "")) if isinstance(result, dict) else ""

    def create_menu(self, menu: dict[str, Any]) -> str:
        """Replace the custom menu (``menu/create``)."""
        from wechatpy.exceptions import WeChatException

        try:
            self._client.menu.create(menu)
        except (WeChatException, OSError) as exc:
            raise WeChatSendError(f"微信菜单创建失败：{exc}") from exc
        return "menu"


def get_wechat_sender(settings: Settings) -> WeChatSender:
    """The real API when ``HUIQI_WECHAT_APPID`` and ``HUIQI_WECHAT_APPSECRET`` are set, else the recorder."""
    if settings.wechat_appid and settings.wechat_appsecret:
        return WeChatApiSender(settings.wechat_appid, settings.wechat_appsecret)
    return RecordingWeChatSender(settings.data_dir / "wechat_outbox.jsonl")
