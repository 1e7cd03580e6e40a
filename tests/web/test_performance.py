"""The performance page: figures per team and lawyer from real tickets, replies and ratings; a lawyer
sees only the own team."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tickets import TicketStore

from .conftest import OFFICE, TEAM1_LAWYER, TEAM2_LAWYER, login, make_ticket


def row_cells(page: str, table: str, name: str) -> list[str]:
    """The cells of the row headed ``name`` in the table with id ``table``."""
    body = page[page.index(f'id="{table}"') :]
    body = body[: body.index("</table>")]
    row = re.search(rf'<th scope="row">{re.escape(name)}</th>(.*?)</tr>', body, re.S)
    assert row, f"no row {name} in {table}"
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def test_performance_per_team_and_lawyer(client: FlaskClient, store: TicketStore) -> None:
    answered = make_ticket(store)  # team-1
    make_ticket(store, zone="龙山街道")  # team-2, never answered
    store.reply(answered.number, TEAM1_LAWYER, "可以申请，材料见第三条。")
    store.register.rate_ticket(answered.number, "满意")
    team1, team2 = store.zones.team("team-1"), store.zones.team("team-2")
    login(client, OFFICE)
    page = client.get("/console/performance").get_data(as_text=True)
    # tickets, open, overdue, median first reply, in time, closed, ratings, satisfaction
    assert row_cells(page, "performance-teams", team1.firm) == [
        "1",
        "0",
        "0",
        "0.0 小时",
        "100%",
        "0",
        "1",
        "100%",
    ]
    assert row_cells(page, "performance-teams", team2.firm) == ["1", "1", "0", "—", "—", "0", "0", "—"]
    lawyer_name = f"{team1.lawyer(TEAM1_LAWYER).name}（team-1）"
    assert row_cells(page, "performance-lawyers", lawyer_name)[:2] == ["1", "0"]
    assert row_cells(page, "performance-zones", "龙山街道") == ["1"]

    lawyer = client.application.test_client()
    login(lawyer, TEAM2_LAWYER)
    own = lawyer.get("/console/performance").get_data(as_text=True)
    assert team1.firm not in own and team2.firm in own
    assert lawyer.get("/console/performance?since=2026-13-01").status_code == 400
