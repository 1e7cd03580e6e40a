"""Console accounts: who is logged in, login checks, and the team-isolation rule for tickets."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, session

from .services import get_store, get_zones

F = TypeVar("F", bound=Callable[..., Any])


def authenticate(login: str, password: str) -> Any | None:
    """Return the account (``tickets.Account``) when ``login`` exists and ``password`` is right."""
    return get_store().authenticate(login, password)


def current_account() -> Any | None:
    """The logged-in account, or None (also when the login was removed from the zones file)."""
    login = session.get("login")
    return get_zones().account(login) if isinstance(login, str) else None


def log_in(account: Any) -> None:
    """Start a fresh session for ``account`` (old session data is dropped)."""
    session.clear()
    session.permanent = True
    session["login"] = account.login


def log_out() -> None:
    """End the session."""
    session.clear()


def visible_ticket(account: Any, number: str) -> Any:
    """The ticket ``number`` if ``account`` may see it.

    Raises:
        NotFound: 404 when it does not exist or belongs to another team (the two look the same).
    """
    ticket = get_store().get_for_user(number, account)
    if ticket is None:
        abort(404)
    return ticket


def lawyer_required(view: F) -> F:
    """Refuse (403) changes by read-only accounts (the district office)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        account = current_account()
        if account is None or account.role != "lawyer":
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
