"""The check-up form through the web: the team's lawyer fills and finalises it, downloads the PDF and
.docx, sends the firm a signed link by SMS that serves the PDF; other teams get 404, the office reads."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tickets import TicketStore

from .conftest import OFFICE, TEAM1_LAWYER, TEAM2_LAWYER, csrf_token, login, make_ticket


def test_a_check_up_report_from_form_to_the_firm(app: Flask, client: FlaskClient, store: TicketStore) -> None:
    booking = make_ticket(store, category="法律体检预约")  # team-1
    path = f"/console/checkups/{booking.number}"
    login(client, TEAM1_LAWYER)
    assert "法律体检报告（填写 / 下载）" in client.get(f"/console/tickets/{booking.number}").get_data(
        as_text=True
    )
    form = {
        "csrf_token": csrf_token(client, path),
        "areas": ["labour", "benefits"],
        "area-0": "labour",
        "risk-0": "high",
        "finding-0": "试用期超过法定上限。",
        "advice-0": "按劳动合同期限调整试用期。",
        "policies": "JM-2023-004 三、（一）\nJM-2023-004 第九十九条\nNO-SUCH-1",
        "summary": "整体合规，劳动用工需整改。",
        "final": "1",
    }
    refused = client.post(path, data=form)
    assert (
        refused.status_code == 400
        and "政策库中没有：JM-2023-004 第九十九条、NO-SUCH-1" in refused.get_data(as_text=True)
    )
    assert client.post(path, data={**form, "policies": "JM-2023-004 三、（一）"}).status_code == 302
    checkup = store.checkups.get(booking.number)
    assert (
        checkup.status == "final"
        and checkup.policies[0]["clause"] == "三、（一）"
        and "入库奖励" in checkup.policies[0]["text"]
    )
    pdf = client.get(f"{path}/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert client.get(f"{path}/report.docx").data.startswith(b"PK")

    assert client.post(f"{path}/send", data={"csrf_token": csrf_token(client, path)}).status_code == 302
    outbox = Path(app.config["DATA_DIR"]) / "outbox.jsonl"
    sms = json.loads(outbox.read_text(encoding="utf-8").splitlines()[-1])
    link = sms["body"].split("请下载查看：")[1]
    firm = app.test_client()
    assert firm.get(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])).data.startswith(b"%PDF")
    assert firm.get("/checkup/forged-token.pdf").status_code == 404

    other = app.test_client()
    login(other, TEAM2_LAWYER)
    assert other.get(path).status_code == 404
    office = app.test_client()
    login(office, OFFICE)
    page = office.get(path).get_data(as_text=True)
    assert "试用期超过法定上限" in page and "保存草稿" not in page
    assert 'id="fig-checkups">1<' in office.get("/office").get_data(as_text=True)
