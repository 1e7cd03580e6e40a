"""The lawyer console (``/console``): sign-in, the team's ticket list, a ticket page, and the actions."""

from __future__ import annotations

import csv
import io
import logging
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
    url_for,
)

from tickets import TicketError
from tickets.overview import CHANNEL_LABELS, PERIODS, Overview, build_overview, duration_zh, parse_period
from tickets.store import CHINA_TZ
from tickets.vocab import CATEGORIES, ROLE_LABELS, ROLES, STATUS_LABELS, STATUSES

from . import auth
from .extensions import limiter
from .forms import ActionForm, AssignForm, LoginForm, ReplyForm, TransferForm
from .presenters import ACTION_LABELS, person_name
from .ratings import rating_link
from .services import get_district, get_notifier, get_store, get_zones

log = logging.getLogger(__name__)

bp = Blueprint("console", __name__, url_prefix="/console")

#: Longest part of a reply quoted in the SMS; the full text is in the web chat.
SMS_QUOTE_CHARS = 120


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_name_key() -> str:
    return "login:" + (request.form.get("login") or "").strip().lower()[:64]


def _failed(response: Response) -> bool:
    """Only failed sign-ins count against the throttle (a success redirects)."""
    return response.status_code != 302


#: Console pages anyone may open, and those every signed-in role may; the rest are the case work of
#: lawyers and the district office.
OPEN_ENDPOINTS = ("console.login", "console.static")
ANY_ROLE_ENDPOINTS = ("console.logout",)


@bp.before_request
def require_login() -> Any:
    """Every console page except the sign-in needs a signed-in lawyer or office account (the sign-in
    page when nobody is signed in, 403 for a department or editor account)."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if request.endpoint in ANY_ROLE_ENDPOINTS:
        return auth.role_check(*ROLES)
    return auth.role_check("lawyer", "office")


@bp.context_processor
def inject_account() -> dict[str, Any]:
    account = auth.current_account()
    return {
        "account": account,
        "home_url": auth.home_for(account) if account else url_for("console.login"),
        "logout_form": ActionForm(formdata=None),  # never binds the request: renders on error pages too
        "status_labels": STATUS_LABELS,
        "role_labels": ROLE_LABELS,
        "name_of": person_name,
    }


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed, scope="login-ip")
@limiter.limit(
    _login_limit, methods=["POST"], key_func=_login_name_key, deduct_when=_failed, scope="login-name"
)
def login() -> Any:
    """Sign in with the login from the zones file and the password set by ``huiqi console set-password``."""
    form = LoginForm()
    if form.validate_on_submit():
        account = auth.authenticate(form.login.data.strip(), form.password.data)
        if account is not None:
            auth.log_in(account)
            log.info("console login %s", account.login)
            target = request.args.get("next") or ""
            return redirect(target if target.startswith(("/console/", "/office")) else auth.home_for(account))
        flash("登录名或密码不正确。", "error")
        return render_template("console/login.html", form=form), 401
    return render_template("console/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    """End the session (a POST with the CSRF token, so no other site can log a lawyer out)."""
    if ActionForm().validate_on_submit():
        auth.log_out()
    return redirect(url_for("console.login"))


@bp.get("/")
def tickets() -> str:
    """The team's tickets (all tickets for the office), filtered, overdue first."""
    account = auth.current_account()
    filters = {
        "status": _choice(request.args.get("status"), STATUSES),
        "zone": _choice(request.args.get("zone"), get_zones().zones),
        "category": _choice(request.args.get("category"), CATEGORIES),
    }
    rows = get_store().list_for_user(account, **filters)
    return render_template(
        "console/list.html",
        tickets=rows,
        filters=filters,
        statuses=STATUSES,
        zones=zones_of(account),
        categories=CATEGORIES,
    )


def zones_of(account: Any) -> tuple[str, ...]:
    """The zones of the account's team; every zone for the office."""
    team = get_zones().team(account.team_id) if account.team_id else None
    return team.zones if team else get_zones().zones


def _choice(value: str | None, allowed: Any) -> str | None:
    return value if value and value in allowed else None


def _overview() -> Overview:
    """The overview of the tickets the signed-in account may see, for ``?period=``."""
    account = auth.current_account()
    store, directory = get_store(), get_zones()
    zones = [(z, directory.team_for_zone(z).id) for z in zones_of(account)]
    period = parse_period(request.args.get("period"))
    return build_overview(store.list_for_user(account), zones, period, store.now())


@bp.get("/overview")
def overview() -> str:
    """概览: tickets by status, channel, category and zone; policies that did not settle questions."""
    return render_template(
        "console/overview.html", overview=_overview(), periods=PERIODS, duration_zh=duration_zh
    )


@bp.get("/overview.csv")
def overview_csv() -> Response:
    """The overview's zone × category table as CSV (UTF-8 with BOM, so Excel reads the Chinese)."""
    data = _overview()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["区位", "负责团队", *data.categories, "合计"])
    for row in data.zone_table:
        writer.writerow([row.zone, row.team_id, *row.by_category, row.total])
    writer.writerow(["合计", "", *data.category_totals, data.total])
    day = data.now.astimezone(CHINA_TZ).strftime("%Y%m%d")
    name = f"huiqi-overview-{data.period.key}-{day}.csv"
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/tickets/<number>")
def ticket(number: str) -> str:
    """One ticket: the firm's question, the transcript, the cited clauses, history and actions."""
    account = auth.current_account()
    item = auth.visible_ticket(account, number)
    return render_template("console/ticket.html", **_ticket_page(account, item))


