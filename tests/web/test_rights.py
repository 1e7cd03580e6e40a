"""A 维权 case through the console: the team's lawyer records facts, clause, department, a step and the
outcome with money as written; a department at fault opens a feedback flag; /office counts the case and
the money; other teams get 404, the office reads."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from flask.testing import FlaskClient

from connectors.web.presenters import cn_time
from huiqi.settings import get_settings
from tests.pdf_text import read_pdf
from tickets import TicketStore
from tickets.vocab import CHINA_TZ

from .conftest import OFFICE, TEAM1_LAWYER, TEAM2_LAWYER, csrf_token, login, make_ticket


def test_a_rights_case_from_the_ticket_to_the_programme_figures(
    client: FlaskClient, store: TicketStore
) -> None:
    ticket = make_ticket(store, category="维权投诉", question="我们的高企奖励一直没发，找律师")  # team-1
    path = f"/console/rights/{ticket.number}"
    login(client, TEAM1_LAWYER)
    assert path in client.get(f"/console/tickets/{ticket.number}").get_data(as_text=True)
    token = csrf_token(client, path)
    case = {
        "csrf_token": token,
        "facts": "2025年通过高企认定，20万元奖励至今未发放。",
        "department": "即墨区科学技术局",
    }
    refused = client.post(path, data={**case, "clause": "JM-2023-004 第九十九条"})
    assert refused.status_code == 400 and "政策库中的一条政策" in refused.get_data(as_text=True)
    assert client.post(path, data={**case, "clause": "JM-2023-004 三、（一）"}).status_code == 302
    step = {
        "csrf_token": token,
        "kind": "opinion",
        "on": "",
        "note": "向科技局出具法律意见书，认为应予兑现。",
    }
    assert client.post(f"{path}/step", data=step).status_code == 302
    bad = client.post(
        f"{path}/conclude", data={"csrf_token": token, "outcome": "resolved", "amount": "约二十万"}
    )
    assert bad.status_code == 400 and "12.5万元" in bad.get_data(as_text=True)
    done = {
        "csrf_token": token,
        "outcome": "resolved",
        "amount": "12.5万元",
        "note": "已到账",
        "at_fault": "1",
    }
    page = client.post(f"{path}/conclude", data=done, follow_redirects=True).get_data(as_text=True)
    assert "12.5万元" in page and "已解决" in page and "出具法律意见书" in page and "FK-" in page

    rights = store.rights.get(ticket.number)
    assert (
        rights.amount_fen == 12_500_000
        and rights.clause == "三、（一）"
        and rights.issuer == "即墨区科学技术局"
    )
    assert store.feedback.get(rights.feedback_id).issuer == "即墨区科学技术局"

    client.post("/console/logout", data={"csrf_token": csrf_token(client, "/console/")})
    login(client, TEAM2_LAWYER)
    assert client.get(path).status_code == 404  # another team's case looks like a missing one
    client.post("/console/logout", data={"csrf_token": csrf_token(client, "/console/")})
    login(client, OFFICE)
    office_view = client.get(path)
    assert office_view.status_code == 200 and "记录措施" not in office_view.get_data(as_text=True)
    programme = client.get("/office").get_data(as_text=True)
    assert "维权案件" in programme and "12.5万元" in programme


def test_a_lawyer_takes_up_a_consultation_ticket_as_rights_protection(
    client: FlaskClient, store: TicketStore
) -> None:
    ticket = make_ticket(store, category="政策咨询", question="补贴批下来半年了钱还没到")  # team-1
    login(client, TEAM1_LAWYER)
    page = client.get(f"/console/tickets/{ticket.number}").get_data(as_text=True)
    assert "转为维权案件办理" in page
    token = csrf_token(client, f"/console/tickets/{ticket.number}")
    moved = client.post(f"/console/rights/{ticket.number}/open", data={"csrf_token": token})
    assert moved.status_code == 302 and moved.headers["Location"].endswith(f"/console/rights/{ticket.number}")
    assert store.get(ticket.number).category == "维权投诉"
    assert "政策咨询 → 维权投诉" in client.get(f"/console/tickets/{ticket.number}").get_data(as_text=True)


@pytest.fixture
def fifteen_days(monkeypatch: pytest.MonkeyPatch) -> None:
    """The district gives its 维权 cases 15 days (before the app's store is opened)."""
    monkeypatch.setenv("HUIQI_RIGHTS_CASE_DAYS", "15")


def test_the_due_time_of_a_rights_case_is_the_districts_setting_and_the_page_shows_it(
    fifteen_days: None, client: FlaskClient, store: TicketStore
) -> None:
    ticket = make_ticket(store, category="维权投诉", question="街道收了两千块申报服务费")  # team-1
    due = cn_time(ticket.created_at + timedelta(days=15))
    path = f"/console/rights/{ticket.number}"
    login(client, TEAM1_LAWYER)
    assert f"办结期限：{due}（投诉后 15 天）" in client.get(path).get_data(as_text=True)  # before 立案 too
    form = {
        "csrf_token": csrf_token(client, path),
        "facts": "申报时被收取服务费2000元。",
        "department": "环秀街道",
    }
    page = client.post(path, data=form, follow_redirects=True).get_data(as_text=True)
    assert f"办结期限：{due}（投诉后 15 天）" in page
    assert store.rights.get(ticket.number).due_at == ticket.created_at + timedelta(days=15)


@pytest.mark.parametrize("days", ["0", "-3", "两周"])
def test_a_rights_due_time_that_is_not_a_number_of_days_stops_the_start(
    days: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUIQI_RIGHTS_CASE_DAYS", days)
    with pytest.raises(ValueError, match="HUIQI_RIGHTS_CASE_DAYS"):
        get_settings()


def test_a_written_legal_opinion_step_downloads_as_a_document_to_the_department(
    client: FlaskClient, store: TicketStore, tmp_path: Path
) -> None:
    ticket = make_ticket(store, category="维权投诉", question="我们的高企奖励一直没发，找律师")  # team-1
    path = f"/console/rights/{ticket.number}"
    login(client, TEAM1_LAWYER)
    token = csrf_token(client, path)
    case = {
        "csrf_token": token,
        "facts": "企业2025年通过高新技术企业认定，区级奖励至今未发放。",
        "department": "即墨区科学技术局",
        "clause": "JM-2023-004 三、（一）",
    }
    assert client.post(path, data=case).status_code == 302
    contact = {"csrf_token": token, "kind": "contact", "on": "", "note": "电话联系科技局，答复资金尚未拨付。"}
    assert client.post(f"{path}/step", data=contact).status_code == 302
    opinion = "企业已取得高新技术企业证书并按期申报，符合奖励条件，有关部门应在规定期限内兑现奖励资金。"
    step = {"csrf_token": token, "kind": "opinion", "on": "", "note": opinion}
    page = client.post(f"{path}/step", data=step, follow_redirects=True).get_data(as_text=True)
    assert f"{path}/opinion/2.pdf" in page and f"{path}/opinion/1.pdf" not in page  # only the opinion

    pdf = client.get(f"{path}/opinion/2.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text, dark = read_pdf(pdf.data, tmp_path / "opinion.png")
    text = "".join(text.split())
    team = store.zones.team("team-1")
    today = store.now().astimezone(CHINA_TZ).date()
    for expected in (
        "法律意见书",
        "致：即墨区科学技术局",
        "区级奖励至今未发放",
        "三、（一）",
        opinion,
        team.firm,
        team.lawyer(TEAM1_LAWYER).name,
        f"{today.year}年{today.month}月{today.day}日",
    ):
        assert expected in text, expected
    assert dark > 5_000  # the Chinese glyphs are drawn, not blank boxes
    clause = store.rights.get(ticket.number).clause_text
    assert clause and "".join(clause.split())[:20] in text  # the clause's text from the collection
    word = client.get(f"{path}/opinion/2.docx")
    paragraphs = [p.text for p in Document(io.BytesIO(word.data)).paragraphs]
    assert "致：即墨区科学技术局" in paragraphs and opinion in paragraphs
    assert client.get(f"{path}/opinion/1.pdf").status_code == 404  # a phone call is not a document
    assert client.get(f"{path}/opinion/9.pdf").status_code == 404

    client.post("/console/logout", data={"csrf_token": csrf_token(client, "/console/")})
    login(client, TEAM2_LAWYER)
    assert client.get(f"{path}/opinion/2.pdf").status_code == 404  # another team's case
    client.post("/console/logout", data={"csrf_token": csrf_token(client, "/console/")})
    login(client, OFFICE)
    assert client.get(f"{path}/opinion/2.docx").status_code == 200  # the office reads
