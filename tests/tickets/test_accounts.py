"""Console accounts on SQLite and PostgreSQL: the office's own accounts (office, department, editor),
one account per issuing department, disabling, role isolation over tickets, and the audit trail."""

from __future__ import annotations

import pytest

from tests.tickets.conftest import Clock, new_ticket
from tickets import TicketStore, TicketValidationError

PASSWORD = "a long enough secret"
DEPARTMENTS = ["即墨区科学技术局", "即墨区工业和信息化局"]


def make_department(store: TicketStore, login: str = "kejiju", department: str = DEPARTMENTS[0]) -> None:
    store.accounts.create(
        login, "区科技局", "department", PASSWORD, by="office", department=department, departments=DEPARTMENTS
    )


def test_created_accounts_sign_in_with_their_role_and_leave_an_audit_trail(
    store: TicketStore, clock: Clock
) -> None:
    make_department(store)
    store.accounts.create("bianji", "王编辑", "editor", PASSWORD, by="office")
    clock.advance(1)
    store.accounts.set_password("bianji", PASSWORD + "2", by="bianji")

    department = store.authenticate("kejiju", PASSWORD)
    assert department is not None and (department.role, department.department) == (
        "department",
        DEPARTMENTS[0],
    )
    assert store.authenticate("bianji", PASSWORD) is None
    assert store.authenticate("bianji", PASSWORD + "2").role == "editor"
    trail = [(e.actor, e.login, e.action, e.detail.get("role")) for e in store.accounts.events()]
    assert trail == [
        ("bianji", "bianji", "password_set", None),
        ("office", "bianji", "created", "editor"),
        ("office", "kejiju", "created", "department"),
    ]
    assert store.accounts.events()[0].at > store.accounts.events()[1].at
    listed = {info.account.login: info for info in store.accounts.list()}
    assert listed["kejiju"].source == "office" and listed["zhangmingyuan"].source == "zones"
    assert listed["kejiju"].role_label == "政策制定部门" and not listed["zhangmingyuan"].has_password


#: (login, role, department, field refused, words of the reason)
BAD_ACCOUNTS = [
    ("zhangmingyuan", "editor", None, "login", "区位配置文件"),  # a lawyer's login
    ("Bad Login", "editor", None, "login", "小写字母"),
    ("newlawyer", "lawyer", None, "role", "角色"),  # lawyers belong to a team in the zones file
    ("caizhengju", "department", "即墨区财政局", "department", "政策库"),  # not among the issuers
    ("kejiju2", "department", DEPARTMENTS[0], "department", "已有账号 kejiju"),  # one per department
    ("bianji", "editor", DEPARTMENTS[0], "department", "只有政策制定部门"),
]


def test_bad_accounts_are_refused_with_the_reason(store: TicketStore) -> None:
    make_department(store)
    for login, role, department, field, says in BAD_ACCOUNTS:
        with pytest.raises(TicketValidationError) as refused:
            store.accounts.create(
                login, "某人", role, PASSWORD, by="office", department=department, departments=DEPARTMENTS
            )
        assert refused.value.field == field and says in refused.value.message, login
    assert [e.login for e in store.accounts.events()] == ["kejiju"]


def test_a_disabled_account_cannot_sign_in_until_enabled(store: TicketStore) -> None:
    store.set_password("zhangmingyuan", PASSWORD, by="office")
    store.accounts.set_disabled("zhangmingyuan", True, by="office", reason="已离职")
    assert store.authenticate("zhangmingyuan", PASSWORD) is None
    assert store.account("zhangmingyuan") is None
    with pytest.raises(TicketValidationError, match="自己"):
        store.accounts.set_disabled("office", True, by="office")
    store.accounts.set_disabled("zhangmingyuan", False, by="office")
    assert store.authenticate("zhangmingyuan", PASSWORD).team_id == "team-1"
    actions = [(e.action, e.detail) for e in store.accounts.events("zhangmingyuan")]
    assert actions == [("enabled", {}), ("disabled", {"reason": "已离职"}), ("password_set", {})]


def test_only_lawyers_and_the_office_see_tickets(store: TicketStore) -> None:
    make_department(store)
    store.accounts.create("bianji", "王编辑", "editor", PASSWORD, by="office")
    ticket = store.create(new_ticket())  # 蓝村街道 → team-4
    assert [t.number for t in store.list_for_user("office")] == [ticket.number]
    for login in ("kejiju", "bianji", "zhangmingyuan"):  # department, editor, a team-1 lawyer
        assert store.list_for_user(login) == []
        assert store.get_for_user(ticket.number, login) is None
    assert not store.can_edit("office", ticket)


def test_the_office_moves_a_ticket_to_another_team_with_a_reason(store: TicketStore, clock: Clock) -> None:
    ticket = store.create(new_ticket())  # 蓝村街道 → team-4
    team4 = store.zones.team("team-4").lawyers[0].login
    store.assign(ticket.number, team4, by=team4)
    for by, team, reason, refused in [
        (team4, "team-1", "换团队", "只有区办公室"),  # a lawyer cannot
        ("office", "team-4", "换团队", "已由 team-4"),
        ("office", "team-9", "换团队", "没有团队"),
        ("office", "team-1", " ", "转交原因"),
    ]:
        with pytest.raises(Exception, match=refused):
            store.transfer(ticket.number, team, by=by, reason=reason)
    clock.advance(2)
    moved = store.transfer(ticket.number, "team-1", by="office", reason="企业实际在环秀街道经营")
    assert (moved.team_id, moved.status, moved.assigned_login, moved.zone) == (
        "team-1",
        "new",
        None,
        "蓝村街道",
    )
    assert moved.due_at == ticket.due_at
    event = moved.history[-1]
    assert (event.actor, event.action) == ("office", "transferred")
    assert event.detail == {
        "from_team": "team-4",
        "to_team": "team-1",
        "from": team4,
        "reason": "企业实际在环秀街道经营",
    }
    assert store.get_for_user(ticket.number, team4) is None
    assert store.get_for_user(ticket.number, "zhangmingyuan") is not None  # team-1
