"""One-tap links in pushes (unsubscribe, "已申报"): the firm's profile key, signed with the secret key."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

__all__ = ["applied_url", "read_applied_token", "read_unsubscribe_token", "unsubscribe_url"]

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


_APPLIED_SALT = "huiqi-applied"


def applied_url(public_url: str, secret_key: str, key: str, campaign: str) -> str:
    """The link a firm taps to say it applied for the policy a campaign pushed."""
    token = URLSafeSerializer(secret_key, salt=_APPLIED_SALT).dumps([key, campaign])
    return f"{public_url.rstrip('/')}/applied/{token}"


def read_applied_token(secret_key: str, token: str) -> tuple[str, str] | None:
    """``(profile key, campaign)`` of a genuine "已申报" token, ``None`` for a forged or damaged one."""
    try:
        data = URLSafeSerializer(secret_key, salt=_APPLIED_SALT).loads(token)
    except BadSignature:
        return None
    if isinstance(data, list) and len(data) == 2 and all(isinstance(x, str) for x in data):
        return data[0], data[1]
    return None
