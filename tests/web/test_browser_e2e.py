"""End to end in a real browser: headless Chromium (Debian's) → the web app over HTTP → the REAL Rasa
server → the REAL action server (policy index, ticket store), all from tests/stack.py's ``rasa_stack``.

A firm types a question, sees the cited answer card, expands the clause, escalates and gets a ticket
number; the zone's lawyer answers in the console and the firm sees the answer when it comes back;
another team's lawyer gets a 404. The same conversation is also done with the keyboard only.
Screenshots at 375×812 go to test-artifacts/web/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from connectors.web import create_app
from connectors.web.services import get_store

from .conftest import PASSWORD, web_config
from .live import PHONE, LiveServer, chromium_available, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.rasa,
    pytest.mark.slow,
    pytest.mark.skipif(
        not chromium_available(), reason="Debian's chromium is not installed (make system-deps)"
    ),
]

TICKET_RE = re.compile(r"^HQ-\d{8}-\d{4}$")
#: The zone of our firm and a lawyer of its team (team-4), and a lawyer of another team.
ZONE, TEAM_LAWYER, OTHER_TEAM_LAWYER = "蓝村街道", "hanxiaoguang", "zhangmingyuan"
#: What the firm answers to each question of the bot's escalation form (matched on the bot's words).
FORM_ANSWERS = [
    (
        ("一两句话", "多说几句", "什么问题"),
        "我们公司去年没有裁员，想请律师确认能否申请稳岗返还，以及要准备哪些材料。",
    ),
    (("全称", "公司名称"), "青岛示例精密机械有限公司"),
    (("联系人", "称呼"), "王丽"),
    (("电话", "号码"), "13800000808"),
    (("街道", "园区", "镇"), ZONE),
    (("要不要转", "转给"), "好的，转律师"),
]
ANSWER_TIMEOUT_MS = 90_000  # the first answer loads the embedding model on a busy 2-core machine


@dataclass
class Site:
    url: str
    app: Flask


@pytest.fixture(scope="module")
def site(rasa_stack: Any, tmp_path_factory: pytest.TempPathFactory, zones: Any) -> Iterator[Site]:
    """The web app served over HTTP, relaying to the real stack and sharing its ticket database."""
    tmp = tmp_path_factory.mktemp("web-e2e")
    config = web_config(
        tmp,
        ZONES_DIRECTORY=zones,
        RASA_URL=rasa_stack.rasa_url,
        RASA_TOKEN=rasa_stack.token,  # /healthz asks Rasa's token-protected /status
        ACTION_SERVER_URL=rasa_stack.action_url,
        DATABASE_URL=rasa_stack.database_url,
        INDEX_DIR=rasa_stack.env["HUIQI_INDEX_DIR"],
        CORPUS_DIR=rasa_stack.env["HUIQI_CORPUS_DIR"],
    )
    app = create_app(config)
    with app.app_context():
        for login in (TEAM_LAWYER, OTHER_TEAM_LAWYER):
            get_store().set_password(login, PASSWORD)
    server = LiveServer(app)
    yield Site(server.url, app)
    server.stop()


def phone_page(browser: Browser) -> Page:
    return browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN").new_page()


def bot_count(page: Page) -> int:
    return page.locator(".row.bot:not(.typing)").count()


def wait_for_reply(page: Page, before: int) -> str:
    """Wait until the bot has answered (typing indicator gone, a new bubble) and return its text."""
    page.wait_for_function(
        "n => document.querySelectorAll('.row.bot:not(.typing)').length > n"
        " && !document.querySelector('.typing')",
        arg=before,
        timeout=ANSWER_TIMEOUT_MS,
    )
    return page.locator(".row.bot:not(.typing)").last.inner_text()


def answer_form(page: Page, first_prompt: str, *, keyboard: bool) -> str:
    """Answer the escalation form's questions until a ticket card appears; return the ticket number."""
    prompt = first_prompt
    for _ in range(10):
        if page.locator(".ticket-card").count():
            return page.locator(".ticket-card .ticket-number").last.inner_text()
        reply = next((text for keys, text in FORM_ANSWERS if any(k in prompt for k in keys)), None)
        assert reply is not None, f"unexpected bot question: {prompt!r}"
        before = bot_count(page)
        zone_chip = page.locator(".row.bot").last.get_by_role("button", name=reply, exact=True)
        if keyboard:
            page.keyboard.type(reply)
            page.keyboard.press("Enter")
        elif reply == ZONE:  # asked for the zone, the page offers the district's zones as chips
            expect(zone_chip).to_be_visible()
            zone_chip.click()
        else:
            page.fill("#input", reply)
            page.keyboard.press("Enter")
        prompt = wait_for_reply(page, before)
    pytest.fail(f"no ticket after 10 turns; last bot message: {prompt!r}")


