"""The programme page (``/office``): the district office's figures for any period, with charts drawn
as SVG on the server and an .xlsx export. Office accounts only (a lawyer gets 403)."""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, send_file
from flask.wrappers import Response

from tickets.consultations import CHANNEL_LABELS, OUTCOME_LABELS
from tickets.programme import Programme, china_today, period_bounds
from tickets.ratings import SCORE_LABELS

from . import auth, console
from .charts import OUTCOME_COLOURS, bars, weekly_columns, zone_grid
from .office_export import Records, workbook
from .services import get_store, get_zones

bp = Blueprint("office", __name__, url_prefix="/office")
# Programme figures are the district office's (lawyers see their team's in the console).
bp.before_request(auth.require_roles("office"))
bp.context_processor(console.inject_account)


@functools.cache
def _policy_count(corpus_dir: str) -> int:
    return sum(1 for _ in Path(corpus_dir).glob("*.md"))


def _programme() -> Programme:
    store = get_store()
    try:
        first, last = period_bounds(
            china_today(store.now()), request.args.get("since"), request.args.get("until")
        )
    except ValueError:
        abort(400, description="日期格式应为 YYYY-MM-DD，且结束日期不早于开始日期。")
    return store.register.programme(first, last)


def _satisfaction_rows(by: dict[str, dict[str, int]], names: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for key, counts in sorted(by.items()):
        total = sum(counts.values())
        good = counts["satisfied"] + counts["fair"]
        rows.append({"name": names.get(key, key), "counts": counts, "total": total, "rate": good / total})
    return rows


@bp.get("")
def index() -> str:
    """The programme page for ``?since=YYYY-MM-DD&until=YYYY-MM-DD`` (default: the last 30 days)."""
    data = _programme()
    zones = get_zones()
    report = data.report
    teams = {team.id: team.firm for team in zones.teams}
    lawyers = {account.login: account.name for account in zones.accounts()}
    store = get_store()
    return render_template(
        "office/index.html",
        data=data,
        report=report,
        policies=_policy_count(current_app.config["CORPUS_DIR"]),
        visits=store.visits.count(data.first, data.last),
        checkups=store.checkups.count(data.first, data.last),
        rights=store.rights.summary(data.first, data.last),
        open_feedback=store.feedback.count_open(),
        channels=bars((k, CHANNEL_LABELS[k], v) for k, v in report["by_channel"].items()),
        outcomes=bars(((k, OUTCOME_LABELS[k], v) for k, v in report["by_outcome"].items()), OUTCOME_COLOURS),
        trend=weekly_columns(data.weeks),
        grid=zone_grid(list(zones.zones), data.zones),
        colours=OUTCOME_COLOURS,
        outcome_labels=OUTCOME_LABELS,
        score_labels=SCORE_LABELS,
        team_rows=_satisfaction_rows(data.team_satisfaction, teams),
        lawyer_rows=_satisfaction_rows(data.lawyer_satisfaction, lawyers),
    )


@bp.get("/export.xlsx")
def export() -> Response:
    """The same figures as an Excel workbook (one sheet per table, with the period's visits, check-up
    reports and concluded 维权 cases listed)."""
    data = _programme()
    store, zones = get_store(), get_zones()
    records = Records(
        visits=store.visits.list(first=data.first, last=data.last),
        checkups=store.checkups.between(data.first, data.last),
        rights=store.rights.summary(data.first, data.last),
        rights_cases=store.rights.concluded_between(data.first, data.last),
        teams={team.id: team.firm for team in zones.teams},
        people={account.login: account.name for account in zones.accounts()},
    )
    buffer = io.BytesIO()
    workbook(data, list(zones.zones), records).save(buffer)
    buffer.seek(0)
    return send_file(
        buffer,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"huiqi-programme-{data.first.isoformat()}-{data.last.isoformat()}.xlsx",
    )
