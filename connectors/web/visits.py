"""Visits (``/console/visits``): a lawyer logs a visit to a firm of the team's zones — topics,
findings, issues to follow up (each a 走访 ticket for the team); the team sees its visits, the
district office every team's, with counts per team and per zone."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from tickets import TicketError
from tickets.programme import china_today, period_bounds
from tickets.visits import TOPIC_CHOICES
from tickets.vocab import CATEGORIES

from . import auth, console
from .forms import VisitForm
from .services import get_store, get_zones

bp = Blueprint("visits", __name__, url_prefix="/console/visits")
bp.before_request(auth.require_roles("lawyer", "office"))
bp.context_processor(console.inject_account)


def _form(account: Any) -> VisitForm:
    form = VisitForm()
    form.zone.choices = [("", "请选择"), *((z, z) for z in console.zones_of(account))]
    form.topics.choices = [(t, t) for t in TOPIC_CHOICES]
    form.category.choices = [(c, c) for c in CATEGORIES]
    if not form.is_submitted():
        form.visited_on.data = china_today(get_store().now())
    return form


def _save(form: VisitForm, login: str) -> str:
    """Store the visit; returns what to tell the lawyer.

    Raises:
        TicketError: the store refused it (the message says why).
    """
    visit = get_store().visits.log(
        by=login,
        firm_name=form.firm_name.data,
        contact_name=form.contact_name.data,
        phone=form.phone.data,
        zone=form.zone.data,
        visited_on=form.visited_on.data,
        topics=[*form.topics.data, form.other_topic.data or ""],
        findings=form.findings.data,
        follow_ups=(form.follow_ups.data or "").splitlines(),
        category=form.category.data,
    )
    tickets = "、".join(visit.ticket_numbers)
    return f"已登记走访：{visit.firm_name}。" + (f"跟进工单：{tickets}。" if tickets else "")


@bp.route("", methods=["GET", "POST"])
def index() -> Any:
    """The visit form, then the visits this account may see (``?team=&zone=&since=&until=``)."""
    account = auth.current_account()
    form = _form(account)
    status = 200
    if form.validate_on_submit():
        try:
            flash(_save(form, account.login), "success")
            return redirect(url_for("visits.index"))
        except TicketError as exc:
            target = getattr(form, getattr(exc, "field", ""), None) or form.firm_name
            target.errors.append(getattr(exc, "message", str(exc)))
    if form.is_submitted():
        status = 400
    return render_template("console/visits.html", form=form, **_listing(account)), status


def _listing(account: Any) -> dict[str, Any]:
    store = get_store()
    try:
        first, last = period_bounds(
            china_today(store.now()), request.args.get("since"), request.args.get("until")
        )
    except ValueError:
        first, last = period_bounds(china_today(store.now()), None, None)
    team = account.team_id if account.role == "lawyer" else _pick(request.args.get("team"), get_zones().teams)
    zone = request.args.get("zone") if request.args.get("zone") in get_zones().zones else None
    return {
        "visits": store.visits.list(team_id=team, zone=zone, first=first, last=last),
        "summary": store.visits.summary(team_id=team, first=first, last=last),
        "period": (first, last),
        "team_filter": team,
        "zone_filter": zone,
        "teams": get_zones().teams,
        "all_zones": console.zones_of(account),
    }


def _pick(value: str | None, teams: Any) -> str | None:
    return value if value and any(t.id == value for t in teams) else None
