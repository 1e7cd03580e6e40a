"""Console accounts and their audit trail.

Lawyers (with their team) and the zones file's office users are defined in the zones file; the
office adds office, department and policy-editor accounts here (``huiqi accounts`` or
``/office/accounts``). Every account's password and lock live in ``console_users``; every change
is written to ``account_events`` in the same transaction: who, when, what.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.security import check_password_hash, generate_password_hash

from tickets.errors import TicketValidationError
from tickets.models import AccountEventRow, UserRow
from tickets.validation import check_choice, clean_text
from tickets.vocab import ROLE_LABELS, ROLES
from tickets.zones import LOGIN_RE, Account, ZoneDirectory

PASSWORD_MIN_CHARS = 10
NAME_MAX_CHARS = 100
#: Roles the office can create here (lawyers belong to a team in the zones file).
CREATABLE_ROLES: tuple[str, ...] = ("office", "department", "editor")
#: Chinese names of audit actions.
ACTION_LABELS = {
    "created": "创建账号",
    "password_set": "设置密码",
    "disabled": "停用",
    "enabled": "启用",
}
# A valid hash to compare against when the login is unknown, so both cases take the same time.
_DUMMY_HASH = generate_password_hash("huiqi-no-such-user")


def cli_actor() -> str:
    """The audit actor of a change made on the command line: ``命令行:<operating-system user>``."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return f"命令行:{user}"[:64]


@dataclass(frozen=True)
class AccountInfo:
    """One account as the accounts page lists it."""

    account: Account
    source: str  # "zones" (the zones file) or "office" (created here)
    has_password: bool
    disabled: bool
    created_at: datetime | None

    @property
    def role_label(self) -> str:
        """The role in Chinese (律师, 区办公室, 政策制定部门, 政策编辑)."""
        return ROLE_LABELS.get(self.account.role, self.account.role)


@dataclass(frozen=True)
class AccountEvent:
    """One line of the audit trail."""

    at: datetime
    actor: str
    login: str
    action: str
    detail: dict[str, Any]

    @property
    def action_label(self) -> str:
        """The action in Chinese."""
        return ACTION_LABELS.get(self.action, self.action)


