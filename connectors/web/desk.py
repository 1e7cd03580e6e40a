"""The window desk (``/console/window``): staff at the policy and legal-service windows log each case
in one keyboard-only form — answered on the spot (a consultation on the 窗口 channel) or handed to the
zone's lawyer team (a ticket on the 窗口 channel, and its consultation)."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for

from tickets import NewTicket, TicketValidationError
from tickets.vocab import CATEGORIES

from . import auth, console
from .forms import WindowCaseForm
from .services import get_store, get_zones

bp = Blueprint("desk", __name__, url_prefix="/console/window")
bp.before_request(console.require_login)
bp.context_processor(console.inject_account)


def _form() -> WindowCaseForm:
    form = WindowCaseForm()
    form.zone.choices = {"": "请选择", **{zone: zone for zone in get_zones().zones}}
    form.category.choices = {category: category for category in CATEGORIES}
    return form


def _save(form: WindowCaseForm, login: str) -> str:
    """Store the case; returns what to tell the staff member.

    Raises:
        TicketValidationError: the store refused a field.
    """
    store = get_store()
    fields = {name: getattr(form, name).data.strip() for name in ("firm_name", "phone", "zone", "question")}
    if form.result.data == "answered":
        if not (form.answer.data or "").strip():
            raise TicketValidationError("answer", "当场答复时请填写答复内容。")
        store.register.log_case(channel="window", answer=form.answer.data, by=login, **fields)
        return f"已登记窗口咨询：{fields['firm_name']}（当场答复）。"
    ticket = store.create(
        NewTicket(
            channel="window",
            contact_name=form.contact_name.data.strip(),
            category=form.category.data,
            transcript=[],
            citations=[],
            sender_id=f"window-{uuid.uuid4().hex}",
            **fields,
        ),
        recorded_by=login,
    )
    team = get_zones().team_for_zone(ticket.zone)
    return f"已转 {team.firm}（{ticket.zone}），工单号 {ticket.number}。"


@bp.route("", methods=["GET", "POST"])
def window() -> Any:
    """The form, and the latest cases this account logged."""
    account = auth.current_account()
    form = _form()
    status = 200
    if form.validate_on_submit():
        try:
            flash(_save(form, account.login), "success")
            return redirect(url_for("desk.window"))
        except TicketValidationError as exc:
            getattr(form, exc.field, form.question).errors.append(exc.message)
    if form.is_submitted():
        status = 400
    cases = get_store().register.cases_by(account.login)
    return render_template("console/window.html", form=form, cases=cases), status
