"""The WeChat official account channel (公众号): signed webhooks, passive and customer-service replies,
custom menu. Built on wechatpy."""

from connectors.wechat.views import wechat_bp

__all__ = ["wechat_bp"]
