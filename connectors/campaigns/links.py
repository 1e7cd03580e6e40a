"""One-tap unsubscribe links: the firm's profile key, signed with the web app's secret key."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

__all__ = ["read_unsubscribe_token", "unsubscribe_url"]

_SALT = "huiqi-unsubscribe"


def unsubscribe_url(public_url: str, secret_key: str, key: str) -> str:
    """The link that unsubscribes ``key`` from pushes."""
    token = URLSafeSerializer(secret_key, salt=_SALT).dumps(key)
    return f"{public_url.rstrip('/')}/unsubscribe/{token}"


def read_unsubscribe_token(secret_key: str, token: str) -> str | None:
    """The profile key of a genuine token, ``None`` for a forged or damaged one."""
    try:
        key = URLSafeSerializer(secret_key, salt=_SALT).loads(token)
    except BadSignature:
        return None
    return key if isinstance(key, str) else None
