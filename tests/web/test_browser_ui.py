"""The chat page in headless Chromium (Debian's package, driven by Playwright), served over real HTTP.

What these tests talk to:
- the Rasa-down tests use NO Rasa at all (a closed port, the real failure) and a real ticket database;
- the returning-firm and widget tests use the real web app and database only;
- ``test_hostile_text_is_shown_as_text`` uses ``StandInRasa`` (tests/web/live.py) because the real
  corpus has no hostile policy text: it checks how the page renders the documented message contract.
The end-to-end conversation with the real Rasa and action server is in test_browser_e2e.py.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from connectors.web import create_app
from connectors.web.services import get_recorder, get_store

from .conftest import make_ticket, web_config
from .live import PHONE, LiveServer, StandInRasa, chromium_available, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not chromium_available(), reason="Debian's chromium is not installed (make system-deps)"
    ),
]


@pytest.fixture
def serve(tmp_path: Path, template_db: Path, zones: Any) -> Iterator[Any]:
    """Start the app (config overrides as keyword arguments) over HTTP; stopped after the test."""
    servers: list[LiveServer] = []

    def start(**overrides: Any) -> tuple[LiveServer, Any]:
        shutil.copy(template_db, tmp_path / "tickets.db")
        app = create_app(web_config(tmp_path, ZONES_DIRECTORY=zones, **overrides))
        server = LiveServer(app)
        servers.append(server)
        return server, app

    yield start
    for server in servers:
        server.stop()


def phone_page(browser: Browser) -> Page:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))  # uncaught script errors
    page.add_init_script(  # anything the Content-Security-Policy blocked
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.errors = errors  # type: ignore[attr-defined]
    return page


def test_rasa_down_shows_the_hotline_and_the_leave_a_message_form_works(browser: Browser, serve: Any) -> None:
    server, app = serve()  # RASA_URL points at a closed port
    page = phone_page(browser)
    page.goto(server.url + "/")
    page.fill("#input", "稳岗返还怎么申请？")
    page.keyboard.press("Enter")
    bubble = page.locator(".row.bot").last
    expect(bubble).to_contain_text("智能助手暂时无法服务", timeout=5000)
    expect(bubble.locator("a[href^='tel:']")).to_have_text("0532-88512345")
    bubble.get_by_role("button", name="留言给律师团队").click()
    dialog = page.locator("#leave-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("企业名称").fill("即墨示例电子有限公司")
    dialog.get_by_label("联系人").fill("周经理")
    dialog.get_by_label("联系电话").fill("13800000505")
    dialog.get_by_label("所在街道 / 园区").select_option("蓝村街道")
    dialog.get_by_label("问题描述").fill("招用高校毕业生的社保补贴怎么申请？")
    dialog.get_by_role("button", name="提交留言").click()
    card = page.locator(".ticket-card").last
    expect(card.locator(".ticket-number")).to_have_text(re.compile(r"^HQ-\d{8}-\d{4}$"))
    expect(card).to_contain_text("青岛蓝村律师事务所（示例）")
    screenshot(page, "rasa-down-ticket")
    number = card.locator(".ticket-number").inner_text()
    with app.app_context():
        stored = get_store().get(number)
    assert (stored.zone, stored.team_id, stored.firm_name) == ("蓝村街道", "team-4", "即墨示例电子有限公司")
    assert page.errors == []  # type: ignore[attr-defined]
    assert page.evaluate("window.__csp") == []  # the strict CSP blocks nothing the page needs


def test_returning_firm_sees_the_lawyers_reply(browser: Browser, serve: Any) -> None:
    server, app = serve()
    page = phone_page(browser)
    page.goto(server.url + "/")
    sender = page.evaluate("localStorage.getItem('huiqi.sender')")
    assert sender.startswith("web-")
    with app.app_context():
        store = get_store()
        ticket = make_ticket(store, sender_id=sender, phone="13800000606")
        other = make_ticket(store, sender_id="web-" + "f" * 32, phone="13800000707")
        store.reply(ticket.number, "zhangmingyuan", "您好，材料清单已发到您手机，请查收。<b>不是粗体</b>")
        store.reply(other.number, "zhangmingyuan", "这条属于另一家企业。")

    page.reload()  # same browser, later: the reply appears in the conversation
    reply = page.locator(".row.lawyer").last
    expect(reply).to_contain_text("材料清单已发到您手机，请查收。<b>不是粗体</b>")
    expect(reply).to_contain_text(f"张明远律师 · 工单 {ticket.number}")
    expect(page.locator(".row.lawyer")).to_have_count(1)

    page.get_by_role("button", name="我的工单").click()
    expect(page.locator("#my-tickets .my-ticket")).to_have_count(1)
    expect(page.locator("#my-tickets")).to_contain_text("已答复")

    stranger = phone_page(browser)  # another device: ticket number + phone
    stranger.goto(server.url + "/")
    stranger.get_by_role("button", name="我的工单").click()
    lookup = stranger.locator("#lookup-form")
    lookup.get_by_label("工单号").fill(ticket.number)
    lookup.get_by_label("联系电话").fill("138 0000 0606")
    lookup.get_by_role("button", name="查询").click()
    expect(stranger.locator("#lookup-result")).to_contain_text("材料清单已发到您手机")
    lookup.get_by_label("联系电话").fill("13900000000")
    lookup.get_by_role("button", name="查询").click()
    expect(stranger.locator("#lookup-result")).to_contain_text("没有找到该工单")
    screenshot(stranger, "lookup-by-number")
    assert page.evaluate("window.__csp") == [] and stranger.evaluate("window.__csp") == []


def test_hostile_text_is_shown_as_text(browser: Browser, serve: Any) -> None:
    rasa = StandInRasa()
    try:
        server, _ = serve(RASA_URL=rasa.url, ACTION_SERVER_URL=rasa.url)
        page = phone_page(browser)
        page.goto(server.url + "/")
        hostile = '<img src=x onerror="window.__pwned=3">'
        page.fill("#input", f"注入 {hostile}")
        page.keyboard.press("Enter")
        expect(page.locator(".row.me").last).to_contain_text(hostile)
        card = page.locator(".cite").last
        expect(card.locator(".badge")).to_have_text("已失效")
        card.locator(".cite-head").click()
        expect(card.locator(".cite-body")).to_contain_text("<script>window.__pwned=2</script>")
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".log img[src='x']").count() == 0 and page.locator(".log script").count() == 0
        assert rasa.received[-1]["message"] == f"注入 {hostile}"
    finally:
        rasa.stop()


def test_no_matching_policy_can_be_rated_and_unhappy_offers_a_lawyer(browser: Browser, serve: Any) -> None:
    rasa = StandInRasa()
    try:
        server, app = serve(RASA_URL=rasa.url, ACTION_SERVER_URL=rasa.url)
        page = phone_page(browser)
        page.goto(server.url + "/")
        page.fill("#input", "办食品许可证要多久")
        page.keyboard.press("Enter")
        bubble = page.locator(".row.bot").last
        expect(bubble).to_contain_text("没有找到能回答这个问题")
        expect(bubble.locator(".rating")).to_contain_text("这个回答有帮助吗？")
        bubble.locator(".rating-chip", has_text="不满意").click()
        expect(bubble.locator(".rating-done")).to_contain_text("很抱歉没能帮到您")
        expect(bubble.locator(".rating .bot-chip")).to_have_text("找律师 / 转人工")
        sender = rasa.received[-1]["sender"]
        with app.app_context():
            get_recorder().flush()
            assert [r.score for r in get_store().register.ratings(conversation_id=sender)] == ["dissatisfied"]
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        rasa.stop()


def test_widget_puts_a_chat_button_on_another_site(browser: Browser, serve: Any, tmp_path: Path) -> None:
    server, _ = serve()
    host_html = (
        '<!doctype html><html lang="zh-CN"><body><h1>即墨区政府网站</h1>'
        f'<script src="{server.url}/widget.js" defer></script></body></html>'
    )

    def host_app(environ: dict, start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [host_html.encode()]

    host = LiveServer(host_app)  # another origin (another port)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(host.url + "/")
        button = page.get_by_role("button", name="打开惠企通政策咨询")
        expect(button).to_be_visible()
        button.click()
        frame = page.frame_locator("iframe[title='惠企通政策咨询']")
        expect(frame.locator("#input")).to_be_visible()
        expect(frame.get_by_role("button", name="找律师 / 转人工")).to_be_visible()
        screenshot(page, "widget-desktop")
        page.get_by_role("button", name="关闭惠企通政策咨询").click()
        expect(page.locator("#huiqi-widget-panel")).to_be_hidden()
    finally:
        host.stop()