def test_firm_asks_escalates_and_sees_the_lawyers_answer(site: Site, browser: Browser) -> None:
    page = phone_page(browser)
    page.goto(site.url + "/")
    sender = page.evaluate("localStorage.getItem('huiqi.sender')")

    before = bot_count(page)
    page.fill("#input", "稳岗返还怎么申请？")
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    card = page.locator(".cite").first
    expect(card).to_be_visible()
    expect(card.locator(".cite-title")).not_to_be_empty()
    expect(card.locator(".cite-meta")).not_to_be_empty()  # doc_no · clause label
    screenshot(page, "e2e-answer")
    card.locator(".cite-head").click()
    expect(card.locator(".cite-head")).to_have_attribute("aria-expanded", "true")
    expect(card.locator(".cite-body")).to_be_visible()
    assert len(card.locator(".cite-body").inner_text()) > 20  # the full clause text
    screenshot(page, "e2e-clause-expanded")

    before = bot_count(page)
    page.get_by_role("button", name="找律师 / 转人工").click()
    number = answer_form(page, wait_for_reply(page, before), keyboard=False)
    assert TICKET_RE.match(number)
    expect(page.locator(".ticket-card").last).to_contain_text("青岛蓝村律师事务所（示例）")
    screenshot(page, "e2e-ticket")

    with site.app.app_context():
        ticket = get_store().get(number)
    assert (ticket.zone, ticket.team_id, ticket.channel, ticket.sender_id) == (ZONE, "team-4", "web", sender)
    assert ticket.phone == "+8613800000808" and ticket.citations  # the clauses the bot showed travel along

    lawyer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    lawyer.goto(site.url + "/console/login")
    lawyer.get_by_label("登录名").fill(TEAM_LAWYER)
    lawyer.get_by_label("密码").fill(PASSWORD)
    lawyer.get_by_role("button", name="登录").click()
    lawyer.get_by_role("link", name=number).click()
    expect(lawyer.locator(".transcript")).to_contain_text("稳岗返还怎么申请？")
    expect(lawyer.locator("details.clause").first).to_be_visible()
    lawyer.get_by_label("答复内容").fill(
        "王女士您好：贵公司上年度未裁员，符合稳岗返还条件，请在网上服务大厅提交申请。"
    )
    lawyer.get_by_role("button", name="发送答复").click()
    expect(lawyer.locator(".notice.success")).to_contain_text("答复已保存")
    screenshot(lawyer, "e2e-console-ticket")

    other = browser.new_context().new_page()
    other.goto(site.url + "/console/login")
    other.get_by_label("登录名").fill(OTHER_TEAM_LAWYER)
    other.get_by_label("密码").fill(PASSWORD)
    other.get_by_role("button", name="登录").click()
    assert other.goto(f"{site.url}/console/tickets/{number}").status == 404
    expect(other.locator("body")).not_to_contain_text("青岛示例精密机械有限公司")

    page.reload()  # the firm comes back in the same browser
    expect(page.locator(".row.lawyer").last).to_contain_text("符合稳岗返还条件", timeout=10_000)
    screenshot(page, "e2e-lawyer-reply")
    outbox = Path(site.app.config["DATA_DIR"]) / "outbox.jsonl"
    assert number in outbox.read_text(encoding="utf-8")


def test_keyboard_only(site: Site, browser: Browser) -> None:
    page = phone_page(browser)
    page.goto(site.url + "/")
    expect(page.locator("#input")).to_be_focused()  # the input bar has focus on a desktop keyboard
    before = bot_count(page)
    page.keyboard.type("研发费用加计扣除比例是多少？")
    page.keyboard.press("Enter")
    wait_for_reply(page, before)
    expect(page.locator(".cite").first).to_be_visible()

    for _ in range(40):  # Tab from the input around to the first citation card
        if page.evaluate("document.activeElement.classList.contains('cite-head')"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the citation card cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".cite-head").first).to_have_attribute("aria-expanded", "true")

    for _ in range(40):
        if page.evaluate("document.activeElement.id === 'escalate'"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the 找律师 / 转人工 button cannot be reached with Tab")
    before = bot_count(page)
    page.keyboard.press("Enter")
    prompt = wait_for_reply(page, before)
    page.keyboard.press("Tab")  # from the button to the input bar
    expect(page.locator("#input")).to_be_focused()
    number = answer_form(page, prompt, keyboard=True)
    assert TICKET_RE.match(number)
    screenshot(page, "e2e-keyboard-ticket")


def test_healthz_is_green_against_the_real_stack(site: Site, browser: Browser) -> None:
    page = browser.new_page()
    response = page.goto(site.url + "/healthz")
    body = response.json()
    assert response.status == 200, body
    assert all(check["ok"] for check in body["checks"].values())
