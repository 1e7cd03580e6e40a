"""The programme page ``/office``: office accounts only; figures, weekly trend, zone grid, gaps by topic
and satisfaction per team and lawyer drawn from the register; the .xlsx export; and in headless
Chromium the charts drawn from the data, on a phone and on a desktop (screenshots in test-artifacts)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from playwright.sync_api import Browser

from tickets import TicketStore, ZoneDirectory
from tickets.consultations import Exchange
from tickets.vocab import CHINA_TZ

from .conftest import OFFICE, PASSWORD, TEAM1_LAWYER, login, make_ticket
from .live import LiveServer, chromium_available, screenshot

#: A Wednesday noon (China time): its week starts on the Monday before.
WEDNESDAY = datetime(2026, 3, 4, 4, 0, tzinfo=UTC)


def _fill(store: TicketStore) -> str:
    """Two weeks of conversations, a ticket answered and rated, and two unmatched questions."""
    last_week = WEDNESDAY - timedelta(days=7)
    store.register.record(
        [
            Exchange("web-a1", WEDNESDAY, "稳岗返还怎么申请", ("answer",)),
            Exchange("web-a2", WEDNESDAY, "研发费用加计扣除", ("answer",)),
            Exchange("tel-CA1", last_week, "火星开厂补贴", ("no_match",), topic="火星"),
            Exchange("web-n2", WEDNESDAY, "火星上的厂房补贴", ("no_match",), topic="火星"),
        ]
    )
    ticket = make_ticket(store)  # 环秀街道, team-1, created now
    store.reply(ticket.number, TEAM1_LAWYER, "可以申请。")
    store.register.rate_ticket(ticket.number, "满意")
    return ticket.number


def _period(day: datetime) -> str:
    today = datetime.now(CHINA_TZ).date()
    return f"since={day.astimezone(CHINA_TZ).date() - timedelta(days=7)}&until={today}"


def test_only_the_office_sees_the_programme(client: FlaskClient) -> None:
    assert client.get("/office").status_code == 302
    login(client, TEAM1_LAWYER)
    assert client.get("/office").status_code == 403
    assert client.get("/office/export.xlsx").status_code == 403


def test_figures_and_export_come_from_the_register(
    client: FlaskClient, store: TicketStore, zones: ZoneDirectory
) -> None:
    _fill(store)
    login(client, OFFICE)
    page = client.get(f"/office?{_period(WEDNESDAY)}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="fig-total">5<' in html  # 4 conversations + the ticket's own
    assert 'data-key="web" data-value="4"' in html and 'data-key="hotline" data-value="1"' in html
    assert 'data-key="resolved" data-value="1"' in html
    assert 'data-zone="环秀街道" data-value="1"' in html
    assert "火星" in html and "火星上的厂房补贴" in html
    team, lawyer = zones.team("team-1"), zones.account(TEAM1_LAWYER)
    assert team and lawyer and f"<td>{team.firm}</td><td>1</td>" in html  # 满意 per team …
    assert f"<td>{lawyer.name}</td><td>1</td>" in html  # … and per lawyer
    assert client.get("/office?since=2026-02-30").status_code == 400

    book = load_workbook(io.BytesIO(client.get(f"/office/export.xlsx?{_period(WEDNESDAY)}").data))
    assert book.sheetnames == ["概况", "每周趋势", "区位", "无匹配问题", "走访", "法律体检", "维权案件"]
    figures = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert figures["咨询总数"] == 5 and figures["工单数"] == 1 and figures["评价：满意"] == 1
    gaps = list(book["无匹配问题"].iter_rows(min_row=2, values_only=True))
    assert gaps[0][:2] == ("火星", 2)
    weeks = {row[0]: row[-1] for row in book["每周趋势"].iter_rows(min_row=2, values_only=True)}
    assert weeks["2026-03-02"] == 3 and weeks["2026-02-23"] == 1


@pytest.fixture
def office_site(app: Flask, store: TicketStore) -> Iterator[str]:
    _fill(store)
    server = LiveServer(app)
    yield server.url
    server.stop()


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed (make system-deps)")
def test_charts_are_drawn_from_the_data_in_chromium(browser: Browser, office_site: str) -> None:
    for name, viewport in (
        ("office-phone", {"width": 375, "height": 812}),
        ("office-desktop", {"width": 1280, "height": 900}),
    ):
        page = browser.new_page(viewport=viewport)
        page.goto(office_site + "/console/login")
        page.fill("#login", OFFICE)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{office_site}/office?{_period(WEDNESDAY)}")
        weeks = page.locator("svg.trend g.week")
        totals = [int(weeks.nth(i).get_attribute("data-total") or 0) for i in range(weeks.count())]
        assert sum(totals) == 5
        # the busiest week's column is drawn taller than a week with one consultation
        heights = page.eval_on_selector_all("svg.trend g.week", "gs => gs.map(g => g.getBBox().height)")
        busiest = totals.index(max(totals))
        assert heights[busiest] > heights[totals.index(1)] > 0
        bar = page.locator('svg.bars g.bar[data-key="web"] rect').bounding_box()
        other = page.locator('svg.bars g.bar[data-key="hotline"] rect').bounding_box()
        assert bar and other and bar["width"] > other["width"] > 0
        screenshot(page, name)
        page.close()


def test_the_export_lists_the_periods_visits_check_ups_and_rights_cases(
    client: FlaskClient, store: TicketStore
) -> None:
    lawyer = TEAM1_LAWYER  # team-1: 环秀街道
    today = store.now().astimezone(CHINA_TZ).date()
    store.visits.log(
        by=lawyer, firm_name="青岛走访示例有限公司", contact_name="刘经理", phone="13800000202",
        zone="环秀街道", visited_on=today, topics=["惠企政策"], findings="研发费用归集不规范。",
    )  # fmt: skip
    booking = make_ticket(store, category="法律体检预约")
    finding = {"area": "labour", "risk": "high", "finding": "未签劳动合同。", "advice": "补签。"}
    store.checkups.save(
        booking.number, by=lawyer, areas=["labour"], findings=[finding], policies=[], summary="", final=True
    )
    case = make_ticket(store, category="维权投诉", question="稳岗返还到现在也没到账")
    store.rights.save(
        case.number, by=lawyer, facts="返还款逾期未到账。", department="即墨区人力资源和社会保障局"
    )
    store.rights.conclude(case.number, by=lawyer, outcome="resolved", amount="3.2万元")

    login(client, OFFICE)
    book = load_workbook(io.BytesIO(client.get("/office/export.xlsx").data))
    figures = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert (
        figures["走访"] == 1
        and figures["法律体检报告"] == 1
        and figures["为企业挽回 / 争取资金（元）"] == 32000
    )
    [visit] = book["走访"].iter_rows(min_row=2, values_only=True)
    assert (
        visit[0] == today.isoformat()
        and visit[3] == "青岛走访示例有限公司"
        and visit[6] == "研发费用归集不规范。"
    )
    [checkup] = book["法律体检"].iter_rows(min_row=2, values_only=True)
    assert checkup[0] == booking.number and checkup[4] == "已定稿" and (checkup[6], checkup[7]) == (1, 1)
    [rights] = book["维权案件"].iter_rows(min_row=2, values_only=True)
    assert rights[0] == case.number and rights[6] == "已解决" and rights[7] == 32000 and rights[-1] == "是"
