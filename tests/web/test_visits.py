"""The visit page (/console/visits): a lawyer logs a visit with a follow-up through the real form;
the team sees it, another team does not, the office sees it per team and zone."""

from __future__ import annotations

from flask.testing import FlaskClient

from tickets import TicketStore

from .conftest import OFFICE, TEAM1_LAWYER, TEAM2_LAWYER, csrf_token, login


def test_a_lawyer_logs_a_visit_and_the_office_sees_it_per_team(
    client: FlaskClient, store: TicketStore
) -> None:
    login(client, TEAM1_LAWYER)
    today = store.now().strftime("%Y-%m-%d")
    form = {
        "firm_name": "青岛环秀纺织有限公司",
        "contact_name": "刘会计",
        "phone": "13800000202",
        "zone": "环秀街道",
        "visited_on": today,
        "topics": ["劳动用工", "奖补申报"],
        "findings": "稳岗返还未到账，企业不知道查询渠道。",
        "follow_ups": "稳岗返还查询并协助申请",
        "category": "政策适用",
        "csrf_token": csrf_token(client, "/console/visits"),
    }
    bad = client.post("/console/visits", data={**form, "zone": "龙山街道"})  # team-2's zone
    assert bad.status_code == 400 and "team-2" in bad.get_data(as_text=True)
    done = client.post("/console/visits", data=form)
    assert done.status_code == 302
    page = client.get("/console/visits").get_data(as_text=True)
    assert "已登记走访：青岛环秀纺织有限公司。跟进工单：HQ-" in page and "劳动用工、奖补申报" in page
    (visit,) = store.visits.list()
    ticket = store.get(visit.ticket_numbers[0])
    assert (ticket.channel, ticket.team_id, ticket.category) == ("visit", "team-1", "政策适用")

    other = client.application.test_client()
    login(other, TEAM2_LAWYER)
    assert "青岛环秀纺织有限公司" not in other.get("/console/visits").get_data(as_text=True)
    office = client.application.test_client()
    login(office, OFFICE)
    listing = office.get("/console/visits?team=team-1").get_data(as_text=True)
    assert "青岛环秀纺织有限公司" in listing and "走访 1 次，1 家企业，跟进工单 1 张" in listing
    assert 'id="fig-visits">1<' in office.get("/office").get_data(as_text=True)
