"""Console accounts: who is logged in, login checks, role checks and the team-isolation rule for tickets.

Pages guard themselves with :func:`role_required` (``@auth.role_required("office")``, or
``bp.before_request(auth.require_roles("editor", "office"))`` for a whole blueprint)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, redirect, request, session, url_for

from .services import get_store

F = TypeVar("F", bound=Callable[..., Any])


def authenticate(login: str, password: str) -> Any | None:
    """Return the account (``tickets.Account``) when ``login`` exists and ``password`` is right."""
    return get_store().authenticate(login, password)


def current_account() -> Any | None:
    """The logged-in account, or None (also when the login was removed or the account disabled)."""
    login = session.get("login")
    return get_store().account(login) if isinstance(login, str) else None


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


def role_check(*roles: str) -> Any:
    """None when the signed-in account has one of ``roles``; else the response to give instead:
    the sign-in page (nobody signed in) or 403 (another role)."""
    account = current_account()
    if account is None:
        target = request.full_path if request.method == "GET" else None
        return redirect(url_for("console.login", next=target))
    if account.role not in roles:
        abort(403)
    return None


def require_roles(*roles: str) -> Callable[[], Any]:
    """A ``before_request`` hook for a whole blueprint: only ``roles`` get in (see :func:`role_check`)."""
    return lambda: role_check(*roles)


def role_required(*roles: str) -> Callable[[F], F]:
    """Decorate a view so that only accounts with one of ``roles`` reach it (see :func:`role_check`)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            refused = role_check(*roles)
            return refused if refused is not None else view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


#: Changes to tickets: only lawyers (the office reads and moves tickets between teams).
lawyer_required = role_required("lawyer")


#: The page each role lands on after signing in. A blueprint serving a role registers its own page
#: (``auth.HOME_ENDPOINTS["editor"] = "editor.index"``); a role without one lands on its account page.
HOME_ENDPOINTS: dict[str, str] = {"lawyer": "console.tickets", "office": "console.tickets"}


def home_for(account: Any) -> str:
    """The URL ``account`` lands on after signing in (see :data:`HOME_ENDPOINTS`)."""
    return url_for(HOME_ENDPOINTS.get(account.role, "accounts.own"))