def _ticket_page(account: Any, item: Any, **forms: Any) -> dict[str, Any]:
    team = get_zones().team(item.team_id)
    assign = forms.get("assign_form") or AssignForm()
    assign.lawyer.choices = [(law.login, law.name) for law in (team.lawyers if team else ())]
    return {
        "ticket": item,
        "team": team,
        "action_labels": ACTION_LABELS,
        "channel_labels": CHANNEL_LABELS,
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "assign_form": assign,
        "action_form": ActionForm(),
        "read_only": account.role != "lawyer",
        "transfer_form": forms.get("transfer_form") or transfer_form(item),
    }


def transfer_form(item: Any) -> TransferForm:
    """The office's form that moves ``item`` to another team (every team but its own)."""
    form = TransferForm()
    others = [t for t in get_zones().teams if t.id != item.team_id]
    form.team.choices = [(t.id, f"{t.id} · {t.firm}") for t in others]
    return form


@bp.post("/tickets/<number>/reply")
@auth.lawyer_required
def reply(number: str) -> Any:
    """Answer the firm: saved on the ticket (the web chat shows it) and sent by SMS."""
    account = auth.current_account()
    item = auth.visible_ticket(account, number)
    form = ReplyForm()
    if not form.validate_on_submit():
        page = _ticket_page(account, item, reply_form=form)
        return render_template("console/ticket.html", **page), 400
    try:
        get_store().reply(number, account.login, form.text.data.strip())
    except TicketError as exc:
        return _refused(number, exc)
    if _notify_firm(item, form.text.data.strip()):
        flash("答复已保存，并已短信通知企业。", "success")
    else:
        flash("答复已保存，但短信发送失败；企业仍可在网页对话中查看，必要时请电话告知。", "error")
    return redirect(url_for("console.ticket", number=number))


def _refused(number: str, exc: TicketError) -> Response:
    """The store refused the step (closed ticket, other team…): say why on the ticket page."""
    flash(str(exc), "error")
    return redirect(url_for("console.ticket", number=number))


def _notify_firm(item: Any, text: str) -> bool:
    """Text the firm that a lawyer replied, signed for the district; True once the SMS was handed over."""
    district = get_district()
    quote = text if len(text) <= SMS_QUOTE_CHARS else text[:SMS_QUOTE_CHARS] + "……"
    body = (
        f"{district.sms_signature}您的工单 {item.number} 已有律师答复：{quote} "
        f"完整内容请在{district.service_name}网页对话中查看。"
    )
    return _send_sms(item, body)


def _send_sms(item: Any, body: str) -> bool:
    """Text the firm's contact phone; False (logged) when it failed — the change is saved either way."""
    try:
        get_notifier().send_sms(item.phone, body)
    except Exception:  # an SMS outage must not lose what the lawyer did
        log.exception("SMS for ticket %s could not be sent", item.number)
        return False
    return True


@bp.post("/tickets/<number>/assign")
@auth.lawyer_required
def assign(number: str) -> Any:
    """Hand the ticket to another lawyer of the same team."""
    account = auth.current_account()
    item = auth.visible_ticket(account, number)
    page = _ticket_page(account, item)
    form = page["assign_form"]
    if not form.validate_on_submit():
        return render_template("console/ticket.html", **page), 400
    try:
        get_store().assign(number, form.lawyer.data, by=account.login)
    except TicketError as exc:
        return _refused(number, exc)
    flash("已改派。", "success")
    return redirect(url_for("console.ticket", number=number))


@bp.post("/tickets/<number>/<any(close, reopen):action>")
@auth.lawyer_required
def change_status(number: str, action: str) -> Any:
    """Close or reopen the ticket."""
    account = auth.current_account()
    item = auth.visible_ticket(account, number)
    if not ActionForm().validate_on_submit():
        abort(400)
    store = get_store()
    try:
        (store.close if action == "close" else store.reopen)(number, by=account.login)
    except TicketError as exc:
        return _refused(number, exc)
    flash("工单已关闭。" if action == "close" else "工单已重新打开。", "success")
    if action == "close":
        signature = get_district().sms_signature
        _send_sms(item, f"{signature}您的工单 {number} 已办结。请为律师团队的服务评价：{rating_link(number)}")
    return redirect(url_for("console.ticket", number=number))


@bp.post("/tickets/<number>/transfer")
@auth.role_required("office")
def transfer(number: str) -> Any:
    """The district office moves the ticket to another lawyer team (kept in the ticket's history)."""
    account = auth.current_account()
    item = auth.visible_ticket(account, number)
    form = transfer_form(item)
    if not form.validate_on_submit():
        page = _ticket_page(account, item, transfer_form=form)
        return render_template("console/ticket.html", **page), 400
    try:
        moved = get_store().transfer(number, form.team.data, by=account.login, reason=form.reason.data)
    except TicketError as exc:
        return _refused(number, exc)
    team = get_zones().team(moved.team_id)
    flash(f"已转交 {team.firm}（{team.id}）。", "success")
    return redirect(url_for("console.ticket", number=number))