class AccountBook:
    """Who may sign in, as what; changes audited. Built by :class:`tickets.TicketStore` (``store.accounts``).

    Args:
        zones: the zones file (lawyers and its office users).
        read, write: session factories of the ticket database.
        clock: the store's clock (aware UTC datetimes).
    """

    def __init__(
        self,
        zones: ZoneDirectory,
        read: sessionmaker[Session],
        write: sessionmaker[Session],
        clock: Callable[[], datetime],
    ) -> None:
        self.zones, self._read, self._write, self._now = zones, read, write, clock

    # --- reading --------------------------------------------------------------------------------

    def get(self, login: str) -> Account | None:
        """The active account ``login`` (zones file first, then those created here), or None when it
        is unknown or disabled."""
        if not isinstance(login, str) or not login:
            return None
        with self._read() as session:
            row = session.get(UserRow, login)
        if row is not None and row.disabled_at is not None:
            return None
        return self.zones.account(login) or (_account(row) if row is not None and row.name else None)

    def list(self) -> list[AccountInfo]:
        """Every account: the zones file's (lawyers by team, office users), then those created here."""
        with self._read() as session:
            rows = {row.login: row for row in session.scalars(select(UserRow)).all()}
        infos = [_info(account, rows.get(account.login), "zones") for account in self.zones.accounts()]
        created = sorted((r for r in rows.values() if r.name and not self.zones.account(r.login)), key=_order)
        return infos + [_info(_account(row), row, "office") for row in created]

    def events(self, login: str | None = None, limit: int = 200) -> list[AccountEvent]:
        """The audit trail, newest first (only ``login``'s when given)."""
        stmt = select(AccountEventRow).order_by(AccountEventRow.id.desc()).limit(limit)
        if login:
            stmt = stmt.where(AccountEventRow.login == login)
        with self._read() as session:
            return [
                AccountEvent(r.at, r.actor, r.login, r.action, dict(r.detail))
                for r in session.scalars(stmt).all()
            ]

    def departments_with_accounts(self) -> dict[str, str]:
        """Issuing department → the login of its (active or disabled) account."""
        with self._read() as session:
            rows = session.scalars(select(UserRow).where(UserRow.department.is_not(None))).all()
            return {r.department: r.login for r in rows if r.department}

    def authenticate(self, login: str, password: str) -> Account | None:
        """The account if ``password`` is right for ``login`` and the account is active, else None
        (the same work is done for an unknown login, so timing tells nothing)."""
        with self._read() as session:
            row = session.get(UserRow, login or "")
            hashed = row.password_hash if row is not None and row.password_hash else _DUMMY_HASH
        ok = check_password_hash(hashed, password or "")
        return self.get(login) if ok and row is not None and row.password_hash else None

    # --- changing -------------------------------------------------------------------------------

    def create(
        self,
        login: str,
        name: str,
        role: str,
        password: str,
        *,
        by: str,
        department: str | None = None,
        departments: Iterable[str] = (),
    ) -> Account:
        """Create an office, department or editor account.

        Args:
            department: the issuing department a ``department`` account answers for; it must be one
                of ``departments`` (the issuers named in the collection), and have no account yet.

        Raises:
            TicketValidationError: a bad login, name, role, department or password (Chinese message).
        """
        login = (login or "").strip()
        if not LOGIN_RE.match(login):
            raise TicketValidationError("login", "登录名只能用小写字母、数字和 ._-，2–64 位。")
        name = clean_text(name, "name", "姓名或名称", NAME_MAX_CHARS)
        role = check_choice(role, "role", "角色", CREATABLE_ROLES)
        department = self._check_department(role, department, departments)
        if self.zones.account(login) is not None:
            raise TicketValidationError("login", f"登录名 {login} 已在区位配置文件中使用。")
        hashed = _hash(password)
        with self._write() as session, session.begin():
            if session.get(UserRow, login) is not None:
                raise TicketValidationError("login", f"登录名 {login} 已存在。")
            now = self._now()
            session.add(
                UserRow(
                    login=login,
                    role=role,
                    team_id=None,
                    password_hash=hashed,
                    updated_at=now,
                    name=name,
                    department=department,
                    created_at=now,
                )
            )
            detail = {"name": name, "role": role, "department": department}
            session.add(AccountEventRow(at=now, actor=by, login=login, action="created", detail=detail))
        return Account(login, name, role, None, department)

    def set_password(self, login: str, password: str, *, by: str) -> None:
        """Set (or replace) the password of any account, zones file or created here.

        Raises:
            TicketValidationError: unknown login, or a password that is empty or under 10 characters.
        """
        hashed = _hash(password)
        with self._write() as session, session.begin():
            row = self._row_to_change(session, login)
            row.password_hash, row.updated_at = hashed, self._now()
            session.add(
                AccountEventRow(at=self._now(), actor=by, login=login, action="password_set", detail={})
            )

    def set_disabled(self, login: str, disabled: bool, *, by: str, reason: str = "") -> None:
        """Lock an account out (``disabled``) or let it sign in again; the reason goes to the trail.

        Raises:
            TicketValidationError: unknown login, or an office account locking itself out.
        """
        if disabled and login == by:
            raise TicketValidationError("login", "不能停用自己正在使用的账号。")
        reason = (reason or "").strip()[:200]
        with self._write() as session, session.begin():
            row = self._row_to_change(session, login)
            if (row.disabled_at is not None) == disabled:
                return
            now = self._now()
            row.disabled_at, row.updated_at = (now if disabled else None), now
            action = "disabled" if disabled else "enabled"
            detail = {"reason": reason} if reason else {}
            session.add(AccountEventRow(at=now, actor=by, login=login, action=action, detail=detail))

    # --- helpers --------------------------------------------------------------------------------

    def _row_to_change(self, session: Session, login: str) -> UserRow:
        """The row of ``login``, added for a zones-file account that has none yet (locked for update).

        Raises:
            TicketValidationError: ``login`` is neither in the zones file nor created here.
        """
        row = self._known_row(session, login)
        if row is None:
            account = self.zones.account(login)
            row = UserRow(login=login, role=account.role, team_id=account.team_id, updated_at=self._now())
            session.add(row)
        return row

    def _known_row(self, session: Session, login: str) -> UserRow | None:
        """The row of ``login`` (None for a zones-file account without one yet).

        Raises:
            TicketValidationError: ``login`` is neither in the zones file nor created here.
        """
        row = session.get(UserRow, login or "", with_for_update=True)
        if row is None and self.zones.account(login) is None:
            raise TicketValidationError("login", f"没有登录名为 {login} 的账号。")
        if row is not None and not row.name and self.zones.account(login) is None:
            raise TicketValidationError("login", f"账号 {login} 已不在区位配置文件中。")
        return row

    def _check_department(self, role: str, department: str | None, departments: Iterable[str]) -> str | None:
        department = (department or "").strip() or None
        if role != "department":
            if department:
                raise TicketValidationError("department", "只有政策制定部门账号需要填写部门。")
            return None
        if department not in set(departments):
            raise TicketValidationError("department", "请选择政策库中出现的发文部门。")
        taken = self.departments_with_accounts().get(department)
        if taken:
            raise TicketValidationError("department", f"{department} 已有账号 {taken}（每个部门一个账号）。")
        return department


def _hash(password: str) -> str:
    if not password or not password.strip():
        raise TicketValidationError("password", "密码不能为空。")
    if len(password) < PASSWORD_MIN_CHARS:
        raise TicketValidationError("password", f"密码太短，至少需要 {PASSWORD_MIN_CHARS} 个字符。")
    return generate_password_hash(password)


def _account(row: UserRow) -> Account:
    return Account(row.login, row.name or row.login, row.role, row.team_id, row.department)


def _info(account: Account, row: UserRow | None, source: str) -> AccountInfo:
    return AccountInfo(
        account=account,
        source=source,
        has_password=bool(row is not None and row.password_hash),
        disabled=bool(row is not None and row.disabled_at is not None),
        created_at=row.created_at if row is not None else None,
    )


def _order(row: UserRow) -> tuple[int, str]:
    return (ROLES.index(row.role) if row.role in ROLES else len(ROLES), row.login)
