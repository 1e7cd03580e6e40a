"""Rights protection (``/console/rights/<number>``, 维权): the procedure of a 维权投诉 ticket — the facts,
the clause relied on, the department concerned, the steps taken (contact, 法律意见书, referral) and
the outcome with the money obtained. The team's lawyers edit; the office reads. Each 出具法律意见书
step's document downloads as ``/console/rights/<number>/opinion/<step>.pdf`` (or ``.docx``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from policy_index.catalogue import issuing_departments
from tickets import TicketError, TicketValidationError
from tickets.rights import OUTCOMES, STEP_KINDS
from tickets.rights_opinion import OpinionHeader, opinion_docx, opinion_pdf, opinion_steps
from tickets.vocab import RIGHTS_CATEGORY

from . import auth, console
from .clauses import policy_line, policy_lines
from .forms import ActionForm
from .services import get_district, get_store, get_zones

bp = Blueprint("rights", __name__, url_prefix="/console/rights")
bp.before_request(auth.require_roles("lawyer", "office"))
bp.context_processor(console.inject_account)


def _ticket(number: str) -> tuple[Any, Any]:
    account = auth.current_account()
    item = auth.visible_ticket(account, number)
    if item.category != RIGHTS_CATEGORY:
        abort(404)
    return account, item


def _checked() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


def _page(number: str, errors: list[str] | None = None, status: int = 200) -> tuple[str, int]:
    account, item = _ticket(number)
    store = get_store()
    case = store.rights.get(number)
    due = case.due_at if case else store.rights.due_at(item)
    return render_template(
        "console/rights.html",
        ticket=item,
        case=case,
        due=due,
        due_days=round((due - item.created_at).total_seconds() / 86400),
        now=store.now(),
        editable=store.can_edit(account, item) and not (case and case.concluded),
        departments=issuing_departments(current_app.config["CORPUS_DIR"]),
        step_kinds=STEP_KINDS,
        opinions=dict(opinion_steps(case)) if case else {},
        outcomes=OUTCOMES,
        clause_line=policy_line(
            {"policy_id": case.policy_id or "", "clause": case.clause or ""} if case else None
        ),
        errors=errors or [],
        form=ActionForm(),
        today=store.now().date().isoformat(),
    ), status


@bp.get("/<number>")
def case(number: str) -> tuple[str, int]:
    """The case page: what is recorded so far and, for the team's lawyers, the next step's forms."""
    return _page(number)


def _work(number: str, change: Callable[[str], Any], said: Callable[[Any], str]) -> Any:
    """Apply ``change(login)`` for the signed-in lawyer: back to the case with ``said(result)``, or the
    page again with the store's reason (400)."""
    account, _item = _ticket(number)
    _checked()
    try:
        result = change(account.login)
    except TicketError as exc:
        return _page(number, [getattr(exc, "message", str(exc))], 400)
    flash(said(result), "success")
    return redirect(url_for("rights.case", number=number))


def _day(text: str | None) -> date | None:
    """The step's day from the form (empty: today).

    Raises:
        TicketValidationError: not ``YYYY-MM-DD``.
    """
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise TicketValidationError("on", "措施日期格式应为 年-月-日。") from None


@bp.post("/<number>")
@auth.lawyer_required
def save(number: str) -> Any:
    """Save the facts, the department concerned and the clause relied on (``政策编号 条款``)."""
    _ticket(number)
    found, unknown = policy_lines(request.form.get("clause", ""))
    if unknown or len(found) > 1:
        return _page(number, ["请填写政策库中的一条政策：政策编号 条款，如 JM-2023-004 第五条。"], 400)
    form = request.form
    return _work(
        number,
        lambda by: get_store().rights.save(
            number,
            by=by,
            facts=form.get("facts"),
            department=form.get("department"),
            policy=found[0] if found else None,
        ),
        lambda _case: "案件信息已保存。",
    )


@bp.post("/<number>/open")
@auth.lawyer_required
def open_case(number: str) -> Any:
    """Take up a ticket filed under another category (a complaint that came in as 政策咨询) as 维权."""
    account = auth.current_account()
    auth.visible_ticket(account, number)
    _checked()
    try:
        get_store().recategorise(number, RIGHTS_CATEGORY, account.login)
    except TicketError as exc:
        flash(getattr(exc, "message", str(exc)), "error")
        return redirect(url_for("console.ticket", number=number))
    flash("已转为维权案件办理。", "success")
    return redirect(url_for("rights.case", number=number))


@bp.post("/<number>/step")
@auth.lawyer_required
def step(number: str) -> Any:
    """Record a step taken (contact, written legal opinion, referral, other) on a day."""
    form = request.form
    return _work(
        number,
        lambda by: get_store().rights.add_step(
            number, by=by, kind=form.get("kind", ""), note=form.get("note"), on=_day(form.get("on"))
        ),
        lambda _case: "已记录措施。",
    )


@bp.post("/<number>/conclude")
@auth.lawyer_required
def conclude(number: str) -> Any:
    """Record the outcome: resolved or not, money obtained as written (12.5万元), department at fault."""
    form = request.form

    def said(case: Any) -> str:
        flagged = f"，并已向{case.issuer}提出政策反馈 FK-{case.feedback_id}" if case.feedback_id else ""
        return f"维权案件已办结（{case.outcome_label}，挽回 {case.amount_label}）{flagged}。"

    return _work(
        number,
        lambda by: get_store().rights.conclude(
            number,
            by=by,
            outcome=form.get("outcome", ""),
            amount=form.get("amount"),
            note=form.get("note"),
            department_at_fault=form.get("at_fault") == "1",
        ),
        said,
    )


@bp.get("/<number>/opinion/<int:step>.<any(pdf, docx):kind>")
def opinion(number: str, step: int, kind: str) -> Response:
    """The 法律意见书 of step ``step`` (1-based) as PDF or .docx (the team's lawyers and the office)."""
    _account, item = _ticket(number)
    case = get_store().rights.get(number)
    if case is None or step not in dict(opinion_steps(case)):
        abort(404)
    team = get_zones().team(item.team_id)
    author = case.steps[step - 1].by
    lawyer = team.lawyer(author) if team else None
    header = OpinionHeader(
        district=get_district().name,
        team_firm=team.firm if team else item.team_id,
        lawyer_name=lawyer.name if lawyer else author,
        question=item.question,
    )
    if kind == "pdf":
        data, mime = opinion_pdf(case, step, header, current_app.config["REPORT_FONT"]), "application/pdf"
    else:
        data = opinion_docx(case, step, header)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    name = f"法律意见书-{case.firm_name}-{number}-{step}.{kind}"
    return send_file(io.BytesIO(data), mimetype=mime, as_attachment=True, download_name=name)
