"""Roles in the web app: the office manages accounts on /office/accounts (CSRF-protected, audited);
department and editor accounts reach only their own pages; a disabled account is signed out."""

from __future__ import annotations

from flask.testing import FlaskClient

from tickets import TicketStore

from .conftest import OFFICE, PASSWORD, TEAM1_LAWYER, TEAM2_LAWYER, csrf_token, login, make_ticket

NEW_PASSWORD = "department-secret-1"


def create_department(client: FlaskClient, **fields: str) -> object:
    form = {
        "login": "kejiju",
        "name": "区科技局",
        "role": "department",
        "department": "即墨区科学技术局",
        "password": NEW_PASSWORD,
        "csrf_token": csrf_token(client, "/office/accounts"),
        **fields,
    }
    return client.post("/office/accounts", data=form)


def test_office_creates_a_department_account_that_sees_no_tickets(
    client: FlaskClient, store: TicketStore
) -> None:
    ticket = make_ticket(store)
    login(client, OFFICE)
    refused = create_department(client, department="即墨区不存在局")
    assert refused.status_code == 400 and "请选择政策库中出现的发文部门" in refused.get_data(as_text=True)
    assert store.account("kejiju") is None
    created = create_department(client)
    assert created.status_code == 302
    page = client.get("/office/accounts").get_data(as_text=True)
    assert "kejiju" in page and "创建账号" in page and "即墨区科学技术局" in page

    department = client.application.test_client()
    signed_in = login(department, "kejiju", NEW_PASSWORD)
    assert signed_in.headers["Location"] == "/console/feedback"  # its inbox
    assert "政策制定部门" in department.get("/console/account").get_data(as_text=True)
    for path in ("/console/", "/console/overview", f"/console/tickets/{ticket.number}", "/console/window"):
        assert department.get(path).status_code == 403, path
    for path in ("/office", "/office/accounts", "/office/export.xlsx"):
        assert department.get(path).status_code == 403, path


def test_lawyers_cannot_manage_accounts_and_forms_need_the_csrf_token(client: FlaskClient) -> None:
    login(client, TEAM1_LAWYER)
    assert client.get("/office/accounts").status_code == 403
    token = csrf_token(client, "/console/account")
    assert client.post("/office/accounts/zhaowenbo/disable", data={"csrf_token": token}).status_code == 403
    office = client.application.test_client()
    login(office, OFFICE)
    forged = office.post(
        "/office/accounts", data={"login": "x1", "name": "x", "role": "editor", "password": "p" * 12}
    )
    assert forged.status_code == 400


def test_a_disabled_lawyer_is_signed_out_at_once_and_the_trail_says_who(
    client: FlaskClient, store: TicketStore
) -> None:
    lawyer = client.application.test_client()
    login(lawyer, TEAM1_LAWYER)
    assert lawyer.get("/console/").status_code == 200
    login(client, OFFICE)
    token = csrf_token(client, "/office/accounts")
    done = client.post(
        f"/office/accounts/{TEAM1_LAWYER}/disable", data={"reason": "合同到期", "csrf_token": token}
    )
    assert done.status_code == 302
    assert lawyer.get("/console/").headers["Location"].startswith("/console/login")
    assert login(lawyer, TEAM1_LAWYER).status_code == 401
    event = store.accounts.events(TEAM1_LAWYER)[0]
    assert (event.actor, event.action, event.detail) == (OFFICE, "disabled", {"reason": "合同到期"})
    client.post(f"/office/accounts/{TEAM1_LAWYER}/enable", data={"csrf_token": token})
    assert login(lawyer, TEAM1_LAWYER).status_code == 302


def test_anyone_changes_their_own_password(client: FlaskClient, store: TicketStore) -> None:
    login(client, TEAM1_LAWYER)
    short = client.post(
        "/console/account", data={"password": "short", "csrf_token": csrf_token(client, "/console/account")}
    )
    assert short.status_code == 400 and "密码太短" in short.get_data(as_text=True)
    token = csrf_token(client, "/console/account")
    assert (
        client.post("/console/account", data={"password": NEW_PASSWORD, "csrf_token": token}).status_code
        == 302
    )
    assert store.authenticate(TEAM1_LAWYER, PASSWORD) is None
    assert store.authenticate(TEAM1_LAWYER, NEW_PASSWORD) is not None
    assert store.accounts.events(TEAM1_LAWYER)[0].actor == TEAM1_LAWYER


def test_office_transfers_a_ticket_from_its_page_and_the_new_team_sees_it(
    client: FlaskClient, store: TicketStore
) -> None:
    ticket = make_ticket(store)  # 环秀街道 → team-1
    lawyer = client.application.test_client()
    login(lawyer, TEAM1_LAWYER)
    token = csrf_token(lawyer, f"/console/tickets/{ticket.number}")
    moved = lawyer.post(
        f"/console/tickets/{ticket.number}/transfer",
        data={"team": "team-2", "reason": "x", "csrf_token": token},
    )
    assert moved.status_code == 403
    login(client, OFFICE)
    path = f"/console/tickets/{ticket.number}"
    assert "转交其他团队" in client.get(path).get_data(as_text=True)
    empty = client.post(
        f"{path}/transfer", data={"team": "team-2", "reason": "", "csrf_token": csrf_token(client, path)}
    )
    assert empty.status_code == 400 and "请填写转交原因" in empty.get_data(as_text=True)
    done = client.post(
        f"{path}/transfer",
        data={"team": "team-2", "reason": "涉及龙山街道厂区", "csrf_token": csrf_token(client, path)},
    )
    assert done.status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "转交团队：team-1 → team-2（涉及龙山街道厂区）" in page
    assert lawyer.get(path).status_code == 404
    team2 = client.application.test_client()
    login(team2, TEAM2_LAWYER)
    assert team2.get(path).status_code == 200
