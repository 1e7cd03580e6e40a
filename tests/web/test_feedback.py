"""The feedback loop through the web: a lawyer flags a policy from a ticket, the office sends it and
downloads the department's report, the department's account (landing on its inbox) answers, the
policy page shows the open feedback until the office closes it."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser

from tickets import TicketStore

from .conftest import OFFICE, TEAM1_LAWYER, TEAM2_LAWYER, csrf_token, login, make_ticket
from .live import LiveServer, chromium_available

POLICY_ID = "JM-2023-004"


def test_a_policy_flag_goes_round_the_loop(client: FlaskClient, store: TicketStore) -> None:
    ticket = make_ticket(store)  # team-1
    page = client.application.test_client()
    login(client, TEAM1_LAWYER)
    link = f"/console/feedback/new?ticket={ticket.number}&policy={POLICY_ID}"
    form = client.get(link).get_data(as_text=True)
    assert f'value="{ticket.number}"' in form
    done = client.post(
        link,
        data={
            "policy_id": POLICY_ID,
            "kind": "unclear",
            "description": "“首次认定”与“重新认定”的奖励标准表述不清。",
            "tickets": ticket.number,
            "conversations": "",
            "csrf_token": csrf_token(client, link),
        },
    )
    assert done.status_code == 302
    feedback_id = int(re.search(r"/console/feedback/(\d+)", done.headers["Location"]).group(1))
    item = store.feedback.get(feedback_id)
    department = item.issuer
    assert "执行问题反馈正在与发文部门沟通办理" in page.get(f"/policies/{POLICY_ID}").get_data(as_text=True)

    office = client.application.test_client()
    login(office, OFFICE)
    token = csrf_token(office, "/office/accounts")
    office.post(
        "/office/accounts",
        data={"login": "dept1", "name": department, "role": "department", "department": department,
              "password": "department-secret-1", "csrf_token": token},
    )  # fmt: skip
    detail = f"/console/feedback/{feedback_id}"
    assert (
        office.post(f"{detail}/sent", data={"note": "", "csrf_token": csrf_token(office, detail)}).status_code
        == 302
    )
    report = office.get(f"/console/feedback/report.docx?issuer={department}")
    assert report.status_code == 200
    assert "奖励标准表述不清" in "\n".join(p.text for p in Document(io.BytesIO(report.data)).paragraphs)
    pdf = office.get(f"/console/feedback/report.pdf?issuer={department}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")

    dept = client.application.test_client()
    assert login(dept, "dept1", "department-secret-1").headers["Location"] == "/console/feedback"
    assert f"FK-{feedback_id}" in dept.get("/console/feedback").get_data(as_text=True)
    assert dept.get(f"/console/tickets/{ticket.number}").status_code == 403
    answer = {"note": "将在实施细则中明确。", "csrf_token": csrf_token(dept, detail)}
    assert dept.post(f"{detail}/answered", data=answer).status_code == 302
    assert dept.post(f"{detail}/closed", data=answer).status_code == 302  # refused: shown as a message
    assert store.feedback.get(feedback_id).status == "answered"
    other = client.application.test_client()
    login(other, TEAM2_LAWYER)
    assert "将在实施细则中明确。" in other.get(detail).get_data(as_text=True)
    office.post(f"{detail}/closed", data={"note": "", "csrf_token": csrf_token(office, detail)})
    assert "执行问题反馈" not in page.get(f"/policies/{POLICY_ID}").get_data(as_text=True)


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed (make system-deps)")
def test_a_department_answers_in_chromium(app: Flask, store: TicketStore, browser: Browser) -> None:
    store.accounts.create(
        "kejiju", "区科技局", "department", "department-secret-1", by=OFFICE,
        department="即墨区科学技术局", departments=["即墨区科学技术局"],
    )  # fmt: skip
    item = store.feedback.raise_flag(
        by=OFFICE, policy_id=POLICY_ID, policy_title="科技型中小企业培育办法", issuer="即墨区科学技术局",
        kind="threshold_unreachable", description="研发投入比例门槛过高。",
    )  # fmt: skip
    store.feedback.advance(item.id, "sent", by=OFFICE)
    server = LiveServer(app)
    try:
        page = browser.new_page(viewport={"width": 375, "height": 812})
        page.goto(server.url + "/console/login")
        page.fill("#login", "kejiju")
        page.fill("#password", "department-secret-1")
        page.press("#password", "Enter")
        page.wait_for_url("**/console/feedback")
        page.click(f"text=FK-{item.id}")
        page.fill("textarea[name=note]", "拟将门槛下调至2%。")
        page.click("button:has-text('提交答复')")
        assert page.locator(".notice.success").inner_text() == "答复已提交。"
        assert "拟将门槛下调至2%。" in page.locator("main").inner_text()
        assert store.feedback.get(item.id).status == "answered"
        page.close()
    finally:
        server.stop()
