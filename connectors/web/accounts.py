"""Account pages: ``/office/accounts`` (the district office creates office, department and
policy-editor accounts, resets passwords, disables and re-enables, and reads the audit trail) and
``/console/account`` (anyone signed in sees their account and changes their own password)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for

from policy_index.catalogue import issuing_departments
from tickets import TicketValidationError
from tickets.accounts import CREATABLE_ROLES
from tickets.vocab import ROLE_LABELS, ROLES

from . import auth, console
from .forms import ActionForm, DisableForm, NewAccountForm, PasswordForm
from .services import get_store

bp = Blueprint("accounts", __name__)
bp.context_processor(console.inject_account)


def _departments() -> list[str]:
    return issuing_departments(current_app.config["CORPUS_DIR"])


def _new_form() -> NewAccountForm:
    form = NewAccountForm()
    form.role.choices = [(role, ROLE_LABELS[role]) for role in CREATABLE_ROLES]
    form.department.choices = [("", "（不是部门账号）"), *((d, d) for d in _departments())]
    return form


def _page(status: int = 200, **forms: Any) -> Any:
    book = get_store().accounts
    taken = book.departments_with_accounts()
    page = {
        "accounts": book.list(),
        "events": book.events(limit=100),
        "new_form": forms.get("new_form") or _new_form(),
        "password_form": PasswordForm(formdata=None),
        "disable_form": DisableForm(formdata=None),
        "action_form": ActionForm(formdata=None),
        "departments": [(d, taken.get(d)) for d in _departments()],
        "role_labels": ROLE_LABELS,
    }
    return render_template("office/accounts.html", **page), status


@bp.get("/office/accounts")
@auth.role_required("office")
def index() -> Any:
    """Every account with its role, team or department and state; the form for a new one; the trail."""
    return _page()


@bp.post("/office/accounts")
@auth.role_required("office")
def create() -> Any:
    """Create an account (its initial password is told to the person outside the system)."""
    form = _new_form()
    if not form.validate_on_submit():
        return _page(400, new_form=form)
    try:
        get_store().accounts.create(
            form.login.data,
            form.name.data,
            form.role.data,
            form.password.data,
            by=auth.current_account().login,
            department=form.department.data,
            departments=_departments(),
        )
    except TicketValidationError as exc:
        getattr(form, exc.field, form.login).errors.append(exc.message)
        return _page(400, new_form=form)
    flash(f"已创建账号 {form.login.data.strip()}，请把初始密码当面或电话告知本人。", "success")
    return redirect(url_for("accounts.index"))


@bp.post("/office/accounts/<login>/password")
@auth.role_required("office")
def reset_password(login: str) -> Any:
    """Set a new password for ``login``."""
    form = PasswordForm()
    if not form.validate_on_submit():
        flash("请输入新密码。", "error")
        return redirect(url_for("accounts.index"))
    return _change(
        lambda by: get_store().accounts.set_password(login, form.password.data, by=by),
        f"已重设 {login} 的密码。",
    )


@bp.post("/office/accounts/<login>/<any(disable, enable):action>")
@auth.role_required("office")
def toggle(login: str, action: str) -> Any:
    """Disable (with a reason) or re-enable ``login``."""
    form = DisableForm()
    if not form.validate_on_submit():
        return redirect(url_for("accounts.index"))
    disable = action == "disable"
    done = f"已停用 {login}。" if disable else f"已启用 {login}。"
    return _change(
        lambda by: get_store().accounts.set_disabled(login, disable, by=by, reason=form.reason.data or ""),
        done,
    )


def _change(step: Any, done: str) -> Any:
    try:
        step(auth.current_account().login)
    except TicketValidationError as exc:
        flash(exc.message, "error")
    else:
        flash(done, "success")
    return redirect(url_for("accounts.index"))


@bp.route("/console/account", methods=["GET", "POST"])
@auth.role_required(*ROLES)
def own() -> Any:
    """The signed-in account: who it is, and a form to change its own password."""
    account = auth.current_account()
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            get_store().accounts.set_password(account.login, form.password.data, by=account.login)
        except TicketValidationError as exc:
            form.password.errors.append(exc.message)
        else:
            flash("密码已修改。", "success")
            return redirect(url_for("accounts.own"))
    if form.is_submitted():
        status = 400
    events = get_store().accounts.events(account.login, limit=20)
    return render_template(
        "console/account.html", form=form, events=events, role_label=ROLE_LABELS.get(account.role)
    ), status
