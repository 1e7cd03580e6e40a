"""Legal check-ups (``/console/checkups/<number>``): the structured form of a 法律体检预约 ticket, the
report as PDF and .docx, and sending it to the firm (an SMS with a signed download link,
``/checkup/<token>.pdf``, valid 90 days)."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask.wrappers import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from tickets import TicketError
from tickets.checkup_report import ReportHeader, checkup_docx, checkup_pdf
from tickets.checkups import AREAS, RISKS, Checkup

from . import auth, console
from .clauses import policy_line, policy_lines
from .forms import ActionForm
from .services import get_district, get_notifier, get_store, get_zones

bp = Blueprint("checkups", __name__)
bp.context_processor(console.inject_account)

#: Rows of findings the form offers (empty rows are ignored).
FINDING_ROWS = 6
LINK_MAX_AGE_S = 90 * 24 * 3600
_SALT = "huiqi-checkup-report"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _ticket(number: str) -> Any:
    account = auth.current_account()
    item = auth.visible_ticket(account, number)
    if item.category != "法律体检预约":
        abort(404)
    return account, item


def _header(item: Any, checkup: Checkup) -> ReportHeader:
    team = get_zones().team(item.team_id)
    lawyer = team.lawyer(checkup.lawyer_login) if team else None
    return ReportHeader(
        get_district().name,
        item.firm_name,
        team.firm if team else item.team_id,
        lawyer.name if lawyer else checkup.lawyer_login,
        get_store().now(),
    )


@bp.route("/console/checkups/<number>", methods=["GET", "POST"])
@auth.role_required("lawyer", "office")
def form(number: str) -> Any:
    """The check-up form (the team's lawyers edit; the office reads) and the report downloads."""
    account, item = _ticket(number)
    store = get_store()
    checkup = store.checkups.get(number)
    errors: list[str] = []
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        found, unknown = policy_lines(request.form.get("policies", ""))
        if unknown:
            errors.append("政策库中没有：" + "、".join(unknown))
        findings = [
            {k: request.form.get(f"{k}-{i}", "") for k in ("area", "risk", "finding", "advice")}
            for i in range(FINDING_ROWS)
        ]
        if not errors:
            try:
                store.checkups.save(
                    number,
                    by=account.login,
                    areas=request.form.getlist("areas"),
                    findings=findings,
                    policies=found,
                    summary=request.form.get("summary", ""),
                    final=request.form.get("final") == "1",
                )
                flash(
                    "体检报告已定稿，可下载或发送企业。"
                    if request.form.get("final") == "1"
                    else "草稿已保存。",
                    "success",
                )
                return redirect(url_for("checkups.form", number=number))
            except TicketError as exc:
                errors.append(getattr(exc, "message", str(exc)))
    rows = list(checkup.findings) if checkup else []
    rows += [{}] * (FINDING_ROWS - len(rows))
    return render_template(
        "console/checkup.html",
        ticket=item,
        checkup=checkup,
        rows=rows,
        areas=AREAS,
        risks=RISKS,
        errors=errors,
        editable=store.can_edit(account, item) and not (checkup and checkup.status == "sent"),
        form=ActionForm(),
        policy_lines="\n".join(policy_line(p) for p in (checkup.policies if checkup else ())),
    ), (400 if errors else 200)


@bp.get("/console/checkups/<number>/report.<any(pdf, docx):kind>")
@auth.role_required("lawyer", "office")
def report(number: str, kind: str) -> Response:
    """The report as PDF or .docx (a draft too, for review)."""
    _account, item = _ticket(number)
    return _report(item, kind)


def _report(item: Any, kind: str) -> Response:
    checkup = get_store().checkups.get(item.number)
    if checkup is None:
        abort(404)
    header = _header(item, checkup)
    if kind == "pdf":
        data, mime = checkup_pdf(checkup, header, current_app.config["REPORT_FONT"]), "application/pdf"
    else:
        data = checkup_docx(checkup, header)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    name = f"法律体检报告-{item.firm_name}-{item.number}.{kind}"
    return send_file(io.BytesIO(data), mimetype=mime, as_attachment=True, download_name=name)


@bp.post("/console/checkups/<number>/send")
@auth.lawyer_required
def send(number: str) -> Any:
    """Text the firm a download link of the final report, and mark it sent."""
    account, item = _ticket(number)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        get_store().checkups.mark_sent(number, by=account.login)
    except TicketError as exc:
        flash(getattr(exc, "message", str(exc)), "error")
        return redirect(url_for("checkups.form", number=number))
    link = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/checkup/{_serializer().dumps(number)}.pdf"
    body = f"{get_district().sms_signature}贵企业的法律体检报告（{number}）已出具，请下载查看：{link}"
    try:
        get_notifier().send_sms(item.phone, body)
        flash("已短信发送下载链接给企业。", "success")
    except Exception:  # the report stays downloadable; say so
        flash("已标记为发送，但短信发送失败；请电话告知企业或另行发送报告。", "error")
    return redirect(url_for("checkups.form", number=number))


@bp.get("/checkup/<token>.pdf")
def public_report(token: str) -> Response:
    """The firm's download of its report through the signed link of the SMS."""
    try:
        number = _serializer().loads(token, max_age=LINK_MAX_AGE_S)
    except BadSignature:
        abort(404)
    item = get_store().get(str(number))
    checkup = get_store().checkups.get(str(number))
    if item is None or checkup is None or checkup.status != "sent":
        abort(404)
    return _report(item, "pdf")
