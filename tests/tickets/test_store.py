"""The ticket store on SQLite and PostgreSQL: numbering, routing, validation, isolation, history."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from tests.tickets.conftest import Clock, new_ticket
from tickets import (
    QUESTION_MAX_CHARS,
    TicketNotFoundError,
    TicketPermissionError,
    TicketStateError,
    TicketStore,
    TicketValidationError,
    ZoneDirectory,
)
from tickets.models import Base

PINGDU_ZONES = Path(__file__).resolve().parents[1] / "data" / "pingdu-zones.yaml"


def test_create_routes_to_the_zones_team_and_numbers_per_day(store: TicketStore, clock: Clock) -> None:
    first = store.create(new_ticket())
    second = store.create(new_ticket(zone="鹤山路那边", phone="0532-88512345"))
    assert (first.number, second.number) == ("HQ-20260302-0001", "HQ-20260302-0002")
    assert (first.zone, first.team_id, first.status) == ("蓝村街道", "team-4", "new")
    assert (second.zone, second.team_id, second.phone) == ("环秀街道", "team-1", "+8653288512345")
    clock.advance(24)
    assert store.create(new_ticket()).number == "HQ-20260303-0001"
    # the day is China's: 23:30 on 3 March in Beijing is 15:30 UTC
    clock.now = datetime(2026, 3, 3, 15, 30, tzinfo=UTC)
    assert store.create(new_ticket()).number == "HQ-20260303-0002"


def test_ticket_is_stored_verbatim_with_transcript_and_citations(store: TicketStore) -> None:
    question = "能报销吗？<script>alert('x')</script> ' OR 1=1; DROP TABLE tickets; --"
    created = store.create(new_ticket(question=question))
    got = store.get(created.number)
    assert got is not None and got.question == question
    assert got.transcript[1]["role"] == "bot" and got.citations[0]["clause"] == "第五条"
    assert got.sender_id == "web-7f1c2b" and got.phone == "+8613912345678"
    assert got.phone_display == "139 1234 5678"
    assert store.count() == 1


def test_concurrent_creation_gives_unique_consecutive_numbers(store: TicketStore) -> None:
    numbers: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(6):
                numbers.append(store.create(new_ticket()).number)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers) == [f"HQ-20260302-{i:04d}" for i in range(1, 37)]
    assert store.count() == 36


BAD_INPUT = [
    ({"phone": ""}, "phone", "请留下联系电话"),
    ({"phone": "12345"}, "phone", "联系电话“12345”无效"),
    ({"phone": "88512345"}, "phone", "带区号的固定电话"),
    ({"phone": "+1 212 555 0100"}, "phone", "无效"),
    ({"firm_name": "   "}, "firm_name", "请填写企业名称"),
    ({"contact_name": ""}, "contact_name", "请填写联系人姓名"),
    (
        {"question": "问" * 10_000},
        "question",
        f"问题描述过长（10000 字），请精简到 {QUESTION_MAX_CHARS} 字以内",
    ),
    ({"question": "a\x00b"}, "question", "控制字符"),
    (
        {"category": "加急"},
        "category",
        "问题类别“加急”无效，应为：政策咨询、政策适用、维权投诉、法律体检预约、其他",
    ),
    ({"channel": "fax"}, "channel", "渠道“fax”无效"),
    ({"zone": "即墨区"}, "zone", "请告诉我们企业所在的街道、镇或功能区"),
    ({"transcript": [{"who": "x"}]}, "transcript", "role（firm 或 bot）"),
    ({"citations": "第五条"}, "citations", "引用的政策条款应为列表"),
]


@pytest.mark.parametrize(
    ("change", "field", "message"), BAD_INPUT, ids=[b[1] + str(i) for i, b in enumerate(BAD_INPUT)]
)
def test_bad_input_is_refused_with_a_chinese_message(
    store: TicketStore, change: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(TicketValidationError) as info:
        store.create(new_ticket(**change))
    assert info.value.field == field
    assert message in info.value.message
    assert store.count() == 0


def test_an_unknown_zone_is_refused_with_this_districts_zones_as_examples(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pingdu = TicketStore(f"sqlite:///{tmp_path / 'pd.db'}", ZoneDirectory.load(PINGDU_ZONES))
    try:
        with pytest.raises(TicketValidationError) as info:
            pingdu.create(new_ticket(zone="火星街道"))
    finally:
        pingdu.dispose()
    assert info.value.field == "zone" and "东阁街道" in info.value.message
    assert "环秀" not in info.value.message


def test_lawyers_see_only_their_team_and_office_sees_all(store: TicketStore) -> None:
    t4 = store.create(new_ticket())  # 蓝村街道 → team-4
    t1 = store.create(new_ticket(zone="环秀街道"))
    assert store.get_for_user(t4.number, "hanxiaoguang") is not None
    assert store.get_for_user(t4.number, "zhangmingyuan") is None  # team-1 lawyer
    assert store.get_for_user(t4.number, "nobody") is None
    assert store.get_for_user(t4.number, "office") is not None
    assert [t.number for t in store.list_for_user("zhangmingyuan")] == [t1.number]
    assert {t.number for t in store.list_for_user("office")} == {t1.number, t4.number}
    assert store.list_for_user("nobody") == []
    ticket = store.get(t4.number)
    assert ticket is not None
    assert store.can_edit("hanxiaoguang", ticket) and not store.can_edit("office", ticket)
    for actor in ("zhangmingyuan", "office"):
        with pytest.raises(TicketPermissionError):
            store.reply(t4.number, actor, "越权答复")
        with pytest.raises(TicketPermissionError):
            store.close(t4.number, actor)
    with pytest.raises(TicketPermissionError, match="只能在团队内部转派"):
        store.assign(t4.number, "zhangmingyuan", by="hanxiaoguang")
    assert store.get(t4.number).replies == ()  # type: ignore[union-attr]


def test_life_cycle_keeps_a_full_history(store: TicketStore, clock: Clock) -> None:
    number = store.create(new_ticket()).number
    clock.advance(1)
    assert store.assign(number, "yanghui", by="hanxiaoguang").status == "assigned"
    clock.advance(1)
    answered = store.reply(number, "yanghui", "可以申请，请准备设备发票和验收报告。")
    assert answered.status == "answered" and answered.latest_reply.text.startswith("可以申请")  # type: ignore[union-attr]
    clock.advance(1)
    assert store.close(number, "yanghui").status == "closed"
    with pytest.raises(TicketStateError, match="已关闭"):
        store.reply(number, "yanghui", "补充")
    clock.advance(1)
    reopened = store.reopen(number, "firm", reason="还想问进口设备是否算")
    assert reopened.status == "reopened"
    assert store.assign(number, "qinyulan", by="yanghui").status == "assigned"
    history = [(e.actor, e.action) for e in store.get(number).history]  # type: ignore[union-attr]
    assert history == [
        ("firm", "created"),
        ("hanxiaoguang", "assigned"),
        ("yanghui", "replied"),
        ("yanghui", "closed"),
        ("firm", "reopened"),
        ("yanghui", "assigned"),
    ]
    events = store.get(number).history  # type: ignore[union-attr]
    assert events[1].detail == {"from": None, "to": "yanghui"}
    assert events[4].detail["reason"] == "还想问进口设备是否算"
    assert [e.at for e in events] == sorted(e.at for e in events)
    with pytest.raises(TicketNotFoundError):
        store.close("HQ-20000101-0001", "yanghui")


def test_sla_by_category_and_overdue_first(store: TicketStore, clock: Clock, zones: ZoneDirectory) -> None:
    slow = store.create(new_ticket(category="法律体检预约"))  # 120 h
    urgent = store.create(new_ticket(category="维权投诉"))  # 24 h
    assert (urgent.due_at - urgent.created_at).total_seconds() == zones.sla_hours["维权投诉"] * 3600
    clock.advance(1)
    answered = store.create(new_ticket(category="维权投诉"))
    store.reply(answered.number, "hanxiaoguang", "已答复")
    clock.advance(30)  # urgent is overdue; the answered one is not (the team has answered)
    listed = store.list(team_id="team-4")
    assert [t.number for t in listed] == [urgent.number, slow.number, answered.number]
    assert [t.overdue for t in listed] == [True, False, False]
    assert [t.number for t in store.list(overdue_only=True)] == [urgent.number]
    assert [t.number for t in store.list(category="法律体检预约")] == [slow.number]
    assert [t.number for t in store.list(status="answered")] == [answered.number]
    assert store.list(zone="环秀街道") == []
    with pytest.raises(TicketValidationError):
        store.list(status="lost")


def test_firm_finds_its_ticket_by_number_and_phone_or_sender(store: TicketStore) -> None:
    t = store.create(new_ticket())
    assert store.find_for_firm(t.number.lower(), "+86 139-1234-5678") is not None
    assert store.find_for_firm(t.number, "13800000000") is None
    assert store.find_for_firm(t.number, "") is None
    assert [x.number for x in store.for_sender("web-7f1c2b")] == [t.number]
    assert store.for_sender("web-other") == []


def test_hotline_transcript_turns_in_order(store: TicketStore) -> None:
    store.append_turn("tel-CA123", "firm", "我想问一下稳岗补贴")
    store.append_turn("tel-CA123", "bot", "请问贵公司在哪个街道？")
    store.append_turn("tel-OTHER", "firm", "别的电话")
    turns = store.transcript("tel-CA123")
    assert [(t["role"], t["text"]) for t in turns] == [
        ("firm", "我想问一下稳岗补贴"),
        ("bot", "请问贵公司在哪个街道？"),
    ]
    with pytest.raises(TicketValidationError):
        store.append_turn("tel-CA123", "robot", "x")


def test_passwords_are_hashed_and_checked(store: TicketStore) -> None:
    with pytest.raises(TicketValidationError, match="密码太短"):
        store.set_password("hanxiaoguang", "short")
    with pytest.raises(TicketValidationError, match="没有登录名为 ghost"):
        store.set_password("ghost", "long enough password")
    store.set_password("hanxiaoguang", "蓝村律师 2026 密码")
    account = store.authenticate("hanxiaoguang", "蓝村律师 2026 密码")
    assert account is not None and (account.role, account.team_id) == ("lawyer", "team-4")
    assert store.authenticate("hanxiaoguang", "wrong password") is None
    assert store.authenticate("yanghui", "蓝村律师 2026 密码") is None  # no password set
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM console_users").scalar_one()
    assert "蓝村律师" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_reopening_the_store_keeps_tickets_and_migrations_match_models(
    db_url: str, zones: ZoneDirectory
) -> None:
    first = TicketStore(db_url, zones)
    number = first.create(new_ticket()).number
    first.dispose()
    second = TicketStore(db_url, zones)  # runs `alembic upgrade head` again: a no-op
    assert second.get(number) is not None
    second.dispose()
    engine = create_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"version_table": "tickets_alembic_version"}), Base.metadata
        )
    engine.dispose()
    assert diff == []


def test_sqlite_file_is_durable_wal_under_the_data_dir(tmp_path, zones: ZoneDirectory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HUIQI_DATA_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("HUIQI_ZONES_FILE", str(zones.path))
    monkeypatch.delenv("HUIQI_DATABASE_URL", raising=False)
    store = TicketStore()  # settings: SQLite file under HUIQI_DATA_DIR
    store.create(new_ticket())
    assert (tmp_path / "state" / "huiqi.db").exists()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL
    store.dispose()
