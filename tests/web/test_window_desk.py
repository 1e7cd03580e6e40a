"""The window desk: a case answered on the spot is a 窗口 consultation; a hand-off is a 窗口 ticket
routed to the zone's team; both count in the register; bad input is refused field by field."""

from __future__ import annotations

from datetime import UTC, datetime

from flask.testing import FlaskClient

from tickets import TicketStore
from tickets.programme import china_today

from .conftest import OFFICE, csrf_token, login

CASE = {
    "firm_name": "青岛窗口测试机械有限公司",
    "contact_name": "刘会计",
    "phone": "0532-88886666",
    "zone": "环秀街道",
    "question": "小微企业“六税两费”减半征收怎么享受？",
}


def _post(client: FlaskClient, **fields: str) -> tuple[int, str]:
    token = csrf_token(client, "/console/window")
    response = client.post(
        "/console/window", data={**CASE, **fields, "csrf_token": token}, follow_redirects=True
    )
    return response.status_code, response.get_data(as_text=True)


def test_window_cases_are_consultations_and_handoffs_are_tickets(
    client: FlaskClient, store: TicketStore
) -> None:
    assert client.get("/console/window").status_code == 302  # sign in first
    login(client, OFFICE)

    status, page = _post(client, result="answered", answer="自行申报即可享受，无需备案。")
    assert status == 200 and "已登记窗口咨询" in page
    status, page = _post(client, result="handoff", category="政策适用", zone="潮海街道")
    assert status == 200 and "工单号 HQ-" in page

    (ticket,) = store.list()
    assert (ticket.channel, ticket.team_id, ticket.category) == ("window", "team-1", "政策适用")
    assert ticket.contact_name == "刘会计" and ticket.phone == "+8653288886666"
    cases = store.register.cases_by(OFFICE)
    assert [c["outcome"] for c in cases] == ["escalated", "answered"]
    assert cases[1]["note"] == "自行申报即可享受，无需备案。" and cases[1]["channel"] == "window"
    assert ticket.number in page  # the latest cases list links the ticket
    today = china_today(datetime.now(UTC))  # the register counts China-time days
    figures = store.register.report(today, today)
    assert figures["by_channel"]["window"] == 2 and figures["tickets"] == 1


def test_window_form_refuses_what_it_cannot_store(client: FlaskClient, store: TicketStore) -> None:
    login(client, OFFICE)
    status, page = _post(client, result="answered", answer="")
    assert status == 400 and "当场答复时请填写答复内容" in page
    status, page = _post(client, result="answered", answer="可以", phone="12345")
    assert status == 400 and "电话" in page
    status, page = _post(client, result="handoff", category="政策咨询", zone="火星")
    assert status == 400
    assert store.list() == [] and store.register.cases_by(OFFICE) == []
