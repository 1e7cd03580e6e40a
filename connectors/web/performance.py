"""Performance (``/console/performance``): per team and per lawyer — tickets, first-reply time, share
answered within the due time, open and overdue now, satisfaction, cases by category and zone. A
lawyer sees the own team and its lawyers; the district office every team and lawyer."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from tickets.performance import lawyer_of, performance
from tickets.programme import china_today, period_bounds
from tickets.vocab import CATEGORIES, CHINA_TZ

from . import auth, console
from .services import get_store, get_zones

bp = Blueprint("performance", __name__, url_prefix="/console/performance")
bp.before_request(auth.require_roles("lawyer", "office"))
bp.context_processor(console.inject_account)


@bp.get("")
def index() -> str:
    """The figures for ``?since=YYYY-MM-DD&until=YYYY-MM-DD`` (default: the last 30 days)."""
    account = auth.current_account()
    store, zones = get_store(), get_zones()
    try:
        first, last = period_bounds(
            china_today(store.now()), request.args.get("since"), request.args.get("until")
        )
    except ValueError:
        abort(400, description="日期格式应为 YYYY-MM-DD，且结束日期不早于开始日期。")
    teams = [t for t in zones.teams if account.role == "office" or t.id == account.team_id]
    tickets = [
        t for t in store.list_for_user(account) if first <= t.created_at.astimezone(CHINA_TZ).date() <= last
    ]
    by_team, by_lawyer = store.register.satisfaction(first, last)
    now = store.now()
    team_rows = performance(tickets, now, lambda t: t.team_id, {t.id: t.firm for t in teams}, by_team)
    lawyers = {law.login: f"{law.name}（{t.id}）" for t in teams for law in t.lawyers}
    return render_template(
        "console/performance.html",
        period=(first, last),
        team_rows=team_rows,
        lawyer_rows=performance(tickets, now, lawyer_of, lawyers, by_lawyer),
        categories=CATEGORIES,
        zone_counts=[(z, sum(r.by_zone[z] for r in team_rows)) for z in console.zones_of(account)],
    )
