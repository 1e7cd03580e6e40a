"""Policy feedback (``/console/feedback``, 政策运行闭环): lawyers and the office flag a policy with
evidence; the office sends each department its flags (with a .docx report); the department's account
acknowledges, answers and reports a change; the office closes. Department accounts land here."""

from __future__ import annotations

import io
import re
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for

from policy_index.catalogue import catalogue
from tickets import TicketError, TicketNotFoundError
from tickets.feedback import ACTION_LABELS, KINDS, STATUS_LABELS
from tickets.feedback_report import feedback_report_docx, feedback_report_pdf

from . import auth, console
from .forms import FeedbackForm, FeedbackStepForm
from .services import get_district, get_store

bp = Blueprint("feedback", __name__, url_prefix="/console/feedback")
bp.before_request(auth.require_roles("lawyer", "office", "department"))
bp.context_processor(console.inject_account)
auth.HOME_ENDPOINTS["department"] = "feedback.inbox"

#: What each step's button says, and what the page says once it is done.
STEP_BUTTONS = {
    "sent": "发送给发文部门",
    "acknowledged": "签收",
    "answered": "提交答复",
    "changed": "标记政策已修改",
    "closed": "办结",
}
STEP_DONE = {
    "sent": "已发送给发文部门。",
    "acknowledged": "已签收。",
    "answered": "答复已提交。",
    "changed": "已标记为政策已修改。",
    "closed": "已办结。",
}
_SPLIT = re.compile(r"[\s,，、;；]+")


def _catalogue() -> dict[str, Any]:
    return catalogue(current_app.config["CORPUS_DIR"])


@bp.get("")
def inbox() -> str:
    """The flags this account may see (``?status=&issuer=&policy=``), newest first."""
    account = auth.current_account()
    status = request.args.get("status") if request.args.get("status") in STATUS_LABELS else None
    items = get_store().feedback.list(
        account,
        status=status,
        issuer=request.args.get("issuer") or None,
        policy_id=request.args.get("policy") or None,
    )
    issuers = sorted({i.issuer for i in items})
    return render_template(
        "console/feedback_list.html", items=items, status=status, statuses=STATUS_LABELS, issuers=issuers
    )


@bp.route("/new", methods=["GET", "POST"])
@auth.role_required("lawyer", "office")
def new() -> Any:
    """Flag a policy (``?policy=ID&ticket=HQ-…`` prefill it from a ticket)."""
    account = auth.current_account()
    entries = _catalogue()
    form = FeedbackForm()
    form.policy_id.choices = [("", "请选择")] + [
        (e.policy_id, f"{e.title}（{e.issuer or '无发文部门'}）") for e in entries.values()
    ]
    form.kind.choices = list(KINDS.items())
    if not form.is_submitted():
        form.policy_id.data = request.args.get("policy", "")
        form.tickets.data = request.args.get("ticket", "")
    status = 200
    if form.validate_on_submit():
        entry = entries.get(form.policy_id.data or "")
        if entry is None:
            form.policy_id.errors.append("请选择政策库中的政策。")
        else:
            try:
                item = get_store().feedback.raise_flag(
                    by=account.login,
                    policy_id=entry.policy_id,
                    policy_title=entry.title,
                    issuer=entry.issuer,
                    kind=form.kind.data,
                    description=form.description.data,
                    ticket_numbers=_SPLIT.split(form.tickets.data or ""),
                    conversation_ids=_SPLIT.split(form.conversations.data or ""),
                )
                flash(f"已登记反馈 FK-{item.id}，待区办公室发送给{item.issuer}。", "success")
                return redirect(url_for("feedback.detail", feedback_id=item.id))
            except TicketError as exc:
                target = getattr(form, getattr(exc, "field", ""), None) or form.description
                target.errors.append(getattr(exc, "message", str(exc)))
    if form.is_submitted():
        status = 400
    return render_template("console/feedback_new.html", form=form), status


@bp.get("/<int:feedback_id>")
def detail(feedback_id: int) -> str:
    """One flag: the policy, the problem, the evidence, the department's answer, the history, the steps."""
    account = auth.current_account()
    try:
        item = get_store().feedback.get(feedback_id, account)
    except TicketError:
        abort(404)
    return render_template(
        "console/feedback_detail.html",
        item=item,
        steps=item.allowed(account),
        action_labels=ACTION_LABELS,
        step_buttons=STEP_BUTTONS,
        step_form=FeedbackStepForm(formdata=None),
    )


@bp.post("/<int:feedback_id>/<any(sent, acknowledged, answered, changed, closed):action>")
def step(feedback_id: int, action: str) -> Any:
    """Take one step on a flag (the store checks role and order)."""
    account = auth.current_account()
    form = FeedbackStepForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        get_store().feedback.advance(feedback_id, action, by=account.login, note=form.note.data)
    except TicketNotFoundError:
        abort(404)
    except TicketError as exc:
        flash(getattr(exc, "message", str(exc)), "error")
    else:
        flash(STEP_DONE[action], "success")
    return redirect(url_for("feedback.detail", feedback_id=feedback_id))


@bp.get("/report.<any(docx, pdf):kind>")
@auth.role_required("office")
def report(kind: str) -> Any:
    """The feedback report to one department (``?issuer=``): its flags not yet closed, as .docx or PDF."""
    issuer = request.args.get("issuer") or ""
    account = auth.current_account()
    items = [i for i in get_store().feedback.list(account, issuer=issuer) if i.status != "closed"]
    if not issuer or not items:
        abort(404)
    args = (issuer, items, get_district().name, get_store().now())
    if kind == "pdf":
        data, mime = feedback_report_pdf(*args, current_app.config["REPORT_FONT"]), "application/pdf"
    else:
        data = feedback_report_docx(*args)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return send_file(
        io.BytesIO(data), mimetype=mime, as_attachment=True, download_name=f"政策反馈-{issuer}.{kind}"
    )
